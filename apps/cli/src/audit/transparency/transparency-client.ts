import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@hitos/event-store';
import {
  ProjectionStore,
  applyToStore,
  defaultProjectionsDirectory,
  projectionFile,
  recordedOf,
} from '@hitos/projections';
import {
  CHECKPOINT_STREAM,
  CheckpointSigner,
  NoteError,
  NoteKeyError,
  cosignNote,
  isLeaf,
  latestCheckpoint,
  openNote,
  parseCheckpoint,
  parseSignerKey,
  parseVerifierKey,
  transparencyLogProjection,
  treeOf,
  type CheckpointView,
  type LogIdentity,
  type NoteSigner,
  type NoteVerifier,
} from '@hitos/transparency';
import { CliError, ExitCode, badArgument } from '../../conventions/cli-error';
import { pagesOfAll } from '../../store/all-pages';

/** What `audit checkpoint` answers: the API's `POST /api/transparency/checkpoints`. */
export interface CheckpointAnswer {
  /** Whether a new checkpoint was signed now (false: the tree had not grown since the last). */
  signed: boolean;
  checkpoint: CheckpointView;
}

/** Where the tree head came from. */
export type TreeSource =
  | { kind: 'projection'; file: string; position: string | null }
  | { kind: 'all'; reason: 'missing' | 'behind' | 'mismatch'; file: string; events: number };

/**
 * The transparency log as the data directory's projection file holds it when that file is up to
 * date (the API keeps it; opened read-only), else the same projection built here from `$all` in
 * a file of its own, removed when closed.
 */
export async function openLog(
  store: EventStore,
  dataDir: string,
): Promise<{ store: ProjectionStore; source: TreeSource; close: () => void }> {
  const file = projectionFile(defaultProjectionsDirectory(dataDir), transparencyLogProjection.name);
  let reason: 'missing' | 'behind' | 'mismatch' = 'missing';
  if (existsSync(file)) {
    const live = ProjectionStore.openReadonly(transparencyLogProjection, file);
    if (live.mismatch) reason = 'mismatch';
    else if (await upToDate(store, live)) {
      return {
        store: live,
        source: { kind: 'projection', file, position: live.position?.commit ?? null },
        close: () => live.close(),
      };
    } else reason = 'behind';
    live.close();
  }
  const directory = mkdtempSync(join(tmpdir(), 'hitos-tlog-'));
  const built = ProjectionStore.open(
    transparencyLogProjection,
    projectionFile(directory, transparencyLogProjection.name),
  );
  const close = () => {
    built.close();
    rmSync(directory, { recursive: true, force: true });
  };
  let events = 0;
  try {
    for await (const page of pagesOfAll(store)) {
      // Every stream: the tree's leaves are every non-system event (isLeaf), as the API's runner.
      const items = page.map((event) => recordedOf(event, [''])).filter((item) => item !== null);
      const failure = applyToStore(built, items, undefined);
      if (failure) {
        throw new CliError(
          `el registro de transparencia se detuvo: ${failure.message}`,
          `the transparency log stopped: ${failure.message}`,
        );
      }
      events += items.length;
    }
  } catch (error) {
    close();
    throw error;
  }
  return { store: built, source: { kind: 'all', reason, file, events }, close };
}

/** Whether no leaf and no checkpoint event of `$all` lies beyond the file's position. */
async function upToDate(store: EventStore, live: ProjectionStore): Promise<boolean> {
  const at = live.position;
  if (!at) return (await store.endOfAll()) === null;
  const from = { commit: BigInt(at.commit), prepare: BigInt(at.prepare) };
  for await (const event of store.readAll({ fromPosition: from })) {
    if (!event.position) continue;
    if (event.position.commit === from.commit && event.position.prepare === from.prepare) continue;
    if (isLeaf(event.streamId) || event.streamId === CHECKPOINT_STREAM) return false;
  }
  return true;
}

/**
 * Signs a checkpoint now, as the API's `checkpointNow`: if the tree grew since the last one, the
 * `CheckpointSigned` event is appended through the store by the library's CheckpointSigner
 * (which stands back if another signer, the API, was first).
 */
