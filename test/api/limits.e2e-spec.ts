/**
 * Issue 17 §2, shedding load and hostile clients: rate limits per token subject, else per
 * address (429 RATE_LIMITED with Retry-After); load shed when too many requests are under way
 * (503 OVERLOADED); live feeds capped per address (429) and in all (503); and a request that
 * promises a body and never sends it is answered 408 and closed instead of held for minutes.
 * The limits are small here so that nothing depends on the machine's speed.
 */
import { connect, type Socket } from 'node:net';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';

/** A raw connection, to send what fetch never would: a request that stops half-way. */
function rawSocket(api: ApiHarness): Promise<{
  socket: Socket;
  /** Everything received until the server closed the connection. */
  closed: Promise<string>;
}> {
  const { port } = new URL(api.baseUrl);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      const closed = new Promise<string>((done) => socket.on('close', () => done(received)));
      resolve({ socket, closed });
    });
    socket.on('error', reject);
  });
}

/** Settles with `'held'` if `promise` does not settle within `ms` (a bound, not a measure). */
function within<T>(promise: Promise<T>, ms: number): Promise<T | 'held'> {
  return Promise.race([promise, new Promise<'held'>((r) => setTimeout(() => r('held'), ms))]);
}

async function retryUntil(check: () => Promise<boolean>, attempts = 100): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

