/**
 * What waits for a person, by role: a plain function from what the read models say (gathered by
 * todo.data.ts) to the list of tasks the /trabajo page shows, oldest and most urgent first. Each
 * task names the form that does it (and the query that fills the form's params), so the page
 * links straight to the work.
 */
import type { PersonRole } from '@hitos/domain';

/** A commitment's report, milestone or signature something waits on. */
export interface TodoSubject {
  commitmentId: string;
  commitmentTitle: string;
}

export interface TodoInputs {
  /** counterpart: progress reports waiting for its verdict, oldest first. */
  reportsToReview: (TodoSubject & {
    reportId: string;
    deliverable: string;
    percent: number;
    reportedOn: string;
  })[];
  /** institution: objections it has not answered. */
  objectionsToAnswer: (TodoSubject & {
    reportId: string;
    deliverable: string;
    reviewedOn: string;
  })[];
  /** institution or counterpart: commitments in preparation its party has not signed. */
  actasToSign: TodoSubject[];
  /** institution: commitments in preparation with no milestone planned yet. */
  toPlan: TodoSubject[];
  /** institution: commitments completed and not yet closed. */
  toClose: TodoSubject[];
  /** institution: open milestones past due, or due within the window. */
  milestones: (TodoSubject & {
    milestoneId: string;
    deliverable: string;
    due: string;
    /** Days from today to the due date; negative when overdue. */
    daysToDue: number;
  })[];
  /** core-group and presidency: commitments waiting after an institutional redesign. */
  transfers: (TodoSubject & {
    status: 'TransferPending' | 'AwaitingHandover';
    institutionId: string;
    pendingSince: string;
    concurrences: number;
    toInstitutionId: string | null;
  })[];
  /** core-group: reschedule requests of their plan waiting for a member's answer. */
  rescheduleRequests: (TodoSubject & {
    requestId: string;
    deliverable: string;
    due: string;
    requestedOn: string;
  })[];
  /** institution: transfers to it that wait for it to acknowledge the handover. */
  handovers: (TodoSubject & { pendingSince: string })[];
  /** auditor: closed commitments without an IRM assessment of their results. */
  toAssess: TodoSubject[];
  /** institution: citizens' questions it has not answered, oldest due first. */
  questionsToAnswer: (TodoSubject & {
    questionId: string;
    text: string;
    answerDueOn: string;
    /** Days from today to the due date; negative when overdue. */
    daysToDue: number;
  })[];
  /** counterpart: questions without its view yet. */
  questionsToView: (TodoSubject & { questionId: string; text: string; askedOn: string })[];
  /** presidency: questions asked lately, to hide spam or abuse. */
  questionsToModerate: (TodoSubject & { questionId: string; text: string; askedOn: string })[];
}

export const emptyInputs = (): TodoInputs => ({
  reportsToReview: [],
  objectionsToAnswer: [],
  actasToSign: [],
  toPlan: [],
  toClose: [],
  milestones: [],
  transfers: [],
  rescheduleRequests: [],
  handovers: [],
  toAssess: [],
  questionsToAnswer: [],
  questionsToView: [],
  questionsToModerate: [],
});

export type TodoKind =
  | 'review-report'
  | 'answer-objection'
  | 'sign-acta'
  | 'plan-milestones'
  | 'close-commitment'
  | 'milestone-overdue'
  | 'milestone-due'
  | 'concur-transfer'
  | 'concur-reschedule'
  | 'decide-transfer'
  | 'awaiting-handover'
  | 'acknowledge-handover'
  | 'irm-assessment'
  | 'answer-question'
  | 'question-view'
  | 'moderate-question';

export interface TodoItem extends TodoSubject {
  kind: TodoKind;
  /** What the task is about, beyond the commitment: a deliverable, a report. */
  detail: string | null;
  /** The day it has waited since, or the day it is due. */
  since: string | null;
  daysToDue: number | null;
  percent: number | null;
  /** The form that does it and the query that fills its params; null: nothing to send here. */
  action: { formId: string; query: Record<string, string> } | null;
}

const item = (
  kind: TodoKind,
  subject: TodoSubject,
  more: Partial<Omit<TodoItem, 'kind'>> = {},
): TodoItem => ({
  kind,
  commitmentId: subject.commitmentId,
  commitmentTitle: subject.commitmentTitle,
  detail: null,
  since: null,
  daysToDue: null,
  percent: null,
  action: null,
  ...more,
});

