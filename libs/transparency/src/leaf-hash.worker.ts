/**
 * A worker thread of the {@link LeafHashPool}: hashes the ordinary events of each batch it is
 * sent (fast-digests.ts) and answers with their hashes in one transferred buffer. An event out
 * of the ordinary, or one that throws, is answered as "not done": the main thread then takes
 * the long way for it, with the same functions as without a pool.
 */
import { parentPort } from 'node:worker_threads';
import { HASH_SIZE } from './merkle';
import {
  ordinaryEventDigests,
  ordinaryLeafHash,
  type DigestedEvent,
  type StoredLeafFields,
  type StoredLink,
} from './fast-digests';
import type { HashJob, HashReply } from './leaf-hash-pool';

parentPort!.on('message', (job: HashJob) => {
  const count = job.events.length;
  const hashes = new Uint8Array(count * HASH_SIZE);
  const done = new Uint8Array(count);
  const links: (StoredLink | undefined)[] = [];
  const recomputed: (string | undefined)[] = [];
  for (let i = 0; i < count; i++) {
    try {
      if (job.kind === 'leaf') {
        const leaf = ordinaryLeafHash(job.events[i] as StoredLeafFields);
        if (leaf === undefined) continue;
        hashes.set(leaf, i * HASH_SIZE);
      } else {
        const digests = ordinaryEventDigests(job.events[i] as DigestedEvent, job.withLink![i]);
        if (digests === undefined) continue;
        hashes.set(digests.leaf, i * HASH_SIZE);
        links[i] = digests.link;
        recomputed[i] = digests.recomputed;
      }
      done[i] = 1;
    } catch {
      // The long way, on the main thread, says what is wrong with it.
    }
  }
  const reply: HashReply = { id: job.id, hashes, done, links, recomputed };
  parentPort!.postMessage(reply, [hashes.buffer, done.buffer]);
});
