import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { decodeBase64 } from './base64';
import { CheckpointFormatError, parseCheckpoint, type Checkpoint } from './checkpoint';
import { HASH_SIZE, verifyConsistency } from './merkle';
import { NoteKeyError, parseVerifierKey, type NoteVerifier } from './note-key';
import { NoteError, openNote } from './signed-note';
import {
  finding,
  verdictOf,
  type Finding,
  type FindingCode,
  type FindingFacts,
  type TreeHeadView,
  type Verdict,
} from './verify-findings';

/**
 * What a watcher trusts, kept between runs: the log's identity and the last checkpoint it
 * verified (Go's checksum-database client keeps the same, its "latest" note).
 */
export interface TrustState {
  /** The checkpoint's origin line. */
  origin: string;
  /** The verifier key every checkpoint must verify with. */
  verifierKey: string;
  treeSize: number;
  /** Base64 of the tree's root hash. */
  root: string;
  /** The signed checkpoint itself, as served. */
  note: string;
}

export interface WatchLogOptions {
  /** Where hitos is served, e.g. `https://hitos.example.org` (the API lives under `/api`). */
  baseUrl: string;
  /** The JSON file the trusted state is kept in; created on the first run. */
  trustFile: string;
  /** Defaults to the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * The verifier key obtained through a channel of one's own: on the first run it is trusted
   * instead of the key the log serves (which must then be the same).
   */
  verifierKey?: string;
  /** Per request (default 30 s). */
  timeoutMs?: number;
}

/**
 * How the run ended: `first-run` (nothing trusted yet: the served checkpoint is now),
 * `advanced` (the log grew, and the trusted tree is a prefix of the new one), `unchanged`,
 * `behind` (an older checkpoint of the same log was served), `tampered` (see the findings),
 * `unreachable` (could not run).
 */
export type WatchStatus =
  'first-run' | 'advanced' | 'unchanged' | 'behind' | 'tampered' | 'unreachable';

export interface WatchResult {
  /** 0 the log extends what was trusted, 1 it was rewritten or forged, 2 could not run. */
  verdict: Verdict;
  status: WatchStatus;
  /** The tree head trusted before the run, if any. */
  trusted?: TreeHeadView;
  /** The tree head served (its signature checked), if one was. */
  served?: TreeHeadView;
  /** Whether the trust file now holds the served checkpoint. */
  trustUpdated: boolean;
  findings: Finding[];
  error?: { es: string; en: string };
}

/** An HTTP or network failure: the run could not be completed (verdict 2). */
class Unreachable extends Error {}

/**
 * Watches a hitos transparency log from the outside, as Go's checksum-database client and
 * immudb's auditor do: it keeps the last checkpoint it verified in `trustFile`; each run fetches
 * the verifier key (trusted on the first run, compared afterwards), the latest checkpoint (its
 * signature checked with the trusted key) and a consistency proof from the trusted tree to the
 * new one. A log rewritten — even by someone holding the signing key — fails the proof: the
 * run reports both tree heads and leaves the trust file as it was. On success the trust file
 * moves to the new checkpoint. Uses public endpoints only.
 */
