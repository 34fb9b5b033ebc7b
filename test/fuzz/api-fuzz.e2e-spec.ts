/**
 * Issue 17 §2, the fuzz suite: every operation of the OpenAPI document (and the portal's,
 * workspace's and sign-in's pages, which it does not list), sent a bounded, seeded set of
 * hostile requests — wrong types, huge strings, deep JSON, prototype keys, unicode oddities;
 * missing, garbage, expired, wrongly signed and `alg: none` tokens; bad If-Match,
 * Idempotency-Key and Content-Type; wrong methods; path parameters with `../`, `%00` and broken
 * escapes. It asserts: never a 5xx (nor a request left unanswered), never an event appended by
 * a request that was refused (each event's correlation id, read back with the official client,
 * must be that of a request answered 2xx), and the server still answers `/health` at the end.
 *
 * Deterministic: a fixed seed drives one PRNG, and the requests go in a fixed order, a few at a
 * time. FUZZ_SEED and FUZZ_ROUNDS change the seed and the number of rounds over the operations.
 */
import { request as httpRequest, Agent } from 'node:http';
import { JwtService } from '@nestjs/jwt';
import { EventStoreDBClient, FORWARDS, START } from '@eventstore/db-client';
import { EventStoreConnection } from '@hitos/event-store';
import { SECRET, http, startApi, stopApi, type ApiHarness } from '../api/support/api-harness';
import { PORTAL_FORM_ROUTES, PORTAL_ROUTES } from '../../apps/api/src/portal/portal.controller';
import { WORKSPACE_ROUTES } from '../../apps/api/src/workspace/workspace.controller';
import { SIGN_IN_ROUTES } from '../../apps/api/src/auth/sign-in/sign-in.controller';
import { DEMO_COMMITMENT_ID, DEMO_PLAN_ID } from '../../apps/api/src/demo/demo-plan';

const SEED = Number(process.env.FUZZ_SEED ?? 20261203);
/** Rounds over every operation; each round sends one request of every kind per operation. */
const ROUNDS = Number(process.env.FUZZ_ROUNDS ?? 3);
/** Requests under way at once. */
const CONCURRENCY = 6;
/** A request not answered within this is an offender (a hang). */
const ANSWER_WITHIN_MS = 15_000;

/** mulberry32: a small, fast, seeded PRNG. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)],
  };
}
type Rng = ReturnType<typeof prng>;

interface Schema {
  $ref?: string;
  type?: string;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  example?: unknown;
  allOf?: Schema[];
  oneOf?: Schema[];
  anyOf?: Schema[];
}
interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  queryParams: string[];
  body?: Schema;
  contentType?: string;
  documented: boolean;
}
interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  kind: string;
}
interface Answer {
  request: FuzzRequest;
  status: number | 'no answer' | 'refused by the client';
  correlationId?: string;
  snippet: string;
}

const ALL_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

/** Hostile path segments, raw (the client sends them as they are: no normalisation). */
const HOSTILE_SEGMENTS = [
  '..%2F..%2Fetc%2Fpasswd',
  '../../etc/passwd',
  '..',
  '%00',
  'a%00b',
  '%ZZ',
  '%',
  '%C0%AE%C0%AE',
  '%F0%9F%92%A9',
  '%E2%80%AE%D8%A7',
  '%EF%BC%A1%EF%BC%A2',
  '%ED%A0%80',
  '__proto__',
  'constructor',
  'prototype',
  '-1',
  '1e20',
  ' ',
  '%20',
  '.',
  'x'.repeat(3000),
  'MAYÚSCULAS',
  'a;b=c',
  '%3Cscript%3E',
];
/** Well-formed ids, some of the demo's, so that real resources are reached too. */
const PLAIN_IDS = [
  'ec-paea-2026-2027',
  'calidad-servicios-publicos',
  'mdt',
  'sercop',
  'fundacion-alianza-estrategica',
  'no-existe',
  'commitments.json',
  'datapackage.json',
];
const HOSTILE_QUERY_VALUES = [
  'abc',
  '-1',
  '0',
  '1e999',
  '1e20',
  '99999999999999999999999',
  '',
  '%00',
  '%ZZ',
  'x'.repeat(5000),
  'true',
  'null',
  '[]',
  '{}',
  '2026-02-30',
  '2026-11-24T15:00:00Z',
  '9999-12-31',
  '%E2%80%AE',
  '..%2F',
];
const HOSTILE_STRINGS = [
  '',
  ' ',
  'x'.repeat(70_000),
  '\u0000',
  '\ud800',
  '\u202e\u0627',
  '💩'.repeat(50),
  'e\u0301',
  '\ufeff',
  '<script>alert(1)</script>',
  "'; DROP TABLE x; --",
  '../../etc/passwd',
  '%00',
  '__proto__',
  '2026-02-30',
  '-1',
  'null',
];
const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  [],
  [null],
  {},
  { __proto__: null, $ref: '#' },
  ...HOSTILE_STRINGS,
];
/** Bodies that are not JSON at all, or not the JSON asked for. */
const RAW_BODIES = [
  '',
  'null',
  '[]',
  '"texto"',
  '123',
  '{',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  'NaN',
  '{"a":NaN}',
  '\u0000',
  '{"a":"\\ud800"}',
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  `{"a":${'['.repeat(40)}${']'.repeat(40)}}`,
  `${'['.repeat(20_000)}`,
  `{"a":${'{"a":'.repeat(3_000)}1${'}'.repeat(3_000)}}`,
  JSON.stringify({ a: 'x'.repeat(400_000) }),
  '{"a":1,"a":2}',
];
const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/merge-patch+json',
  'application/xml',
  'application/json; charset=latin1',
  '*/*',
];
const IF_MATCH = [
  'W/"1"',
  'W/"-1"',
  '"0"',
  'W/"99999999999999999999999"',
  '*',
  'W/"abc"',
  'garbage',
  'W/"1", W/"2"',
  '""',
];
const IDEMPOTENCY_KEYS = ['', ' ', 'k'.repeat(2000), 'ñandú', 'a b', '../x', '\t'];

