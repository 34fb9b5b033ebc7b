import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  buildProjectionFile,
  defaultProjectionsDirectory,
  projectionFile,
} from '@hitos/projections';
import {
  generateSignerKey,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  resolveLogIdentity,
  transparencyLogProjection,
} from '@hitos/transparency';
import { useEventStore } from '@hitos/testing';
import { appendWorld, transferredActaWorld } from '../../testing/trail-world';
import { openLog, signCheckpointNow } from './transparency-client';

const NOW = new Date('2026-12-02T12:00:00Z');
/** A fixed key, so that the notes are the same on every run. */
const LOG_KEY = generateSignerKey('transparencia.example.org/hitos', Buffer.alloc(32, 7));

describe('audit checkpoint, signed here: the log from its projection file or from $all (real store)', () => {
  const env = useEventStore();
  const world = transferredActaWorld();
  let dataDir: string;
  const identity = () => resolveLogIdentity({ key: LOG_KEY.signerKey }, dataDir);

  beforeAll(async () => {
    await appendWorld(env.store, world.events);
    dataDir = mkdtempSync(join(tmpdir(), 'hitos-cli-checkpoint-'));
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('builds the tree from $all when the projection file is missing, signs once, then stands back', async () => {
    const log = await openLog(env.store, dataDir);
    expect(log.source).toMatchObject({ kind: 'all', reason: 'missing' });
    let first;
    try {
      first = await signCheckpointNow({
        store: env.store,
        log: log.store,
        identity: identity(),
        now: () => NOW,
      });
    } finally {
      log.close();
    }
    expect(first.signed).toBe(true);
    expect(first.checkpoint.treeSize).toBe(world.events.length);
    expect(first.checkpoint.signedAt).toBe(NOW.toISOString());
    const opened = openNote(first.checkpoint.note, [parseVerifierKey(LOG_KEY.verifierKey)]);
    expect(parseCheckpoint(opened.body)).toMatchObject({
      origin: 'transparencia.example.org/hitos',
      size: world.events.length,
    });
    expect(parseCheckpoint(opened.body).root.toString('base64')).toBe(first.checkpoint.root);

    // Nothing new since: the same checkpoint, not signed again.
    const again = await openLog(env.store, dataDir);
    try {
      const second = await signCheckpointNow({
        store: env.store,
        log: again.store,
        identity: identity(),
        now: () => NOW,
      });
      expect(second).toEqual({
        signed: false,
        checkpoint: { ...first.checkpoint, cosignatures: [] },
      });
    } finally {
      again.close();
    }
  });

  it('reads the projection file when it is up to date, says it is behind when it is not', async () => {
    const built = await buildProjectionFile({
      store: env.store,
      projection: transparencyLogProjection,
      directory: defaultProjectionsDirectory(dataDir),
      upcasters: undefined,
      streamPrefixes: [''],
      file: projectionFile(defaultProjectionsDirectory(dataDir), transparencyLogProjection.name),
    });
    const current = await openLog(env.store, dataDir);
    try {
      expect(current.source).toMatchObject({ kind: 'projection', file: built.file });
    } finally {
      current.close();
    }
    await env.store.appendToStream(
      'elsewhere-1',
      [{ id: crypto.randomUUID(), type: 'Noted', data: {} }],
      'any',
    );
    const behind = await openLog(env.store, dataDir);
    try {
      expect(behind.source).toMatchObject({ kind: 'all', reason: 'behind' });
      const signed = await signCheckpointNow({
        store: env.store,
        log: behind.store,
        identity: identity(),
        now: () => NOW,
      });
      // Events written around hitos are leaves too.
      expect(signed).toMatchObject({
        signed: true,
        checkpoint: { treeSize: world.events.length + 1 },
      });
    } finally {
      behind.close();
    }
  });
});
