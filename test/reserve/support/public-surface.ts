/**
 * The public surface of hitos, as one explicit table: every GET route of the OpenAPI document,
 * the pages outside it, and how to fill each one's parameters from the histories the canary test
 * made. A route added to the API and not here fails the canary test (see `uncoveredRoutes`).
 */
import { parse as parseCsv } from 'csv-parse/sync';
import * as yauzl from 'yauzl';
import type { ApiHarness } from '../../api/support/api-harness';
import type { CommitmentFacts } from './canary-histories';

/** The ids and positions the canary test's histories produced. */
export interface World {
  planId: string;
  /** When each commitment's first and last events were recorded (read from the trail, not a clock). */
  recordedAt: Map<string, { first: string; last: string }>;
  commitments: CommitmentFacts[];
  institutionIds: readonly string[];
  organizationIds: readonly string[];
  /** When the last event of all histories was recorded. */
  lastRecordedAt: string;
  /** `$all` position after the last command of all histories. */
  lastPosition: string;
  /** A position half way through the histories (for the plan's past views). */
  middlePosition: string;
  /** The open-data files the data package lists (`commitments.csv`, `commitments.json`…). */
  openDataFiles: string[];
  /** An event id of each commitment (for inclusion proofs) and the log's size. */
  eventIds: string[];
  /** Correlation ids of the requests that reported progress, reviewed and answered. */
  correlationIds: string[];
  treeSize: number;
  /** Today as the app sees it (TEST_NOW's day). */
  today: string;
  /** The hashes of the files kept in the evidence store that the histories cite. */
  evidenceFiles: string[];
}

export type BodyKind = 'json' | 'text' | 'sse' | 'zip';

export interface RouteSpec {
  kind: BodyKind;
  /** The URLs to fetch (query string included), filled from the world. */
  urls(world: World): string[];
  /** A page not built yet may answer 404: kept in the table so it is checked once it exists. */
  mayBeMissing?: boolean;
  /**
   * What the Presidency must find here, so a scan that reads nothing cannot pass: classified
   * canaries (`classified`), public ones (`public`), or a body matching a pattern (a feed's
   * entries, a stream's messages).
   */
  carries?: 'classified' | 'public' | RegExp;
  /** Other server paths this entry reads (static assets served under one prefix). */
  covers?: string[];
  /**
   * Only the Presidency and auditors may read it (who may act for whom names people): every
   * other reader must be refused (401 without a token, 403 with one).
   */
  privileged?: boolean;
  /**
   * The statuses it answers by design besides 200, for every reader: a sign-in step fetched
   * out of its flow (no pending sign-in, no provider interaction) answers 400 with its page.
   */
  alsoAnswers?: number[];
  /**
   * A reader who may not read it is answered 404, as if it did not exist (a kept evidence file:
   * its existence is not told either).
   */
  hiddenAs404?: boolean;
}

/** The API's documentation: swagger-ui's page and assets, and the document itself. */
const DOCS_PATHS = [
  '/docs',
  '/docs/',
  '/docs/index.html',
  '/docs/LICENSE',
  '/docs/swagger-ui-init.js',
  '/docs/docs/swagger-ui-init.js',
  '/docs/openapi.json',
  '/docs-yaml',
];

const each = <T>(items: readonly T[], f: (item: T) => string[]): string[] => items.flatMap(f);
const ids = (w: World) => w.commitments.map((c) => c.commitmentId);
/** URLs of the first commitment that name moments (when its first and last events were recorded). */
const momentOfFirst = (
  w: World,
  f: (id: string, at: { first: string; last: string }) => string[],
): string[] => {
  const id = w.commitments[0].commitmentId;
  return f(id, w.recordedAt.get(id)!);
};
/** The audit trail as JSON (paged), CSV and NDJSON. */
const trailFormats = (path: string) => [`${path}`, `${path}?format=csv`, `${path}?format=ndjson`];

