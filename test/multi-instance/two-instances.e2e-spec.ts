/**
 * Issue 17 §3: two API processes against one store are correct together. The standalone
 * embedded store runs in one child process, instances A and B (`npm start`) in two others, each
 * with its own data directory (its own SQLite read models) and port, the same store (B finding it
 * by gossip discovery, as docker/compose.yml's instances do), the same JWT key (one token works on
 * both) and hitos's clock started at the suites' day. Both run the workflow engine and the
 * notices' dispatcher, against one SMTP server in the test.
 *
 * Checked: commands on one commitment from both at once (every answer a success or a reported
 * conflict, the stream holding exactly the successes), a stale If-Match refused by either, an
 * Idempotency-Key replayed across instances, read-your-writes on B for a write on A, B's live feed
 * carrying A's change, a deadline and a redesign acted on once by two engines, and each notice
 * sent once by two dispatchers. See docs/deployment.md.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JwtService } from '@nestjs/jwt';
import type { Role } from '@hitos/domain';
import { EsdbEventStore, type EventStore, type RecordedEvent } from '@hitos/event-store';
import { NoticesStore, type Recipient } from '@hitos/notices';
import { readEventBlocks } from '@hitos/testing/server-sent-events';
import { startSmtpReceiver, type SmtpReceiver } from '../../libs/notices/src/testing/receivers';
import { TEST_NOW, http, type ApiHarness, type HttpResult } from '../api/support/api-harness';
import {
  commitmentInImplementation,
  progressReport,
  registerParties,
} from '../api/support/commitment-setup';
import { Processes, eventually, type ApiChild } from './support/processes';

const SECRET = 'multi-instance-e2e-secret';
const jwt = new JwtService({ secret: SECRET });
const token = (role: Role, org?: string) =>
  jwt.sign(
    { sub: [role, org].filter(Boolean).join('-'), role, ...(org ? { org } : {}) },
    { algorithm: 'HS256', expiresIn: 3600 },
  );

/** The helpers of test/api take a harness; here only its address and tokens are needed. */
const harness = (api: ApiChild) => ({ baseUrl: api.baseUrl, token }) as unknown as ApiHarness;

const REPORTS = '/milestones/h1/progress-reports';

/** The facts that notify the institution (a deadline) or the plan's Core Group (a transfer). */
const NOTIFIED = [
  'MilestoneDueSoon',
  'MilestoneOverdue',
  'CommitmentPeriodEnded',
  'ProgressReportDue',
  'ProgressReportOverdue',
  'CommitmentMarkedTransferPending',
];

/** The same recipients in both instances' registries, with the same ids (docs/deployment.md). */
const RECIPIENTS: (Omit<Recipient, 'id' | 'createdAt'> & { id: string })[] = [
  {
    id: '7f0c5d1e-0000-4000-8000-000000000001',
    scope: { kind: 'plan', planId: 'plan-e2e' },
    role: 'core-group',
    channel: 'email',
    address: 'grupo.nucleo@gobiernoabierto.test',
    language: null,
    digest: false,
    createdBy: 'operator',
  },
  {
    id: '7f0c5d1e-0000-4000-8000-000000000002',
    scope: { kind: 'organization', organizationId: 'mdt' },
    role: 'institution',
    channel: 'email',
    address: 'mejora.continua@trabajo.test',
    language: null,
    digest: false,
    createdBy: 'operator',
  },
];

async function readStream(store: EventStore, stream: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readStream(stream)) events.push(event);
  return events;
}

async function allEvents(store: EventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const event of store.readAll()) if (!event.type.startsWith('$')) events.push(event);
  return events;
}

/** A Server-Sent Events reader over fetch, keeping every `event:` block it receives. */
function listen(api: ApiChild, path: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const messages: { id?: string; event?: string; data?: any }[] = [];
  const opened = fetch(`${api.baseUrl}${path}`, { headers, signal: controller.signal }).then(
    (res) => {
      readEventBlocks(res.body!, (block) => {
        const message: { id?: string; event?: string; data?: any } = {};
        for (const line of block.split('\n')) {
          const [field, ...rest] = line.split(': ');
          if (field === 'id') message.id = rest.join(': ');
          if (field === 'event') message.event = rest.join(': ');
          if (field === 'data') message.data = JSON.parse(rest.join(': '));
        }
        if (message.event) messages.push(message);
      });
      return res;
    },
  );
  return { opened, messages, close: () => controller.abort() };
}

