import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';

/**
 * Every public query of the API documents its answer with an example: a real one, of the demo
 * plan on the test day. `HITOS_WRITE_OPENAPI_EXAMPLES=1` writes them
 * (apps/api/src/open-data/openapi-examples.json); without it, each documented example must have
 * the keys of the live answer, so an answer that changes shape fails here until its example is
 * written again.
 */
const WRITE = process.env.HITOS_WRITE_OPENAPI_EXAMPLES === '1';
const FILE = join(__dirname, '../../apps/api/src/open-data/openapi-examples.json');

const IDS: Record<string, string> = {
  'action-plans': 'ec-paea-2026-2027',
  commitments: 'calidad-servicios-publicos',
  institutions: 'mdt',
  organizations: 'fundacion-alianza-estrategica',
};
/** Queries that answer something other than JSON (a stream, a zip, a file, a feed, text). */
const NOT_JSON = [
  /^\/api\/live\//,
  /\/audit-package$/,
  /^\/api\/open-data\/\{file\}$/,
  /\/feed\.atom$/,
  /^\/api\/transparency\/(checkpoint|key)$/,
];
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
  });
  afterAll(() => stopApi(api));

  it('has an example for each public GET under /api, shaped like the live answer', async () => {
    const doc = (await http(api, 'GET', '/docs/openapi.json')).body;
    const written: Record<string, unknown> = {};
    const checked: string[] = [];
    for (const [path, item] of Object.entries<any>(doc.paths)) {
      if (!item.get || !path.startsWith('/api/') || NOT_JSON.some((re) => re.test(path))) continue;
      const concrete = path.replace(/\{(\w+)\}/g, (_, name: string) => {
        const kind = path.split('/')[2];
        return name === 'planId' ? IDS['action-plans'] : (IDS[kind] ?? name);
      });
      const query = QUERY[path] ? await QUERY[path](api) : '';
      const res = await http(api, 'GET', `${concrete}${query}`);
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
    expect(checked.length).toBeGreaterThanOrEqual(20);
    if (WRITE) await writeFile(FILE, `${JSON.stringify(written, null, 2)}\n`);
  });
});
