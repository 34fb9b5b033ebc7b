import { buildTodo, emptyInputs, type TodoInputs } from './todo';
import { formById } from '../forms/forms';

const subject = (id: string) => ({ commitmentId: id, commitmentTitle: `Compromiso ${id}` });

/** One of everything: each role must pick its own and nothing else. */
const inputs = (): TodoInputs => ({
  reportsToReview: [
    {
      ...subject('c1'),
      reportId: 'r1',
      deliverable: 'Diagnóstico',
      percent: 40,
      reportedOn: '2026-11-01',
    },
  ],
  objectionsToAnswer: [
    { ...subject('c2'), reportId: 'r2', deliverable: 'Estándares', reviewedOn: '2026-10-15' },
  ],
  actasToSign: [subject('c3')],
  toPlan: [subject('c9')],
  toClose: [subject('c10')],
  milestones: [
    {
      ...subject('c4'),
      milestoneId: 'h2',
      deliverable: 'Catálogo',
      due: '2026-12-10',
      daysToDue: 16,
    },
    {
      ...subject('c4'),
      milestoneId: 'h1',
      deliverable: 'Línea base',
      due: '2026-10-01',
      daysToDue: -54,
    },
  ],
  transfers: [
    {
      ...subject('c5'),
      status: 'TransferPending',
      institutionId: 'mdt',
      pendingSince: '2026-11-20',
      concurrences: 0,
      toInstitutionId: null,
    },
    {
      ...subject('c6'),
      status: 'AwaitingHandover',
      institutionId: 'mdt',
      pendingSince: '2026-11-02',
      concurrences: 1,
      toInstitutionId: 'sercop',
    },
  ],
  rescheduleRequests: [
    {
      ...subject('c11'),
      requestId: 'q1',
      deliverable: 'Estándares',
      due: '2027-01-31',
      requestedOn: '2026-11-25',
    },
  ],
  handovers: [{ ...subject('c7'), pendingSince: '2026-11-02' }],
  toAssess: [subject('c8')],
  questionsToAnswer: [
    {
      ...subject('c11'),
      questionId: 'q1',
      text: '¿Cuándo se publica?',
      answerDueOn: '2026-11-20',
      daysToDue: -4,
    },
  ],
  questionsToView: [
    { ...subject('c12'), questionId: 'q2', text: '¿Quién evalúa?', askedOn: '2026-11-10' },
  ],
  questionsToModerate: [
    { ...subject('c13'), questionId: 'q3', text: 'Publicidad.', askedOn: '2026-11-23' },
  ],
});

const summary = (role: Parameters<typeof buildTodo>[0]) =>
  buildTodo(role, inputs()).map((i) => `${i.kind} ${i.commitmentId} ${i.action?.formId ?? '-'}`);

describe('the to-do list, per role', () => {
  it('institution: objections to answer, milestones to plan, actas to sign, milestones most overdue first, closures, handovers', () => {
    expect(summary('institution')).toEqual([
      'answer-objection c2 responder-objecion',
      'plan-milestones c9 planificar-hito',
      'sign-acta c3 firmar-acta',
      'milestone-overdue c4 reportar-avance',
      'milestone-due c4 reportar-avance',
      'close-commitment c10 cerrar-compromiso',
      'acknowledge-handover c7 -',
      'answer-question c11 responder-pregunta',
    ]);
    const [answer, , , overdue] = buildTodo('institution', inputs());
    expect(answer.action?.query).toEqual({ commitmentId: 'c2', reportId: 'r2' });
    expect(overdue).toMatchObject({ detail: 'Línea base', since: '2026-10-01', daysToDue: -54 });
    expect(overdue.action?.query).toEqual({ commitmentId: 'c4', milestoneId: 'h1' });
  });

  it('counterpart: reports to review (with the claimed percent), actas to sign, questions to give a view on', () => {
    expect(summary('counterpart')).toEqual([
      'review-report c1 revisar-reporte',
      'sign-acta c3 firmar-acta',
      'question-view c12 opinar-pregunta',
    ]);
    expect(buildTodo('counterpart', inputs())[0]).toMatchObject({
      percent: 40,
      since: '2026-11-01',
      action: { query: { commitmentId: 'c1', reportId: 'r1' } },
    });
  });

  it('core group: the transfers still pending a decision, then the reschedule requests to answer', () => {
    expect(summary('core-group')).toEqual([
      'concur-transfer c5 concurrir-transferencia',
      'concur-reschedule c11 concurrir-reprogramacion',
    ]);
    const [, reschedule] = buildTodo('core-group', inputs());
    expect(reschedule).toMatchObject({ detail: 'Estándares', since: '2026-11-25' });
    expect(reschedule.action?.query).toEqual({ commitmentId: 'c11', requestId: 'q1' });
  });

  it('presidency: decisions to take, and transfers waiting for their handover', () => {
    expect(summary('presidency')).toEqual([
      'decide-transfer c5 decidir-transferencia',
      'awaiting-handover c6 -',
      'moderate-question c13 retirar-pregunta',
    ]);
    expect(buildTodo('presidency', inputs())[0].action?.query).toEqual({
      'decisions[0].commitmentId': 'c5',
    });
  });

  it('institution: a question to answer, with its due date, late when past it', () => {
    const question = buildTodo('institution', inputs()).find((i) => i.kind === 'answer-question');
    expect(question).toMatchObject({
      detail: '¿Cuándo se publica?',
      since: '2026-11-20',
      daysToDue: -4,
      action: { formId: 'responder-pregunta', query: { commitmentId: 'c11', questionId: 'q1' } },
    });
  });

  it('auditor: closed commitments without the IRM’s results assessment', () => {
    expect(summary('auditor')).toEqual(['irm-assessment c8 evaluacion-mri']);
  });

  it('public: nothing', () => {
    expect(buildTodo('public', inputs())).toEqual([]);
  });

  it('an empty list with nothing waiting', () => {
    for (const role of [
      'institution',
      'counterpart',
      'core-group',
      'presidency',
      'auditor',
    ] as const)
      expect(buildTodo(role, emptyInputs())).toEqual([]);
  });

  it('links only to forms that exist, for the role, with the params they take', () => {
    for (const role of [
      'institution',
      'counterpart',
      'core-group',
      'presidency',
      'auditor',
    ] as const)
      for (const item of buildTodo(role, inputs())) {
        if (!item.action) continue;
        const form = formById(item.action.formId);
        expect(form?.roles).toContain(role);
        const names = [...form!.params.map((p) => p.name), ...form!.fields.map((f) => f.name)];
        for (const key of Object.keys(item.action.query)) expect(names).toContain(key);
      }
  });
});