describe('rate limits, load shedding and live-feed caps', () => {
  let api: ApiHarness;
  const from = (address: string) => ({ 'x-forwarded-for': address });

  beforeAll(async () => {
    api = await startApi({
      env: {
        HITOS_RATE_LIMIT_READS: '3',
        HITOS_RATE_LIMIT_COMMANDS: '2',
        // Long enough that no window ends during the suite.
        HITOS_RATE_LIMIT_WINDOW_MS: '600000',
        HITOS_SHED_MAX_IN_FLIGHT: '2',
        HITOS_SSE_MAX_PER_CLIENT: '2',
        HITOS_SSE_MAX: '3',
        // One proxy in front: X-Forwarded-For names the client (each test its own address).
        HITOS_TRUST_PROXY: '1',
      },
    });
  });
  afterAll(() => stopApi(api));

  it('given a 4th read from one token within the window, then 429 RATE_LIMITED with Retry-After; another token and another address have their own buckets', async () => {
    const ana = api.token('auditor', undefined, 'ana');
    for (let i = 0; i < 3; i++) {
      expect(
        (await http(api, 'GET', '/api/me', { token: ana, headers: from('10.1.0.1') })).status,
      ).toBe(200);
    }
    const refused = await http(api, 'GET', '/api/me', { token: ana, headers: from('10.1.0.1') });
    expect([refused.status, refused.body.code]).toEqual([429, 'RATE_LIMITED']);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 600).toBe(true);
    expect(refused.body).toMatchObject({ bucket: 'reads', limit: 3, windowSeconds: 600 });
    expect(refused.body.messages.es).toMatch(/Demasiadas consultas/);
    expect(refused.body.messages.en).toMatch(/Too many reads/);
    // The same token from elsewhere: still limited (the subject, not the address, is counted).
    expect(
      (await http(api, 'GET', '/api/me', { token: ana, headers: from('10.1.0.2') })).status,
    ).toBe(429);
    // Another token from the same address: its own bucket.
    const bea = api.token('auditor', undefined, 'bea');
    expect(
      (await http(api, 'GET', '/api/me', { token: bea, headers: from('10.1.0.1') })).status,
    ).toBe(200);
    // Anonymous readers are counted per address.
    for (let i = 0; i < 3; i++) {
      expect(
        (await http(api, 'GET', '/api/action-plans', { headers: from('10.1.0.3') })).status,
      ).toBe(200);
    }
    expect(
      (await http(api, 'GET', '/api/action-plans', { headers: from('10.1.0.3') })).status,
    ).toBe(429);
    expect(
      (await http(api, 'GET', '/api/action-plans', { headers: from('10.1.0.4') })).status,
    ).toBe(200);
    // The hottest public reads (the list, answered before the guards) count in the same bucket.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await http(api, 'GET', '/api/commitments', { headers: from('10.1.0.5') })).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    // Probes are never limited.
    for (let i = 0; i < 5; i++) {
      expect((await http(api, 'GET', '/health', { headers: from('10.1.0.3') })).status).toBe(200);
    }
  });

  it('given a 3rd command from one token, then 429 in the commands bucket, and its reads still pass', async () => {
    const token = api.token('presidency', undefined, 'cesar');
    const post = () =>
      http(api, 'POST', '/api/action-plans', { token, body: {}, headers: from('10.2.0.1') });
    expect((await post()).status).toBe(400);
    expect((await post()).status).toBe(400);
    const refused = await post();
    expect([refused.status, refused.body.code, refused.body.bucket]).toEqual([
      429,
      'RATE_LIMITED',
      'commands',
    ]);
    expect(refused.body.messages.en).toMatch(/Too many commands: at most 2/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const metrics = await http(api, 'GET', '/metrics');
    expect(String(metrics.body)).toMatch(
      /hitos_http_throttled_total\{reason="rate_limited_commands"\} [1-9]/,
    );
    expect((await http(api, 'GET', '/api/me', { token, headers: from('10.2.0.1') })).status).toBe(
      200,
    );
  });

  it('given as many requests under way as the cap, then the next is 503 OVERLOADED with Retry-After at once; /health still answers; then it passes again', async () => {
    // Two requests whose bodies never come: under way until they do.
    const held = await Promise.all([rawSocket(api), rawSocket(api)]);
    for (const { socket } of held) {
      socket.write(
        'POST /api/action-plans HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 10.3.0.1\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n',
      );
    }
    let shed = { status: 0, headers: new Headers(), body: {} as any };
    expect(
      await retryUntil(async () => {
        shed = await http(api, 'GET', '/api/action-plans', { headers: from('10.3.0.2') });
        return shed.status === 503;
      }),
    ).toBe(true);
    expect(shed.body.code).toBe('OVERLOADED');
    expect(shed.headers.get('retry-after')).toBe('1');
    expect(shed.body.messages.es).toMatch(/sobrecargado/);
    expect((await http(api, 'GET', '/health')).status).toBe(200);
    // The bodies arrive: both answered (no token: 401), and requests pass again.
    for (const { socket } of held) socket.end('{}');
    const answers = await Promise.all(held.map((h) => h.closed));
    for (const answer of answers) expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(
      await retryUntil(
        async () =>
          (await http(api, 'GET', '/api/action-plans', { headers: from('10.3.0.3') })).status ===
          200,
      ),
    ).toBe(true);
  });

  it('the OpenAPI document names these answers, with the limits this process runs with, on every route but the probes', async () => {
    const doc = await http(api, 'GET', '/docs/openapi.json');
    expect(doc.status).toBe(200);
    type Answer = { description: string; headers?: Record<string, unknown>; content?: unknown };
    const paths = doc.body.paths as Record<
      string,
      Record<string, { responses: Record<string, Answer> }>
    >;
    let operations = 0;
    for (const [path, item] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(item)) {
        operations++;
        const { responses } = operation;
        const where = `${method.toUpperCase()} ${path}`;
        if (path === '/health' || path === '/metrics') {
          expect({ where, answers: Object.keys(responses) }).toEqual({
            where,
            answers: expect.not.arrayContaining(['429', '503']),
          });
          continue;
        }
        expect({ where, retryAfter: Object.keys(responses['429']?.headers ?? {}) }).toEqual({
          where,
          retryAfter: ['Retry-After'],
        });
        expect(responses['503']?.headers).toHaveProperty('Retry-After');
        if (path.startsWith('/api/live/')) {
          expect(responses['429'].description).toContain('TOO_MANY_LIVE_FEEDS');
          expect(responses['429'].description).toContain('more than 2 live feeds');
          expect(responses['503'].description).toContain('LIVE_FEEDS_FULL: 3 live feeds');
        } else {
          expect(responses['429'].description).toContain(
            method === 'get' ? 'more than 3 reads in 600 s' : 'more than 2 commands in 600 s',
          );
          expect(responses['503'].description).toContain('OVERLOADED');
        }
      }
    }
    expect(operations).toBeGreaterThan(50);
    // A route's own reason for the same status is kept beside the limit's.
    const ask = paths['/api/commitments/{commitmentId}/questions'].post.responses['429'];
    expect(ask.description).toMatch(/TOO_MANY_QUESTIONS.*; or RATE_LIMITED/);
    const read = paths['/api/commitments/{commitmentId}'].get.responses['503'];
    expect(read.description).toMatch(/READ_MODEL_BEHIND.*; or OVERLOADED/);
  });

  it('given live feeds past the cap, then 429 from one address and 503 in all, with Retry-After; a closed feed frees its place', async () => {
    const feeds: AbortController[] = [];
    const open = async (address: string) => {
      const controller = new AbortController();
      const res = await fetch(`${api.baseUrl}/api/live/commitments/tope`, {
        headers: from(address),
        signal: controller.signal,
      });
      if (res.status === 200) {
        feeds.push(controller);
        return { status: res.status, headers: res.headers, code: undefined };
      }
      const { code } = (await res.json()) as { code: string };
      return { status: res.status, headers: res.headers, code };
    };
    try {
      expect((await open('10.4.0.1')).status).toBe(200);
      expect((await open('10.4.0.1')).status).toBe(200);
      const perClient = await open('10.4.0.1');
      expect(perClient.status).toBe(429);
      expect(perClient.headers.get('retry-after')).toBe('10');
      expect(perClient.code).toBe('TOO_MANY_LIVE_FEEDS');

      expect((await open('10.4.0.2')).status).toBe(200);
      const full = await open('10.4.0.3');
      expect(full.status).toBe(503);
      expect(full.headers.get('retry-after')).toBe('10');
      expect(full.code).toBe('LIVE_FEEDS_FULL');

      feeds.shift()!.abort();
      expect(await retryUntil(async () => (await open('10.4.0.3')).status === 200)).toBe(true);
    } finally {
      for (const feed of feeds) feed.abort();
    }
  });
});