/**
 * Every route the canary test reads, keyed by its OpenAPI path (or, outside the document, its
 * own path). To add a route: add a line here saying how to fill its parameters.
 */
export const PUBLIC_SURFACE: Record<string, RouteSpec> = {
  // ── platform ──
  '/health': { kind: 'json', urls: () => ['/health'] },

  // ── evidence files (the bytes of each: public, reserved, confidential) ──
  '/api/evidence/{sha256}': {
    carries: 'classified',
    hiddenAs404: true,
    kind: 'text',
    urls: (w) => w.evidenceFiles.map((sha256) => `/api/evidence/${sha256}`),
  },

  // ── plan and registry ──
  '/api/action-plans': { kind: 'json', urls: () => ['/api/action-plans'] },
  '/api/action-plans/{planId}': { kind: 'json', urls: (w) => [`/api/action-plans/${w.planId}`] },
  '/api/institutions': { kind: 'json', urls: () => ['/api/institutions'] },
  '/api/institutions/{institutionId}': {
    kind: 'json',
    urls: (w) => each(w.institutionIds, (id) => [`/api/institutions/${id}`]),
  },
  '/api/organizations': { kind: 'json', urls: () => ['/api/organizations'] },
  '/api/organizations/{organizationId}': {
    kind: 'json',
    urls: (w) => each(w.organizationIds, (id) => [`/api/organizations/${id}`]),
  },

  // ── plan views (present and past) ──
  '/api/action-plans/{planId}/dashboard': {
    kind: 'json',
    urls: (w) => [
      `/api/action-plans/${w.planId}/dashboard`,
      `/api/action-plans/${w.planId}/dashboard?asOfPosition=${w.middlePosition}`,
      `/api/action-plans/${w.planId}/dashboard?asOfPosition=${w.lastPosition}`,
      `/api/action-plans/${w.planId}/dashboard?asOfPosition=${w.lastPosition}&asHappenedBy=${w.today}`,
      `/api/action-plans/${w.planId}/dashboard?asOf=${w.lastRecordedAt}`,
    ],
  },
  '/api/action-plans/{planId}/milestones/overdue': {
    kind: 'json',
    urls: (w) => [`/api/action-plans/${w.planId}/milestones/overdue`],
  },
  '/api/action-plans/{planId}/milestones/upcoming': {
    kind: 'json',
    urls: (w) => [`/api/action-plans/${w.planId}/milestones/upcoming?days=366`],
  },
  '/api/action-plans/{planId}/traffic-lights': {
    kind: 'json',
    urls: (w) => [`/api/action-plans/${w.planId}/traffic-lights`],
  },
  '/api/action-plans/{planId}/transfer-queue': {
    kind: 'json',
    urls: (w) => [`/api/action-plans/${w.planId}/transfer-queue`],
  },
  '/api/institutions/{id}/portfolio': {
    kind: 'json',
    urls: (w) =>
      each(w.institutionIds, (id) => [
        `/api/institutions/${id}/portfolio`,
        `/api/institutions/${id}/portfolio?asOfPosition=${w.middlePosition}`,
        `/api/institutions/${id}/portfolio?asOfPosition=${w.lastPosition}&asHappenedBy=${w.today}`,
      ]).concat(
        // A moment (asOf=) costs a search of $all by time: one institution reads it.
        [`/api/institutions/${w.institutionIds[0]}/portfolio?asOf=${w.lastRecordedAt}`],
      ),
  },
  '/api/organizations/{id}/review-queue': {
    carries: 'classified',
    kind: 'json',
    urls: (w) => each(w.organizationIds, (id) => [`/api/organizations/${id}/review-queue`]),
  },

  // ── commitments (present, past, diff) ──
  '/api/commitments': {
    kind: 'json',
    urls: (w) => [
      '/api/commitments',
      `/api/commitments?planId=${w.planId}`,
      `/api/commitments?institutionId=${w.institutionIds[0]}`,
      `/api/commitments?counterpartId=${w.organizationIds[0]}`,
      '/api/commitments?status=Closed',
    ],
  },
  '/api/commitments/{commitmentId}': {
    carries: 'classified',
    kind: 'json',
    urls: (w) =>
      each(w.commitments, (c) => [
        `/api/commitments/${c.commitmentId}`,
        `/api/commitments/${c.commitmentId}?asOfPosition=${c.positions.middle}`,
        `/api/commitments/${c.commitmentId}?asOfPosition=${c.positions.last}`,
        `/api/commitments/${c.commitmentId}?asOfPosition=${c.positions.last}&asHappenedBy=${w.today}`,
      ]).concat(
        // Moments (asOf=, from/to) cost a search of $all by time: the first, fullest history.
        momentOfFirst(w, (id, at) => [`/api/commitments/${id}?asOf=${at.last}`]),
      ),
  },
  '/api/commitments/{commitmentId}/diff': {
    carries: 'classified',
    kind: 'json',
    urls: (w) =>
      each(w.commitments, (c) => [
        `/api/commitments/${c.commitmentId}/diff?fromPosition=${c.positions.drafted}&toPosition=${c.positions.last}`,
        `/api/commitments/${c.commitmentId}/diff?fromPosition=${c.positions.middle}&toPosition=${c.positions.last}`,
      ]).concat(
        momentOfFirst(w, (id, at) => [
          `/api/commitments/${id}/diff?from=${at.first}&to=${at.last}`,
        ]),
      ),
  },

  // ── audit trail (JSON pages, CSV, NDJSON) and audit packages ──
  '/api/commitments/{id}/audit-trail': {
    carries: 'classified',
    kind: 'text',
    urls: (w) => each(ids(w), (id) => trailFormats(`/api/commitments/${id}/audit-trail`)),
  },
  '/api/institutions/{id}/audit-trail': {
    carries: 'classified',
    kind: 'text',
    urls: (w) =>
      each(w.institutionIds, (id) => trailFormats(`/api/institutions/${id}/audit-trail`)),
  },
  '/api/organizations/{id}/audit-trail': {
    carries: 'classified',
    kind: 'text',
    urls: (w) =>
      each(w.organizationIds, (id) => trailFormats(`/api/organizations/${id}/audit-trail`)),
  },
  '/api/action-plans/{id}/audit-trail': {
    carries: 'classified',
    kind: 'text',
    urls: (w) => trailFormats(`/api/action-plans/${w.planId}/audit-trail`),
  },
  '/api/audit-trail': {
    carries: 'classified',
    kind: 'text',
    urls: (w) => [
      ...trailFormats('/api/audit-trail'),
      ...w.correlationIds.map((id) => `/api/audit-trail?correlationId=${id}`),
    ],
  },
  '/api/commitments/{id}/audit-package': {
    carries: 'classified',
    kind: 'zip',
    urls: (w) => each(ids(w), (id) => [`/api/commitments/${id}/audit-package`]),
  },
  '/api/action-plans/{id}/audit-package': {
    carries: 'classified',
    kind: 'zip',
    urls: (w) => [`/api/action-plans/${w.planId}/audit-package`],
  },

  // ── live feeds (replayed from the start with Last-Event-ID: 0) ──
  '/api/live/action-plans/{planId}': {
    carries: /event: change/,
    kind: 'sse',
    urls: (w) => [`/api/live/action-plans/${w.planId}`],
  },
  '/api/live/commitments/{commitmentId}': {
    carries: /event: change/,
    kind: 'sse',
    urls: (w) => each(ids(w), (id) => [`/api/live/commitments/${id}`]),
  },

  // ── transparency log ──
  '/api/transparency/checkpoint': { kind: 'text', urls: () => ['/api/transparency/checkpoint'] },
  '/api/transparency/checkpoints': { kind: 'json', urls: () => ['/api/transparency/checkpoints'] },
  '/api/transparency/key': { kind: 'text', urls: () => ['/api/transparency/key'] },
  '/api/transparency/proofs/inclusion': {
    kind: 'json',
    urls: (w) =>
      w.eventIds.map(
        (e) => `/api/transparency/proofs/inclusion?eventId=${e}&treeSize=${w.treeSize}`,
      ),
  },
  '/api/transparency/proofs/consistency': {
    kind: 'json',
    urls: (w) => [`/api/transparency/proofs/consistency?from=1&to=${w.treeSize}`],
  },

  // ── open data and feeds ──
  '/api/open-data/datapackage.json': {
    kind: 'json',
    urls: () => ['/api/open-data/datapackage.json'],
  },
  '/api/open-data/{file}': {
    carries: 'public',
    kind: 'text',
    urls: (w) => w.openDataFiles.map((f) => `/api/open-data/${f}`),
  },
  '/api/open-data/action-plans/{id}/feed.atom': {
    carries: /<entry>/,
    kind: 'text',
    urls: (w) => [`/api/open-data/action-plans/${w.planId}/feed.atom`],
  },
  '/api/open-data/commitments/{id}/feed.atom': {
    carries: /<entry>/,
    kind: 'text',
    urls: (w) => each(ids(w), (id) => [`/api/open-data/commitments/${id}/feed.atom`]),
  },

  // ── who may act for whom (issue 15): people's grants, for the Presidency and auditors ──
  '/api/people/{sub}/grants': {
    kind: 'json',
    privileged: true,
    // No one in these histories holds a grant: the Presidency and auditors get 404 for a person
    // who never had one, everyone else is refused first.
    mayBeMissing: true,
    urls: () => ['/api/people/nadie-registrado/grants'],
  },
  '/api/institutions/{id}/people': {
    kind: 'json',
    privileged: true,
    urls: (w) => each(w.institutionIds, (id) => [`/api/institutions/${id}/people`]),
  },
  '/api/organizations/{id}/people': {
    kind: 'json',
    privileged: true,
    urls: (w) => each(w.organizationIds, (id) => [`/api/organizations/${id}/people`]),
  },

  // ── the signed-in person (issue 15): only ever their own ──
  '/api/me': { kind: 'json', urls: () => ['/api/me'] },
  // Tokens are a signed-in person's: an anonymous reader is refused, one with no grant too.
  '/api/me/tokens': { kind: 'json', alsoAnswers: [401, 403], urls: () => ['/api/me/tokens'] },
  // ── notices (issue 16): the addresses registered in the reader's own scope ──
  '/api/notices/recipients': {
    kind: 'json',
    alsoAnswers: [401, 403],
    urls: () => ['/api/notices/recipients'],
  },

  // ── outside the OpenAPI document: the parties' workspace (issue 15) ──
  // An anonymous reader is sent to sign in (the step out of its flow answers 400); a reader in
  // the public role is told they hold no role (403); a form not theirs is 403.
  '/trabajo': {
    kind: 'text',
    alsoAnswers: [400, 403],
    urls: () => ['/trabajo', '/trabajo?lang=en'],
  },
  '/trabajo/{formId}': {
    kind: 'text',
    alsoAnswers: [400, 403],
    urls: (w) => [
      `/trabajo/revisar-reporte?commitmentId=${w.commitments[0].commitmentId}`,
      `/trabajo/responder-objecion?commitmentId=${w.commitments[0].commitmentId}`,
      '/trabajo/decidir-transferencia',
      '/trabajo/evaluacion-mri',
    ],
  },
  '/workspace.js': { kind: 'text', urls: () => ['/workspace.js'] },

  // ── outside the OpenAPI document: signing in, each step fetched out of its flow ──
  '/auth/login': {
    kind: 'text',
    alsoAnswers: [400],
    urls: () => ['/auth/login', '/auth/login?returnTo=/trabajo'],
  },
  '/auth/callback': {
    kind: 'text',
    alsoAnswers: [400],
    urls: () => ['/auth/callback?code=x&state=y'],
  },
  '/auth/rol': { kind: 'text', alsoAnswers: [400], urls: () => ['/auth/rol'] },
  '/auth/dev/interaction/{uid}': {
    kind: 'text',
    alsoAnswers: [400],
    urls: () => ['/auth/dev/interaction/none'],
  },

  // ── outside the OpenAPI document: metrics, the portal's pages and assets ──
  '/': { kind: 'text', urls: () => ['/'] },
  '/portal.css': { kind: 'text', urls: () => ['/portal.css'] },
  '/portal.js': { kind: 'text', urls: () => ['/portal.js'] },
  '/planes/{planId}': {
    kind: 'text',
    urls: (w) => [`/planes/${w.planId}`, `/planes/${w.planId}?lang=en`],
  },
  '/docs': {
    kind: 'text',
    // swagger-ui registers /docs/LICENSE and answers 404 there: covered, not read.
    urls: () => DOCS_PATHS.filter((p) => p !== '/docs/LICENSE'),
    covers: DOCS_PATHS,
  },
  '/metrics': { kind: 'text', urls: () => ['/metrics'] },
  '/compromisos/{commitmentId}': {
    kind: 'text',
    carries: 'public',
    urls: (w) => each(ids(w), (id) => [`/compromisos/${id}`, `/compromisos/${id}?lang=en`]),
  },
  '/instituciones/{institutionId}': {
    kind: 'text',
    urls: (w) => each(w.institutionIds, (id) => [`/instituciones/${id}`]),
  },
  '/organizaciones/{organizationId}': {
    kind: 'text',
    urls: (w) => each(w.organizationIds, (id) => [`/organizaciones/${id}`]),
  },
};