/** Tokens that must all be refused (401), and a few good ones whose bodies are hostile. */
function tokens(api: ApiHarness) {
  const right = new JwtService({ secret: SECRET });
  const wrong = new JwtService({ secret: 'not-the-secret' });
  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { sub: 'fuzz', role: 'presidency' };
  const refused = [
    'garbage',
    'a.b.c',
    '..',
    `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ ...claims, exp: 4102444800 })}.`,
    `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64({ ...claims, exp: 4102444800 })}.AAAA`,
    right.sign({ ...claims, exp: 1_000 }, { algorithm: 'HS256' }),
    right.sign(claims, { algorithm: 'HS256' }),
    wrong.sign(claims, { algorithm: 'HS256', expiresIn: 3600 }),
    right.sign({ sub: 'fuzz', role: 'emperor' }, { algorithm: 'HS256', expiresIn: 3600 }),
    right.sign({ sub: '', role: 'auditor' }, { algorithm: 'HS256', expiresIn: 3600 }),
    right.sign({ sub: ['x'], role: 'auditor' }, { algorithm: 'HS256', expiresIn: 3600 }),
    'hitos_pat_fuzz_0000000000000000000000000000',
    'x'.repeat(8000),
  ];
  const accepted = [
    api.token('presidency'),
    api.token('auditor'),
    api.token('institution', 'mdt'),
    api.token('counterpart', 'fundacion-alianza-estrategica'),
    api.token('public' as never),
    api.token('institution', 'mdt', 'persona-idp', { idp: true }),
    api.token('institution', '__proto__'),
  ];
  return { refused, accepted };
}

function operationsOf(doc: {
  paths: Record<string, Record<string, any>>;
  components?: { schemas?: Record<string, Schema> };
}): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (!ALL_METHODS.includes(method.toUpperCase())) continue;
      const params = (op.parameters ?? []) as { name: string; in: string }[];
      const content = op.requestBody?.content as Record<string, { schema?: Schema }> | undefined;
      const contentType = content ? Object.keys(content)[0] : undefined;
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: params.filter((p) => p.in === 'query').map((p) => p.name),
        body: contentType ? content![contentType].schema : undefined,
        contentType,
        documented: true,
      });
    }
  }
  // The HTML pages and the sign-in, outside the document.
  const pages = [...PORTAL_ROUTES, ...WORKSPACE_ROUTES, ...SIGN_IN_ROUTES].map((route) =>
    `/${route}`.replace(/^\/\//, '/').replace(/:(\w+)/g, '{$1}'),
  );
  for (const path of pages) {
    operations.push({
      method: 'GET',
      path,
      pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
      queryParams: ['returnTo', 'lang', 'pregunta', 'state', 'code', 'error'],
      documented: false,
    });
  }
  for (const route of [...PORTAL_FORM_ROUTES, 'auth/logout', 'auth/rol', 'auth/acting-as']) {
    const path = `/${route}`.replace(/:(\w+)/g, '{$1}');
    operations.push({
      method: 'POST',
      path,
      pathParams: [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]),
      queryParams: [],
      contentType: 'application/x-www-form-urlencoded',
      documented: false,
    });
  }
  return operations;
}