describe('HTTP timeouts: a request that stops half-way is answered 408 and closed', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({
      env: {
        HITOS_HTTP_HEADERS_TIMEOUT_MS: '500',
        HITOS_HTTP_REQUEST_TIMEOUT_MS: '1000',
        HITOS_HTTP_IDLE_TIMEOUT_MS: '1500',
        // No heartbeat during the test: the live feed must stay open while silent.
        HITOS_SSE_HEARTBEAT_MS: '600000',
      },
    });
  });
  afterAll(() => stopApi(api));

  it('given a body promised 1,000 bytes long and 6 sent, then 408 and closed (Node holds it 5 minutes by default)', async () => {
    const { socket, closed } = await rawSocket(api);
    socket.write(
      'POST /api/action-plans HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"pla',
    );
    const answer = await within(closed, 10_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('given headers that never end, then 408 and closed', async () => {
    const { socket, closed } = await rawSocket(api);
    socket.write('GET /api/action-plans HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const answer = await within(closed, 10_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });

  it('given a silent live feed, then it stays open past every timeout', async () => {
    const controller = new AbortController();
    const res = await fetch(`${api.baseUrl}/api/live/commitments/silencio`, {
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    await reader.read(); // the `retry:` line
    const ended = reader.read().then(() => 'ended' as const);
    // Three times the request and idle timeouts: a feed under them would have been closed.
    expect(await within(ended, 3_000)).toBe('held');
    controller.abort();
    await ended.catch(() => undefined);
  });
});