/** The OpenAPI document's GET routes the table does not cover (and whether each is public). */
export function uncoveredRoutes(openapi: any): string[] {
  return Object.entries(openapi.paths as Record<string, any>)
    .filter(([path, ops]) => ops.get && !(path in PUBLIC_SURFACE))
    .map(([path, ops]) => `${path}${ops.get.security ? ' (needs a token)' : ''}`);
}

/**
 * The GET routes the server itself has (its Express router, `:param` as `{param}`) that the
 * table does not cover: a route left out of the OpenAPI document is caught here.
 */
export function uncoveredServerRoutes(expressApp: any): string[] {
  const router = expressApp.router ?? expressApp._router;
  const covered = new Set<string>(Object.keys(PUBLIC_SURFACE));
  for (const spec of Object.values(PUBLIC_SURFACE))
    for (const p of spec.covers ?? []) covered.add(p);
  const paths: string[] = [];
  for (const layer of router?.stack ?? []) {
    const route = layer.route;
    if (!route?.methods?.get || typeof route.path !== 'string') continue;
    // A middleware mounted for every method (the request logger, the prefix's exclusions) is
    // no route of its own.
    if (route.methods.post) continue;
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    if (!covered.has(path)) paths.push(path);
  }
  return paths;
}

/** The GET routes of the document whose operation asks for no token. */
export function publicGetRoutes(openapi: any): string[] {
  return Object.entries(openapi.paths as Record<string, any>)
    .filter(([, ops]) => ops.get && !ops.get.security)
    .map(([path]) => path);
}