function expectOk(res: HttpResult, status = 201): HttpResult {
  if (res.status !== status)
    throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

describe('two API processes on one store', () => {
  const processes = new Processes();
  let root: string;
  let smtp: SmtpReceiver;
  let store: EventStore;
  let a: ApiChild;
  let b: ApiChild;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'hitos-multi-'));
    smtp = await startSmtpReceiver();
    const eventStore = await processes.startStore(join(root, 'store'));
    store = EsdbEventStore.connect(eventStore.connectionString);

    // The operator's replicated recipient registry: the same rows, ids included, in each.
    for (const name of ['a', 'b']) {
      mkdirSync(join(root, name));
      const registry = new NoticesStore(join(root, name, 'notices.sqlite'));
      for (const recipient of RECIPIENTS)
        registry.register(recipient, new Date('2026-01-01T00:00:00Z'));
      registry.close();
    }
    // A connects as to one node; B discovers the store through gossip, as the compose file's
    // instances find the cluster (esdb+discover://), here without TLS.
    const discover = eventStore.connectionString.replace(/^esdb:\/\//, 'esdb+discover://');
    expect(discover).toMatch(/^esdb\+discover:\/\/127\.0\.0\.1:\d+\?tls=false$/);
    const env = (name: string) => ({
      HITOS_DATA_DIR: join(root, name),
      EVENTSTORE_CONNECTION_STRING: name === 'b' ? discover : eventStore.connectionString,
      HITOS_JWT_SECRET: SECRET,
      HITOS_CLOCK_START: TEST_NOW,
      HITOS_DEMO: 'false',
      HITOS_CHECKPOINT_INTERVAL_MS: '0',
      HITOS_WORKFLOWS: 'true',
      HITOS_WORKFLOW_TICK_MS: '200',
      HITOS_NOTICES: 'true',
      HITOS_SMTP_URL: smtp.url,
      HITOS_NOTICE_TICK_MS: '100',
      HITOS_PUBLIC_URL: 'https://hitos.test',
      HITOS_SSE_HEARTBEAT_MS: '1000',
    });
    [a, b] = await Promise.all([
      processes.startApi('A', env('a')),
      processes.startApi('B', env('b')),
    ]);
    await registerParties(harness(a));
    expectOk(
      await http(a, 'POST', '/api/institutions', {
        token: token('presidency'),
        body: {
          institutionId: 'sercop',
          name: 'Servicio Nacional de Contratación Pública',
          acronym: 'SERCOP',
          stateFunction: 'executive',
          governmentLevel: 'national',
        },
      }),
    );
  }, 120_000);

  afterAll(async () => {
    await store?.close();
    await processes.stopAll();
    await smtp?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  }, 30_000);

  it('takes concurrent commands on one commitment from both: each acknowledged or a conflict, the stream holds exactly the acknowledged', async () => {
    await commitmentInImplementation(harness(a), 'compartido', 1);
    const mdt = token('institution', 'mdt');
    const n = 30;
    const results = await Promise.all(
      Array.from({ length: n }, (_, i) =>
        http(i % 2 ? b : a, 'POST', `/api/commitments/compartido${REPORTS}`, {
          token: mdt,
          body: progressReport(`r-${i}`),
          headers: { 'idempotency-key': `report-${i}` },
        }),
      ),
    );
    for (const res of results) {
      expect([201, 409]).toContain(res.status);
      if (res.status === 409) expect(res.body.code).toBe('CONCURRENCY_CONFLICT');
    }
    const acknowledged = results
      .map((res, i) => ({ res, reportId: `r-${i}`, via: i % 2 ? 'B' : 'A' }))
      .filter(({ res }) => res.status === 201);
    // Both instances had commands go through (the retries converged on each).
    expect(new Set(acknowledged.map((x) => x.via))).toEqual(new Set(['A', 'B']));
    expect(acknowledged.length).toBeGreaterThanOrEqual(n / 2);

    const events = await readStream(store, 'commitment-compartido');
    // Revisions are the stream's positions: 0, 1, 2, … with no gap.
    expect(events.map((e) => e.revision)).toEqual(events.map((_, i) => BigInt(i)));
    const reported = events.filter((e) => e.type === 'MilestoneProgressReported');
    expect(reported.map((e) => (e.data as { reportId: string }).reportId).sort()).toEqual(
      acknowledged.map((x) => x.reportId).sort(),
    );
    // Each acknowledgement names the revision its event sits at.
    for (const { res, reportId } of acknowledged) {
      const event = reported.find((e) => (e.data as { reportId: string }).reportId === reportId)!;
      expect(BigInt(res.body.revision)).toBe(event.revision);
    }

    // The same Idempotency-Key sent to the other instance is the same command: answered exactly
    // as the first time, appending nothing.
    const first = acknowledged[0];
    const index = Number(first.reportId.slice(2));
    const again = await http(index % 2 ? a : b, 'POST', `/api/commitments/compartido${REPORTS}`, {
      token: mdt,
      body: progressReport(first.reportId),
      headers: { 'idempotency-key': `report-${index}` },
    });
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.res.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect((await readStream(store, 'commitment-compartido')).length).toBe(events.length);
  });

  it('answers 412 to a stale If-Match on either instance', async () => {
    const mdt = token('institution', 'mdt');
    const seen = expectOk(await http(b, 'GET', '/api/commitments/compartido'), 200);
    const etag = seen.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"\d+"$/);
    const path = `/api/commitments/compartido${REPORTS}`;
    expectOk(
      await http(a, 'POST', path, {
        token: mdt,
        body: progressReport('con-etag'),
        headers: { 'if-match': etag },
      }),
    );
    for (const api of [a, b]) {
      const stale = await http(api, 'POST', path, {
        token: mdt,
        body: progressReport(`viejo-${api.name}`),
        headers: { 'if-match': etag },
      });
      expect(stale.status).toBe(412);
      expect(stale.body.code).toBe('STALE_REVISION');
    }
    const reports = (await readStream(store, 'commitment-compartido'))
      .filter((e) => e.type === 'MilestoneProgressReported')
      .map((e) => (e.data as { reportId: string }).reportId);
    expect(reports).toContain('con-etag');
    expect(reports.filter((id) => id.startsWith('viejo-'))).toEqual([]);
  });

  it('shows a write on A in B’s read models with ?waitFor=<position from A>', async () => {
    const written = expectOk(
      await http(a, 'POST', `/api/commitments/compartido${REPORTS}`, {
        token: token('institution', 'mdt'),
        body: progressReport('leido-en-b', 60),
      }),
    );
    const position = written.body.position as string;
    expect(position).toMatch(/^\d+$/);
    const read = expectOk(
      await http(b, 'GET', `/api/commitments/compartido?waitFor=${position}`, {
        token: token('presidency'),
      }),
      200,
    );
    const reports = read.body.milestones.flatMap((m: any) => m.reports);
    expect(reports.map((r: any) => r.reportId)).toContain('leido-en-b');
    // A list (another model) follows $all on B as well.
    const list = expectOk(
      await http(b, 'GET', `/api/commitments?waitFor=${position}&institutionId=mdt`),
      200,
    );
    expect(JSON.stringify(list.body)).toContain('compartido');
  });

  it('pushes a change made on A to a live feed subscribed on B', async () => {
    const feed = listen(b, '/api/live/commitments/compartido');
    try {
      const res = await feed.opened;
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      // A change made on B first: where a broken feed would resume from, below.
      const earlier = expectOk(
        await http(b, 'POST', `/api/commitments/compartido${REPORTS}`, {
          token: token('institution', 'mdt'),
          body: progressReport('en-vivo-desde-b', 65),
        }),
      );
      const before = await eventually(
        () => feed.messages.find((m) => m.id === earlier.body.position),
        (found) => found !== undefined,
        'B’s feed to carry B’s change',
        15_000,
      );
      const written = expectOk(
        await http(a, 'POST', `/api/commitments/compartido${REPORTS}`, {
          token: token('institution', 'mdt'),
          body: progressReport('en-vivo-desde-a', 70),
        }),
      );
      const message = await eventually(
        () => feed.messages.find((m) => m.id === written.body.position),
        (found) => found !== undefined,
        'B’s feed to carry A’s change',
        15_000,
      );
      expect(message!.event).toBe('change');
      expect(message!.data).toMatchObject({ change: 'MilestoneProgressReported' });
      // The ids are $all positions, the same on every instance: a feed that broke on B resumes
      // on A with Last-Event-ID, after the change it had, with the one it missed.
      const resumed = listen(a, '/api/live/commitments/compartido', {
        'last-event-id': before!.id!,
      });
      try {
        await resumed.opened;
        const replayed = await eventually(
          () => resumed.messages.find((m) => m.id === written.body.position),
          (found) => found !== undefined,
          'A’s resumed feed to carry the change',
          15_000,
        );
        expect(replayed!.data).toEqual(message!.data);
        expect(resumed.messages.some((m) => m.id === before!.id)).toBe(false);
      } finally {
        resumed.close();
      }
    } finally {
      feed.close();
    }
  });

  it('fires a deadline once with two workflow engines', async () => {
    // A milestone due before hitos's day: both engines find it overdue.
    await lateCommitment(b, 'atrasado', 2);
    const overdue = await eventually(
      async () =>
        (await readStream(store, 'commitment-atrasado')).filter(
          (e) => e.type === 'MilestoneOverdue',
        ),
      (events) => events.some((e) => (e.data as { milestoneId: string }).milestoneId === 'h1'),
      'the overdue milestone to be recorded',
    );
    expect(overdue).toHaveLength(1);
    // Both engines have had many passes over it since; still one record of each deadline (its
    // identity: the type and what fell due, not the day it was noticed).
    await settle();
    const timers = (await readStream(store, 'commitment-atrasado')).filter((e) =>
      /Overdue|DueSoon|Due$|PeriodEnded/.test(e.type),
    );
    const identity = (e: RecordedEvent) => {
      const { detectedOn: _d, notifiedOn: _n, ...due } = e.data as Record<string, unknown>;
      return `${e.type}:${JSON.stringify(due)}`;
    };
    expect(timers.filter((e) => e.type === 'MilestoneOverdue')).toHaveLength(1);
    expect(new Set(timers.map(identity)).size).toBe(timers.length);
  });

  it('acts once on a redesign with two engines, and each notice is sent once by two dispatchers', async () => {
    const presidency = token('presidency');
    // A third commitment of the ministry, a draft.
    await commitmentInImplementation(harness(a), 'tercero', 3);
    const held = ['compartido', 'atrasado', 'tercero'];
    const redesign = expectOk(
      await http(a, 'POST', '/api/institutions/mdt/redesigns', {
        token: presidency,
        body: {
          kind: 'merged',
          legalInstrument: 'Decreto Ejecutivo No. 456',
          effectiveOn: '2026-11-20',
          successorIds: ['sercop'],
        },
      }),
    );
    const redesignEvent = (await readStream(store, 'institution-mdt')).find(
      (e) => e.type === 'InstitutionRedesigned',
    )!;
    expect(redesign.body.events[0].id).toBe(redesignEvent.id);
    const handling = await eventually(
      () => readStream(store, `redesignhandling-${redesignEvent.id}`),
      (events) => events.some((e) => e.type === 'RedesignHandlingCompleted'),
      'the redesign to be handled',
    );
    await settle();
    expect(
      (await readStream(store, `redesignhandling-${redesignEvent.id}`)).map((e) => e.type),
    ).toEqual(['RedesignHandlingStarted', 'RedesignHandlingCompleted']);
    expect(handling).toHaveLength(2);
    for (const id of held) {
      const marks = (await readStream(store, `commitment-${id}`)).filter(
        (e) => e.type === 'CommitmentMarkedTransferPending',
      );
      expect(marks).toHaveLength(1);
    }

    // Notices: one delivery per (fact, recipient), claimed once in the store, sent once.
    // Each of these facts has one registered recipient (RECIPIENTS): the institution's mailbox
    // for a deadline, the Core Group's for a concurrence requested.
    const facts = (await allEvents(store)).filter(
      (e) => e.streamId.startsWith('commitment-') && NOTIFIED.includes(e.type),
    );
    const marks = facts.filter((e) => e.type === 'CommitmentMarkedTransferPending');
    expect(marks).toHaveLength(held.length);
    const expected = facts.length;
    await eventually(
      () => smtp.messages.length,
      (count) => count >= expected,
      `${expected} messages`,
    );
    await settle();
    expect(smtp.messages).toHaveLength(expected);
    expect([...smtp.accepted.values()].every((count) => count === 1)).toBe(true);
    const concurrence = smtp.messages.filter((m) => JSON.stringify(m.to).includes('grupo.nucleo@'));
    expect(concurrence).toHaveLength(marks.length);
    const notices = (await allEvents(store)).filter((e) => e.streamId.startsWith('notice-'));
    const delivered = notices.filter((e) => e.type === 'NoticeDelivered');
    expect(delivered).toHaveLength(expected);
    expect(new Set(delivered.map((e) => e.streamId)).size).toBe(expected);
  });
});

