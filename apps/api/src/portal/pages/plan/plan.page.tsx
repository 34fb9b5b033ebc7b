/**
 * The plan page (`/`, `/planes/:planId`): the plan's story at a glance, for a citizen on a
 * phone as much as for a journalist at a desk. Each `data-region` is refreshed live.
 */
import { COMMITMENT_STATUSES, type CommitmentStatus } from '@hitos/domain';
import { DEFAULT_TRAFFIC_LIGHT_RULES, type TrafficLightColour } from '@hitos/read-models';
import {
  BarChart,
  CommitmentHeadline,
  Day,
  Happened,
  LightBadge,
  ProgressBar,
  Reserved,
  StatusBadge,
} from '../../components/bits';
import { Layout } from '../../components/layout';
import type { Locale } from '../../i18n/locale';
import { portalPaths, type PortalNames } from '../../portal-names';
import { humanSummary } from '../../summaries';
import type { PlanPageData } from './plan.data';

const COLOURS: TrafficLightColour[] = ['red', 'amber', 'green', 'grey'];

export function PlanPage({
  locale,
  data,
  path,
}: {
  locale: Locale;
  data: PlanPageData | null;
  path: string;
}) {
  const t = locale.t.plan;
  if (!data)
    return (
      <Layout locale={locale} title={t.title} path={path}>
        <h1>{t.title}</h1>
        <p>{t.noPlan}</p>
      </Layout>
    );
  const { dashboard, names } = data;
  const title = dashboard.title ?? names.plan(data.planId);
  const feed = `/api/open-data/action-plans/${encodeURIComponent(data.planId)}/feed.atom`;
  return (
    <Layout
      locale={locale}
      title={title}
      path={path}
      live={`/api/live/action-plans/${encodeURIComponent(data.planId)}`}
      feeds={[{ title, href: feed }]}
      description={`${t.title}: ${title}`}
    >
      <PlanHeader locale={locale} data={data} title={title} feed={feed} />
      <div class="grid">
        <section class="card" aria-labelledby="by-status" data-region="by-status">
          <h2 id="by-status">{t.byStatus}</h2>
          <StatusChart locale={locale} data={data} />
        </section>
        <section class="card" aria-labelledby="lights" data-region="lights">
          <h2 id="lights">{t.lights}</h2>
          <LightCounts locale={locale} data={data} />
        </section>
      </div>
      <section aria-labelledby="commitments" data-region="commitments">
        <h2 id="commitments">{t.commitments}</h2>
        <CommitmentTable locale={locale} data={data} />
      </section>
      <div class="grid">
        <section class="card" aria-labelledby="by-pillar" data-region="by-pillar">
          <h2 id="by-pillar">{t.byPillar}</h2>
          <BarChart
            caption={t.byPillar}
            max={100}
            format={(v) => locale.percent(v)}
            rows={dashboard.byPillar.map((p) => ({
              label: locale.t.pillar[p.pillar],
              value: p.progress,
              note: `(${locale.count(p.commitments, locale.t.units.commitment)})`,
            }))}
          />
        </section>
        <section class="card" aria-labelledby="by-institution" data-region="by-institution">
          <h2 id="by-institution">{t.byInstitution}</h2>
          <BarChart
            caption={t.byInstitution}
            max={100}
            format={(v) => locale.percent(v)}
            rows={dashboard.byInstitution.map((i) => ({
              label: i.name ?? names.institution(i.institutionId),
              href: portalPaths.institution(i.institutionId),
              value: i.progress,
              note: `(${locale.count(i.commitments, locale.t.units.commitment)})`,
            }))}
          />
        </section>
      </div>
      {dashboard.milestonesCompletedByMonth.length > 0 ? (
        <section class="card" aria-labelledby="completed" data-region="completed">
          <h2 id="completed">{t.completedByMonth}</h2>
          <BarChart
            caption={t.completedByMonth}
            max={Math.max(1, ...dashboard.milestonesCompletedByMonth.map((m) => m.completed))}
            format={(v) => locale.count(v ?? 0, locale.t.units.milestone)}
            rows={dashboard.milestonesCompletedByMonth.map((m) => ({
              label: locale.month(m.month),
              value: m.completed,
            }))}
          />
        </section>
      ) : null}
      <section class="card" aria-labelledby="questions" data-region="questions">
        <h2 id="questions">{t.questions}</h2>
        {dashboard.questions.onTimeShare === null ? (
          <p>{t.questionsNoneDue(dashboard.questions.asked)}</p>
        ) : (
          <>
            <p class="figure">{locale.percent(dashboard.questions.onTimeShare * 100)}</p>
            <p class="muted">
              {t.questionsOnTime(
                dashboard.questions.answeredOnTime,
                dashboard.questions.due,
                dashboard.questions.asked,
              )}
            </p>
          </>
        )}
      </section>
      <div class="grid">
        <section aria-labelledby="overdue" data-region="overdue">
          <h2 id="overdue">{t.overdue}</h2>
          <Deadlines locale={locale} items={data.overdue} overdue />
        </section>
        <section aria-labelledby="upcoming" data-region="upcoming">
          <h2 id="upcoming">{t.upcoming}</h2>
          <Deadlines locale={locale} items={data.upcoming} />
        </section>
      </div>
      <section aria-labelledby="transfers" data-region="transfers">
        <h2 id="transfers">{t.transfers}</h2>
        <Transfers locale={locale} data={data} />
      </section>
      <section aria-labelledby="recent" data-region="recent">
        <h2 id="recent">{t.recent}</h2>
        <Recent locale={locale} data={data} />
      </section>
      <section aria-labelledby="history" data-region="history">
        <h2 id="history">{t.history}</h2>
        <History locale={locale} data={data} />
      </section>
    </Layout>
  );
}