export interface Fetched {
  route: string;
  url: string;
  status: number;
  contentType: string;
  /** Every byte of the answer as text: each page of a paged list, each entry of a zip. */
  text: string;
  /** The answers' headers, as `name: value` lines (scanned too). */
  headers: string;
  /** The parsed JSON of a JSON answer (first page). */
  json?: any;
  /** The zip's entries, each as text. */
  entries?: Map<string, string>;
  /** How long the answer took, for the timing summary. */
  ms: number;
}

/** Reads the body of a Server-Sent Events answer until it has been quiet for `quietMs`. */
async function readStream(res: Response, quietMs = 500, maxMs = 5_000): Promise<string> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const started = Date.now();
  for (;;) {
    const next = reader.read();
    const timeout = new Promise<'quiet'>((r) => setTimeout(() => r('quiet'), quietMs).unref());
    const chunk = await Promise.race([next, timeout]);
    if (chunk === 'quiet' || Date.now() - started > maxMs) break;
    if (chunk.done) break;
    text += decoder.decode(chunk.value, { stream: true });
  }
  await reader.cancel().catch(() => undefined);
  return text;
}

export async function unzipText(bytes: Buffer): Promise<Map<string, string>> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(bytes, { lazyEntries: true }, (error, file) =>
      error ? reject(error) : resolve(file),
    ),
  );
  const files = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          files.set(entry.fileName, Buffer.concat(chunks).toString('utf8'));
          zip.readEntry();
        });
        stream.on('error', reject);
      });
    });
    zip.on('end', resolve);
    zip.on('error', reject);
    zip.readEntry();
  });
  return files;
}

