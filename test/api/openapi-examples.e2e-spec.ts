import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';

/**
 * Every public query of the API documents its answer with an example: a real one, of the demo
 * plan on the test day. `HITOS_WRITE_OPENAPI_EXAMPLES=1` writes them
 * (apps/api/src/open-data/openapi-response-examples.json); without it, each documented example must have
 * the keys of the live answer, so an answer that changes shape fails here until its example is
 * written again.
 */
const WRITE = process.env.HITOS_WRITE_OPENAPI_EXAMPLES === '1';
const FILE = join(__dirname, '../../apps/api/src/open-data/openapi-response-examples.json');

const IDS: Record<string, string> = {
  'action-plans': 'ec-paea-2026-2027',
  commitments: 'calidad-servicios-publicos',
  institutions: 'mdt',
  organizations: 'fundacion-alianza-estrategica',
  people: 'demo-mdt',
};
/**
 * Queries for the Presidency and auditors only (people's grants are personal data): asked with
 * an auditor's token, their examples are the demo's people.
 */
const RESTRICTED = [/^\/api\/people\//, /\/people$/];
/** The signed-in person's own queries: asked as the demo's ministry director. */
const PERSONAL = /^\/api\/(me|notices)(\/|$)/;
/** Queries that answer a stream, a zip or a file: their examples are in their controllers. */
const NOT_JSON = [/^\/api\/live\//, /\/audit-package$/, /^\/api\/evidence\/\{sha256\}$/];
/** Queries that answer text: the example is the text (a feed cut after its first entry). */
const TEXT: Record<string, string> = {
  '/api/open-data/{file}': 'text/csv',
  '/api/open-data/action-plans/{id}/feed.atom': 'application/atom+xml',
  '/api/open-data/commitments/{id}/feed.atom': 'application/atom+xml',
  '/api/transparency/checkpoint': 'text/plain',
  '/api/transparency/key': 'text/plain',
};
/** Queries whose required parameters the test fills in. */
const QUERY: Record<string, (api: ApiHarness) => Promise<string>> = {
  '/api/transparency/proofs/inclusion': async (api) => {
    const trail = await http(
      api,
      'GET',
      '/api/commitments/calidad-servicios-publicos/audit-trail?limit=1',
    );
    return `?eventId=${trail.body.items[0].eventId}&treeSize=${trail.body.items[0].leaf.index + 1}`;
  },
  '/api/transparency/proofs/consistency': async () => '?from=1&to=2',
  '/api/commitments/{commitmentId}/diff': async () => '?from=2026-02-01&to=2026-11-24',
};

/** Lists cut to two items, recursively, so an example stays readable. */
const trimmed = (value: unknown): unknown =>
  Array.isArray(value)
    ? value.slice(0, 2).map(trimmed)
    : value && typeof value === 'object'
      ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimmed(v)]))
      : value;

describe('OpenAPI: every public query documents its answer with an example', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({ demo: true });
    // A signed checkpoint, so that the checkpoint queries have one to show.
    const signed = await http(api, 'POST', '/api/transparency/checkpoints', {
      token: api.token('auditor'),
      body: {},
    });
    expect(signed.status).toBe(200);
  });
  afterAll(() => stopApi(api));

  it('has an example for each public GET under /api, shaped like the live answer', async () => {
    const doc = (await http(api, 'GET', '/docs/openapi.json')).body;
    const written: Record<string, unknown> = {};
    const checked: string[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      if (!item.get || !path.startsWith('/api/')) continue;
      if (NOT_JSON.some((re) => re.test(path))) {
        const examples = Object.values<any>(item.get.responses?.['200']?.content ?? {}).map(
          (media) => media.example,
        );
        expect({ path, example: examples.some((e) => typeof e === 'string') }).toEqual({
          path,
          example: true,
        });
        checked.push(path);
        continue;
      }
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => {
        if (name === 'file') return 'milestones.csv';
        const kind = path.split('/')[path.startsWith('/api/open-data/') ? 3 : 2];
        return name === 'planId' ? IDS['action-plans'] : (IDS[kind] ?? name);
      });
      if (TEXT[path]) {
        const key = `GET ${path} ${TEXT[path]}`;
        const res = await http(api, 'GET', concrete);
        if (WRITE && res.status === 200) {
          const text = res.body as string;
          const cut = text.includes('</entry>')
            ? `${text.slice(0, text.indexOf('</entry>') + 8)}\n</feed>\n`
            : TEXT[path] === 'text/csv'
              ? `${text.split('\n').slice(0, 3).join('\n')}\n`
              : text;
          written[key] = cut;
        } else if (!WRITE) {
          const example = item.get.responses?.['200']?.content?.[TEXT[path]]?.example;
          expect({ key, example: typeof example }).toEqual({ key, example: 'string' });
        }
        checked.push(path);
        continue;
      }
      const query = QUERY[path] ? await QUERY[path](api) : '';
      const token = RESTRICTED.some((re) => re.test(path))
        ? api.token('auditor')
        : PERSONAL.test(path)
          ? api.token('institution', 'mdt', 'demo-mdt')
          : undefined;
      const res = await http(api, 'GET', `${concrete}${query}`, { token });
      expect({ path, status: res.status }).toEqual({ path, status: 200 });
      const key = `GET ${path}`;
      if (WRITE) written[key] = trimmed(res.body);
      else {
        const example = item.get.responses?.['200']?.content?.['application/json']?.example;
        expect({ key, example: example !== undefined }).toEqual({ key, example: true });
        if (res.body && typeof res.body === 'object' && !Array.isArray(res.body))
          expect({ key, keys: Object.keys(example).sort() }).toEqual({
            key,
            keys: Object.keys(res.body).sort(),
          });
      }
      checked.push(path);
    }
    // Every public GET under /api: the JSON ones, the text ones, the streams and the zips.
    expect(checked.length).toBeGreaterThanOrEqual(34);
    if (WRITE) await writeFile(FILE, `${JSON.stringify(written, null, 2)}\n`);
  });
});
