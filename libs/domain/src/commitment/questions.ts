/**
 * Citizens' questions (issue 16 §4): anyone asks about a signed commitment from its public page;
 * the responsible institution must answer within the published days (the answer's due date is
 * fixed when the question is asked); the counterpart may add its view; the Presidency hides spam
 * or abuse with a reason that stays on record. Whether an answer came late is recorded by the
 * timers (`QuestionAnswerOverdue`, in `deadlines.ts`).
 *
 * The asker's e-mail is never in an event: the event log is public and immutable, and an e-mail
 * is personal data that must stay erasable. The API keeps it apart (see the API's
 * `QuestionContacts`).
 */
import type { Command, DomainEvent } from '../kernel/decider';
import { addDays, dateOf, type IsoDate } from '../kernel/dates';
import { DomainError } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import { requireIntegerInRange, requireText, type Check } from '../kernel/validation';
import type { CommandRules, EventRules } from './capability';
import type { CommitmentStatus, ExistingCommitment } from './commitment.state';

/** The length a question's text may have, in characters, once trimmed. */
export const QUESTION_TEXT_LENGTH = { min: 10, max: 2000 } as const;
/** The longest name an asker may give. */
export const ASKER_NAME_MAX = 120;
/** The longest answer, view or hiding reason. */
export const QUESTION_REPLY_MAX = 4000;
/** The limits of the days an institution has to answer (`HITOS_QUESTION_ANSWER_DAYS`). */
export const QUESTION_ANSWER_DAYS_LIMITS = { min: 1, max: 365 } as const;

/**
 * Where questions are asked, answered and owed: every signed commitment that was not withdrawn
 * (in implementation, completed, closed, or while its institution's redesign is settled). A
 * draft has no public duty yet; a withdrawn commitment is refused before any rule runs, and its
 * open questions owe no answer any more.
 */
export const QUESTION_STATUSES = [
  'InImplementation',
  'Completed',
  'TransferPending',
  'AwaitingHandover',
  'Closed',
] as const satisfies readonly CommitmentStatus[];

/** Someone asked a public question about the commitment. The e-mail, if any, is not here. */
export type QuestionAsked = DomainEvent<
  'QuestionAsked',
  {
    questionId: string;
    text: string;
    /** The name the asker chose to give; absent when anonymous. */
    askerName?: string;
    askedOn: IsoDate;
    /** `askedOn` plus the days the policy gave when it was asked. */
    answerDueOn: IsoDate;
  }
>;

/** The responsible institution answered the question (once). */
export type QuestionAnswered = DomainEvent<
  'QuestionAnswered',
  { questionId: string; answer: string; answeredOn: IsoDate }
>;

/** The commitment's counterpart added its view on the question (once). */
export type QuestionCounterpartViewAdded = DomainEvent<
  'QuestionCounterpartViewAdded',
  { questionId: string; view: string; addedOn: IsoDate }
>;

/**
 * The Presidency hid the question as spam or abuse. The record stays, with the reason; public
 * views show the reason instead of the text, and no answer is owed any more.
 */
export type QuestionHidden = DomainEvent<
  'QuestionHidden',
  { questionId: string; reason: string; hiddenOn: IsoDate }
>;

export type QuestionEvent =
  QuestionAsked | QuestionAnswered | QuestionCounterpartViewAdded | QuestionHidden;

/**
 * Anyone, signed in or not (an anonymous reader acts as `public`). `answerDays` is the policy's
 * days to answer (`HITOS_QUESTION_ANSWER_DAYS`), which the application passes in: the domain has
 * no configuration.
 */
export type AskQuestion = Command<
  'AskQuestion',
  { questionId: string; text: string; askerName?: string; answerDays: number }
>;

/** Responsible institution; once per question; not a hidden one. */
export type AnswerQuestion = Command<'AnswerQuestion', { questionId: string; answer: string }>;

/** The commitment's counterpart; once per question; not a hidden one. */
export type AddQuestionCounterpartView = Command<
  'AddQuestionCounterpartView',
  { questionId: string; view: string }
>;

/** Presidency; a reason is required; once. */
export type HideQuestion = Command<'HideQuestion', { questionId: string; reason: string }>;

export type QuestionCommand =
  AskQuestion | AnswerQuestion | AddQuestionCounterpartView | HideQuestion;

