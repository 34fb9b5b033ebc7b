/**
 * The parties' workspace over HTTP on the demo plan (docs/workspace.md): each role's to-do list
 * from the read models, the form pages (labelled fields, a hidden Idempotency-Key, the person
 * and the sign-out form), and the anonymous reader sent to sign in. Tokens stand in for the
 * browser session, which the guard turns into the same actor.
 */
import { ProjectionRunner } from '@hitos/projections';
import { eventually } from '@hitos/workflows/testing/workflow-fixture';
import { processLastWrite } from '../../apps/api/src/read-models/last-write';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';
import { expectStatus, post } from './support/acta-requests';
import { concurrenceBody, coreGroupMemberToken, transferPaths } from './support/transfer-requests';

/** A workspace page as a person reads it: its HTML, its text, and its to-do items. */
async function page(
  api: ApiHarness,
  path: string,
  token: string,
  options: { status?: number; headers?: Record<string, string> } = {},
) {
  const res = await http<string>(api, 'GET', path, { token, headers: options.headers });
  expect(res.status).toBe(options.status ?? 200);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  expect(res.headers.get('cache-control')).toBe('private, no-store');
  const html = res.body;
  const text = html
    .replace(/<head>[\s\S]*<\/head>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ');
  const todo = [...html.matchAll(/data-todo="([^"]+)" data-commitment="([^"]+)"/g)].map(
    (m) => `${m[1]} ${m[2]}`,
  );
  return { html, text, todo };
}

describe('the parties’ workspace /trabajo', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi({
      demo: true,
      env: { HITOS_WORKFLOWS: 'true', HITOS_WORKFLOW_TICK_MS: '200' },
    });
    const last = processLastWrite.position;
    if (last !== undefined) await api.app.get(ProjectionRunner).waitForPosition(last, 60_000);
  }, 120_000);
  afterAll(() => stopApi(api));

  it('sends an anonymous reader to sign in, and back to the page asked for', async () => {
    for (const path of [
      '/trabajo',
      '/trabajo/revisar-reporte?commitmentId=calidad-servicios-publicos',
    ]) {
      const res = await fetch(`${api.baseUrl}${path}`, { redirect: 'manual' });
      expect(res.status).toBe(303);
      expect(res.headers.get('location')).toBe(`/auth/login?returnTo=${encodeURIComponent(path)}`);
    }
  });

  it('tells a person signed in without an active grant why, rather than sending them to sign in again', async () => {
    const token = api.token('institution', 'mdt', 'sin.otorgamiento', { idp: true });
    const res = await http<string>(api, 'GET', '/trabajo', { token });
    expect(res.status).toBe(403);
    expect(res.body).toContain('<h1>Sin un rol vigente</h1>');
    expect(res.body).toContain('NO_GRANT');
  });

  it('shows the institution its overdue milestones and the objections it has to answer', async () => {
    const cpccs = await page(api, '/trabajo', api.token('institution', 'cpccs'));
    expect(cpccs.html).toContain('<html lang="es">');
    expect(cpccs.todo).toEqual([
      'answer-objection control-social',
      'milestone-overdue control-social',
    ]);
    expect(cpccs.text).toContain('Responder una objeción');
    expect(cpccs.html).toMatch(
      /href="\/trabajo\/responder-objecion\?commitmentId=control-social&amp;reportId=[^"]+"/,
    );
    expect(cpccs.html).toMatch(
      /href="\/trabajo\/reprogramar-hito\?commitmentId=control-social&amp;milestoneId=[^"]+"/,
    );
    expect(cpccs.html).toContain('href="/compromisos/control-social"');

    // A commitment in preparation: what the institution still has to do before the acta.
    const asamblea = await page(api, '/trabajo', api.token('institution', 'asamblea'));
    expect(asamblea.todo).toEqual(['sign-acta parlamento-abierto']);
    expect(asamblea.html).toContain('href="/trabajo/firmar-acta?commitmentId=parlamento-abierto"');

    const mineduc = await page(api, '/trabajo?lang=en', api.token('institution', 'mineduc'));
    expect(mineduc.html).toContain('<html lang="en">');
    expect(mineduc.todo).toEqual(['milestone-overdue datos-educativos']);
    expect(mineduc.text).toContain('Overdue milestone: report its progress or reschedule it');
    // The person in the header: role and institution by name, and the sign-out form.
    expect(mineduc.text).toContain('Institution · Ministerio de Educación');
    expect(mineduc.text).toContain('Draft a commitment');
  });

  it('shows the counterpart the actas to sign and the reports waiting for its review', async () => {
    const redJuvenil = await page(api, '/trabajo', api.token('counterpart', 'org-red-juvenil'));
    expect(redJuvenil.todo).toEqual(['sign-acta financiamiento-politico']);
    expect(redJuvenil.html).toContain(
      'href="/trabajo/firmar-acta?commitmentId=financiamiento-politico"',
    );

    const fae = api.token('counterpart', 'fundacion-alianza-estrategica');
    // The demo's objection the institution answered waits for the counterpart's next round; the
    // demo's question still waiting for an answer, for the counterpart's view.
    const before = await page(api, '/trabajo', fae);
    expect(before.todo).toEqual([
      'review-report calidad-servicios-publicos',
      'question-view calidad-servicios-publicos',
    ]);
    expect(before.html).toContain(
      'href="/trabajo/opinar-pregunta?commitmentId=calidad-servicios-publicos&amp;questionId=pregunta-talleres"',
    );
    // The institution: the same question, to answer, with its form.
    const mdt = await page(api, '/trabajo', api.token('institution', 'mdt'));
    expect(mdt.todo).toContain('answer-question calidad-servicios-publicos');
    const form = await page(
      api,
      '/trabajo/responder-pregunta?commitmentId=calidad-servicios-publicos&questionId=pregunta-talleres',
      api.token('institution', 'mdt'),
    );
    expect(form.html).toContain('/api/commitments/:commitmentId/questions/:questionId/answer');
    expect(before.html).not.toContain('reportId=h2-informe-trabajo');
    const reported = expectStatus(
      await post(
        api,
        '/api/commitments/calidad-servicios-publicos/milestones/h2/progress-reports',
        api.token('institution', 'mdt'),
        {
          reportId: 'h2-informe-trabajo',
          percent: 40,
          narrative: 'Se publicó el borrador del catálogo de servicios.',
          evidence: [],
        },
      ),
      201,
    );
    await api.app.get(ProjectionRunner).waitForPosition(BigInt(reported.body.position), 10_000);
    const after = await page(api, '/trabajo', fae);
    expect(after.todo).toEqual([
      'review-report calidad-servicios-publicos',
      'review-report calidad-servicios-publicos',
      'question-view calidad-servicios-publicos',
    ]);
    expect(after.html).toContain(
      'href="/trabajo/revisar-reporte?commitmentId=calidad-servicios-publicos&amp;reportId=h2-informe-trabajo"',
    );
    expect(after.text).toContain('40 % reportado el');
    expect(after.text).toContain('Contraparte · Fundación Alianza Estratégica');
  });

  it('shows the Core Group and the Presidency the commitments a redesign left waiting', async () => {
    const presidency = api.token('presidency');
    expect((await page(api, '/trabajo', coreGroupMemberToken(api))).todo).toEqual([]);
    expectStatus(
      await post(api, '/api/institutions/maate/redesigns', presidency, {
        kind: 'merged',
        legalInstrument: 'Decreto Ejecutivo No. 789',
        effectiveOn: '2026-11-20',
        successorIds: ['mdt'],
      }),
      201,
    );
    const coreGroup = await eventually(
      () => page(api, '/trabajo', coreGroupMemberToken(api)),
      (p) => p.todo.length > 0,
      'the transfer to reach the Core Group’s list',
    );
    expect(coreGroup.todo).toEqual([expect.stringMatching(/^concur-transfer /)]);
    const commitmentId = coreGroup.todo[0].split(' ')[1];
    expect(coreGroup.html).toContain(
      `href="/trabajo/concurrir-transferencia?commitmentId=${commitmentId}"`,
    );
    const presidencyPage = await page(api, '/trabajo', presidency);
    // And the demo's questions of the last week, to hide if spam or abuse.
    expect(presidencyPage.todo).toEqual([
      `decide-transfer ${commitmentId}`,
      'moderate-question calidad-servicios-publicos',
    ]);
    expect(presidencyPage.html).toContain(
      `href="/trabajo/decidir-transferencia?decisions%5B0%5D.commitmentId=${commitmentId}"`,
    );
    for (const id of [
      'registrar-plan',
      'registrar-institucion',
      'registrar-organizacion',
      'registrar-rediseno',
      'otorgar-rol',
      'revocar-rol',
    ])
      expect(presidencyPage.html).toContain(`href="/trabajo/${id}"`);
    // The Core Group's concurrence leaves the decision with the Presidency.
    expectStatus(
      await post(
        api,
        transferPaths.concurrence(commitmentId),
        coreGroupMemberToken(api),
        concurrenceBody('maintain'),
      ),
      201,
    );
    const decided = await eventually(
      () => page(api, '/trabajo', presidency),
      (p) => p.html.includes('data-todo="decide-transfer"'),
      'the Presidency to still have the decision',
    );
    expect(decided.todo).toEqual([
      `decide-transfer ${commitmentId}`,
      'moderate-question calidad-servicios-publicos',
    ]);
  });

  it('gives the auditor the IRM form and the auditors’ tools', async () => {
    const auditor = await page(api, '/trabajo', api.token('auditor'));
    expect(auditor.todo).toEqual([]);
    expect(auditor.text).toContain('No hay nada pendiente para usted.');
    expect(auditor.html).toContain('href="/trabajo/evaluacion-mri"');
    expect(auditor.html).toContain('href="/api/audit-trail?format=csv"');
    expect(auditor.html).toContain('href="/api/action-plans/ec-paea-2026-2027/audit-package"');
    expect(auditor.html).toContain('href="/api/transparency/checkpoints"');
    expect(auditor.html).toContain('action="/api/action-plans/ec-paea-2026-2027/dashboard"');
    expect(auditor.html).toContain('name="asHappenedBy"');
    const past = await http(
      api,
      'GET',
      '/api/action-plans/ec-paea-2026-2027/dashboard?asHappenedBy=2026-06-30',
    );
    expect(past.status).toBe(200);
  });

  it('renders a form page with labelled fields, a hidden Idempotency-Key and the sign-out form', async () => {
    const path =
      '/trabajo/revisar-reporte?commitmentId=calidad-servicios-publicos&reportId=h2-informe-1';
    const token = api.token('counterpart', 'fundacion-alianza-estrategica');
    const form = await page(api, path, token, { headers: { cookie: 'hitos_csrf=tok-123' } });
    expect(form.html).toContain('<h1>Revisar un reporte de avance</h1>');
    expect(form.html).toContain(
      'data-path="/api/commitments/:commitmentId/progress-reports/:reportId/reviews"',
    );
    const key = /<input type="hidden" name="idempotency-key" value="([^"]+)"/.exec(form.html);
    expect(key?.[1]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    // A new key for each rendering: a form opened twice is two commands.
    const again = await page(api, path, token);
    expect(again.html).not.toContain(key![1]);
    // Every control has a label, and an error slot it names in aria-describedby.
    const ids = [...form.html.matchAll(/<(?:input|select|textarea) id="([^"]+)"/g)].map(
      (m) => m[1],
    );
    expect(ids.length).toBeGreaterThanOrEqual(5);
    for (const id of ids) {
      expect(form.html).toContain(`<label for="${id}">`);
      expect(form.html).toMatch(new RegExp(`id="${id}"[^>]*aria-describedby="[^"]*${id}-error`));
      expect(form.html).toContain(`<p id="${id}-error" class="field-error"`);
    }
    expect(form.html).toContain('value="calidad-servicios-publicos"');
    expect(form.html).toContain('<option value="objected">Objetar</option>');
    expect(form.html).toContain('<form method="post" action="/auth/logout" class="sign-out">');
    expect(form.html).toContain('<input type="hidden" name="_csrf" value="tok-123"/>');
    expect(form.html).toContain('<script src="/workspace.js" defer>');
    // The switch keeps what the page is about.
    expect(form.html).toContain(
      'href="/trabajo/revisar-reporte?commitmentId=calidad-servicios-publicos&amp;reportId=h2-informe-1&amp;lang=en"',
    );

    const en = await page(api, `${path}&lang=en`, token);
    expect(en.html).toContain('<h1>Review a progress report</h1>');
    expect(en.text).toContain('Your verdict (required)');

    const evidence = await page(api, '/trabajo/reportar-avance', api.token('institution', 'mdt'));
    expect(evidence.html).toContain('data-evidence="evidence"');
    expect(evidence.html).toContain('<template data-evidence-template="true">');
    expect(evidence.html).toContain('data-evidence-upload');
  });

  it('refuses a form the role may not send, and one that does not exist', async () => {
    const token = api.token('counterpart', 'fundacion-alianza-estrategica');
    const refused = await page(api, '/trabajo/registrar-plan', token, { status: 403 });
    expect(refused.text).toContain('Su rol no puede enviar este formulario.');
    const missing = await page(api, '/trabajo/no-existe', token, { status: 404 });
    expect(missing.text).toContain('Este formulario no existe.');
  });

  it('serves /workspace.js under the same CSP, and links the workspace from the portal', async () => {
    const script = await fetch(`${api.baseUrl}/workspace.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    const source = await script.text();
    expect(source).toContain('Idempotency-Key');
    expect(source).not.toMatch(/^\s*(import|export)\b/m);
    const home = await http<string>(api, 'GET', '/');
    expect(home.body).toContain('<a href="/trabajo">Mi trabajo</a>');
    expect(home.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
