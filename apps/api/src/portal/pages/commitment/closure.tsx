/**
 * The reports submitted to each audience (with the reporting calendar), and the end of the
 * commitment: the parties' self-assessment and, apart from it, the IRM's assessments.
 */
import { Day, Reserved } from '../../components/bits';
import { EvidenceList } from './milestones';
import { safeHref, type PageContext } from './commitment.context';

export function SubmittedReports({ ctx }: { ctx: PageContext }) {
  const { locale, m, data } = ctx;
  const { detail, names } = data;
  const party = (p: 'institution' | 'counterpart') =>
    p === 'institution'
      ? names.institution(detail.responsible.institutionId)
      : names.organization(detail.counterpart.organizationId);
  const due = detail.progressReportDue;
  const overdue = detail.progressReportOverdue;
  return (
    <>
      {due || overdue ? (
        <ul class="list-plain calendar">
          {overdue ? (
            <li class="late">
              {m.reportOverdue(locale.date(overdue.periodStart), locale.date(overdue.dueOn))}
            </li>
          ) : null}
          {due ? <li>{m.reportDue(locale.date(due.dueOn))}</li> : null}
        </ul>
      ) : null}
      {detail.submittedReports.length === 0 ? (
        <p class="muted">{m.noSubmitted}</p>
      ) : (
        <ul class="list-plain">
          {detail.submittedReports.map((report) => {
            const href = safeHref(report.link);
            return (
              <li>
                <strong>{report.title ?? <Reserved locale={locale} />}</strong>
                <br />
                <span class="tag">
                  {m.submittedTo(m.audience[report.audience] ?? report.audience)}
                </span>{' '}
                <span class="muted">
                  {m.submittedBy(party(report.submittedBy), locale.date(report.submittedOn))}
                </span>
                <p>{report.summary ?? <Reserved locale={locale} />}</p>
                {href && !report.withheld ? (
                  <p>
                    <a href={href}>
                      {m.openLink}
                      <span class="sr-only">: {report.title}</span>
                    </a>
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </>
  );
}

export function Closure({ ctx }: { ctx: PageContext }) {
  const { locale, m, data } = ctx;
  const { detail } = data;
  const closure = detail.closure;
  return (
    <div class="grid">
      <div class="card">
        <h3>{m.selfAssessment}</h3>
        <p class="muted">{m.selfAssessmentExplained}</p>
        {closure ? (
          <>
            <dl class="facts">
              <dt>{m.closedOn}</dt>
              <dd>
                <Day locale={locale} iso={closure.closedOn} />
              </dd>
              <dt>{m.completion}</dt>
              <dd>
                {m.selfCompletion[closure.completion as keyof typeof m.selfCompletion] ??
                  closure.completion}
              </dd>
              <dt>{m.openedGovernment}</dt>
              <dd>
                {m.opened[closure.openedGovernment as keyof typeof m.opened] ??
                  closure.openedGovernment}
              </dd>
              <dt>{m.resultsNarrative}</dt>
              <dd>{closure.resultsNarrative ?? <Reserved locale={locale} />}</dd>
            </dl>
            <EvidenceList ctx={ctx} items={closure.evidence} />
            <p class="muted">
              {m.coSigned(
                closure.counterpartCoSignature.name,
                closure.counterpartCoSignature.position,
                locale.date(closure.counterpartCoSignature.signedOn),
              )}
            </p>
          </>
        ) : (
          <p>
            {detail.withdrawal
              ? `${m.withdrawn(locale.date(detail.withdrawal.withdrawnOn))}. ${m.reason}: ${detail.withdrawal.reason}`
              : m.notClosed}
          </p>
        )}
      </div>
      <div class="card">
        <h3>{m.irm}</h3>
        <p class="muted">{m.irmExplained}</p>
        {detail.irmAssessments.length === 0 ? (
          <p>{m.irmPending}</p>
        ) : (
          detail.irmAssessments.map((a) => (
            <div class="assessment">
              <h4>{m.irmStage[a.stage] ?? a.stage}</h4>
              <dl class="facts">
                <dt>{m.assessedOn}</dt>
                <dd>
                  <Day locale={locale} iso={a.assessedOn} />
                </dd>
                <dt>{m.verifiable}</dt>
                <dd>{a.verifiable ? m.yes : m.no}</dd>
                <dt>{m.relevant}</dt>
                <dd>{a.relevantToOgpValues ? m.yes : m.no}</dd>
                <dt>{m.potential}</dt>
                <dd>{m.irmScale[a.potentialForResults] ?? a.potentialForResults}</dd>
                {a.completion ? (
                  <>
                    <dt>{m.irmCompletion}</dt>
                    <dd>{m.irmScale[a.completion] ?? a.completion}</dd>
                  </>
                ) : null}
                {a.earlyResults ? (
                  <>
                    <dt>{m.earlyResults}</dt>
                    <dd>{m.irmScale[a.earlyResults] ?? a.earlyResults}</dd>
                  </>
                ) : null}
              </dl>
              <p>{a.narrative}</p>
            </div>
          ))
        )}
      </div>
    </div>
  );
}
