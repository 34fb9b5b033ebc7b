/**
 * A counterpart organization's page (`/organizaciones/:organizationId`): who it is (sector, the
 * representative who signs its actas), the commitments it is counterpart of, and how it reviewed
 * the institutions' progress reports. Live through the plan of its commitments.
 *
 * The representative's name is shown as the registry publishes it: the public JSON API
 * (`GET /api/organizations/:id`) and each acta's signatures give it to any reader.
 */
import { Day } from '../../components/bits';
import { Layout } from '../../components/layout';
import { PartyCommitments } from '../../components/party-commitments';
import type { Locale } from '../../i18n/locale';
import { portalPaths } from '../../portal-names';
import type { OrganizationPageData, ReviewCounts } from './organization.data';
import { organizationMessages, type OrganizationMessages } from './organization.messages';

const COUNTS: (keyof ReviewCounts)[] = ['endorsed', 'objected', 'openObjections', 'awaitingReview'];

export function OrganizationPage({
  locale,
  data,
  path,
}: {
  locale: Locale;
  data: OrganizationPageData;
  path: string;
}) {
  const t = organizationMessages[locale.lang];
  const { organization, names } = data;
  return (
    <Layout
      locale={locale}
      title={organization.name}
      path={path}
      live={
        data.livePlanId
          ? `/api/live/action-plans/${encodeURIComponent(data.livePlanId)}`
          : undefined
      }
      description={`${t.kind}: ${organization.name}`}
    >
      <section aria-labelledby="organization-title" class="party" data-region="organization">
        <p class="muted">{t.kind}</p>
        <h1 id="organization-title">{organization.name}</h1>
        <dl class="facts">
          <dt>{t.sector}</dt>
          <dd>{t.sectors[organization.sector]}</dd>
          {organization.representative ? (
            <>
              <dt>{t.representative}</dt>
              <dd>
                {organization.representative.name}
                <span class="muted"> · {organization.representative.position}</span>
              </dd>
            </>
          ) : null}
        </dl>
      </section>
      <section aria-labelledby="commitments" data-region="commitments">
        <h2 id="commitments">{t.commitments}</h2>
        <PartyCommitments
          locale={locale}
          names={names}
          commitments={data.commitments}
          caption={t.commitmentsCaption(organization.name)}
          other="institution"
        />
      </section>
      <section aria-labelledby="reviews" data-region="reviews">
        <h2 id="reviews">{t.reviews}</h2>
        <p class="muted">{t.reviewsExplained}</p>
        <ul class="review-totals">
          {COUNTS.map((key) => (
            <li>
              <span class="figure">{locale.number(data.reviews[key])}</span> <span>{t[key]}</span>
            </li>
          ))}
        </ul>
        {data.commitments.length > 0 ? (
          <>
            <h3>{t.byCommitment}</h3>
            <ReviewList locale={locale} t={t} data={data} />
          </>
        ) : null}
        <h3>{t.openObjectionsList}</h3>
        <OpenObjections locale={locale} t={t} data={data} />
      </section>
    </Layout>
  );
}

/** Each commitment's reviews in a line of words: a list reads on a phone where a table would not. */
function ReviewList({
  locale,
  t,
  data,
}: {
  locale: Locale;
  t: OrganizationMessages;
  data: OrganizationPageData;
}) {
  return (
    <ul class="list-plain">
      {data.commitments.map((c) => (
        <li>
          <a href={portalPaths.commitment(c.commitmentId)}>{c.title}</a>
          <br />
          <span class="muted">
            {COUNTS.map((key) => locale.count(c.reviews[key], t.counted[key])).join(' · ')}
          </span>
        </li>
      ))}
    </ul>
  );
}

function OpenObjections({
  locale,
  t,
  data,
}: {
  locale: Locale;
  t: OrganizationMessages;
  data: OrganizationPageData;
}) {
  if (data.openObjections.length === 0) return <p class="muted">{locale.t.site.none}</p>;
  return (
    <ul class="list-plain">
      {data.openObjections.map((o) => (
        <li>
          <a href={portalPaths.commitment(o.commitmentId)}>{o.commitmentTitle}</a>
          <br />
          {o.deliverable} · {t.reported(locale.percent(o.percent))}
          <br />
          <span class="muted">
            {t.objectedOn} <Day locale={locale} iso={o.reviewedOn} />
          </span>
          {o.reasons ? <blockquote>{o.reasons}</blockquote> : null}
        </li>
      ))}
    </ul>
  );
}