/** A value of the schema's shape (its examples where it has them): the base that is then broken. */
function sample(schema: Schema | undefined, schemas: Record<string, Schema>, depth = 0): unknown {
  if (!schema || depth > 6) return 'x';
  if (schema.$ref) return sample(schemas[schema.$ref.split('/').pop()!], schemas, depth + 1);
  if (schema.example !== undefined) return structuredClone(schema.example);
  if (schema.enum?.length) return schema.enum[0];
  const composed = schema.allOf?.[0] ?? schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (composed) return sample(composed, schemas, depth + 1);
  switch (schema.type) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [sample(schema.items, schemas, depth + 1)];
    case 'string':
      return 'x';
    default: {
      const object: Record<string, unknown> = {};
      for (const [key, property] of Object.entries(schema.properties ?? {})) {
        object[key] = sample(property, schemas, depth + 1);
      }
      return object;
    }
  }
}

/** Replaces one leaf (or adds a key) somewhere in `value` with a hostile value. */
function corrupt(value: unknown, rng: Rng): unknown {
  if (value === null || typeof value !== 'object') return rng.pick(HOSTILE_VALUES);
  const copy: any = Array.isArray(value) ? [...value] : { ...value };
  const keys = Object.keys(copy);
  if (keys.length === 0 || rng.next() < 0.15) {
    copy[rng.pick(['__proto__x', 'extra', 'ñ', '', 'constructorx'])] = rng.pick(HOSTILE_VALUES);
    return copy;
  }
  const key = rng.pick(keys);
  copy[key] = rng.next() < 0.5 ? corrupt(copy[key], rng) : rng.pick(HOSTILE_VALUES);
  return copy;
}

/** The demo's own ids by parameter name, so that most requests reach a real resource. */
const REAL_IDS: Record<string, string> = {
  planId: DEMO_PLAN_ID,
  commitmentId: DEMO_COMMITMENT_ID,
  id: 'mdt',
  institutionId: 'mdt',
  organizationId: 'fundacion-alianza-estrategica',
  milestoneId: 'h1',
  file: 'commitments.json',
  sub: 'demo-mdt-institution',
  treeSize: '1',
};

function fillPath(op: Operation, rng: Rng, hostile: boolean): string {
  let path = op.path;
  for (const name of op.pathParams) {
    const real = REAL_IDS[name];
    const value = hostile
      ? rng.pick(HOSTILE_SEGMENTS)
      : real && rng.next() < 0.7
        ? real
        : rng.pick(PLAIN_IDS);
    path = path.replace(`{${name}}`, value);
  }
  return path;
}

function query(op: Operation, rng: Rng): string {
  const names = [...op.queryParams, 'limit', 'offset', 'waitFor', '__proto__[x]', 'a[b][c]'];
  const parts: string[] = [];
  for (let i = 0; i < 1 + rng.int(3); i++) {
    const name = rng.pick(names);
    parts.push(`${name}=${rng.pick(HOSTILE_QUERY_VALUES)}`);
    if (rng.next() < 0.2) parts.push(`${name}=${rng.pick(HOSTILE_QUERY_VALUES)}`);
  }
  return `?${parts.join('&')}`;
}

