/**
 * `hitos audit verify` and `hitos audit watch` as an auditor runs them: verify on a real data
 * directory (clean, then with an event written around hitos), watch against the running API
 * with its public endpoints only.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { EmbeddedEventStore } from '@hitos/eventstore-server';
import { EsdbEventStore } from '@hitos/event-store';
import { generateSignerKey } from '@hitos/transparency';
import { EventStoreDBClient } from '@hitos/event-store/esdb-client';
import {
  expectStatus,
  post,
  registerParties,
  signedCommitment,
  tokens,
  type Tokens,
} from '../api/support/acta-requests';
import { http, startApi, stopApi, type ApiHarness } from '../api/support/api-harness';
import { hitosAsync } from './support/run-hitos';

describe('hitos audit verify and watch', () => {
  let api: ApiHarness;
  let t: Tokens;
  let key: string;
  const scratch = mkdtempSync(join(tmpdir(), 'hitos-watch-'));

  beforeAll(async () => {
    api = await startApi();
    t = tokens(api);
    await registerParties(api, t);
    await signedCommitment(api, t, 'vigilado');
    expectStatus(await post(api, '/api/transparency/checkpoints', t.auditor), 200);
    key = (await http(api, 'GET', '/api/transparency/key')).body as string;
  }, 600_000);
  afterAll(async () => {
    await stopApi(api);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('watch: trusts the first checkpoint, then accepts one that extends it (exit 0 both times)', async () => {
    const trust = join(scratch, 'trust.json');
    const first = await hitosAsync([
      'audit',
      'watch',
      '--url',
      api.baseUrl,
      '--trust',
      trust,
      '--key',
      key,
      '--json',
    ]);
    expect([first.code, JSON.parse(first.stdout).status]).toEqual([0, 'first-run']);
    expectStatus(
      await post(api, '/api/commitments/vigilado/resources', t.mdt, {
        resourceId: 'r-vigilado',
        kind: 'technical',
        description: 'Equipo de seguimiento',
      }),
      201,
    );
    expectStatus(await post(api, '/api/transparency/checkpoints', t.auditor), 200);
    const second = await hitosAsync([
      'audit',
      'watch',
      '--url',
      api.baseUrl,
      '--trust',
      trust,
      '--json',
    ]);
    const result = JSON.parse(second.stdout);
    expect([second.code, result.status, result.trustUpdated]).toEqual([0, 'advanced', true]);
    expect(result.served.treeSize).toBeGreaterThan(result.trusted.treeSize);
  });

  it('verify --package: a sealed package from the API checks offline (0), and not with another key (1)', async () => {
    const zip = join(scratch, 'vigilado.zip');
    const response = await fetch(`${api.baseUrl}/api/commitments/vigilado/audit-package`);
    expect(response.status).toBe(200);
    writeFileSync(zip, Buffer.from(await response.arrayBuffer()));
    const good = await hitosAsync(['audit', 'verify', '--package', zip, '--key', key, '--json']);
    expect([good.code, JSON.parse(good.stdout).ok]).toEqual([0, true]);
    const other = generateSignerKey('otro.example/log').verifierKey;
    const foreign = await hitosAsync([
      'audit',
      'verify',
      '--package',
      zip,
      '--key',
      other,
      '--json',
    ]);
    expect(foreign.code).toBe(1);
    expect(JSON.parse(foreign.stdout).findings).toEqual(
      expect.arrayContaining([expect.objectContaining({ code: 'KEY_NOT_TRUSTED' })]),
    );
  });

  it('verify: a clean history is exit 0; an event written around hitos is exit 1, named', async () => {
    await api.stop();
    const clean = await hitosAsync([
      'audit',
      'verify',
      '--data-dir',
      api.dataDir,
      '--key',
      key,
      '--json',
    ]);
    const report = JSON.parse(clean.stdout);
    expect([clean.code, report.verdict, report.findings]).toEqual([0, 0, []]);
    expect(report.checkpointsChecked).toBeGreaterThan(0);

    // Someone with the store's files appends to the commitment's stream without hitos.
    const store = await EmbeddedEventStore.start({
      dataDir: join(api.dataDir, 'eventstore'),
      host: '127.0.0.1',
      port: 0,
    });
    const client = EventStoreDBClient.connectionString(store.connectionString);
    await new EsdbEventStore(client).appendToStream(
      'commitment-vigilado',
      [
        {
          id: randomUUID(),
          type: 'MilestoneCompleted',
          data: { milestoneId: 'h1', completedOn: '2026-11-24' },
        },
      ],
      'any',
    );
    await client.dispose();
    await store.stop();

    const tampered = await hitosAsync([
      'audit',
      'verify',
      '--data-dir',
      api.dataDir,
      '--key',
      key,
      '--json',
    ]);
    const found = JSON.parse(tampered.stdout);
    expect([tampered.code, found.verdict]).toEqual([1, 1]);
    expect(found.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ stream: 'commitment-vigilado', severity: 'tampering' }),
      ]),
    );
    await api.restart();
  });
});
