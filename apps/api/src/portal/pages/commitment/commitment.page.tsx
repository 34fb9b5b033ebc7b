/**
 * The commitment page (`/compromisos/:commitmentId`): one commitment as a citizen reads it, from
 * the OGP template and the acta to each milestone's dates, slips and the two keys of every
 * report, the reports to each audience, the closure apart from the IRM's assessment, the history
 * and the proof that it was not rewritten. Each `data-region` is refreshed live.
 */
import type { ComponentChildren } from 'preact';
import { Day, LightBadge, ProgressBar, StatusBadge } from '../../components/bits';
import { Layout } from '../../components/layout';
import type { Locale } from '../../i18n/locale';
import { portalPaths } from '../../portal-names';
import { ActaCard } from './acta-card';
import { Closure, SubmittedReports } from './closure';
import type { CommitmentPageData } from './commitment.data';
import { pageContext, ruleOf, type PageContext } from './commitment.context';
import { Milestones } from './milestones';
import { AskQuestion, Questions } from './questions';
import { Timeline } from './timeline';

export function CommitmentPage({
  locale,
  data,
  path,
}: {
  locale: Locale;
  data: CommitmentPageData;
  path: string;
}) {
  const ctx = pageContext(locale, data);
  const { m } = ctx;
  const { detail } = data;
  const id = encodeURIComponent(data.commitmentId);
  const feed = `/api/open-data/commitments/${id}/feed.atom`;
  const sections: [string, string][] = [
    ['plantilla', m.template],
    ['acta', m.acta],
    ['hitos', m.milestones],
    ['informes', m.submitted],
    ['cierre', m.closure],
    ['preguntas', m.questions],
    ['historia', m.timeline],
    ['prueba', m.proof],
  ];
  return (
    <Layout
      locale={locale}
      title={detail.title}
      path={path}
      live={`/api/live/commitments/${id}`}
      feeds={[{ title: detail.title, href: feed }]}
      description={`${m.kicker(detail.number)}: ${detail.title}`}
    >
      <Header ctx={ctx} />
      <nav class="jump" aria-label={m.jump}>
        <ul>
          {sections.map(([anchor, label]) => (
            <li>
              <a href={`#${anchor}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="grid">
        <section class="card" aria-labelledby="plantilla" data-region="template">
          <h2 id="plantilla">{m.template}</h2>
          <Template ctx={ctx} />
        </section>
        <ActaCard ctx={ctx} />
      </div>
      <section aria-labelledby="hitos" data-region="milestones">
        <h2 id="hitos">{m.milestones}</h2>
        <Milestones ctx={ctx} />
      </section>
      <section aria-labelledby="informes" data-region="submitted">
        <h2 id="informes">{m.submitted}</h2>
        <SubmittedReports ctx={ctx} />
      </section>
      <section aria-labelledby="cierre" data-region="closure">
        <h2 id="cierre">{m.closure}</h2>
        <Closure ctx={ctx} />
      </section>
      <section aria-labelledby="preguntas" data-region="questions">
        <h2 id="preguntas">{m.questions}</h2>
        <Questions ctx={ctx} />
      </section>
      <section aria-labelledby="preguntar" class="card">
        <h2 id="preguntar">{m.ask}</h2>
        <AskQuestion ctx={ctx} />
      </section>
      <section aria-labelledby="historia" data-region="timeline">
        <h2 id="historia">{m.timeline}</h2>
        <Timeline ctx={ctx} />
      </section>
      <section aria-labelledby="prueba" class="card proof">
        <h2 id="prueba">{m.proof}</h2>
        <Proof ctx={ctx} feed={feed} />
      </section>
    </Layout>
  );
}

function Header({ ctx }: { ctx: PageContext }) {
  const { locale, m, data } = ctx;
  const { detail, names, light } = data;
  return (
    <section aria-labelledby="commitment-title" data-region="summary">
      <p class="muted">
        {m.kicker(detail.number)} · {m.ofPlan}{' '}
        <a href={portalPaths.plan(detail.planId)}>{names.plan(detail.planId)}</a>
      </p>
      <h1 id="commitment-title">{detail.title}</h1>
      <p class="badges">
        <StatusBadge locale={locale} status={detail.status} />{' '}
        {light ? (
          <LightBadge locale={locale} colour={light.colour} rule={ruleOf(ctx, light)} />
        ) : null}
      </p>
      <div class="grid grid-3">
        <div class="card">
          <h2 class="muted">{m.progress}</h2>
          <p class="figure">{locale.percent(detail.progress)}</p>
          <ProgressBar locale={locale} value={detail.progress} />
          <p class="muted">{m.progressExplained}</p>
        </div>
        <div class="card">
          <h2 class="muted">{m.responsible}</h2>
          <p>
            <a href={portalPaths.institution(detail.responsible.institutionId)}>
              {names.institution(detail.responsible.institutionId)}
            </a>
            <br />
            <span class="muted">{detail.responsible.unit}</span>
          </p>
          <p>
            <span class="muted">{m.counterpart}:</span>{' '}
            <a href={portalPaths.organization(detail.counterpart.organizationId)}>
              {names.organization(detail.counterpart.organizationId)}
            </a>
          </p>
        </div>
        <div class="card">
          <h2 class="muted">{m.period}</h2>
          <p>
            <Day locale={locale} iso={detail.period.start} /> –{' '}
            <Day locale={locale} iso={detail.period.end} />
          </p>
          {light ? <p class="muted">{ruleOf(ctx, light)}</p> : null}
        </div>
      </div>
      <Notices ctx={ctx} />
      <Withheld ctx={ctx} />
    </section>
  );
}

/** What changed the commitment's course: a withdrawal, the period's end, a transfer. */
function Notices({ ctx }: { ctx: PageContext }) {
  const { locale, m, data } = ctx;
  const { detail, names } = data;
  const notes: ComponentChildren[] = [];
  if (detail.withdrawal)
    notes.push(
      <>
        <strong>{m.withdrawn(locale.date(detail.withdrawal.withdrawnOn))}.</strong> {m.reason}:{' '}
        {detail.withdrawal.reason}
      </>,
    );
  if (detail.periodEnded && !detail.closure && !detail.withdrawal)
    notes.push(m.periodEnded(locale.date(detail.periodEnded.periodEnd)));
  if (detail.transfer) {
    const t = detail.transfer;
    notes.push(
      <>
        <strong>{m.transfer}.</strong>{' '}
        {m.transferPending(names.institution(t.institutionId), locale.date(t.pendingSince))}
        {t.transferred ? (
          <> {m.transferredTo(names.institution(t.transferred.toInstitutionId))}</>
        ) : null}
      </>,
    );
  }
  for (const settled of detail.transfers)
    if (settled.outcome === 'transferred')
      notes.push(
        m.transferred(
          names.institution(settled.fromInstitutionId),
          names.institution(settled.toInstitutionId),
          locale.date(settled.settledOn),
        ),
      );
  if (notes.length === 0) return null;
  return (
    <ul class="notices">
      {notes.map((note) => (
        <li>{note}</li>
      ))}
    </ul>
  );
}

/** The reserved content, counted: the reader knows how much there is without seeing it. */
function Withheld({ ctx }: { ctx: PageContext }) {
  const { locale, m, data } = ctx;
  const { detail } = data;
  const counts = [
    [detail.withheldEvidence, m.withheldEvidenceUnit],
    [detail.withheldReports, m.withheldReportsUnit],
    [detail.withheldTexts ?? 0, m.withheldTexts],
  ] as const;
  const shown = counts.filter(([n]) => n > 0);
  if (shown.length === 0) return null;
  return (
    <div class="withheld-note" role="note">
      <p>
        <strong>{m.withheldCounts}:</strong>{' '}
        {shown.map(([n, unit]) => locale.count(n, unit)).join(' · ')}
      </p>
      <p class="muted">{m.withheldCountsExplained}</p>
    </div>
  );
}

/** The OGP template's fields, as drafted. */
function Template({ ctx }: { ctx: PageContext }) {
  const { locale, m, data } = ctx;
  const { detail } = data;
  const pillars = Object.entries(detail.relevance ?? {}) as [
    keyof typeof locale.t.pillar,
    string,
  ][];
  return (
    <>
      <h3>{m.problem}</h3>
      <p>{detail.problem}</p>
      <h3>{m.statusQuo}</h3>
      <p>{detail.statusQuo}</p>
      <h3>{m.objective}</h3>
      <p>{detail.objective}</p>
      <h3>{m.howItSolves}</h3>
      <p>{detail.howItSolves}</p>
      <h3>{m.relevance}</h3>
      <dl class="facts">
        {pillars.map(([pillar, why]) => (
          <>
            <dt>{locale.t.pillar[pillar] ?? pillar}</dt>
            <dd>{why}</dd>
          </>
        ))}
      </dl>
      {detail.supportingActors.length > 0 ? (
        <>
          <h3>{m.supportingActors}</h3>
          <ul>
            {detail.supportingActors.map((a) => (
              <li>
                {a.name} <span class="muted">({m.sector[a.sector] ?? a.sector})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {detail.resources.length > 0 ? (
        <>
          <h3>{m.resources}</h3>
          <ul>
            {detail.resources.map((r) => (
              <li>
                <strong>{m.resourceKind[r.kind as keyof typeof m.resourceKind] ?? r.kind}:</strong>{' '}
                {r.description}
                {r.estimatedAmount ? (
                  <>
                    {' · '}
                    {new Intl.NumberFormat(locale.lang === 'en' ? 'en-GB' : 'es', {
                      style: 'currency',
                      currency: r.estimatedAmount.currency,
                    }).format(r.estimatedAmount.amount)}
                  </>
                ) : null}
                {r.budgetCertification ? (
                  <span class="muted">
                    {' · '}
                    {m.budgetCertification}: {r.budgetCertification}
                  </span>
                ) : null}
                {r.cooperant ? (
                  <span class="muted">
                    {' · '}
                    {m.cooperant}: {r.cooperant}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{m.contact}</h3>
      <p>
        {detail.contact.name}
        <br />
        <span class="muted">{detail.contact.position}</span>
        <br />
        <a href={`mailto:${detail.contact.email}`}>{detail.contact.email}</a>
        {detail.contact.phone ? (
          <>
            <br />
            {detail.contact.phone}
          </>
        ) : null}
      </p>
    </>
  );
}

/** Where to check the history: the audit package, the trail, the log's checkpoint and key. */
function Proof({ ctx, feed }: { ctx: PageContext; feed: string }) {
  const { m, data } = ctx;
  const id = encodeURIComponent(data.commitmentId);
  return (
    <>
      <p>{m.proofExplained}</p>
      <Checkpoint ctx={ctx} />
      <ul>
        <li>
          <a href={`/api/commitments/${id}/audit-package`} download>
            {m.proofPackage}
          </a>
        </li>
        <li>
          <a href={`/api/commitments/${id}/audit-trail?format=csv`}>{m.proofTrail}</a>
        </li>
        <li>
          <a href="/api/transparency/checkpoint">{m.proofCheckpoint}</a>
        </li>
        <li>
          <a href="/api/transparency/key">{m.proofKey}</a>
        </li>
      </ul>
      <p class="muted">{m.proofHowTo}</p>
      <h3>{m.openData}</h3>
      <ul>
        <li>
          <a href={feed}>{m.feed}</a>
        </li>
        <li>
          <a href={`/api/commitments/${id}`}>{m.json}</a>
        </li>
        <li>
          <a href={portalPaths.commitment(data.commitmentId)}>{m.shareLink}</a>
        </li>
      </ul>
    </>
  );
}

/** The log's latest signed checkpoint: how many facts it seals, when, and who witnessed it. */
function Checkpoint({ ctx }: { ctx: PageContext }) {
  const { locale, m, data } = ctx;
  const checkpoint = data.checkpoint;
  if (!checkpoint) return <p class="muted">{m.checkpointNone}</p>;
  const witnesses = checkpoint.cosignatures.map((c) => c.witness);
  return (
    <p>
      {m.checkpointLatest(locale.number(checkpoint.treeSize), locale.dateTime(checkpoint.signedAt))}{' '}
      <span class="muted">
        {witnesses.length === 0
          ? m.checkpointNoWitness
          : m.checkpointWitnesses(witnesses.length, witnesses.join(', '))}
      </span>
    </p>
  );
}