export async function watchLog(options: WatchLogOptions): Promise<WatchResult> {
  const get = getter(options);
  let trust: TrustState | undefined;
  try {
    trust = await readTrust(options.trustFile);
  } catch (error) {
    return failed('could not read the trust file', (error as Error).message);
  }
  const findings: Finding[] = [];
  const found = (code: FindingCode, facts: FindingFacts) => findings.push(finding(code, facts));
  const trusted = trust ? { treeSize: trust.treeSize, root: trust.root } : undefined;
  const result = (status: WatchStatus, served?: TreeHeadView, trustUpdated = false) => {
    const verdict = verdictOf({ findings });
    return {
      verdict,
      status: verdict === 1 ? 'tampered' : status,
      ...(trusted ? { trusted } : {}),
      ...(served ? { served } : {}),
      trustUpdated,
      findings,
    } satisfies WatchResult;
  };

  try {
    // The key: pinned by the caller or the trust file; the served one must be the same.
    const servedKey = (await get.text('/api/transparency/key')).trim();
    const trustedKey = trust?.verifierKey ?? options.verifierKey ?? servedKey;
    if (servedKey !== trustedKey) {
      found('VERIFIER_KEY_CHANGED', { expected: trustedKey, actual: servedKey });
    }
    let verifier: NoteVerifier;
    try {
      verifier = parseVerifierKey(trustedKey);
    } catch (error) {
      if (!(error instanceof NoteKeyError)) throw error;
      return failed('the trusted verifier key cannot be used', error.message, trusted);
    }

    // The latest checkpoint, signed with the trusted key.
    const note = await get.checkpoint();
    if (note === 'none') {
      if (!trust) return failed('the log has no signed checkpoint yet', 'NO_CHECKPOINT_YET');
      found('LOG_REWRITTEN', { trusted, reason: 'the log serves no checkpoint' });
      return result('tampered');
    }
    let checkpoint: Checkpoint;
    try {
      checkpoint = parseCheckpoint(openNote(note, [verifier]).body);
    } catch (error) {
      if (!(error instanceof NoteError) && !(error instanceof CheckpointFormatError)) throw error;
      const malformed =
        error instanceof CheckpointFormatError ||
        (error instanceof NoteError && error.reason === 'malformed');
      found(malformed ? 'CHECKPOINT_MALFORMED' : 'SIGNATURE_INVALID', {
        source: 'served',
        reason: error.message,
      });
      return result('tampered');
    }
    const served = { treeSize: checkpoint.size, root: checkpoint.root.toString('base64') };
    if (findings.length > 0) return result('tampered', served);

    if (!trust) {
      await writeTrust(options.trustFile, {
        origin: checkpoint.origin,
        verifierKey: trustedKey,
        treeSize: checkpoint.size,
        root: served.root,
        note,
      });
      return result('first-run', served, true);
    }
    if (checkpoint.origin !== trust.origin) {
      found('LOG_REWRITTEN', {
        trusted,
        served,
        reason: `origin ${JSON.stringify(checkpoint.origin)} is not ${JSON.stringify(trust.origin)}`,
      });
      return result('tampered', served);
    }

    const trustedRoot = decodeBase64(trust.root);
    if (trustedRoot === null || trustedRoot.length !== HASH_SIZE) {
      return failed('the trust file holds no valid root', trust.root, trusted);
    }
    if (checkpoint.size === trust.treeSize) {
      if (!checkpoint.root.equals(trustedRoot)) {
        found('LOG_REWRITTEN', { trusted, served, reason: 'same size, another root' });
        return result('tampered', served);
      }
      return result('unchanged', served);
    }
    // The smaller tree must be a prefix of the larger: a lagging server may serve an older one.
    const [older, newer] =
      checkpoint.size > trust.treeSize
        ? [
            { size: trust.treeSize, root: trustedRoot },
            { size: checkpoint.size, root: checkpoint.root },
          ]
        : [
            { size: checkpoint.size, root: checkpoint.root },
            { size: trust.treeSize, root: trustedRoot },
          ];
    const proof = await get.proof(older.size, newer.size);
    if (proof === 'no-such-tree') {
      found('LOG_REWRITTEN', {
        trusted,
        served,
        reason: `the log has no tree of ${newer.size} leaves`,
      });
      return result('tampered', served);
    }
    if (!verifyConsistency(older.size, newer.size, proof, older.root, newer.root)) {
      found('LOG_REWRITTEN', { trusted, served, reason: 'the consistency proof does not verify' });
      return result('tampered', served);
    }
    if (checkpoint.size < trust.treeSize) return result('behind', served);
    await writeTrust(options.trustFile, {
      ...trust,
      treeSize: checkpoint.size,
      root: served.root,
      note,
    });
    return result('advanced', served, true);
  } catch (error) {
    if (error instanceof Unreachable) {
      if (findings.length > 0) return { ...result('tampered'), error: bilingual(error.message) };
      return failed('the log could not be reached', error.message, trusted);
    }
    throw error;
  }
}