/** A question as the decider knows it. */
export interface QuestionState {
  questionId: string;
  askedOn: IsoDate;
  answerDueOn: IsoDate;
  answeredOn: IsoDate | null;
  counterpartViewAdded: boolean;
  hiddenOn: IsoDate | null;
  /** Set when the timers recorded the answer overdue. */
  overdueSince: IsoDate | null;
}

/** The commitment's questions after one of their events (the state's `questions`). */
export function evolveQuestions(
  questions: readonly QuestionState[],
  event:
    | QuestionEvent
    | { type: 'QuestionAnswerOverdue'; data: { questionId: string; detectedOn: IsoDate } },
): QuestionState[] {
  const update = (questionId: string, change: (q: QuestionState) => QuestionState) =>
    questions.map((q) => (q.questionId === questionId ? change(q) : q));
  switch (event.type) {
    case 'QuestionAsked':
      return [
        ...questions,
        {
          questionId: event.data.questionId,
          askedOn: event.data.askedOn,
          answerDueOn: event.data.answerDueOn,
          answeredOn: null,
          counterpartViewAdded: false,
          hiddenOn: null,
          overdueSince: null,
        },
      ];
    case 'QuestionAnswered':
      return update(event.data.questionId, (q) => ({ ...q, answeredOn: event.data.answeredOn }));
    case 'QuestionCounterpartViewAdded':
      return update(event.data.questionId, (q) => ({ ...q, counterpartViewAdded: true }));
    case 'QuestionHidden':
      return update(event.data.questionId, (q) => ({ ...q, hiddenOn: event.data.hiddenOn }));
    case 'QuestionAnswerOverdue':
      return update(event.data.questionId, (q) => ({ ...q, overdueSince: event.data.detectedOn }));
  }
}

/** An answer is still owed: asked, not answered and not hidden, on a commitment that owes one. */
export function answerStillOwed(
  state: ExistingCommitment,
  question: QuestionState | undefined,
): question is QuestionState {
  return (
    !!question &&
    question.answeredOn === null &&
    question.hiddenOn === null &&
    (QUESTION_STATUSES as readonly CommitmentStatus[]).includes(state.status)
  );
}

type Decision = QuestionEvent[] | DomainError;

/** A required text whose trimmed length is within bounds. */
function requireTextLength(field: string, value: unknown, min: number, max: number): Check {
  const missing = requireText(field, value);
  if (missing) return missing;
  const length = (value as string).trim().length;
  return length < min || length > max
    ? Errors.textLengthOutOfRange(field, length, min, max)
    : undefined;
}

function questionOf(state: ExistingCommitment, questionId: string): QuestionState | DomainError {
  const question = state.questions.find((q) => q.questionId === questionId);
  return question ?? Errors.questionNotFound(questionId);
}

function askQuestion(command: AskQuestion, state: ExistingCommitment): Decision {
  const { data, metadata } = command;
  const named = data.askerName !== undefined && data.askerName !== null;
  const invalid =
    requireText('questionId', data.questionId) ??
    requireTextLength('text', data.text, QUESTION_TEXT_LENGTH.min, QUESTION_TEXT_LENGTH.max) ??
    (named ? requireTextLength('name', data.askerName, 1, ASKER_NAME_MAX) : undefined) ??
    requireIntegerInRange(
      'answerDays',
      data.answerDays,
      QUESTION_ANSWER_DAYS_LIMITS.min,
      QUESTION_ANSWER_DAYS_LIMITS.max,
    );
  if (invalid) return invalid;
  if (state.questions.some((q) => q.questionId === data.questionId))
    return Errors.questionIdDuplicate(data.questionId);
  const askedOn = dateOf(metadata.now);
  return [
    {
      type: 'QuestionAsked',
      data: {
        questionId: data.questionId,
        text: data.text.trim(),
        ...(named ? { askerName: (data.askerName as string).trim() } : {}),
        askedOn,
        answerDueOn: addDays(askedOn, data.answerDays),
      },
    },
  ];
}