/** Sets the page's `limit` and `offset` (lists are paged; the rest follows `total`). */
function withLimit(url: string, limit: number, offset: number): string {
  const [path, query = ''] = url.split('?');
  const params = new URLSearchParams(query);
  params.set('limit', String(limit));
  if (offset) params.set('offset', String(offset));
  return `${path}?${params.toString()}`;
}

/** One URL of the table as `token` reads it, the whole answer as text. */
export async function fetchRoute(
  api: Pick<ApiHarness, 'baseUrl'>,
  route: string,
  kind: BodyKind,
  url: string,
  token: string | undefined,
  /** Paged routes and the largest page each allows (from the OpenAPI document). */
  pagedRoutes: ReadonlyMap<string, number>,
): Promise<Fetched> {
  const started = performance.now();
  let headerText = '';
  /** Headers are scanned too (a filename, a Link or an ETag could carry text). */
  const withHeaders = (res: Response) => {
    headerText += [...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n') + '\n';
    return res;
  };
  const done = (f: Omit<Fetched, 'ms' | 'headers'>): Fetched => ({
    ...f,
    headers: headerText,
    ms: performance.now() - started,
  });
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  if (kind === 'sse') {
    const controller = new AbortController();
    const res = withHeaders(
      await fetch(`${api.baseUrl}${url}`, {
        headers: { ...headers, 'last-event-id': '0' },
        signal: controller.signal,
      }),
    );
    const text = res.ok ? await readStream(res) : await res.text();
    controller.abort();
    return done({
      route,
      url,
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      text,
    });
  }
  const limit = pagedRoutes.get(route) ?? 0;
  const paged = limit > 0 && !/format=/.test(url);
  const first = paged ? withLimit(url, limit, 0) : url;
  const res = withHeaders(await fetch(`${api.baseUrl}${first}`, { headers }));
  const contentType = res.headers.get('content-type') ?? '';
  if (kind === 'zip' && res.ok && /zip/.test(contentType)) {
    const entries = await unzipText(Buffer.from(await res.arrayBuffer()));
    const text = [...entries].map(([name, body]) => `--- ${name}\n${body}`).join('\n');
    return done({ route, url, status: res.status, contentType, text, entries });
  }
  let text = await res.text();
  let json: any;
  if (/json/.test(contentType) && !/ndjson/.test(contentType) && text) {
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
  }
  // Follow the pages of a paged list so nothing past the first page escapes the scan.
  if (paged && res.ok && json && Array.isArray(json.items) && typeof json.total === 'number') {
    for (let offset = json.items.length; offset < json.total; offset += limit) {
      const page = withHeaders(
        await fetch(`${api.baseUrl}${withLimit(url, limit, offset)}`, { headers }),
      );
      text += `\n${await page.text()}`;
    }
  }
  return done({ route, url, status: res.status, contentType, text, json });
}

/** Runs `f` over `items` with at most `limit` at a time, keeping order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  f: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await f(items[i]);
      }
    }),
  );
  return results;
}

/**
 * All of an answer that is scanned: its headers, its body, and what any long base64 run in it
 * decodes to (a leak must not hide in an encoded copy of an event).
 */
export const scanned = (f: Fetched): string => {
  const cached = scannedTexts.get(f);
  if (cached !== undefined) return cached;
  const text = `${f.headers}\n${f.text}`;
  const decoded = (text.match(/[A-Za-z0-9+/_-]{64,}={0,2}/g) ?? []).map((run) =>
    Buffer.from(run, /[-_]/.test(run) ? 'base64url' : 'base64').toString('latin1'),
  );
  const all = decoded.length ? `${text}\n${decoded.join('\n')}` : text;
  scannedTexts.set(f, all);
  return all;
};
const scannedTexts = new WeakMap<Fetched, string>();

/** The JSON paths (array indices as `[]`) whose string value contains `needle`. */
function jsonPaths(
  value: unknown,
  needle: string,
  path = '$',
  out = new Set<string>(),
): Set<string> {
  if (typeof value === 'string') {
    if (value.toLowerCase().includes(needle)) out.add(path);
  } else if (Array.isArray(value)) {
    for (const item of value) jsonPaths(item, needle, `${path}[]`, out);
  } else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) jsonPaths(item, needle, `${path}.${key}`, out);
  }
  return out;
}

