/**
 * Issue 16 §3: notices that reach people. Over HTTP: the parties register an e-mail address and
 * a webhook for their role; the demo is loaded, the workflow engine records its late milestones
 * on hitos's clock, and each notice arrives once at a real SMTP server in the test (parsed) and
 * at a real HTTP receiver that refuses the first try — and once only, across a restart.
 */
import { NoticeDispatcher } from '@hitos/notices';
import { DemoLoader } from '../../apps/api/src/demo/demo-loader';
import {
  startSmtpReceiver,
  startWebhookReceiver,
  type SmtpReceiver,
  type WebhookReceiver,
} from '../../libs/notices/src/testing/receivers';
import { http, startApi, stopApi, type ApiHarness } from './support/api-harness';

const LATE = 'justicia-abierta';
const INSTITUTION = 'judicatura';
const COUNTERPART = 'org-universidad-publica';
const PLAN = 'ec-paea-2026-2027';

async function eventually(check: () => boolean, what: string, timeoutMs = 30_000) {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('notices over HTTP: registered addresses, a deadline, each notice once', () => {
  let api: ApiHarness;
  let smtp: SmtpReceiver;
  let hooks: WebhookReceiver;
  let institution: string;
  let counterpart: string;
  const path = '/api/notices/recipients';

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    hooks = await startWebhookReceiver(1);
    api = await startApi({
      demo: false,
      env: {
        HITOS_WORKFLOWS: 'true',
        HITOS_WORKFLOW_TICK_MS: '200',
        HITOS_NOTICES: 'true',
        HITOS_SMTP_URL: smtp.url,
        HITOS_MAIL_FROM: 'hitos <avisos@gobiernoabierto.test>',
        HITOS_PUBLIC_URL: 'https://hitos.test',
        HITOS_NOTICE_RETRY_DELAYS: '200ms,200ms,200ms',
        HITOS_NOTICE_TICK_MS: '100',
      },
    });
    institution = api.token('institution', INSTITUTION);
    counterpart = api.token('counterpart', COUNTERPART);
  });
  afterAll(async () => {
    await stopApi(api);
    await smtp?.close();
    await hooks?.close();
  });

  it('refuses what is not the person’s to register, naming the field, in both languages', async () => {
    const other = await http(api, 'POST', path, {
      token: counterpart,
      body: {
        role: 'counterpart',
        organizationId: 'org-red-juvenil',
        channel: 'email',
        address: 'x@y.ec',
      },
    });
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('NOTICE_RECIPIENT_OUT_OF_SCOPE');
    const ftp = await http(api, 'POST', path, {
      token: counterpart,
      body: { role: 'counterpart', channel: 'webhook', url: 'ftp://avisos.test/x' },
    });
    expect(ftp.status).toBe(400);
    expect(ftp.body.errors).toEqual([
      { field: 'url', messages: [expect.stringContaining('http')] },
    ]);
    const noAddress = await http(api, 'POST', path, {
      token: institution,
      body: { role: 'institution', channel: 'email' },
      headers: { 'accept-language': 'es' },
    });
    expect(noAddress.status).toBe(400);
    expect(noAddress.body.detail).toContain('address');
    const badEmail = await http(api, 'POST', path, {
      token: institution,
      body: { role: 'institution', channel: 'email', address: 'no es correo' },
    });
    expect(badEmail.status).toBe(400);
    expect(badEmail.body.errors[0].field).toBe('address');
    const digest = await http(api, 'POST', path, {
      token: institution,
      body: { role: 'institution', channel: 'email', address: 'a@b.ec', digest: true },
    });
    expect(digest.status).toBe(400);
    expect((await http(api, 'GET', path)).status).toBe(401);
  });

  it('registers, then delivers each notice of a late milestone once by mail and by webhook', async () => {
    const mail = await http(api, 'POST', path, {
      token: institution,
      body: {
        role: 'institution',
        channel: 'email',
        address: 'gobierno.abierto@funcionjudicial.test',
      },
    });
    expect(mail.status).toBe(201);
    expect(mail.body.recipient).toMatchObject({
      scope: { kind: 'organization', organizationId: INSTITUTION },
      role: 'institution',
      channel: 'email',
    });
    expect(mail.body.secret).toBeUndefined();
    const hook = await http(api, 'POST', path, {
      token: counterpart,
      body: { role: 'counterpart', channel: 'webhook', url: `${hooks.url}/hook/universidad` },
    });
    expect(hook.status).toBe(201);
    expect(hook.body.secret).toMatch(/^whsec_/);
    hooks.secrets.set('/hook/universidad', hook.body.secret);
    // A core-group digest subscriber and one to erase: the list shows one's own scope only.
    const erased = await http(api, 'POST', path, {
      token: institution,
      body: { role: 'institution', channel: 'email', address: 'borrar@funcionjudicial.test' },
    });
    const mine = await http(api, 'GET', path, { token: institution });
    expect(mine.body.recipients.map((r: any) => r.address).sort()).toEqual([
      'borrar@funcionjudicial.test',
      'gobierno.abierto@funcionjudicial.test',
    ]);
    expect((await http(api, 'GET', path, { token: counterpart })).body.recipients).toHaveLength(1);
    expect(
      (await http(api, 'DELETE', `${path}/${erased.body.recipient.id}`, { token: counterpart }))
        .status,
    ).toBe(404);
    expect(
      (await http(api, 'DELETE', `${path}/${erased.body.recipient.id}`, { token: institution }))
        .status,
    ).toBe(204);
    const all = await http(api, 'GET', path, { token: api.token('presidency') });
    expect(all.body.recipients).toHaveLength(2);

    // The facts: the demo's history, then the engine finds the late milestones.
    await api.app.get(DemoLoader).loadIfEmpty();
    const lateMail = () =>
      smtp.messages.filter(
        (m) => m.subject?.includes('Hito vencido') && m.text?.includes(`/compromisos/${LATE}`),
      );
    const lateHook = () =>
      hooks.calls.filter(
        (c) =>
          c.status === 204 &&
          c.body.type === 'notice.milestone-overdue' &&
          c.body.data.commitmentId === LATE,
      );
    await eventually(
      () => lateMail().length >= 1 && lateHook().length >= 1,
      'the late milestone’s notices',
    );

    const [message] = lateMail();
    expect(message.subject).toContain('Milestone overdue');
    expect(message.to).toMatchObject({ text: 'gobierno.abierto@funcionjudicial.test' });
    expect(message.from).toMatchObject({
      text: expect.stringContaining('avisos@gobiernoabierto.test'),
    });
    expect(message.text).toContain('https://hitos.test/compromisos/justicia-abierta');
    expect(message.text).toMatch(/El hito .* venció el[\s\S]*Milestone .* was due on/);
    expect(message.messageId).toMatch(/^<[0-9a-f-]{36}@hitos\.notices>$/);
    // Nothing went to the erased address.
    expect(smtp.messages.some((m) => JSON.stringify(m.to).includes('borrar@'))).toBe(false);
    // The receiver refused the first try of each id; the second was accepted.
    const [accepted] = lateHook();
    expect(hooks.calls.filter((c) => c.id === accepted.id).map((c) => c.status)).toEqual([
      503, 204,
    ]);
    expect(accepted.verified).toBe(true);
    expect(accepted.body.data).toMatchObject({
      planId: PLAN,
      link: 'https://hitos.test/compromisos/justicia-abierta',
    });

    // A restart sends nothing again.
    const before = { mail: smtp.messages.length, hooks: hooks.accepted.size };
    await api.restart();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect([...smtp.accepted.values()].every((n) => n === 1)).toBe(true);
    expect([...hooks.accepted.values()].every((n) => n === 1)).toBe(true);
    expect(smtp.messages.length).toBeGreaterThanOrEqual(before.mail);
    expect(hooks.accepted.size).toBeGreaterThanOrEqual(before.hooks);

    const metrics = await fetch(`${api.baseUrl}/metrics`).then((r) => r.text());
    expect(metrics).toContain('hitos_notices_total');
  });

  it('a citizen who left an e-mail with their question is told once when it is answered, and nobody who left none', async () => {
    const ask = (email?: string) =>
      http(api, 'POST', `/api/commitments/${LATE}/questions`, {
        body: {
          text: '¿Cuándo se publicarán las audiencias en datos abiertos?',
          ...(email ? { email } : {}),
        },
      });
    const withEmail = await ask('vecina@correo.test');
    const without = await ask();
    expect([withEmail.status, without.status]).toEqual([201, 201]);
    for (const asked of [withEmail, without])
      expect(
        (
          await http(
            api,
            'POST',
            `/api/commitments/${LATE}/questions/${asked.body.questionId}/answer`,
            {
              token: institution,
              body: { answer: 'En el segundo semestre, en el portal de la Judicatura.' },
            },
          )
        ).status,
      ).toBe(201);
    const toAsker = () =>
      smtp.messages.filter((m) => JSON.stringify(m.to).includes('vecina@correo.test'));
    await eventually(() => toAsker().length >= 1, 'the answer’s notice to the asker');
    const [message] = toAsker();
    expect(message.subject).toContain('Su pregunta recibió respuesta');
    expect(message.subject).toContain('Your question was answered');
    expect(message.text).toContain(`https://hitos.test/compromisos/${LATE}`);
    // The answer is read on the page: the mail does not carry it.
    expect(message.text).not.toContain('segundo semestre');
    await api.app.get(NoticeDispatcher).idle();
    expect(toAsker()).toHaveLength(1);
    // The question asked without an address was answered too: no message for it.
    expect(smtp.messages.filter((m) => m.subject?.includes('Su pregunta'))).toHaveLength(1);
    expect([...smtp.accepted.values()].every((n) => n === 1)).toBe(true);
  });

  it('in the workspace: the to-do page lists where one’s notices go, the form registers an e-mail for one’s role, and removal is a POST too', async () => {
    const form = await http(api, 'GET', '/trabajo/recibir-avisos', { token: institution });
    expect(form.status).toBe(200);
    // The person's role is filled in; the channel is e-mail (webhooks need their secret shown).
    expect(String(form.body)).toMatch(/<option selected value="institution">/);

    const added = await http(api, 'POST', path, {
      token: institution,
      body: { role: 'institution', channel: 'email', address: 'taller@funcionjudicial.test' },
    });
    expect(added.status).toBe(201);
    const id = added.body.recipient.id as string;
    const todo = String((await http(api, 'GET', '/trabajo', { token: institution })).body);
    expect(todo).toContain('Avisos fuera de hitos');
    expect(todo).toContain('taller@funcionjudicial.test');
    expect(todo).toContain(`/trabajo/quitar-aviso?recipientId=${id}`);
    // Another party's page does not show it.
    const theirs = String((await http(api, 'GET', '/trabajo', { token: counterpart })).body);
    expect(theirs).not.toContain('taller@funcionjudicial.test');

    const removed = await http(api, 'POST', `${path}/${id}/removal`, { token: institution });
    expect([removed.status, removed.body]).toEqual([200, { id, removed: true }]);
    const after = String((await http(api, 'GET', '/trabajo', { token: institution })).body);
    expect(after).not.toContain('taller@funcionjudicial.test');
    const again = await http(api, 'POST', `${path}/${id}/removal`, { token: institution });
    expect([again.status, again.body.code]).toEqual([404, 'NOTICE_RECIPIENT_NOT_FOUND']);
  });
});