export async function signCheckpointNow(options: {
  store: EventStore;
  log: ProjectionStore;
  identity: LogIdentity;
  now: () => Date;
}): Promise<CheckpointAnswer> {
  const { log, identity } = options;
  const signer = new CheckpointSigner({
    store: options.store,
    signer: identity.signer,
    origin: identity.origin,
    treeHead: () => {
      const tree = treeOf(log.db);
      return { size: tree.size(), root: tree.root() };
    },
    lastCheckpointSize: () => latestCheckpoint(log.db)?.treeSize ?? null,
    now: options.now,
  });
  const signed = await signer.signIfGrown();
  if (signed) {
    return {
      signed: true,
      checkpoint: {
        ...signed.checkpoint,
        position: signed.position?.commit.toString() ?? '',
        cosignatures: [],
      },
    };
  }
  const latest = latestCheckpoint(log.db) ?? (await lastSignedInStore(options.store));
  if (!latest) {
    throw new CliError(
      'el registro está vacío: no hay nada que firmar',
      'the log is empty: there is nothing to sign',
    );
  }
  return { signed: false, checkpoint: latest };
}

/** The last checkpoint event in the store, when another signer wrote it after the log was read. */
async function lastSignedInStore(store: EventStore): Promise<CheckpointView | null> {
  const last = await store.lastEventOf(CHECKPOINT_STREAM);
  const data = last?.data as Partial<CheckpointView> | undefined;
  if (!last || last.type !== 'CheckpointSigned' || !data?.note) return null;
  return {
    treeSize: data.treeSize!,
    origin: data.origin!,
    root: data.root!,
    note: data.note,
    signedAt: data.signedAt!,
    position: last.position?.commit.toString() ?? '',
    cosignatures: [],
  };
}

// ── a remote hitos ───────────────────────────────────────────────────────────────────────────

/** `--url`: an http(s) URL of a hitos (its root, or its `/api`). Returns the API's base. */
export function apiBase(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw badArgument('--url', `«${value}» no es una URL`, `"${value}" is not a URL`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw badArgument('--url', 'debe ser https:// (o http://)', 'must be https:// (or http://)');
  }
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/api') ? path : `${path}/api`;
  url.search = '';
  url.hash = '';
  return url.toString().replace(/\/+$/, '');
}

export type Fetch = typeof fetch;

/** Calls the remote API; a refusal or an unreachable server is a CliError (exit 2). */
export async function callApi(
  base: string,
  path: string,
  init: RequestInit & { token?: string } = {},
  fetchImpl: Fetch = fetch,
): Promise<Response> {
  const headers = new Headers(init.headers);
  if (init.token) headers.set('Authorization', `Bearer ${init.token}`);
  if (init.body) headers.set('Content-Type', 'application/json');
  let response: Response;
  try {
    response = await fetchImpl(`${base}${path}`, { ...init, headers });
  } catch (error) {
    const cause =
      (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
    throw new CliError(
      `no se pudo llegar a ${base}${path}: ${cause}`,
      `could not reach ${base}${path}: ${cause}`,
    );
  }
  if (response.ok) return response;
  const text = await response.text();
  let detail = text.slice(0, 300);
  try {
    const problem = JSON.parse(text) as { code?: string; message?: unknown; title?: string };
    const message =
      typeof problem.message === 'object' && problem.message
        ? (problem.message as { en?: string }).en
        : ((problem.message as string | undefined) ?? problem.title);
    detail = [problem.code, message].filter(Boolean).join(': ');
  } catch {
    // not JSON: the text as is
  }
  throw new CliError(
    `${init.method ?? 'GET'} ${base}${path} respondió ${response.status}: ${detail}`,
    `${init.method ?? 'GET'} ${base}${path} answered ${response.status}: ${detail}`,
  );
}

/** `POST /api/transparency/checkpoints` on a remote hitos (auditor or Presidency token). */
export async function remoteCheckpoint(
  base: string,
  token: string,
  fetchImpl: Fetch = fetch,
): Promise<CheckpointAnswer> {
  const response = await callApi(
    base,
    '/transparency/checkpoints',
    { method: 'POST', token },
    fetchImpl,
  );
  return (await response.json()) as CheckpointAnswer;
}

// ── a witness ────────────────────────────────────────────────────────────────────────────────

/** A witness's signer key, from its file. */
export function readWitnessKey(file: string): NoteSigner {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw badArgument(
      '--key',
      `no se pudo leer ${file}: ${(error as Error).message}`,
      `could not read ${file}: ${(error as Error).message}`,
    );
  }
  try {
    return parseSignerKey(text);
  } catch (error) {
    throw badArgument(
      '--key',
      `${file} no tiene una clave de firma válida: ${(error as Error).message}`,
      `${file} holds no valid signer key: ${(error as Error).message}`,
    );
  }
}