/** Where in a body of some format `needle` is: JSON paths, CSV columns, or just "text". */
function placesIn(name: string, body: string, needle: string): string[] {
  const places = new Set<string>();
  const json = (text: string, prefix: string) => {
    try {
      for (const p of jsonPaths(JSON.parse(text), needle)) places.add(`${prefix}${p}`);
      return true;
    } catch {
      return false;
    }
  };
  if (/\.csv$|format=csv|text\/csv/.test(name)) {
    try {
      const rows = parseCsv(body, { columns: true, relax_column_count: true }) as Record<
        string,
        string
      >[];
      for (const row of rows)
        for (const [column, cell] of Object.entries(row))
          if (cell?.toLowerCase().includes(needle)) places.add(`csv column ${column}`);
      if (places.size) return [...places];
    } catch {
      // not CSV after all
    }
  }
  if (json(body, '')) return places.size ? [...places] : ['text'];
  // NDJSON, or Server-Sent Events' data lines.
  for (const line of body.split('\n')) {
    if (!line.toLowerCase().includes(needle)) continue;
    const data = line.startsWith('data: ') ? line.slice(6) : line;
    if (!json(data, line.startsWith('data: ') ? 'data ' : '')) places.add('text');
  }
  return places.size ? [...places] : ['text'];
}

/** Where in an answer a canary appears: header, zip entry and path inside it. */
export function whereIn(f: Fetched, canary: string): string[] {
  const needle = canary.toLowerCase();
  const places: string[] = [];
  if (f.headers.toLowerCase().includes(needle)) places.push('header');
  if (f.entries) {
    for (const [name, body] of f.entries)
      if (body.toLowerCase().includes(needle))
        places.push(...placesIn(name, body, needle).map((p) => `${name} ${p}`));
  } else if (f.text.toLowerCase().includes(needle)) {
    // A paged list is its pages one after another: each page on its own.
    const pages = f.json && f.text.includes('\n{') ? f.text.split(/\n(?=\{)/) : [f.text];
    for (const page of pages)
      if (page.toLowerCase().includes(needle))
        places.push(...placesIn(`${f.url} ${f.contentType}`, page, needle));
  }
  return [...new Set(places)];
}
