import { readEventBlocks } from '@hitos/testing/server-sent-events';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import {
  commitmentInImplementation,
  progressReport,
  registerParties,
} from './support/commitment-setup';

interface SseMessage {
  id?: string;
  event?: string;
  data?: any;
}

/** A Server-Sent Events reader over fetch, collecting messages until closed. */
function listen(api: ApiHarness, path: string, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const messages: SseMessage[] = [];
  let comments = 0;
  const opened = fetch(`${api.baseUrl}${path}`, { headers, signal: controller.signal }).then(
    async (res) => {
      readEventBlocks(res.body!, (block) => {
        if (block.startsWith(':')) comments++;
        const message: SseMessage = {};
        for (const line of block.split('\n')) {
          const [field, ...rest] = line.split(': ');
          const value = rest.join(': ');
          if (field === 'id') message.id = value;
          if (field === 'event') message.event = value;
          if (field === 'data') message.data = JSON.parse(value);
        }
        if (message.event) messages.push(message);
      });
      return res;
    },
  );
  return {
    opened,
    messages,
    comments: () => comments,
    close: () => controller.abort(),
    async waitFor(predicate: (m: SseMessage) => boolean, timeoutMs = 10_000): Promise<SseMessage> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.find(predicate);
        if (found) return found;
        if (Date.now() > until)
          throw new Error(
            `no such message; got ${JSON.stringify(messages.map((m) => m.data?.change))}`,
          );
        await new Promise((r) => setTimeout(r, 20));
      }
    },
  };
}

describe('live updates over Server-Sent Events', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ env: { HITOS_SSE_HEARTBEAT_MS: '200' } });
    await registerParties(api);
    await commitmentInImplementation(api, 'en-vivo');
  });
  afterAll(() => stopApi(api));

  it('pushes a command’s change to the plan and commitment feeds, with its position as the id', async () => {
    const plan = listen(api, '/api/live/action-plans/plan-e2e');
    const commitment = listen(api, '/api/live/commitments/en-vivo');
    const res = await plan.opened;
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await commitment.opened;
    const sent = await http(
      api,
      'POST',
      '/api/commitments/en-vivo/milestones/h1/progress-reports',
      {
        token: api.token('institution', 'mdt'),
        body: progressReport('vivo-1', 25),
      },
    );
    for (const feed of [plan, commitment]) {
      const message = await feed.waitFor((m) => m.data?.change === 'MilestoneProgressReported');
      expect(message.id).toBe(sent.body.position);
      expect(message.data).toMatchObject({
        readModel: 'audit-trail',
        position: sent.body.position,
        commitmentId: 'en-vivo',
        planId: 'plan-e2e',
        summary: { es: expect.stringContaining('25 %') },
      });
    }
    // Heartbeats keep the connection open between changes.
    await new Promise((r) => setTimeout(r, 450));
    expect(plan.comments()).toBeGreaterThan(0);
    plan.close();
    commitment.close();
  });

  it('resumes from Last-Event-ID with every change missed meanwhile, once each', async () => {
    const token = api.token('institution', 'mdt');
    const first = await http(
      api,
      'POST',
      '/api/commitments/en-vivo/milestones/h1/progress-reports',
      {
        token,
        body: progressReport('vivo-2', 30),
      },
    );
    const missed = await http(
      api,
      'POST',
      '/api/commitments/en-vivo/milestones/h1/progress-reports',
      {
        token,
        body: progressReport('vivo-3', 35),
      },
    );
    await http(api, 'GET', `/api/commitments/en-vivo/audit-trail?waitFor=${missed.body.position}`);
    const feed = listen(api, '/api/live/commitments/en-vivo', {
      'last-event-id': first.body.position,
    });
    await feed.opened;
    const replayed = await feed.waitFor((m) => m.id === missed.body.position);
    expect(replayed.data.summary.en).toContain('35%');
    expect(feed.messages.filter((m) => m.id === first.body.position)).toEqual([]);
    await new Promise((r) => setTimeout(r, 200));
    expect(feed.messages.filter((m) => m.id === missed.body.position)).toHaveLength(1);
    feed.close();
  });

  it('sends a classified change to a public reader in its place, withheld, and whole to the parties', async () => {
    const publicFeed = listen(api, '/api/live/commitments/en-vivo');
    const partyFeed = listen(api, '/api/live/commitments/en-vivo', {
      authorization: `Bearer ${api.token('counterpart', 'fae')}`,
    });
    await Promise.all([publicFeed.opened, partyFeed.opened]);
    const reserved = await http(
      api,
      'POST',
      '/api/commitments/en-vivo/milestones/h1/progress-reports',
      {
        token: api.token('institution', 'mdt'),
        body: {
          ...progressReport('vivo-reservado', 40),
          evidence: [{ ...progressReport('x').evidence[0], classification: 'reserved' }],
        },
      },
    );
    const open = await http(
      api,
      'POST',
      '/api/commitments/en-vivo/milestones/h1/progress-reports',
      {
        token: api.token('institution', 'mdt'),
        body: progressReport('vivo-publico', 45),
      },
    );
    const forParty = await partyFeed.waitFor((m) => m.id === reserved.body.position);
    await publicFeed.waitFor((m) => m.id === open.body.position);
    // No gap: the public feed has the change, in order, marked withheld, its line public.
    const forPublic = publicFeed.messages.find((m) => m.id === reserved.body.position)!;
    expect(forPublic.data).toMatchObject({
      change: 'MilestoneProgressReported',
      classification: 'reserved',
      withheld: true,
    });
    expect(forPublic.data.summary.es).toMatch(
      /^Se reportó un avance del 40 %.*Contenido reservado/,
    );
    expect(JSON.stringify(forPublic.data)).not.toContain('Avance del diagnóstico');
    expect(forParty.data).toMatchObject({ classification: 'reserved', withheld: false });
    expect(forParty.data.summary.es).not.toContain('Contenido reservado');
    expect(publicFeed.messages.map((m) => m.id)).toEqual(
      [...publicFeed.messages.map((m) => m.id)].sort((x, y) => Number(x) - Number(y)),
    );
    publicFeed.close();
    partyFeed.close();
  });
});