/** The requests of one round for one operation: one of each kind. */
function requestsFor(
  op: Operation,
  rng: Rng,
  schemas: Record<string, Schema>,
  auth: ReturnType<typeof tokens>,
  /** A token the route admits (found by a probe), so that hostile bodies reach validation. */
  admitted: string | undefined,
): FuzzRequest[] {
  const writes = op.method !== 'GET';
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  const json = (body: unknown) => JSON.stringify(body);
  const base = sample(op.body, schemas) ?? {};
  const good = admitted && rng.next() < 0.8 ? admitted : rng.pick(auth.accepted);
  const contentType = op.contentType ?? 'application/json';
  const list: FuzzRequest[] = [
    // No credential, or a refused one: the body may even be right.
    {
      kind: 'no token',
      method: op.method,
      path: fillPath(op, rng, false),
      headers: writes ? { 'content-type': contentType } : {},
      body: writes ? json(base) : undefined,
    },
    {
      kind: 'refused token',
      method: op.method,
      path: fillPath(op, rng, false),
      headers: {
        ...bearer(rng.pick(auth.refused)),
        ...(writes ? { 'content-type': contentType } : {}),
      },
      body: writes ? json(base) : undefined,
    },
    {
      kind: 'malformed authorization',
      method: op.method,
      path: fillPath(op, rng, false),
      headers: {
        authorization: rng.pick(['Bearer', 'Bearer  ', 'Basic Zm9vOmJhcg==', 'bearer a b', 'x']),
      },
    },
    // Hostile path parameters and query.
    {
      kind: 'hostile path',
      method: op.method,
      path: fillPath(op, rng, true),
      headers: { ...bearer(good), ...(writes ? { 'content-type': contentType } : {}) },
      body: writes ? json(base) : undefined,
    },
    {
      kind: 'hostile query',
      method: op.method,
      path: fillPath(op, rng, false) + query(op, rng),
      headers: bearer(good),
    },
    // A method the route does not have.
    {
      kind: 'wrong method',
      method: rng.pick(ALL_METHODS.filter((m) => m !== op.method)),
      path: fillPath(op, rng, false),
      headers: { ...bearer(good), 'content-type': 'application/json' },
      body: '{}',
    },
    // Hostile headers.
    {
      kind: 'hostile headers',
      method: op.method,
      path: fillPath(op, rng, false),
      headers: {
        ...bearer(good),
        'if-match': rng.pick(IF_MATCH),
        'idempotency-key': rng.pick(IDEMPOTENCY_KEYS),
        'accept-language': rng.pick(['en', 'xx-YY;q=abc', '*', 'es;q=2']),
        accept: rng.pick(['text/csv', 'application/x-ndjson', '*/*', 'image/png', 'nonsense']),
        'last-event-id': rng.pick(['-1', 'abc', '1'.repeat(30), '0']),
        ...(writes ? { 'content-type': rng.pick(CONTENT_TYPES) } : {}),
      },
      body: writes ? json(corrupt(base, rng)) : undefined,
    },
  ];
  if (writes) {
    // Bodies: a corrupted field, raw non-JSON, a wrong content type.
    list.push(
      {
        kind: 'corrupted body',
        method: op.method,
        path: fillPath(op, rng, false),
        headers: { ...bearer(good), 'content-type': 'application/json' },
        body: json(corrupt(corrupt(base, rng), rng)),
      },
      {
        kind: 'raw body',
        method: op.method,
        path: fillPath(op, rng, false),
        headers: { ...bearer(good), 'content-type': rng.pick(CONTENT_TYPES.slice(0, 4)) },
        body: rng.pick(RAW_BODIES),
      },
    );
  }
  return list;
}

/** One request over a raw client: the path goes as it is, whatever its escapes. */
function send(baseUrl: string, agent: Agent, request: FuzzRequest): Promise<Answer> {
  const url = new URL(baseUrl);
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: Omit<Answer, 'request'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ request, ...answer });
    };
    let req: ReturnType<typeof httpRequest>;
    try {
      req = httpRequest({
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        agent,
      });
    } catch (error) {
      // Node's client refuses to send it (e.g. a path with a space): nothing reached hitos.
      resolve({ request, status: 'refused by the client', snippet: (error as Error).message });
      return;
    }
    const timer = setTimeout(() => {
      req.destroy();
      done({ status: 'no answer', snippet: '' });
    }, ANSWER_WITHIN_MS);
    req.on('response', (res) => {
      const correlationId = res.headers['x-correlation-id'] as string | undefined;
      // A live feed answers 200 and stays open: its headers are the answer.
      if (String(res.headers['content-type']).startsWith('text/event-stream')) {
        res.destroy();
        done({ status: res.statusCode!, correlationId, snippet: 'event-stream' });
        return;
      }
      let text = '';
      res.on('data', (chunk: Buffer) => {
        if (text.length < 400) text += chunk.toString('utf8');
      });
      res.on('end', () =>
        done({ status: res.statusCode!, correlationId, snippet: text.slice(0, 400) }),
      );
      res.on('error', () => done({ status: res.statusCode!, correlationId, snippet: text }));
    });
    req.on('error', (error) => done({ status: 'no answer', snippet: error.message }));
    req.end(request.body);
  });
}

