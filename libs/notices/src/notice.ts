/**
 * What hitos tells people outside hitos, and to whom: pure data, no addresses. A notice names
 * its audiences by role and scope; the recipients registry says which addresses each has.
 */

/** The roles a recipient registers for. */
export const RECIPIENT_ROLES = ['institution', 'counterpart', 'core-group', 'presidency'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

/** Who a notice is for: a role, and the organization or plan it speaks for. */
export type Audience =
  | { role: 'institution'; organizationId: string }
  | { role: 'counterpart'; organizationId: string }
  | { role: 'core-group'; planId: string }
  | { role: 'presidency' }
  /**
   * Whoever asked the question, if they left an e-mail address with it: kept apart from the
   * registry (see `AskerContacts`), never in an event, erasable.
   */
  | { role: 'asker'; questionId: string };

export const NOTICE_KINDS = [
  'milestone-due-soon',
  'milestone-overdue',
  'period-ended',
  'progress-report-due',
  'progress-report-overdue',
  'transfer-decision-overdue',
  'handover-overdue',
  'objection-awaits-answer',
  'transfer-concurrence-requested',
  'reschedule-concurrence-requested',
  'question-asked',
  'question-answer-overdue',
  'question-answered',
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

/**
 * One notice: a fact (the event that caused it is its key) and the public details a message
 * may show. Never reserved content: no objection reasons, no justifications, no question text.
 */
export interface Notice {
  kind: NoticeKind;
  /** The causing event's id: with the recipient, the key of a delivery. */
  eventId: string;
  commitmentId: string;
  planId: string | null;
  /** The commitment's public title and number, as drafted. */
  commitmentTitle: string | null;
  commitmentNumber: number | null;
  /** Public details: dates, a milestone id, a question id. */
  details: Record<string, string | number>;
  audiences: Audience[];
  /** When the fact was recorded (ISO instant, hitos's clock). */
  recordedAt: string;
}

/** What the rules know of a commitment, kept from its events (never read later). */
export interface CommitmentContext {
  commitmentId: string;
  planId: string;
  number: number;
  title: string;
  institutionId: string;
  counterpartId: string;
}

/** An event as the rules see it. */
export interface NoticeCause {
  id: string;
  type: string;
  data: any;
  recordedAt: string;
}

/** Where an asker's address is, for a question: the port the dispatcher asks (or none). */
export interface AskerContacts {
  emailOf(questionId: string): string | null;
}

/** The delivery's recipient id for a question's asker: no registered recipient has it. */
export const askerRecipientId = (questionId: string) => `asker:${questionId}`;

/** Whether a recipient registered for `role` in `scope` is in `audience`. */
export function inAudience(
  audience: Audience,
  recipient: { role: RecipientRole; organizationId: string | null; planId: string | null },
): boolean {
  if (audience.role === 'asker' || audience.role !== recipient.role) return false;
  switch (audience.role) {
    case 'institution':
    case 'counterpart':
      return recipient.organizationId === audience.organizationId;
    case 'core-group':
      return recipient.planId === audience.planId;
    case 'presidency':
      return true;
  }
}