function PlanHeader({
  locale,
  data,
  title,
  feed,
}: {
  locale: Locale;
  data: PlanPageData;
  title: string;
  feed: string;
}) {
  const t = locale.t.plan;
  const { dashboard } = data;
  return (
    <section aria-labelledby="plan-title" data-region="plan">
      <p class="muted">
        {t.title}
        {dashboard.code ? ` · ${dashboard.code}` : ''}
      </p>
      <h1 id="plan-title">{title}</h1>
      <div class="grid grid-3">
        <div class="card">
          <h2 class="muted">{t.overall}</h2>
          <p class="figure">{locale.percent(dashboard.overallProgress)}</p>
          <ProgressBar locale={locale} value={dashboard.overallProgress} />
          <p class="muted">{t.overallExplained}</p>
        </div>
        <div class="card">
          <h2 class="muted">{t.commitments}</h2>
          <p class="figure">{locale.number(dashboard.commitments)}</p>
          <p class="muted">{locale.count(data.overdueTotal, t.overdueMilestones)}</p>
        </div>
        <div class="card">
          <h2 class="muted">{t.period}</h2>
          <p>
            <Day locale={locale} iso={dashboard.period?.start} /> –{' '}
            <Day locale={locale} iso={dashboard.period?.end} />
          </p>
          <p class="muted">
            <a href={feed}>Atom</a> ·{' '}
            <a
              href={`/api/open-data/action-plans/${encodeURIComponent(data.planId)}/commitments.csv`}
            >
              CSV
            </a>
          </p>
        </div>
      </div>
    </section>
  );
}

function StatusChart({ locale, data }: { locale: Locale; data: PlanPageData }) {
  const byStatus = data.dashboard.byStatus;
  const statuses = COMMITMENT_STATUSES.filter((s) => (byStatus[s] ?? 0) > 0) as CommitmentStatus[];
  const max = Math.max(1, ...statuses.map((s) => byStatus[s] ?? 0));
  return (
    <BarChart
      caption={locale.t.plan.byStatus}
      max={max}
      format={(v) => locale.count(v ?? 0, locale.t.units.commitment)}
      rows={statuses.map((s) => ({ label: locale.t.status[s], value: byStatus[s] ?? 0 }))}
    />
  );
}

