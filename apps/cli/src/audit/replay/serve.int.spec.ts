import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { JwtService } from '@nestjs/jwt';
import { HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS } from '@hitos/domain';
import { UpcasterRegistry } from '@hitos/event-store';
import { writeReplayManifest, type ReplayManifest } from '@hitos/projections';
import { HITOS_STREAM_PREFIXES } from '@hitos/read-models';
import {
  COMMITMENT_ID,
  CONFIDENTIAL_URL,
  PLAN_ID,
  RESERVED_REPORT_TITLE,
  RESERVED_URL,
  useEventStore,
} from '@hitos/testing';
import { transparencyLogProjection } from '@hitos/transparency';
import { DEFAULT_WORKFLOW_POLICY, hitosProjections } from '@hitos/workflows';
import { parseMoment } from '../../conventions/moments';
import { appendWorld, transferredActaWorld, withForwardClock } from '../../testing/trail-world';
import { replayManifest, replayUntil } from './replay';
import { startReplayServer, type ReplayServer } from './serve';

const SECRET = 'replay-serve-spec-secret';
const jwt = new JwtService({ secret: SECRET });
const token = (role: string, org?: string) =>
  jwt.sign({ sub: `${role}-${org ?? 'x'}`, role, ...(org ? { org } : {}) }, { expiresIn: 600 });

/** One call to the served API; the body parsed when it is JSON. */
async function call(
  server: ReplayServer,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; language?: string } = {},
) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.language ? { 'accept-language': options.language } : {}),
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  const json =
    /json/.test(response.headers.get('content-type') ?? '') && text ? JSON.parse(text) : undefined;
  return { status: response.status, headers: response.headers, text, body: json as any };
}

