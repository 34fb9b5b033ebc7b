import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { DigestedEvent, EventDigests, StoredLeafFields, StoredLink } from './fast-digests';
import { HASH_SIZE } from './merkle';

/** A batch sent to a worker. */
export interface HashJob {
  id: number;
  kind: 'leaf' | 'digests';
  events: readonly (StoredLeafFields | DigestedEvent)[];
  /** For `digests`: whether each event's hash-chain link is checked. */
  withLink?: readonly boolean[];
}

/** A worker's answer: hash i at i × 32 in `hashes` when `done[i]` is 1. */
export interface HashReply {
  id: number;
  hashes: Uint8Array;
  done: Uint8Array;
  links: (StoredLink | undefined)[];
  recomputed: (string | undefined)[];
}

interface Pending {
  resolve: (reply: HashReply) => void;
  reject: (error: Error) => void;
}

/**
 * Worker threads to start by default: none on two cores or fewer, where the store's process
 * and the decoding main thread already share them and sending each event to a worker (a
 * structured clone, ~5 µs, and its copy on the other side) cost as much CPU as the hashing it
 * moved (measured 2026-12-03, docs/benchmarks.md); up to two with more cores to spare.
 */
export function defaultHashThreads(): number {
  const cores = availableParallelism();
  return cores <= 2 ? 0 : Math.min(2, cores - 2);
}

/**
 * Worker threads that hash events for the log and the verifier while the main thread goes on
 * decoding what the store sends: a rebuild of the log or a verify would otherwise hash on the
 * thread that reads, and the read would wait for the hashing (see docs/benchmarks.md,
 * `bench:audit`). Only the ordinary case is done off the main thread (fast-digests.ts): an
 * event answered as not done — out of the ordinary, or refused — is hashed by the caller the
 * long way, so the hashes are those of `storedLeafHash` and `eventDigests`, byte for byte.
 * Batches go to the workers in turn and each answers in order; a worker is referenced only
 * while it has work, so a pool left open does not keep the process alive.
 */
export class LeafHashPool {
  private readonly workers: { worker: Worker; pending: Map<number, Pending> }[] = [];
  private next = 0;
  private nextId = 0;
  private closed = false;

  private constructor(threads: number) {
    const file = join(__dirname, `leaf-hash.worker${extname(__filename)}`);
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(file, fromSource(file));
      const pending = new Map<number, Pending>();
      const failAll = (error: Error) => {
        for (const job of pending.values()) job.reject(error);
        pending.clear();
      };
      worker.on('message', (reply: HashReply) => {
        const job = pending.get(reply.id);
        pending.delete(reply.id);
        if (pending.size === 0) worker.unref();
        job?.resolve(reply);
      });
      worker.on('error', failAll);
      worker.on('exit', (code) => failAll(new Error(`leaf hashing worker exited (${code})`)));
      worker.unref();
      this.workers.push({ worker, pending });
    }
  }

  /** Starts `threads` workers (see {@link defaultHashThreads}). */
  static start(threads = defaultHashThreads()): LeafHashPool {
    return new LeafHashPool(threads);
  }

  /** Each event's leaf hash, or undefined where the caller must take the long way. */
  async leafHashes(events: readonly StoredLeafFields[]): Promise<(Buffer | undefined)[]> {
    const reply = await this.send({
      kind: 'leaf',
      events: events.map((e) => ({
        stream: e.stream,
        revision: e.revision,
        id: e.id,
        type: e.type,
        data: e.data,
        metadata: e.metadata,
      })),
    });
    return events.map((_, i) => (reply.done[i] === 1 ? hashAt(reply, i) : undefined));
  }

  /** Each event's digests (see `eventDigests`), or undefined where the caller must take the long way. */
  async eventDigests(
    events: readonly DigestedEvent[],
    withLink: readonly boolean[],
  ): Promise<(EventDigests | undefined)[]> {
    const reply = await this.send({
      kind: 'digests',
      withLink,
      events: events.map((e) => ({
        streamId: e.streamId,
        revision: e.revision,
        id: e.id,
        type: e.type,
        data: e.data,
        metadata: e.metadata,
        isJson: e.isJson,
      })),
    });
    return events.map((_, i) => {
      if (reply.done[i] !== 1) return undefined;
      const link = reply.links[i];
      const leaf = hashAt(reply, i);
      return link ? { leaf, link, recomputed: reply.recomputed[i] } : { leaf };
    });
  }

  /** Stops the workers; batches still out are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.workers.map(({ worker }) => worker.terminate()));
  }

  private send(job: Omit<HashJob, 'id'>): Promise<HashReply> {
    if (this.closed) return Promise.reject(new Error('the leaf hashing pool is closed'));
    const { worker, pending } = this.workers[this.next];
    this.next = (this.next + 1) % this.workers.length;
    const id = this.nextId++;
    return new Promise<HashReply>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage({ ...job, id } satisfies HashJob);
    });
  }
}

const hashAt = (reply: HashReply, i: number): Buffer =>
  Buffer.from(reply.hashes.buffer, reply.hashes.byteOffset + i * HASH_SIZE, HASH_SIZE);

/**
 * Run from source (a `.ts` file, as under ts-node or jest), the worker needs ts-node; run
 * from compiled output it needs nothing. Its imports are relative, so no path aliases.
 */
function fromSource(file: string): { execArgv?: string[]; env?: NodeJS.ProcessEnv } {
  if (!file.endsWith('.ts')) return {};
  const tsconfig = findUp(dirname(file), 'tsconfig.json');
  return {
    execArgv: ['-r', require.resolve('ts-node/register/transpile-only')],
    env: tsconfig ? { ...process.env, TS_NODE_PROJECT: tsconfig } : process.env,
  };
}

function findUp(from: string, name: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
