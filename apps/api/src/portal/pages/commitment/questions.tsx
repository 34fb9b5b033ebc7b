/**
 * Citizens' questions on the commitment page: each question with its answer, how long the
 * institution took and whether it was on time, the counterpart's view; a question the
 * Presidency hid shows only its reason. Then the form to ask, a plain HTML form posted without
 * script (`POST /compromisos/:id/preguntas`, answered with a redirect back here), in a section
 * of its own.
 */
import { Day } from '../../components/bits';
import type { PageContext } from './commitment.context';

export function Questions({ ctx }: { ctx: PageContext }) {
  const { locale, m, data } = ctx;
  const questions = data.detail.questions ?? [];
  return (
    <>
      <p class="muted">{m.questionsExplained(data.answerDays)}</p>
      {questions.length === 0 ? (
        <p>{m.questionsNone}</p>
      ) : (
        <ol class="questions">
          {questions.map((q) =>
            q.hidden ? (
              <li id={`pregunta-${q.questionId}`}>
                <p>
                  <em>{m.questionHidden(q.hidden.reason)}</em>{' '}
                  <span class="muted">
                    (<Day locale={locale} iso={q.hidden.hiddenOn} />)
                  </span>
                </p>
              </li>
            ) : (
              <li id={`pregunta-${q.questionId}`}>
                <p class="muted">
                  {m.askedBy(q.askerName)} · <Day locale={locale} iso={q.askedOn} /> ·{' '}
                  {m.answerDue(locale.date(q.answerDueOn))}
                </p>
                <blockquote>{q.text}</blockquote>
                {q.answer !== null && q.answeredOn ? (
                  <div class="answer">
                    <p>
                      <strong>{m.institutionAnswer}</strong>{' '}
                      <span class="muted">
                        (<Day locale={locale} iso={q.answeredOn} /> ·{' '}
                        {m.answeredIn(q.daysToAnswer ?? 0)} · {q.answeredOnTime ? m.onTime : m.late}
                        )
                      </span>
                    </p>
                    <p>{q.answer}</p>
                  </div>
                ) : (
                  <p>
                    <strong>{q.overdueSince ? m.answerOverdue : m.questionAwaitingAnswer}</strong>
                  </p>
                )}
                {q.counterpartView ? (
                  <div class="answer">
                    <p>
                      <strong>{m.counterpartView}</strong>{' '}
                      <span class="muted">
                        (<Day locale={locale} iso={q.counterpartView.addedOn} />)
                      </span>
                    </p>
                    <p>{q.counterpartView.view}</p>
                  </div>
                ) : null}
              </li>
            ),
          )}
        </ol>
      )}
    </>
  );
}

/**
 * The form to ask, with how the last attempt went. Outside the live region of the list, so that
 * a live refresh never wipes what the reader is typing.
 */
export function AskQuestion({ ctx }: { ctx: PageContext }) {
  return (
    <>
      <Outcome ctx={ctx} />
      <AskForm ctx={ctx} />
    </>
  );
}

function Outcome({ ctx }: { ctx: PageContext }) {
  const { m, data } = ctx;
  const outcome = data.questionOutcome;
  if (!outcome) return null;
  if (outcome === 'enviada')
    return (
      <p class="notices" role="status">
        {m.questionSent}
      </p>
    );
  return (
    <p class="form-summary" role="alert">
      {m.questionRefused(outcome)}
    </p>
  );
}

function AskForm({ ctx }: { ctx: PageContext }) {
  const { m, data } = ctx;
  if (!data.acceptsQuestions) return <p class="muted">{m.questionsClosed}</p>;
  // The section's heading (#preguntar) names the form.
  const action = `/compromisos/${encodeURIComponent(data.commitmentId)}/preguntas`;
  return (
    <form class="ws-form" method="post" action={action} aria-labelledby="preguntar">
      <div class="field">
        <label for="question-text">{m.askText}</label>
        <p class="hint" id="question-text-hint">
          {m.askTextHint}
        </p>
        <textarea
          id="question-text"
          name="text"
          rows={4}
          required
          minLength={10}
          maxLength={2000}
          aria-describedby="question-text-hint"
        />
      </div>
      <div class="field">
        <label for="question-name">{m.askName}</label>
        <input id="question-name" name="name" type="text" maxLength={120} autocomplete="name" />
      </div>
      <div class="field">
        <label for="question-email">{m.askEmail}</label>
        <p class="hint" id="question-email-hint">
          {m.askEmailHint}
        </p>
        <input
          id="question-email"
          name="email"
          type="email"
          maxLength={254}
          autocomplete="email"
          aria-describedby="question-email-hint"
        />
      </div>
      <button type="submit">{m.askSubmit}</button>
    </form>
  );
}