function LightCounts({ locale, data }: { locale: Locale; data: PlanPageData }) {
  const counts = new Map<TrafficLightColour, number>();
  for (const c of data.commitments)
    if (c.light) counts.set(c.light.colour, (counts.get(c.light.colour) ?? 0) + 1);
  return (
    <>
      <p class="muted">{locale.t.plan.lightsExplained}</p>
      <ul class="legend">
        {COLOURS.map((colour) => (
          <li>
            <LightBadge locale={locale} colour={colour} />{' '}
            <strong>{locale.count(counts.get(colour) ?? 0, locale.t.units.commitment)}</strong>
            <br />
            <span class="muted">{locale.t.lightRule(DEFAULT_TRAFFIC_LIGHT_RULES)[colour]}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function CommitmentTable({ locale, data }: { locale: Locale; data: PlanPageData }) {
  const t = locale.t.plan;
  return (
    <div class="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col" class="num hide-narrow">
              #
            </th>
            <th scope="col">{t.commitments}</th>
            <th scope="col" class="hide-narrow">
              {t.institution}
            </th>
            <th scope="col">{t.progress}</th>
          </tr>
        </thead>
        <tbody>
          {data.commitments.map((c) => (
            <tr>
              <td class="num hide-narrow">{c.number}</td>
              <td>
                <CommitmentHeadline locale={locale} commitment={c} />
              </td>
              <td class="hide-narrow">
                <a href={portalPaths.institution(c.responsible.institutionId)}>
                  {data.names.institution(c.responsible.institutionId)}
                </a>
                <br />
                <span class="muted">
                  {t.counterpart}:{' '}
                  <a href={portalPaths.organization(c.counterpart.organizationId)}>
                    {data.names.organization(c.counterpart.organizationId)}
                  </a>
                </span>
              </td>
              <td>
                <ProgressBar locale={locale} value={c.progress} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Deadlines({
  locale,
  items,
  overdue,
}: {
  locale: Locale;
  items: PlanPageData['overdue'];
  overdue?: boolean;
}) {
  if (items.length === 0) return <p class="muted">{locale.t.site.none}</p>;
  return (
    <ul class="list-plain">
      {items.map((m) => (
        <li>
          <a href={portalPaths.commitment(m.commitmentId)}>{m.commitmentTitle}</a>
          <br />
          {m.deliverable}
          <br />
          <span class="muted">
            {locale.t.plan.dueOn} <Day locale={locale} iso={m.due} />
          </span>
          {overdue ? (
            <span class="late">
              {' '}
              · {locale.count(Math.abs(m.daysToDue), locale.t.units.day)} {locale.t.plan.late}
            </span>
          ) : null}{' '}
          <LightBadge
            locale={locale}
            colour={m.trafficLight.colour}
            rule={m.trafficLight.rule[locale.lang]}
          />
        </li>
      ))}
    </ul>
  );
}

function Transfers({ locale, data }: { locale: Locale; data: PlanPageData }) {
  if (data.transfers.length === 0) return <p class="muted">{locale.t.site.none}</p>;
  return (
    <ul class="list-plain">
      {data.transfers.map((x) => (
        <li>
          <a href={portalPaths.commitment(x.commitmentId)}>{x.title}</a>{' '}
          <StatusBadge locale={locale} status={x.status} />
          <br />
          {data.names.institution(x.institutionId)} →{' '}
          <strong>
            {locale.t.plan.successor}: {successorOf(data.names, x)}
          </strong>
          <br />
          <span class="muted">
            <Day locale={locale} iso={x.pendingSince} />
            {x.daysWaiting !== null ? ` · ${locale.count(x.daysWaiting, locale.t.units.day)}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The receiving institution once decided; before that, the redesign's successors. */
function successorOf(names: PortalNames, x: PlanPageData['transfers'][number]): string {
  if (x.decision) return names.institution(x.decision.toInstitutionId);
  const ended = names.institutionEntry(x.institutionId);
  if (ended && ended.successorIds.length > 0)
    return ended.successorIds.map((id) => names.institution(id)).join(', ');
  return '—';
}

function Recent({ locale, data }: { locale: Locale; data: PlanPageData }) {
  if (data.recent.length === 0) return <p class="muted">{locale.t.site.none}</p>;
  return (
    <ol class="timeline">
      {data.recent.map((entry) => (
        <li>
          <Happened
            locale={locale}
            occurredAt={entry.occurredAt ?? entry.recordedAt}
            recordedAt={entry.recordedAt}
          />
          <br />
          {entry.commitmentId ? (
            <>
              <a href={portalPaths.commitment(entry.commitmentId)}>
                {data.commitments.find((c) => c.commitmentId === entry.commitmentId)?.title ??
                  entry.commitmentId}
              </a>
              {': '}
            </>
          ) : null}
          {entry.withheld ? (
            <>
              <Reserved locale={locale} />{' '}
            </>
          ) : null}
          {humanSummary(
            entry,
            locale,
            data.names,
            entry.commitmentId ? data.milestonesOf.get(entry.commitmentId) : [],
          )}
        </li>
      ))}
    </ol>
  );
}

/** The transparency log: its latest checkpoints and who witnessed them (issue 13 §1). */
function History({ locale, data }: { locale: Locale; data: PlanPageData }) {
  const t = locale.t.plan;
  const { total, latest } = data.checkpoints;
  return (
    <>
      <p>{t.historyExplained}</p>
      <p>
        <a href="/api/transparency/checkpoint">{t.latestCheckpoint}</a> ·{' '}
        <a href="/api/transparency/key">{t.verifierKey}</a> ·{' '}
        <a href={`/api/action-plans/${encodeURIComponent(data.planId)}/audit-package`}>
          {t.auditPackage}
        </a>
      </p>
      {total === 0 ? (
        <p class="muted">{t.noCheckpoints}</p>
      ) : (
        <div class="table-scroll">
          <table>
            <caption>{t.checkpointsTotal(locale.number(total))}</caption>
            <thead>
              <tr>
                <th scope="col" class="num">
                  {t.checkpointEvents}
                </th>
                <th scope="col">{t.checkpointSigned}</th>
                <th scope="col">{t.checkpointWitnesses}</th>
              </tr>
            </thead>
            <tbody>
              {latest.map((c) => (
                <tr>
                  <td class="num">{locale.number(c.treeSize)}</td>
                  <td>
                    <time dateTime={c.signedAt}>{locale.dateTime(c.signedAt)}</time>
                  </td>
                  <td>
                    {c.cosignatures.length === 0 ? (
                      <span class="muted">{t.notWitnessed}</span>
                    ) : (
                      c.cosignatures.map((w) => (
                        <span class="witness">
                          {w.witness} (
                          <time dateTime={w.cosignedAt}>{locale.dateTime(w.cosignedAt)}</time>)
                          <br />
                        </span>
                      ))
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