/** The person's to-do list for their role. */
export function buildTodo(role: PersonRole, inputs: TodoInputs): TodoItem[] {
  switch (role) {
    case 'institution':
      return [
        ...inputs.objectionsToAnswer.map((o) =>
          item('answer-objection', o, {
            detail: o.deliverable,
            since: o.reviewedOn,
            action: {
              formId: 'responder-objecion',
              query: { commitmentId: o.commitmentId, reportId: o.reportId },
            },
          }),
        ),
        ...inputs.toPlan.map((c) =>
          item('plan-milestones', c, {
            action: { formId: 'planificar-hito', query: { commitmentId: c.commitmentId } },
          }),
        ),
        ...inputs.actasToSign.map((c) =>
          item('sign-acta', c, {
            action: { formId: 'firmar-acta', query: { commitmentId: c.commitmentId } },
          }),
        ),
        ...[...inputs.milestones]
          .sort((a, b) => a.daysToDue - b.daysToDue)
          .map((m) =>
            item(m.daysToDue < 0 ? 'milestone-overdue' : 'milestone-due', m, {
              detail: m.deliverable,
              since: m.due,
              daysToDue: m.daysToDue,
              action: {
                formId: 'reportar-avance',
                query: { commitmentId: m.commitmentId, milestoneId: m.milestoneId },
              },
            }),
          ),
        ...inputs.toClose.map((c) =>
          item('close-commitment', c, {
            action: { formId: 'cerrar-compromiso', query: { commitmentId: c.commitmentId } },
          }),
        ),
        ...inputs.handovers.map((h) => item('acknowledge-handover', h, { since: h.pendingSince })),
        ...inputs.questionsToAnswer.map((q) =>
          item('answer-question', q, {
            detail: q.text,
            since: q.answerDueOn,
            daysToDue: q.daysToDue,
            action: {
              formId: 'responder-pregunta',
              query: { commitmentId: q.commitmentId, questionId: q.questionId },
            },
          }),
        ),
      ];
    case 'counterpart':
      return [
        ...inputs.reportsToReview.map((r) =>
          item('review-report', r, {
            detail: r.deliverable,
            since: r.reportedOn,
            percent: r.percent,
            action: {
              formId: 'revisar-reporte',
              query: { commitmentId: r.commitmentId, reportId: r.reportId },
            },
          }),
        ),
        ...inputs.actasToSign.map((c) =>
          item('sign-acta', c, {
            action: { formId: 'firmar-acta', query: { commitmentId: c.commitmentId } },
          }),
        ),
        ...inputs.questionsToView.map((q) =>
          item('question-view', q, {
            detail: q.text,
            since: q.askedOn,
            action: {
              formId: 'opinar-pregunta',
              query: { commitmentId: q.commitmentId, questionId: q.questionId },
            },
          }),
        ),
      ];
    case 'core-group':
      return [
        ...inputs.transfers
          .filter((t) => t.status === 'TransferPending')
          .map((t) =>
            item('concur-transfer', t, {
              since: t.pendingSince,
              action: {
                formId: 'concurrir-transferencia',
                query: { commitmentId: t.commitmentId },
              },
            }),
          ),
        ...inputs.rescheduleRequests.map((r) =>
          item('concur-reschedule', r, {
            detail: r.deliverable,
            since: r.requestedOn,
            action: {
              formId: 'concurrir-reprogramacion',
              query: { commitmentId: r.commitmentId, requestId: r.requestId },
            },
          }),
        ),
      ];
    case 'presidency':
      return [
        ...inputs.transfers.map((t) =>
          t.status === 'TransferPending'
            ? item('decide-transfer', t, {
                since: t.pendingSince,
                action: {
                  formId: 'decidir-transferencia',
                  query: { 'decisions[0].commitmentId': t.commitmentId },
                },
              })
            : item('awaiting-handover', t, { since: t.pendingSince }),
        ),
        ...inputs.questionsToModerate.map((q) =>
          item('moderate-question', q, {
            detail: q.text,
            since: q.askedOn,
            action: {
              formId: 'retirar-pregunta',
              query: { commitmentId: q.commitmentId, questionId: q.questionId },
            },
          }),
        ),
      ];
    case 'auditor':
      return inputs.toAssess.map((c) =>
        item('irm-assessment', c, {
          action: { formId: 'evaluacion-mri', query: { commitmentId: c.commitmentId } },
        }),
      );
    default:
      return [];
  }
}