describe('audit replay --serve: the read API over a replay, frozen at its moment (real store, the API in its own process)', () => {
  const env = useEventStore();
  /** Another store, with another history: the replay must not be served against it. */
  const elsewhere = useEventStore();
  const world = { events: withForwardClock(transferredActaWorld().events, '2026-01-02T14:00:00Z') };
  // The history stops where the commitment is marked pending transfer; the transfer to SERCOP
  // and SERCOP's reserved report come after it, in the store but not in the replay.
  const middle = world.events.findIndex((e) => e.type === 'CommitmentMarkedTransferPending');
  const directories: string[] = [];
  const directory = (label: string) => {
    const path = mkdtempSync(join(tmpdir(), `hitos-cli-serve-${label}-`));
    directories.push(path);
    return path;
  };
  let manifest: ReplayManifest;
  let middlePosition: string;
  let server: ReplayServer;

  beforeAll(async () => {
    const outcomes = await appendWorld(env.store, world.events);
    middlePosition = outcomes[middle].position!.commit.toString();
    const out = directory('models');
    const until = parseMoment('--until', middlePosition, 'end');
    const report = await replayUntil({
      store: env.store,
      projections: hitosProjections(DEFAULT_WORKFLOW_POLICY),
      logs: [transparencyLogProjection],
      directory: out,
      until,
      upcasters: new UpcasterRegistry(HITOS_EVENT_SCHEMA_VERSIONS, HITOS_EVENT_UPCASTS),
      streamPrefixes: HITOS_STREAM_PREFIXES,
    });
    manifest = replayManifest(until, report);
    writeReplayManifest(out, manifest);
    server = await startReplayServer({
      directory: out,
      connectionString: env.connectionString,
      dataDir: directory('data'),
      port: 0,
      host: '127.0.0.1',
      env: { ...process.env, HITOS_JWT_SECRET: SECRET, LOG_LEVEL: 'silent' },
    });
  }, 240_000);

  afterAll(async () => {
    await server?.stop();
    directories.forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  it('answers GET as of the moment: the commitment pending transfer, the later transfer not visible; every answer marks the moment', async () => {
    const { status, headers, body } = await call(
      server,
      'GET',
      `/api/commitments/${COMMITMENT_ID}`,
      {
        token: token('auditor'),
      },
    );
    expect(status).toBe(200);
    expect(headers.get('hitos-replay-until')).toBe(manifest.at);
    expect(headers.get('hitos-replay-position')).toBe(middlePosition);
    expect(manifest.at).toBe((world.events[middle].metadata as { recordedAt: string }).recordedAt);
    expect(body).toMatchObject({
      status: 'TransferPending',
      transfers: [],
      position: middlePosition,
    });
    expect(JSON.stringify(body)).not.toContain('inf-sercop');

    const trail = await call(
      server,
      'GET',
      `/api/commitments/${COMMITMENT_ID}/audit-trail?limit=500`,
      {
        token: token('auditor'),
      },
    );
    expect(trail.status).toBe(200);
    const items = trail.body.items as { position: string; type: string; leaf: unknown }[];
    expect(items.at(-1)).toMatchObject({
      position: middlePosition,
      type: 'CommitmentMarkedTransferPending',
    });
    expect(items.every((item) => BigInt(item.position) <= BigInt(middlePosition))).toBe(true);
    // The transparency log was replayed with the models: each event has its leaf.
    expect(items.every((item) => item.leaf !== null)).toBe(true);

    const dashboard = await call(server, 'GET', `/api/action-plans/${PLAN_ID}/dashboard`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.headers.get('hitos-replay-until')).toBe(manifest.at);
  });

  it('refuses to serve the replay against another store’s history, naming the difference', async () => {
    await appendWorld(elsewhere.store, world.events.slice(0, 3));
    const output: string[] = [];
    const errors = new Writable({
      write(chunk: Buffer, _encoding, done) {
        output.push(chunk.toString());
        done();
      },
    });
    await expect(
      startReplayServer({
        directory: directories[0],
        connectionString: elsewhere.connectionString,
        dataDir: directory('elsewhere'),
        port: 0,
        host: '127.0.0.1',
        errors,
        env: { ...process.env, HITOS_JWT_SECRET: SECRET, LOG_LEVEL: 'silent' },
      }),
    ).rejects.toThrow(/la API terminó antes de escuchar/);
    expect(output.join('')).toMatch(
      /la réplica no corresponde a este almacén: la hoja \d+ es el evento/,
    );
  }, 120_000);

  it('says on every portal page that it is a read-only replay, and of which moment', async () => {
    const page = await fetch(`${server.url}/planes/${PLAN_ID}`);
    const html = await page.text();
    expect(page.status).toBe(200);
    expect(html).toContain('<div class="replay-banner" role="note">');
    expect(html).toContain('Réplica de solo lectura.');
    const at = new Intl.DateTimeFormat('es', {
      dateStyle: 'long',
      timeStyle: 'short',
      timeZone: 'America/Guayaquil',
    }).format(new Date(manifest.at));
    expect(html).toContain(`tal como hitos lo conocía el ${at}`);
  });

  it("its now is the moment: a past after it is 'in the future', a position past its end is never reached", async () => {
    const later = await call(
      server,
      'GET',
      `/api/commitments/${COMMITMENT_ID}?asOf=${encodeURIComponent(new Date(Date.parse(manifest.at) + 86_400_000).toISOString())}`,
    );
    expect(later.status).toBe(422);
    expect(later.body.code).toBe('AS_OF_IN_FUTURE');
    const beyond = await call(
      server,
      'GET',
      `/api/commitments?waitFor=${BigInt(middlePosition) + 1_000_000n}`,
    );
    expect(beyond.status).toBe(422);
    expect(beyond.body.code).toBe('BEYOND_REPLAY');
  });

  it('refuses every command, with or without a token, 405 in both languages, and nothing is appended', async () => {
    const endBefore = await env.store.endOfAll();
    for (const who of [undefined, token('auditor'), token('institution', 'mdt')]) {
      const refused = await call(server, 'POST', `/api/commitments/${COMMITMENT_ID}/closure`, {
        token: who,
        body: { closedOn: '2026-06-30' },
      });
      expect(refused.status).toBe(405);
      expect(refused.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({
        status: 405,
        code: 'READ_ONLY_REPLAY',
        until: manifest.at,
        position: middlePosition,
      });
      expect(refused.body.messages.es).toContain(`Réplica de solo lectura hasta ${middlePosition}`);
      expect(refused.body.messages.en).toContain(`Read-only replay until ${middlePosition}`);
    }
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      expect((await call(server, method, `/api/commitments/${COMMITMENT_ID}`)).status).toBe(405);
    }
    const english = await call(server, 'POST', '/api/transparency/checkpoints', {
      token: token('auditor'),
      language: 'en',
    });
    expect(english.body.detail).toMatch(/^Read-only replay until /);
    expect(await env.store.endOfAll()).toEqual(endBefore);
  });

  it('signs nothing: an audit package needs a checkpoint signed by the moment, and there is none here (409)', async () => {
    const endBefore = await env.store.endOfAll();
    const pkg = await call(server, 'GET', `/api/commitments/${COMMITMENT_ID}/audit-package`);
    expect(pkg.status).toBe(409);
    expect(pkg.body.code).toBe('REPLAY_HAS_NO_CHECKPOINT');
    expect(pkg.body.messages.en).toContain('a replay signs none');
    expect(await env.store.endOfAll()).toEqual(endBefore);
  });

  it('keeps reserved content reserved for an anonymous reader, as the live API does; an auditor sees it', async () => {
    const anonymous = await call(server, 'GET', `/api/commitments/${COMMITMENT_ID}`);
    expect(anonymous.status).toBe(200);
    for (const secret of [RESERVED_URL, CONFIDENTIAL_URL, RESERVED_REPORT_TITLE]) {
      expect(anonymous.text).not.toContain(secret);
    }
    expect(anonymous.body.withheldEvidence).toBeGreaterThan(0);
    expect(anonymous.body.withheldReports).toBeGreaterThan(0);

    const auditor = await call(server, 'GET', `/api/commitments/${COMMITMENT_ID}`, {
      token: token('auditor'),
    });
    for (const secret of [RESERVED_URL, CONFIDENTIAL_URL, RESERVED_REPORT_TITLE]) {
      expect(auditor.text).toContain(secret);
    }

    const trail = await call(
      server,
      'GET',
      `/api/commitments/${COMMITMENT_ID}/audit-trail?limit=500`,
    );
    const rows = trail.body.items as { withheld: boolean }[];
    expect(rows.some((row) => row.withheld)).toBe(true);
    for (const secret of [RESERVED_URL, CONFIDENTIAL_URL, RESERVED_REPORT_TITLE]) {
      expect(trail.text).not.toContain(secret);
    }
  });
});
