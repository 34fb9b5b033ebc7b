import type { Audience, CommitmentContext, Notice, NoticeCause, NoticeKind } from './notice';

/**
 * The table of rules: which facts notify whom. Keyed by the stored event type's name, so a
 * rule for an event another branch adds (questions, reschedule requests) is a row like any
 * other, tested with a literal event.
 */
interface Rule {
  kind: NoticeKind | ((data: any) => NoticeKind | null);
  audiences(context: CommitmentContext, data: any): Audience[];
  /** Public details the message may show. */
  details(data: any): Record<string, string | number>;
}

const institution = (c: CommitmentContext): Audience => ({
  role: 'institution',
  organizationId: c.institutionId,
});
const counterpart = (c: CommitmentContext): Audience => ({
  role: 'counterpart',
  organizationId: c.counterpartId,
});
const coreGroup = (c: CommitmentContext): Audience => ({ role: 'core-group', planId: c.planId });
const presidency: Audience = { role: 'presidency' };
const parties = (c: CommitmentContext) => [institution(c), counterpart(c)];

/** Only the listed fields, when present and plain: nothing else of the event reaches a message. */
const pick =
  (...fields: string[]) =>
  (data: any): Record<string, string | number> => {
    const out: Record<string, string | number> = {};
    for (const field of fields) {
      const value = data?.[field];
      if (typeof value === 'string' || typeof value === 'number') out[field] = value;
    }
    return out;
  };

export const NOTICE_RULES: Readonly<Record<string, Rule>> = {
  MilestoneDueSoon: {
    kind: 'milestone-due-soon',
    audiences: parties,
    details: pick('milestoneId', 'due', 'daysBefore'),
  },
  MilestoneOverdue: {
    kind: 'milestone-overdue',
    audiences: parties,
    details: pick('milestoneId', 'due'),
  },
  CommitmentPeriodEnded: {
    kind: 'period-ended',
    audiences: parties,
    details: pick('periodEnd'),
  },
  ProgressReportDue: {
    kind: 'progress-report-due',
    audiences: parties,
    details: pick('periodStart', 'dueOn'),
  },
  ProgressReportOverdue: {
    kind: 'progress-report-overdue',
    audiences: parties,
    details: pick('periodStart', 'dueOn'),
  },
  TransferDecisionOverdue: {
    kind: 'transfer-decision-overdue',
    audiences: (c) => [presidency, coreGroup(c)],
    details: pick('pendingSince', 'dueOn'),
  },
  InformationHandoverOverdue: {
    kind: 'handover-overdue',
    audiences: (_c, data) => [
      { role: 'institution', organizationId: String(data.toInstitutionId) },
      presidency,
    ],
    details: pick('transferredOn', 'dueOn'),
  },
  // The objection's reasons may be reserved (docs/reserve.md): the message says only that one
  // awaits an answer.
  ProgressReportReviewed: {
    kind: (data) => (data?.verdict === 'objected' ? 'objection-awaits-answer' : null),
    audiences: (c) => [institution(c)],
    details: pick('milestoneId', 'reportId', 'reviewedOn', 'round'),
  },
  CommitmentMarkedTransferPending: {
    kind: 'transfer-concurrence-requested',
    audiences: (c) => [coreGroup(c)],
    details: pick('markedOn'),
  },
  MilestoneRescheduleRequested: {
    kind: 'reschedule-concurrence-requested',
    audiences: (c) => [coreGroup(c)],
    details: pick('requestId', 'milestoneId', 'start', 'due', 'requestedOn'),
  },
  // A citizen's question: its text and the asker's name stay on the public page, not in mail.
  QuestionAsked: {
    kind: 'question-asked',
    audiences: parties,
    details: pick('questionId', 'askedOn', 'answerDueOn'),
  },
  // The answer reaches whoever asked, if they left an address; the answer's text stays on the page.
  QuestionAnswered: {
    kind: 'question-answered',
    audiences: (_c, data) => [{ role: 'asker', questionId: String(data?.questionId) }],
    details: pick('questionId', 'answeredOn'),
  },
  QuestionAnswerOverdue: {
    kind: 'question-answer-overdue',
    audiences: (c) => [institution(c), presidency],
    details: pick('questionId', 'answerDueOn', 'detectedOn'),
  },
};

/** The event types that may notify someone. */
export const NOTICE_EVENT_TYPES: readonly string[] = Object.keys(NOTICE_RULES);

/**
 * The notices one event causes, given what is known of its commitment when it happened. None
 * for an event no rule names, or of a commitment the model never saw drafted.
 */
export function noticesFor(event: NoticeCause, context: CommitmentContext | undefined): Notice[] {
  const rule = NOTICE_RULES[event.type];
  if (!rule || !context) return [];
  const kind = typeof rule.kind === 'function' ? rule.kind(event.data) : rule.kind;
  if (!kind) return [];
  return [
    {
      kind,
      eventId: event.id,
      commitmentId: context.commitmentId,
      planId: context.planId,
      commitmentTitle: context.title,
      commitmentNumber: context.number,
      details: rule.details(event.data),
      audiences: rule.audiences(context, event.data),
      recordedAt: event.recordedAt,
    },
  ];
}