describe('fuzz: hostile requests on every route never get a 5xx, never append, never stop the server', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ demo: true });
  });
  afterAll(() => stopApi(api));

  it(`answers every request (seed ${SEED}, ${ROUNDS} rounds) below 500, appends only for 2xx, and still answers /health`, async () => {
    const doc = (await http(api, 'GET', '/docs/openapi.json')).body;
    const schemas = (doc.components?.schemas ?? {}) as Record<string, Schema>;
    const operations = operationsOf(doc);
    expect(operations.filter((o) => o.documented).length).toBeGreaterThan(50);

    const client = EventStoreDBClient.connectionString(
      api.app.get(EventStoreConnection).connectionString,
    );
    const seen = new Set<string>();
    const readNewEvents = async () => {
      const fresh: { type: string; correlationId?: string; stream: string }[] = [];
      for await (const resolved of client.readAll({ direction: FORWARDS, fromPosition: START })) {
        const event = resolved.event;
        if (!event || event.type.startsWith('$') || seen.has(event.id)) continue;
        seen.add(event.id);
        const metadata = event.metadata as { $correlationId?: string } | undefined;
        fresh.push({
          type: event.type,
          correlationId: metadata?.$correlationId,
          stream: event.streamId,
        });
      }
      return fresh;
    };
    // The demo's events, before the fuzz.
    await readNewEvents();

    const rng = prng(SEED);
    const auth = tokens(api);
    // A connection per request: a kept-alive one the server closed after a refusal would be
    // reused by the client and read as a hang-up.
    const agent = new Agent({ keepAlive: false, maxSockets: CONCURRENCY });
    const answers: Answer[] = [];
    // A probe: which of the good tokens each command admits (not 401/403), with an empty body.
    const admitted = new Map<Operation, string>();
    for (const op of operations.filter((o) => o.documented && o.method !== 'GET')) {
      for (const token of auth.accepted) {
        const answer = await send(api.baseUrl, agent, {
          kind: 'role probe',
          method: op.method,
          path: fillPath(op, prng(1), false),
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: '{}',
        });
        answers.push(answer);
        if (answer.status !== 401 && answer.status !== 403) {
          admitted.set(op, token);
          break;
        }
      }
    }
    const requests: FuzzRequest[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (const op of operations) {
        requests.push(...requestsFor(op, rng, schemas, auth, admitted.get(op)));
      }
    }
    try {
      for (let i = 0; i < requests.length; i += CONCURRENCY) {
        const batch = requests.slice(i, i + CONCURRENCY);
        answers.push(...(await Promise.all(batch.map((r) => send(api.baseUrl, agent, r)))));
      }
    } finally {
      agent.destroy();
    }

    const describe = (a: Answer) =>
      `${a.status} ${a.request.method} ${a.request.path.slice(0, 200)} [${a.request.kind}] ${JSON.stringify(a.request.headers).slice(0, 300)} body=${String(a.request.body ?? '').slice(0, 200)} → ${a.snippet.slice(0, 200)}`;
    const offenders = answers.filter(
      (a) => a.status === 'no answer' || (typeof a.status === 'number' && a.status >= 500),
    );
    if (process.env.FUZZ_DEBUG) {
      const kinds = offenders.reduce<Record<string, number>>((acc, a) => {
        const k = `${a.status} ${a.request.kind} ${a.snippet.slice(0, 60)}`;
        acc[k] = (acc[k] ?? 0) + 1;
        return acc;
      }, {});
      process.stdout.write(JSON.stringify(kinds, null, 1) + '\n');
    }
    expect(offenders.map(describe)).toEqual([]);

    const statusOf = new Map(
      answers.filter((a) => a.correlationId).map((a) => [a.correlationId!, a.status]),
    );
    const appended = await readNewEvents();
    // The transparency log signs its checkpoints outside any request's context (the same code
    // signs on its timer): those carry no correlation id, and there may be one per signing
    // request answered 200 at most.
    let signings = answers.filter(
      (a) =>
        a.status === 200 &&
        a.request.method === 'POST' &&
        a.request.path.startsWith('/api/transparency/checkpoints') &&
        !a.request.path.includes('cosignatures'),
    ).length;
    const byRefused = appended.filter((event) => {
      if (!event.correlationId && event.type === 'CheckpointSigned' && signings > 0) {
        signings--;
        return false;
      }
      const status = event.correlationId ? statusOf.get(event.correlationId) : undefined;
      return !(typeof status === 'number' && status >= 200 && status < 300);
    });
    expect(byRefused).toEqual([]);

    expect((await http(api, 'GET', '/health')).status).toBe(200);
    // What the run covered, for the log of a failing CI run.
    const counts = answers.reduce<Record<string, number>>((acc, a) => {
      acc[String(a.status)] = (acc[String(a.status)] ?? 0) + 1;
      return acc;
    }, {});
    expect(answers.length).toBeGreaterThan(requests.length);
    expect(answers.length).toBeGreaterThan(2000);
    process.stdout.write(
      `fuzz: ${answers.length} requests over ${operations.length} operations (${admitted.size} commands admitting a test token), seed ${SEED}; statuses ${JSON.stringify(counts)}; ${appended.length} events appended by 2xx commands\n`,
    );
    await client.dispose();
  });
});