function failed(what: string, detail: string, trusted?: TreeHeadView): WatchResult {
  const es: Record<string, string> = {
    'could not read the trust file': 'no se pudo leer el archivo de confianza',
    'the trusted verifier key cannot be used': 'la clave de verificación de confianza no sirve',
    'the trust file holds no valid root': 'el archivo de confianza no tiene una raíz válida',
    'the log could not be reached': 'no se pudo consultar el registro',
    'the log has no signed checkpoint yet': 'el registro aún no tiene un checkpoint firmado',
  };
  return {
    verdict: 2,
    status: 'unreachable',
    ...(trusted ? { trusted } : {}),
    trustUpdated: false,
    findings: [],
    error: { es: `${es[what] ?? what}: ${detail}`, en: `${what}: ${detail}` },
  };
}

const bilingual = (detail: string) => ({
  es: `no se pudo terminar: ${detail}`,
  en: `could not finish: ${detail}`,
});

/** GETs on the log's public endpoints; any failure to get an answer is {@link Unreachable}. */
function getter(options: WatchLogOptions) {
  const fetcher = options.fetch ?? fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 30_000;
  const call = async (path: string) => {
    let response: Response;
    try {
      response = await fetcher(`${base}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new Unreachable(`GET ${path}: ${(error as Error).message}`);
    }
    return response;
  };
  return {
    async text(path: string): Promise<string> {
      const response = await call(path);
      const body = await response.text().catch(() => '');
      if (!response.ok) {
        throw new Unreachable(`GET ${path}: HTTP ${response.status} ${problemCode(body)}`.trim());
      }
      return body;
    },
    /** The latest checkpoint, or `none` when the log says it has none. */
    async checkpoint(): Promise<string | 'none'> {
      const path = '/api/transparency/checkpoint';
      const response = await call(path);
      const body = await response.text().catch(() => '');
      if (response.status === 404 && problemCode(body) === 'NO_CHECKPOINT_YET') return 'none';
      if (!response.ok) {
        throw new Unreachable(`GET ${path}: HTTP ${response.status} ${problemCode(body)}`.trim());
      }
      return body;
    },
    /** The consistency proof, or `no-such-tree` when the log has no tree of `to` leaves. */
    async proof(from: number, to: number): Promise<Buffer[] | 'no-such-tree'> {
      const path = `/api/transparency/proofs/consistency?from=${from}&to=${to}`;
      const response = await call(path);
      const body = await response.text().catch(() => '');
      if (response.status === 422 && problemCode(body) === 'TREE_SIZE_AHEAD') return 'no-such-tree';
      if (!response.ok) {
        throw new Unreachable(`GET ${path}: HTTP ${response.status} ${problemCode(body)}`.trim());
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        throw new Unreachable(`GET ${path}: not JSON`);
      }
      const proof = (parsed as { proof?: unknown }).proof;
      if (!Array.isArray(proof) || !proof.every((p) => typeof p === 'string')) {
        throw new Unreachable(`GET ${path}: no proof in the answer`);
      }
      // A hash that is not base64 fails the check like a wrong one.
      return proof.map((p: string) => decodeBase64(p) ?? Buffer.alloc(0));
    },
  };
}

function problemCode(body: string): string {
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code;
    return typeof code === 'string' ? code : '';
  } catch {
    return '';
  }
}

async function readTrust(file: string): Promise<TrustState | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const state = JSON.parse(text) as Partial<TrustState>;
  const fields = ['origin', 'verifierKey', 'root', 'note'] as const;
  if (
    !fields.every((f) => typeof state[f] === 'string') ||
    !Number.isSafeInteger(state.treeSize) ||
    (state.treeSize as number) < 1
  ) {
    throw new Error(`${file} is not a trust file (origin, verifierKey, treeSize, root, note)`);
  }
  return state as TrustState;
}

/** Writes the trust file whole or not at all (a rename over the old one). */
async function writeTrust(file: string, state: TrustState): Promise<void> {
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
    await rename(temporary, file);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
