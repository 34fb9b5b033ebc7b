import {
  DeciderSpecification,
  actors,
  command,
  commitmentDrafted,
  awaitingHandoverHistory,
  signedHistory,
  transferPendingHistory,
} from '@hitos/testing';
import type { Actor } from '../kernel/actor';
import { summarizeEvent } from '../audit/event-summary';
import { commitmentDecider } from './commitment.decider';
import type { CommitmentEvent } from './commitment.events';
import type { ExistingCommitment } from './commitment.state';
import type { RecordDeadlineReached } from './deadlines';
import type {
  AddQuestionCounterpartView,
  AnswerQuestion,
  AskQuestion,
  HideQuestion,
  QuestionAsked,
} from './questions';

const spec = DeciderSpecification.for(commitmentDecider);

const ASKED_AT = '2026-06-15T10:00:00.000-05:00';
const TEXT = '¿Cuándo se publicará la encuesta de satisfacción?';

// ── command builders ─────────────────────────────────────────────────────────────────────

const ask = (
  data: Partial<AskQuestion['data']> = {},
  actor: Actor = actors.citizen,
  now = ASKED_AT,
) =>
  command<AskQuestion>(
    'AskQuestion',
    { questionId: 'q1', text: TEXT, answerDays: 15, ...data },
    actor,
    now,
  );
const answer = (
  data: Partial<AnswerQuestion['data']> = {},
  actor: Actor = actors.mdt,
  now = '2026-06-20T10:00:00.000-05:00',
) =>
  command<AnswerQuestion>(
    'AnswerQuestion',
    { questionId: 'q1', answer: 'En julio, en el portal del ministerio.', ...data },
    actor,
    now,
  );
const view = (data: Partial<AddQuestionCounterpartView['data']> = {}, actor: Actor = actors.fae) =>
  command<AddQuestionCounterpartView>(
    'AddQuestionCounterpartView',
    { questionId: 'q1', view: 'La fecha coincide con lo acordado en la mesa.', ...data },
    actor,
    '2026-06-21T10:00:00.000-05:00',
  );
const hide = (data: Partial<HideQuestion['data']> = {}, actor: Actor = actors.presidency) =>
  command<HideQuestion>(
    'HideQuestion',
    { questionId: 'q1', reason: 'Publicidad no relacionada con el compromiso.', ...data },
    actor,
    '2026-06-16T10:00:00.000-05:00',
  );
const overdueTimer = (on: string, answerDueOn = '2026-06-30') =>
  command<RecordDeadlineReached>(
    'RecordDeadlineReached',
    { kind: 'question-answer-overdue', questionId: 'q1', answerDueOn },
    actors.system,
    `${on}T12:00:00.000-05:00`,
  );

// ── events ───────────────────────────────────────────────────────────────────────────────

const asked = (data: Partial<QuestionAsked['data']> = {}): QuestionAsked => ({
  type: 'QuestionAsked',
  data: {
    questionId: 'q1',
    text: TEXT,
    askedOn: '2026-06-15',
    answerDueOn: '2026-06-30',
    ...data,
  },
});
const answered: CommitmentEvent = {
  type: 'QuestionAnswered',
  data: {
    questionId: 'q1',
    answer: 'En julio, en el portal del ministerio.',
    answeredOn: '2026-06-20',
  },
};
const hidden: CommitmentEvent = {
  type: 'QuestionHidden',
  data: {
    questionId: 'q1',
    reason: 'Publicidad no relacionada con el compromiso.',
    hiddenOn: '2026-06-16',
  },
};
const viewed: CommitmentEvent = {
  type: 'QuestionCounterpartViewAdded',
  data: {
    questionId: 'q1',
    view: 'La fecha coincide con lo acordado en la mesa.',
    addedOn: '2026-06-21',
  },
};
const withdrawn: CommitmentEvent = {
  type: 'CommitmentWithdrawn',
  data: { reason: 'Retirado del plan.', withdrawnOn: '2026-06-01' },
};

const askedHistory = () => [...signedHistory(), asked()];

