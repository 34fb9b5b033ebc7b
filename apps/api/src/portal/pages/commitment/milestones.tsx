/**
 * The milestones: an overview table (weight, baseline and current due dates, endorsed progress,
 * semáforo), then each milestone with its reschedules (why, and who in the Core Group concurred)
 * and its progress reports, each with its two keys: the institution's report and the
 * counterpart's endorsement or objection, and the institution's answer.
 */
import { storedEvidenceHash } from '@hitos/domain';
import { Day, LightBadge, ProgressBar, Reserved } from '../../components/bits';
import type { PageEvidence, PageMilestone, PageProgressReport } from './commitment.data';
import { coreGroupMember, ruleOf, safeHref, type PageContext } from './commitment.context';

export function Milestones({ ctx }: { ctx: PageContext }) {
  const { locale, m, data } = ctx;
  const milestones = data.detail.milestones;
  if (milestones.length === 0) return <p class="muted">{locale.t.site.none}</p>;
  return (
    <>
      <p class="muted">{m.milestonesExplained}</p>
      <div class="table-scroll">
        <table class="milestones">
          <caption>{m.overview}</caption>
          <thead>
            <tr>
              <th scope="col">{m.milestone}</th>
              <th scope="col" class="num hide-narrow">
                {m.weight}
              </th>
              <th scope="col">{m.current}</th>
              <th scope="col">{m.endorsed}</th>
            </tr>
          </thead>
          <tbody>
            {milestones.map((milestone, i) => {
              const light = data.milestoneLights.get(milestone.milestoneId);
              return (
                <tr>
                  <th scope="row">
                    <a href={`#hito-${i + 1}`}>{m.milestoneLabel(i + 1)}</a>
                    <br />
                    <span class="deliverable">{milestone.deliverable}</span>
                  </th>
                  <td class="num hide-narrow">{locale.percent(milestone.weight)}</td>
                  <td>
                    <Day locale={locale} iso={milestone.due} short />
                    {milestone.slips > 0 ? (
                      <>
                        <br />
                        <span class="slipped">
                          <s aria-hidden="true">{locale.shortDate(milestone.baselineDue)}</s>{' '}
                          {m.slips(milestone.slips)}
                        </span>
                      </>
                    ) : null}
                  </td>
                  <td>
                    <ProgressBar locale={locale} value={milestone.lastEndorsedPercent} />
                    {light ? (
                      <>
                        <br />
                        <LightBadge
                          locale={locale}
                          colour={light.colour}
                          rule={ruleOf(ctx, light)}
                        />
                      </>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {milestones.map((milestone, i) => (
        <Milestone ctx={ctx} milestone={milestone} n={i + 1} />
      ))}
    </>
  );
}

function Milestone({
  ctx,
  milestone,
  n,
}: {
  ctx: PageContext;
  milestone: PageMilestone;
  n: number;
}) {
  const { locale, m, data } = ctx;
  const light = data.milestoneLights.get(milestone.milestoneId);
  const unanswered = milestone.rescheduleRequests.filter((r) => r.status !== 'concurred');
  const headingId = `hito-${n}`;
  return (
    <article class="milestone" aria-labelledby={headingId}>
      <h3 id={headingId} tabIndex={-1}>
        {m.milestoneLabel(n)}: {milestone.deliverable}
      </h3>
      <dl class="facts">
        <dt>{m.weight}</dt>
        <dd>{locale.percent(milestone.weight)}</dd>
        <dt>{m.baseline}</dt>
        <dd>
          <Day locale={locale} iso={milestone.baselineStart} /> –{' '}
          <Day locale={locale} iso={milestone.baselineDue} />
        </dd>
        <dt>{m.current}</dt>
        <dd>
          <Day locale={locale} iso={milestone.start} /> –{' '}
          <Day locale={locale} iso={milestone.due} />
          <br />
          {milestone.slips > 0 ? (
            <strong class="slipped">{m.slips(milestone.slips)}</strong>
          ) : (
            <span class="muted">{m.noSlips}</span>
          )}
        </dd>
        <dt>{m.endorsed}</dt>
        <dd>
          <ProgressBar locale={locale} value={milestone.lastEndorsedPercent} />
          {milestone.completed && milestone.completedOn ? (
            <>
              {' '}
              <strong class="done">{m.completedOn(locale.date(milestone.completedOn))}</strong>
            </>
          ) : null}
          {milestone.overdueSince && !milestone.completed ? (
            <>
              {' '}
              <strong class="late">{m.overdueSince(locale.date(milestone.overdueSince))}</strong>
            </>
          ) : null}
        </dd>
        {light ? (
          <>
            <dt>{m.light}</dt>
            <dd>
              <LightBadge locale={locale} colour={light.colour} />
              <br />
              <span class="muted">{ruleOf(ctx, light)}</span>
            </dd>
          </>
        ) : null}
      </dl>
      {milestone.reschedules.length > 0 ? (
        <ol class="reschedules">
          {milestone.reschedules.map((r) => (
            <li>
              <strong>{m.rescheduled(locale.date(r.previousDue), locale.date(r.due))}</strong>
              <br />
              {m.reason}: {r.justification}
              <br />
              <span class="muted" data-concurrence={r.concurrence.source}>
                {(r.concurrence.source === 'member' ? m.concurrence : m.concurrenceAsserted)(
                  coreGroupMember(ctx, r.concurrence.coreGroupMemberId),
                  locale.date(r.concurrence.concurredOn),
                )}
                {r.concurrence.reference ? (
                  <>
                    . {m.reference}: {r.concurrence.reference}
                  </>
                ) : null}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
      {unanswered.length > 0 ? (
        <ol class="reschedule-requests">
          {unanswered.map((r) => (
            <li data-reschedule-request={r.status}>
              <strong>
                {m.rescheduleRequested(
                  locale.date(r.requestedOn),
                  locale.date(r.currentDue),
                  locale.date(r.due),
                )}
              </strong>
              <br />
              {m.reason}: {r.justification}
              <br />
              <span class="muted">
                {r.status === 'open'
                  ? m.rescheduleAwaiting
                  : r.status === 'declined'
                    ? m.rescheduleDeclined(
                        coreGroupMember(ctx, r.answeredBy ?? ''),
                        locale.date(r.answeredOn ?? r.requestedOn),
                        r.reasons ?? '',
                      )
                    : m.rescheduleWithdrawn(
                        locale.date(r.answeredOn ?? r.requestedOn),
                        r.reasons ?? '',
                      )}
              </span>
            </li>
          ))}
        </ol>
      ) : null}
      <h4>{m.reports}</h4>
      {milestone.reports.length === 0 ? (
        <p class="muted">{m.noReports}</p>
      ) : (
        <ol class="reports">
          {milestone.reports.map((report) => (
            <ProgressReport ctx={ctx} report={report} />
          ))}
        </ol>
      )}
    </article>
  );
}

/** The review conversation of a report: its rounds in order and its endorsement. */
function conversationOf(report: PageProgressReport) {
  const review = report.review;
  const rounds =
    report.rounds ??
    (review?.verdict === 'objected'
      ? [{ round: 1, objection: review, answer: report.answer }]
      : []);
  const endorsement =
    report.endorsement !== undefined
      ? report.endorsement
      : review?.verdict === 'endorsed'
        ? { ...review, round: 1 }
        : null;
  const status =
    report.reviewStatus ??
    (endorsement
      ? 'endorsed'
      : rounds.length === 0
        ? 'pending-review'
        : rounds[rounds.length - 1].answer
          ? 'answered'
          : 'objected');
  return { rounds, endorsement, status };
}

/** One report and its two keys, side by side on a desk, one under the other on a phone. */
function ProgressReport({ ctx, report }: { ctx: PageContext; report: PageProgressReport }) {
  const { locale, m, data } = ctx;
  const institution = data.names.institution(data.detail.responsible.institutionId);
  const counterpart = data.names.organization(data.detail.counterpart.organizationId);
  const { rounds, endorsement, status } = conversationOf(report);
  // Rounds are named once there is more than one step to tell apart.
  const named = rounds.length > 1 || (rounds.length === 1 && endorsement !== null);
  return (
    <li class="report">
      <div class="key key-1">
        <p class="key-label">{m.firstKey}</p>
        <p>
          <strong>{m.reportedBy(institution, locale.date(report.reportedOn))}</strong>
          <br />
          {m.reportedPercent(locale.percent(report.percent))}
        </p>
        <p>{report.narrative ?? <Reserved locale={locale} />}</p>
        <EvidenceList ctx={ctx} items={report.evidence} />
      </div>
      <div class={`key key-2 review-${status}`}>
        <p class="key-label">{m.secondKey}</p>
        {rounds.length === 0 && !endorsement ? (
          <p class="muted">{m.awaitingReview(counterpart)}</p>
        ) : null}
        {rounds.length > 0 ? (
          <ol class="rounds">
            {rounds.map((round) => (
              <li class="round">
                {named ? <p class="round-label">{m.round(round.round)}</p> : null}
                <p class="objection">
                  <strong>
                    <span aria-hidden="true">✖ </span>
                    {m.objectedBy(counterpart, locale.date(round.objection.reviewedOn))}
                  </strong>
                </p>
                {round.objection.reasons !== null || round.objection.withheld ? (
                  <p>
                    {m.reasons}: {round.objection.reasons ?? <Reserved locale={locale} />}
                  </p>
                ) : null}
                {round.answer ? (
                  <p class="answer">
                    <strong>
                      {m.answeredBy(institution, locale.date(round.answer.answeredOn))}
                    </strong>
                    <br />
                    {round.answer.answer ?? <Reserved locale={locale} />}
                  </p>
                ) : (
                  <p class="late">{m.awaitingAnswer}</p>
                )}
              </li>
            ))}
          </ol>
        ) : null}
        {endorsement ? (
          <div class="endorsement">
            {named ? <p class="round-label">{m.round(endorsement.round)}</p> : null}
            <p>
              <strong>
                <span aria-hidden="true">✔ </span>
                {m.endorsedBy(counterpart, locale.date(endorsement.reviewedOn))}
              </strong>
            </p>
            {endorsement.reasons !== null || endorsement.withheld ? (
              <p>
                {m.reasons}: {endorsement.reasons ?? <Reserved locale={locale} />}
              </p>
            ) : null}
          </div>
        ) : status === 'answered' ? (
          <p class="muted">{m.awaitingNewReview(counterpart)}</p>
        ) : null}
      </div>
    </li>
  );
}

/**
 * A public file hitos keeps (`/api/evidence/<sha256>`): its download link, with its type and
 * size (e.g. "PDF, 1,2 MB"). Null for any other item.
 */
function keptFile(ctx: PageContext, item: PageEvidence): { href: string; label: string } | null {
  const sha256 = storedEvidenceHash(item.url);
  const file = sha256 ? ctx.data.keptFiles?.get(sha256) : undefined;
  if (!sha256 || !file) return null;
  const type = file.mediaType ? (TYPE_LABELS[file.mediaType.split(';')[0]] ?? file.mediaType) : '';
  const size = file.size === null ? '' : byteSize(file.size, ctx.locale.lang);
  return { href: `/api/evidence/${sha256}`, label: [type, size].filter(Boolean).join(', ') };
}

const TYPE_LABELS: Record<string, string> = {
  'application/pdf': 'PDF',
  'image/png': 'PNG',
  'image/jpeg': 'JPEG',
  'image/gif': 'GIF',
  'image/webp': 'WEBP',
  'image/tiff': 'TIFF',
  'text/plain': 'TXT/CSV',
  'application/zip': 'ZIP',
  'application/x-cfb': 'Office',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'DOCX',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'XLSX',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'PPTX',
  'application/vnd.oasis.opendocument.text': 'ODT',
  'application/vnd.oasis.opendocument.spreadsheet': 'ODS',
  'application/vnd.oasis.opendocument.presentation': 'ODP',
};

function byteSize(bytes: number, locale: string): string {
  const format = (n: number) =>
    n.toLocaleString(locale === 'en' ? 'en-US' : 'es-EC', { maximumFractionDigits: 1 });
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${format(bytes / 1024)} KB`;
  return `${format(bytes / (1024 * 1024))} MB`;
}

export function EvidenceList({ ctx, items }: { ctx: PageContext; items: PageEvidence[] }) {
  const { locale, m } = ctx;
  if (items.length === 0) return <p class="muted">{m.noEvidence}</p>;
  return (
    <>
      <p class="key-label">{m.evidence}</p>
      <ul class="evidence">
        {items.map((item) => {
          if (item.withheld || item.title === null) {
            return (
              <li>
                <Reserved locale={locale} />
              </li>
            );
          }
          const kept = keptFile(ctx, item);
          const href = kept?.href ?? safeHref(item.url);
          return (
            <li>
              {href ? <a href={href}>{item.title}</a> : item.title}
              {kept?.label ? <span class="muted"> ({kept.label})</span> : null}
              {item.sha256 ? (
                <details class="fingerprint">
                  <summary>{m.fingerprint}</summary>
                  <code>{item.sha256}</code>
                  <br />
                  <span class="muted">{m.fingerprintExplained}</span>
                </details>
              ) : null}
            </li>
          );
        })}
      </ul>
    </>
  );
}