/** `--trust`: a verifier key, or a file that holds one. */
export function parseTrust(value: string): NoteVerifier {
  const text = existsSync(value) ? readFileSync(value, 'utf8').trim() : value.trim();
  try {
    return parseVerifierKey(text);
  } catch (error) {
    throw badArgument(
      '--trust',
      `no es una clave de verificación (nombre+id+clave) ni un archivo con una: ${(error as Error).message}`,
      `neither a verifier key (name+id+key) nor a file holding one: ${(error as Error).message}`,
    );
  }
}

export interface CosignReport {
  treeSize: number;
  origin: string;
  root: string;
  witness: string;
  verifierKey: string;
  /** The log key the note was verified with. */
  logKey: string;
  /** Whether that key is the one given with `--trust` (else the one the log serves). */
  trusted: boolean;
  /** The note with the witness's signature added, as posted. */
  note: string;
  /** Where the co-signature's event sits in the log's `$all`. */
  position: string | null;
}

/**
 * A witness's round: fetches the latest checkpoint and the log's key (public endpoints), opens
 * the note with the log's key (the trusted one when given), co-signs it and posts the
 * co-signature. A note that does not verify is refused with exit 1, before anything is sent.
 */
export async function cosignLatest(options: {
  base: string;
  token: string;
  witness: NoteSigner;
  trust?: NoteVerifier;
  fetchImpl?: Fetch;
}): Promise<CosignReport> {
  const { base, token, witness, trust } = options;
  const fetchImpl = options.fetchImpl ?? fetch;
  const note = await (await callApi(base, '/transparency/checkpoint', {}, fetchImpl)).text();
  const served = (await (await callApi(base, '/transparency/key', {}, fetchImpl)).text()).trim();
  let logKey: NoteVerifier;
  if (trust) {
    logKey = trust;
  } else {
    try {
      logKey = parseVerifierKey(served);
    } catch (error) {
      throw new CliError(
        `la clave que sirve el registro no es válida: ${(error as Error).message}`,
        `the key the log serves is not valid: ${(error as Error).message}`,
        ExitCode.Problem,
      );
    }
  }
  if (logKey.name === witness.name && logKey.keyId === witness.keyId) {
    throw badArgument(
      '--key',
      'es la clave del propio registro: un testigo firma con la suya',
      'it is the log’s own key: a witness signs with its own',
    );
  }
  let cosigned: string;
  let checkpoint;
  try {
    openNote(note, [logKey]);
    checkpoint = parseCheckpoint(note.slice(0, note.lastIndexOf('\n\n') + 1));
    cosigned = cosignNote(note, witness, [logKey]);
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    const why =
      error instanceof NoteError || error instanceof NoteKeyError
        ? error.message
        : String(error.message);
    const other = trust && served !== trust.verifierKey;
    throw new CliError(
      `el punto de control no se verifica con la clave ${logKey.verifierKey}${other ? ` (el registro sirve ${served})` : ''}: ${why}; no se cofirma`,
      `the checkpoint does not verify with the key ${logKey.verifierKey}${other ? ` (the log serves ${served})` : ''}: ${why}; not co-signed`,
      ExitCode.Problem,
    );
  }
  const response = await callApi(
    base,
    `/transparency/checkpoints/${checkpoint.size}/cosignatures`,
    {
      method: 'POST',
      token,
      body: JSON.stringify({ note: cosigned, verifierKey: witness.verifierKey }),
    },
    fetchImpl,
  );
  const posted = (await response.json()) as { position?: string };
  return {
    treeSize: checkpoint.size,
    origin: checkpoint.origin,
    root: checkpoint.root.toString('base64'),
    witness: witness.name,
    verifierKey: witness.verifierKey,
    logKey: logKey.verifierKey,
    trusted: trust !== undefined,
    note: cosigned,
    position: posted.position ?? null,
  };
}