/**
 * A commitment of the Ministerio del Trabajo in implementation whose only milestone fell due on
 * 2026-06-30, before the suites' day: the workflow engine records it overdue.
 */
async function lateCommitment(api: ApiChild, id: string, number: number): Promise<void> {
  const mdt = token('institution', 'mdt');
  const fae = token('counterpart', 'fae');
  const draft = await http(api, 'POST', '/api/commitments', {
    token: mdt,
    body: {
      commitmentId: id,
      planId: 'plan-e2e',
      number,
      title: 'Catálogo de servicios en línea',
      problem: 'Los trámites en línea no están catalogados.',
      statusQuo: 'Listas dispersas por unidad.',
      objective: 'Publicar el catálogo con participación ciudadana.',
      howItSolves: 'Un catálogo único y abierto.',
      relevance: { transparency: 'Catálogo en datos abiertos.' },
      period: { start: '2026-01-01', end: '2027-12-31' },
      responsible: { institutionId: 'mdt', unit: 'Dirección de Servicios en Línea' },
      counterpart: { organizationId: 'fae', sector: 'civil-society' },
      supportingActors: [],
      contact: { name: 'Paola Benítez', position: 'Directora', email: 'servicios@trabajo.gob.ec' },
    },
  });
  expectOk(draft);
  expectOk(
    await http(api, 'POST', `/api/commitments/${id}/milestones`, {
      token: mdt,
      body: {
        milestoneId: 'h1',
        deliverable: 'Catálogo publicado',
        weight: 100,
        start: '2026-02-01',
        due: '2026-06-30',
      },
    }),
  );
  expectOk(
    await http(api, 'POST', `/api/commitments/${id}/administrator`, {
      token: mdt,
      body: {
        name: 'Paola Benítez',
        position: 'Directora',
        unit: 'Dirección de Servicios en Línea',
        email: 'servicios@trabajo.gob.ec',
      },
    }),
  );
  const acta = {
    actaNumber: 'MDT-CDC-2026-002',
    signedOn: '2026-01-28',
    place: 'Distrito Metropolitano de Quito',
  };
  expectOk(
    await http(api, 'POST', `/api/commitments/${id}/acta/signatures`, {
      token: mdt,
      body: { ...acta, signatory: { name: 'Ministro del Trabajo', position: 'Máxima autoridad' } },
    }),
  );
  expectOk(
    await http(api, 'POST', `/api/commitments/${id}/acta/signatures`, {
      token: fae,
      body: { ...acta, signatory: { name: 'Director Ejecutivo', position: 'Representante' } },
    }),
  );
}

/** Lets both engines and dispatchers make several more passes (ticks of 100–200 ms). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_500));