function answerQuestion(command: AnswerQuestion, state: ExistingCommitment): Decision {
  const { data, metadata } = command;
  const invalid =
    requireText('questionId', data.questionId) ??
    requireTextLength('answer', data.answer, 1, QUESTION_REPLY_MAX);
  if (invalid) return invalid;
  const question = questionOf(state, data.questionId);
  if (DomainError.is(question)) return question;
  if (question.hiddenOn) return Errors.questionHidden(question.questionId, question.hiddenOn);
  if (question.answeredOn)
    return Errors.questionAlreadyAnswered(question.questionId, question.answeredOn);
  return [
    {
      type: 'QuestionAnswered',
      data: {
        questionId: question.questionId,
        answer: data.answer.trim(),
        answeredOn: dateOf(metadata.now),
      },
    },
  ];
}

function addCounterpartView(
  command: AddQuestionCounterpartView,
  state: ExistingCommitment,
): Decision {
  const { data, metadata } = command;
  const invalid =
    requireText('questionId', data.questionId) ??
    requireTextLength('view', data.view, 1, QUESTION_REPLY_MAX);
  if (invalid) return invalid;
  const question = questionOf(state, data.questionId);
  if (DomainError.is(question)) return question;
  if (question.hiddenOn) return Errors.questionHidden(question.questionId, question.hiddenOn);
  if (question.counterpartViewAdded)
    return Errors.questionCounterpartViewAlreadyAdded(question.questionId);
  return [
    {
      type: 'QuestionCounterpartViewAdded',
      data: {
        questionId: question.questionId,
        view: data.view.trim(),
        addedOn: dateOf(metadata.now),
      },
    },
  ];
}

function hideQuestion(command: HideQuestion, state: ExistingCommitment): Decision {
  const { data, metadata } = command;
  const invalid =
    requireText('questionId', data.questionId) ??
    requireTextLength('reason', data.reason, 1, QUESTION_REPLY_MAX);
  if (invalid) return invalid;
  const question = questionOf(state, data.questionId);
  if (DomainError.is(question)) return question;
  if (question.hiddenOn) return Errors.questionHidden(question.questionId, question.hiddenOn);
  return [
    {
      type: 'QuestionHidden',
      data: {
        questionId: question.questionId,
        reason: data.reason.trim(),
        hiddenOn: dateOf(metadata.now),
      },
    },
  ];
}

/** Who may run each command of this part, in which statuses, and what it decides. */
export const QUESTION_COMMANDS: CommandRules<QuestionCommand, QuestionEvent> = {
  AskQuestion: {
    // Anyone: an anonymous reader (`public`) or a signed-in person in any role, for any body.
    roles: ['public', 'presidency', 'core-group', 'institution', 'counterpart', 'auditor'],
    statuses: QUESTION_STATUSES,
    anyInstitution: true,
    decide: askQuestion,
  },
  AnswerQuestion: {
    roles: ['institution'],
    statuses: QUESTION_STATUSES,
    decide: answerQuestion,
  },
  AddQuestionCounterpartView: {
    roles: ['counterpart'],
    statuses: QUESTION_STATUSES,
    decide: addCounterpartView,
  },
  HideQuestion: {
    roles: ['presidency'],
    statuses: QUESTION_STATUSES,
    decide: hideQuestion,
  },
};

/**
 * Each event of this part: its schema version and its audit line. The lines name the question,
 * never its text, the answer or the reason (a hidden question's text must not travel the feeds).
 */
export const QUESTION_EVENTS: EventRules<QuestionEvent> = {
  QuestionAsked: {
    version: 1,
    summary: (d) => ({
      es: `Se recibió la pregunta ciudadana ${d.questionId}; la institución debe responderla hasta el ${d.answerDueOn}.`,
      en: `Citizen question ${d.questionId} received; the institution must answer it by ${d.answerDueOn}.`,
    }),
  },
  QuestionAnswered: {
    version: 1,
    summary: (d) => ({
      es: `La institución respondió la pregunta ciudadana ${d.questionId} (${d.answeredOn}).`,
      en: `The institution answered citizen question ${d.questionId} (${d.answeredOn}).`,
    }),
  },
  QuestionCounterpartViewAdded: {
    version: 1,
    summary: (d) => ({
      es: `La contraparte añadió su opinión a la pregunta ciudadana ${d.questionId}.`,
      en: `The counterpart added its view on citizen question ${d.questionId}.`,
    }),
  },
  QuestionHidden: {
    version: 1,
    summary: (d) => ({
      es: `La Presidencia retiró la pregunta ciudadana ${d.questionId} (${d.hiddenOn}).`,
      en: `The Presidency withdrew citizen question ${d.questionId} (${d.hiddenOn}).`,
    }),
  },
};
