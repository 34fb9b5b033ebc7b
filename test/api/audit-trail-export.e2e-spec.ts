/**
 * The audit trail exported over HTTP: every row of a scope streamed as CSV or NDJSON, equal to
 * the JSON pages; a public reader gets the withheld rows and no reserved content.
 */
import { parse } from 'csv-parse/sync';
import { eventually } from '@hitos/workflows/testing/workflow-fixture';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';

const PLAN = 'ec-paea-2026-2027';
const ACTA = 'calidad-servicios-publicos';

/** Every JSON page of a trail, concatenated. */
async function allPages(api: ApiHarness, path: string, token?: string): Promise<any[]> {
  const items: any[] = [];
  const join = path.includes('?') ? '&' : '?';
  for (let offset = 0; ; offset += 500) {
    const page = await http(api, 'GET', `${path}${join}limit=500&offset=${offset}`, { token });
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    if (items.length >= page.body.total) return items;
  }
}

async function raw(api: ApiHarness, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${api.baseUrl}${path}`, { headers });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** A CSV record back to the JSON row (a leading ' that guards a formula taken off). */
function fromCsv(record: Record<string, string>): any {
  const v = (key: string) => {
    const cell = record[key];
    const text = /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
    return text === '' ? null : text;
  };
  return {
    eventId: v('event_id'),
    position: v('position'),
    streamId: v('stream_id'),
    revision: Number(v('revision')),
    type: v('type'),
    occurredAt: v('occurred_at'),
    recordedAt: v('recorded_at'),
    actor: { id: v('actor_id'), role: v('actor_role'), organizationId: v('actor_organization_id') },
    correlationId: v('correlation_id'),
    causationId: v('causation_id'),
    commandId: v('command_id'),
    reason: v('reason'),
    summary: { es: v('summary_es') ?? '', en: v('summary_en') ?? '' },
    commitmentId: v('commitment_id'),
    institutionId: v('institution_id'),
    planId: v('plan_id'),
    classification: v('classification'),
    withheld: v('withheld') === 'true',
    leaf:
      v('leaf_index') === null ? null : { index: Number(v('leaf_index')), hash: v('leaf_hash') },
  };
}

describe('the audit trail exported over HTTP (CSV, NDJSON)', () => {
  let api: ApiHarness;
  const auditor = () => api.token('auditor');

  beforeAll(async () => {
    api = await startApi({ demo: true });
    const res = await http(api, 'POST', `/api/commitments/${ACTA}/milestones/h2/progress-reports`, {
      token: api.token('institution', 'mdt'),
      body: {
        reportId: 'h2-reservado',
        percent: 30,
        narrative: 'Estándares en revisión jurídica.',
        evidence: [
          {
            title: 'Borrador reservado',
            url: 'https://interno.trabajo.gob.ec/borrador-reservado.pdf',
            sha256: 'd'.repeat(64),
            classification: 'reserved',
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    // Every row with its leaf, so that pages and exports read the same state.
    await eventually(
      async () => (await http(api, 'GET', '/api/audit-trail?limit=500', { token: auditor() })).body,
      (body: any) => body.items.length > 0 && body.items.every((e: any) => e.leaf !== null),
      'the transparency log to reach every event',
    );
  }, 120_000);
  afterAll(() => stopApi(api));

  it.each([
    ['the whole trail', '/api/audit-trail'],
    ['a commitment', `/api/commitments/${ACTA}/audit-trail`],
    ['a plan', `/api/action-plans/${PLAN}/audit-trail`],
    ['an institution', '/api/institutions/mdt/audit-trail'],
  ])('streams every row of %s as NDJSON and CSV, equal to the JSON pages', async (_, path) => {
    const pages = await allPages(api, path, auditor());
    expect(pages.length).toBeGreaterThan(0);
    const auth = { authorization: `Bearer ${auditor()}` };

    const ndjson = await raw(api, `${path}?format=ndjson`, auth);
    expect(ndjson.status).toBe(200);
    expect(ndjson.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    expect(ndjson.headers.get('content-disposition')).toMatch(
      /^attachment; filename=".*\.ndjson"$/,
    );
    const lines = ndjson.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines).toEqual(pages);

    const csv = await raw(api, path, { ...auth, accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename=".*\.csv"$/);
    const records = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(records.map(fromCsv)).toEqual(pages);

    const byAccept = await raw(api, path, { ...auth, accept: 'application/x-ndjson' });
    expect(byAccept.text).toBe(ndjson.text);
  });

  it('gives a public reader the withheld rows and no reserved content', async () => {
    const path = `/api/commitments/${ACTA}/audit-trail`;
    const pages = await allPages(api, path);
    const ndjson = await raw(api, `${path}?format=ndjson`);
    const csv = await raw(api, `${path}?format=csv`);
    for (const text of [ndjson.text, csv.text]) {
      expect(text).not.toContain('h2-reservado');
      expect(text).not.toContain('borrador-reservado');
    }
    const rows = ndjson.text
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toEqual(pages);
    expect(rows.filter((row) => row.withheld)).toEqual([
      expect.objectContaining({
        type: 'MilestoneProgressReported',
        reason: null,
        summary: expect.objectContaining({ es: expect.stringContaining('Contenido reservado') }),
      }),
    ]);
    const records = parse(csv.text, { columns: true }) as Record<string, string>[];
    expect(records.map(fromCsv)).toEqual(pages);
  });

  it('refuses a format it does not know', async () => {
    const res = await http(api, 'GET', '/api/audit-trail?format=xml');
    expect(res.status).toBe(400);
  });
});