describe('citizens’ questions', () => {
  describe('AskQuestion', () => {
    it('records an anonymous question, due the policy’s days after the day it was asked', () => {
      spec.given(signedHistory()).when(ask()).then([asked()]);
    });

    it('keeps the name the asker chose to give, trimmed, and never an e-mail', () => {
      spec
        .given(signedHistory())
        .when(ask({ askerName: '  María Pérez ' }))
        .then([asked({ askerName: 'María Pérez' })]);
    });

    it('counts the due date from the plan’s calendar day, over month ends', () => {
      spec
        .given(signedHistory())
        .when(ask({ answerDays: 30 }, actors.citizen, '2026-06-15T23:30:00.000-05:00'))
        .then([asked({ answerDueOn: '2026-07-15' })]);
    });

    it('lets anyone ask: a signed-in person of any role, for any body', () => {
      for (const actor of [actors.otherInstitution, actors.otherCounterpart, actors.auditor])
        spec.given(signedHistory()).when(ask({}, actor)).then([asked()]);
    });

    it('is refused to the system', () => {
      spec.given(signedHistory()).when(ask({}, actors.system)).thenError('ROLE_NOT_ALLOWED');
    });

    it('is refused on a draft: questions open with the signed acta', () => {
      spec
        .given([commitmentDrafted])
        .when(ask())
        .thenError('COMMAND_NOT_ALLOWED_IN_STATUS', { kind: 'rule' });
    });

    it('is refused on a withdrawn commitment', () => {
      spec
        .given([...signedHistory(), withdrawn])
        .when(ask())
        .thenError('COMMITMENT_WITHDRAWN');
    });

    it('is refused on a commitment that does not exist', () => {
      spec.given([]).when(ask()).thenError('COMMITMENT_NOT_FOUND', { kind: 'not-found' });
    });

    it.each([
      ['too short', 'Corto', 5],
      ['too long', 'x'.repeat(2001), 2001],
    ])('refuses a text %s, naming the field', (_, text, length) => {
      spec
        .given(signedHistory())
        .when(ask({ text }))
        .thenError('TEXT_LENGTH_OUT_OF_RANGE', {
          kind: 'invalid',
          details: { field: 'text', length, min: 10, max: 2000 },
        });
    });

    it('measures the text without its surrounding blanks', () => {
      spec
        .given(signedHistory())
        .when(ask({ text: `   ${'a'.repeat(9)}   ` }))
        .thenError('TEXT_LENGTH_OUT_OF_RANGE', { details: { field: 'text', length: 9 } });
    });

    it('refuses a missing text', () => {
      spec
        .given(signedHistory())
        .when(ask({ text: '  ' }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'text' } });
    });

    it('refuses a name longer than 120 characters, or blank', () => {
      spec
        .given(signedHistory())
        .when(ask({ askerName: 'n'.repeat(121) }))
        .thenError('TEXT_LENGTH_OUT_OF_RANGE', { details: { field: 'name', max: 120 } });
      spec
        .given(signedHistory())
        .when(ask({ askerName: ' ' }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'name' } });
    });

    it.each([0, 366, 1.5])('refuses %p days to answer', (answerDays) => {
      spec
        .given(signedHistory())
        .when(ask({ answerDays }))
        .thenError('INVALID_FIELD', { details: { field: 'answerDays' } });
    });

    it('refuses a question id already used', () => {
      spec.given(askedHistory()).when(ask()).thenError('QUESTION_ID_DUPLICATE', { kind: 'rule' });
    });

    it('is accepted while a transfer is pending or awaits its handover', () => {
      spec.given(transferPendingHistory()).when(ask()).then([asked()]);
      spec.given(awaitingHandoverHistory()).when(ask()).then([asked()]);
    });
  });

  describe('AnswerQuestion', () => {
    it('records the responsible institution’s answer, dated today', () => {
      spec.given(askedHistory()).when(answer()).then([answered]);
    });

    it('is answered once: a second answer is refused (409)', () => {
      spec
        .given([...askedHistory(), answered])
        .when(answer({ answer: 'Otra respuesta.' }))
        .thenError('QUESTION_ALREADY_ANSWERED', {
          kind: 'rule',
          details: { questionId: 'q1', answeredOn: '2026-06-20' },
        });
    });

    it('refuses to answer a hidden question', () => {
      spec
        .given([...askedHistory(), hidden])
        .when(answer())
        .thenError('QUESTION_HIDDEN', { kind: 'rule' });
    });

    it('refuses a question the commitment does not have', () => {
      spec
        .given(askedHistory())
        .when(answer({ questionId: 'q9' }))
        .thenError('QUESTION_NOT_FOUND', { kind: 'not-found' });
    });

    it('is refused to another institution, the counterpart and the public', () => {
      spec
        .given(askedHistory())
        .when(answer({}, actors.otherInstitution))
        .thenError('FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION');
      spec.given(askedHistory()).when(answer({}, actors.fae)).thenError('ROLE_NOT_ALLOWED');
      spec.given(askedHistory()).when(answer({}, actors.citizen)).thenError('ROLE_NOT_ALLOWED');
    });

    it('refuses an empty answer', () => {
      spec
        .given(askedHistory())
        .when(answer({ answer: '' }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'answer' } });
    });

    it('is still accepted late, after the overdue was recorded', () => {
      const overdue: CommitmentEvent = {
        type: 'QuestionAnswerOverdue',
        data: { questionId: 'q1', answerDueOn: '2026-06-30', detectedOn: '2026-07-01' },
      };
      spec
        .given([...askedHistory(), overdue])
        .when(answer({}, actors.mdt, '2026-07-05T10:00:00.000-05:00'))
        .then([
          {
            type: 'QuestionAnswered',
            data: { ...(answered.data as object), answeredOn: '2026-07-05' } as never,
          },
        ]);
    });
  });

  describe('AddQuestionCounterpartView', () => {
    it('records the counterpart’s view, before or after the answer', () => {
      spec.given(askedHistory()).when(view()).then([viewed]);
      spec
        .given([...askedHistory(), answered])
        .when(view())
        .then([viewed]);
    });

    it('is added once', () => {
      spec
        .given([...askedHistory(), viewed])
        .when(view())
        .thenError('QUESTION_COUNTERPART_VIEW_ALREADY_ADDED', { kind: 'rule' });
    });

    it('is refused on a hidden question', () => {
      spec
        .given([...askedHistory(), hidden])
        .when(view())
        .thenError('QUESTION_HIDDEN');
    });

    it('is refused to another organization and to the institution', () => {
      spec
        .given(askedHistory())
        .when(view({}, actors.otherCounterpart))
        .thenError('FORBIDDEN_NOT_COUNTERPART');
      spec.given(askedHistory()).when(view({}, actors.mdt)).thenError('ROLE_NOT_ALLOWED');
    });
  });

  describe('HideQuestion', () => {
    it('records the Presidency’s reason', () => {
      spec.given(askedHistory()).when(hide()).then([hidden]);
    });

    it('requires a reason', () => {
      spec
        .given(askedHistory())
        .when(hide({ reason: ' ' }))
        .thenError('REQUIRED_FIELD_MISSING', { details: { field: 'reason' } });
    });

    it('is refused to everyone but the Presidency', () => {
      for (const actor of [actors.mdt, actors.fae, actors.coreGroup, actors.citizen])
        spec.given(askedHistory()).when(hide({}, actor)).thenError('ROLE_NOT_ALLOWED');
    });

    it('hides once', () => {
      spec
        .given([...askedHistory(), hidden])
        .when(hide())
        .thenError('QUESTION_HIDDEN');
    });

    it('may hide an answered question: the answer stays on record with it', () => {
      spec
        .given([...askedHistory(), answered])
        .when(hide())
        .thenState((state) => {
          const [question] = (state as ExistingCommitment).questions;
          expect(question).toMatchObject({ answeredOn: '2026-06-20', hiddenOn: '2026-06-16' });
        });
    });
  });

  describe('the answer’s deadline', () => {
    it('is recorded the day after the due date when unanswered', () => {
      spec
        .given(askedHistory())
        .when(overdueTimer('2026-07-01'))
        .then([
          {
            type: 'QuestionAnswerOverdue',
            data: { questionId: 'q1', answerDueOn: '2026-06-30', detectedOn: '2026-07-01' },
          },
        ]);
    });

    it('is not recorded on the due date itself', () => {
      spec.given(askedHistory()).when(overdueTimer('2026-06-30')).thenError('DEADLINE_NOT_REACHED');
    });

    it('decides nothing once answered, or hidden: a hidden question owes no answer', () => {
      spec
        .given([...askedHistory(), answered])
        .when(overdueTimer('2026-07-01'))
        .then([]);
      spec
        .given([...askedHistory(), hidden])
        .when(overdueTimer('2026-07-01'))
        .then([]);
    });

    it('decides nothing a second time, nor for another due date, nor once withdrawn', () => {
      const overdue: CommitmentEvent = {
        type: 'QuestionAnswerOverdue',
        data: { questionId: 'q1', answerDueOn: '2026-06-30', detectedOn: '2026-07-01' },
      };
      spec
        .given([...askedHistory(), overdue])
        .when(overdueTimer('2026-07-02'))
        .then([]);
      spec.given(askedHistory()).when(overdueTimer('2026-07-02', '2026-06-29')).then([]);
      spec
        .given([...askedHistory(), withdrawn])
        .when(overdueTimer('2026-07-02'))
        .then([]);
    });

    it('marks the question overdue in the state', () => {
      spec
        .given(askedHistory())
        .when(overdueTimer('2026-07-01'))
        .thenState((state) => {
          expect((state as ExistingCommitment).questions[0].overdueSince).toBe('2026-07-01');
          expect((state as ExistingCommitment).deadlinesRecorded).toContain(
            'question-answer-overdue:q1',
          );
        });
    });
  });

  describe('audit lines', () => {
    it('name the question and the dates, never its text, answer or reason', () => {
      for (const event of [asked({ askerName: 'María' }), answered, viewed, hidden]) {
        const line = summarizeEvent(event);
        expect(JSON.stringify(line)).not.toMatch(/encuesta|julio|Publicidad|mesa|María/);
        expect(line.es).toContain('q1');
        expect(line.en).toContain('q1');
      }
    });
  });
});
