/**
 * `/trabajo`: what waits for the person, each task with the commitment it concerns (linked to
 * its portal page), since when it waits or when it is due, and a link to the form that does
 * it; then the other forms of their role, and for auditors their tools.
 */
import type { Locale } from '../../portal/i18n/locale';
import { portalPaths } from '../../portal/portal-names';
import { WorkspaceLayout, workspaceWords, type Person } from '../components/workspace-layout';
import { formsFor } from '../forms/forms';
import type { TodoItem } from './todo';

export interface TodoPageProps {
  locale: Locale;
  path: string;
  person: Person;
  csrf: string;
  items: TodoItem[];
  /** The current plan, for the auditors' package link; null with none. */
  planId: string | null;
  /** Where the person's notices go (their role's scope); null for a role that gets none. */
  recipients?: NoticeRecipientItem[] | null;
}

export interface NoticeRecipientItem {
  id: string;
  role: string;
  channel: 'email' | 'webhook';
  address: string;
  digest: boolean;
}

const formHref = (formId: string, query: Record<string, string> = {}) => {
  const search = new URLSearchParams(query).toString();
  return `/trabajo/${formId}${search ? `?${search}` : ''}`;
};

export function TodoPage({
  locale,
  path,
  person,
  csrf,
  items,
  planId,
  recipients = null,
}: TodoPageProps) {
  const w = workspaceWords(locale);
  const forms = formsFor(person.role);
  return (
    <WorkspaceLayout locale={locale} title={w.title} path={path} person={person} csrf={csrf}>
      <h1>{w.title}</h1>
      <section aria-labelledby="todo">
        <h2 id="todo">{w.todoHeading}</h2>
        <p data-todo-count={items.length}>{locale.count(items.length, w.todoCount)}</p>
        {items.length === 0 ? (
          <p>{w.todoEmpty}</p>
        ) : (
          <ol class="list-plain todo">
            {items.map((item) => (
              <li data-todo={item.kind} data-commitment={item.commitmentId}>
                <p>
                  <strong>{w.kinds[item.kind]}</strong>
                </p>
                <p>
                  <a href={portalPaths.commitment(item.commitmentId)}>{item.commitmentTitle}</a>
                  {item.detail ? <span> — {item.detail}</span> : null}
                </p>
                <p class={item.daysToDue !== null && item.daysToDue < 0 ? 'late' : 'muted'}>
                  {item.percent !== null && item.since
                    ? w.reported(locale.percent(item.percent), locale.date(item.since))
                    : item.daysToDue !== null && item.since
                      ? w.due(locale.date(item.since))
                      : item.since
                        ? w.since(locale.date(item.since))
                        : null}
                </p>
                {item.action ? (
                  <p class="actions">
                    <a class="button" href={formHref(item.action.formId, item.action.query)}>
                      {w.doIt}
                      <span class="sr-only">: {w.kinds[item.kind]}</span>
                    </a>
                    {item.kind === 'milestone-overdue' ? (
                      <>
                        {' '}
                        <a
                          class="button secondary"
                          href={formHref('reprogramar-hito', item.action.query)}
                        >
                          {w.reschedule}
                          <span class="sr-only">: {item.detail}</span>
                        </a>
                      </>
                    ) : null}
                  </p>
                ) : null}
              </li>
            ))}
          </ol>
        )}
        <DecideAll locale={locale} items={items} />
      </section>
      {recipients ? <Notices locale={locale} recipients={recipients} /> : null}
      {forms.length > 0 ? (
        <section aria-labelledby="tasks">
          <h2 id="tasks">{w.tasksHeading}</h2>
          <ul>
            {forms.map((form) => (
              <li>
                <a href={formHref(form.id)}>{form.title[locale.lang]}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {person.role === 'auditor' ? (
        <section aria-labelledby="tools">
          <h2 id="tools">{w.toolsHeading}</h2>
          <ul>
            <li>
              <a href="/api/audit-trail?format=csv">{w.tools.trail}</a>
            </li>
            {planId ? (
              <li>
                <a href={`/api/action-plans/${encodeURIComponent(planId)}/audit-package`}>
                  {w.tools.package}
                </a>
              </li>
            ) : null}
            <li>
              <a href="/api/transparency/checkpoints">{w.tools.checkpoints}</a>
            </li>
            {planId ? (
              <li>
                {/* Time travel needs no script: a plain GET with the day as `asHappenedBy`. */}
                <form
                  method="get"
                  action={`/api/action-plans/${encodeURIComponent(planId)}/dashboard`}
                  class="ws-form time-travel"
                >
                  <label for="as-of">{w.tools.timeTravel}</label>
                  <p id="as-of-help" class="hint">
                    {w.tools.timeTravelHelp}
                  </p>
                  <input
                    id="as-of"
                    name="asHappenedBy"
                    type="text"
                    inputMode="numeric"
                    aria-describedby="as-of-help"
                    required
                  />{' '}
                  <button type="submit">{w.tools.timeTravelGo}</button>
                </form>
              </li>
            ) : null}
          </ul>
        </section>
      ) : null}
    </WorkspaceLayout>
  );
}

/** The Presidency's bulk decision: every pending commitment of the queue in one form. */
function DecideAll({ locale, items }: { locale: Locale; items: TodoItem[] }) {
  const pending = items.filter((item) => item.kind === 'decide-transfer');
  if (pending.length < 2) return null;
  const query = Object.fromEntries(
    pending.map((item, i) => [`decisions[${i}].commitmentId`, item.commitmentId]),
  );
  return (
    <p>
      <a class="button" href={formHref('decidir-transferencia', query)} data-decide-all>
        {workspaceWords(locale).decideAll(locale.number(pending.length))}
      </a>
    </p>
  );
}

/** Where the person's notices go, each with the way to stop it, and the way to add one. */
function Notices({ locale, recipients }: { locale: Locale; recipients: NoticeRecipientItem[] }) {
  const w = workspaceWords(locale).notices;
  return (
    <section aria-labelledby="notices">
      <h2 id="notices">{w.heading}</h2>
      {recipients.length === 0 ? (
        <p>{w.none}</p>
      ) : (
        <ul class="list-plain">
          {recipients.map((r) => (
            <li data-recipient={r.id}>
              {r.address}
              {r.channel === 'webhook' ? ` (${w.webhook})` : ''}
              {r.digest ? ` (${w.digest})` : ''}{' '}
              <a href={formHref('quitar-aviso', { recipientId: r.id })}>
                {w.remove}
                <span class="sr-only">: {r.address}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
      <p>
        <a class="button secondary" href={formHref('recibir-avisos')}>
          {w.register}
        </a>
      </p>
    </section>
  );
}
