/**
 * An institution's page (`/instituciones/:institutionId`): who it is (function of the State,
 * level of government, whether it still exists and who took over if not), the commitments it is
 * responsible for, the ones that changed hands, and its late milestones. Live through the plan
 * of its commitments: each `data-region` is refreshed on a change.
 */
import { Day, LightBadge, StatusBadge } from '../../components/bits';
import { Layout } from '../../components/layout';
import { PartyCommitments } from '../../components/party-commitments';
import type { Locale } from '../../i18n/locale';
import { portalPaths, type PortalNames } from '../../portal-names';
import type { InstitutionPageData, RegisteredInstitution } from './institution.data';
import { institutionMessages, type InstitutionMessages } from './institution.messages';

export function InstitutionPage({
  locale,
  data,
  path,
}: {
  locale: Locale;
  data: InstitutionPageData;
  path: string;
}) {
  const t = institutionMessages[locale.lang];
  const { institution, names } = data;
  return (
    <Layout
      locale={locale}
      title={institution.name}
      path={path}
      live={
        data.livePlanId
          ? `/api/live/action-plans/${encodeURIComponent(data.livePlanId)}`
          : undefined
      }
      description={`${t.kind}: ${institution.name}`}
    >
      <section aria-labelledby="institution-title" class="party" data-region="institution">
        <p class="muted">{t.kind}</p>
        <h1 id="institution-title">
          {institution.name}{' '}
          <abbr class="acronym" title={institution.name}>
            ({institution.acronym})
          </abbr>
        </h1>
        <Facts locale={locale} t={t} institution={institution} names={names} />
      </section>
      <section aria-labelledby="commitments" data-region="commitments">
        <h2 id="commitments">{t.commitments}</h2>
        {data.commitments.length > 0 ? (
          <p class="muted">
            {locale.count(data.commitments.length, locale.t.units.commitment)} · {t.meanProgress}:{' '}
            {locale.percent(data.meanProgress)}
          </p>
        ) : null}
        <PartyCommitments
          locale={locale}
          names={names}
          commitments={data.commitments}
          caption={t.commitmentsCaption(institution.name)}
          other="counterpart"
        />
      </section>
      <section aria-labelledby="overdue" data-region="overdue">
        <h2 id="overdue">{t.overdue}</h2>
        <Overdue locale={locale} t={t} data={data} />
      </section>
      <section aria-labelledby="transfers" data-region="transfers">
        <h2 id="transfers">{t.transfers}</h2>
        <Transfers locale={locale} t={t} data={data} />
        {data.pending.length > 0 ? (
          <>
            <h3>{t.pending}</h3>
            <Pending locale={locale} t={t} data={data} />
          </>
        ) : null}
      </section>
      <section aria-labelledby="redesigns" data-region="redesigns">
        <h2 id="redesigns">{t.redesigns}</h2>
        <Redesigns locale={locale} t={t} institution={institution} names={names} />
      </section>
    </Layout>
  );
}

function InstitutionLinks({ ids, names }: { ids: string[]; names: PortalNames }) {
  return (
    <>
      {ids.map((id, i) => (
        <>
          {i > 0 ? ', ' : null}
          <a href={portalPaths.institution(id)}>{names.institution(id)}</a>
        </>
      ))}
    </>
  );
}

function Facts({
  locale,
  t,
  institution,
  names,
}: {
  locale: Locale;
  t: InstitutionMessages;
  institution: RegisteredInstitution;
  names: PortalNames;
}) {
  return (
    <dl class="facts">
      <dt>{t.stateFunction}</dt>
      <dd>{t.functions[institution.stateFunction]}</dd>
      <dt>{t.governmentLevel}</dt>
      <dd>{t.levels[institution.governmentLevel]}</dd>
      <dt>{t.status}</dt>
      <dd>
        {institution.status === 'Active' ? (
          <span class="status status-active">{t.active}</span>
        ) : (
          <>
            <span class="status status-ended">
              {t.ended[institution.endedBy](locale.date(institution.endedOn))}
            </span>
            {institution.successorIds.length > 0 ? (
              <>
                <br />
                {t.successors}: <InstitutionLinks ids={institution.successorIds} names={names} />
              </>
            ) : null}
          </>
        )}
      </dd>
      {institution.formerNames.length > 0 ? (
        <>
          <dt>{t.formerNames}</dt>
          <dd>{institution.formerNames.join(' · ')}</dd>
        </>
      ) : null}
    </dl>
  );
}

function Redesigns({
  locale,
  t,
  institution,
  names,
}: {
  locale: Locale;
  t: InstitutionMessages;
  institution: RegisteredInstitution;
  names: PortalNames;
}) {
  if (institution.redesigns.length === 0) return <p class="muted">{t.noRedesigns}</p>;
  return (
    <ol class="timeline">
      {institution.redesigns.map((r) => (
        <li>
          <Day locale={locale} iso={r.effectiveOn} />
          <br />
          <strong>{t.redesignKind[r.kind]}</strong>
          {r.kind === 'renamed' && r.newName ? ` · ${t.newName}: ${r.newName}` : null}
          {r.successorIds.length > 0 ? (
            <>
              {' · '}
              {t.successors}: <InstitutionLinks ids={r.successorIds} names={names} />
            </>
          ) : null}
          <br />
          <span class="muted">
            {t.legalInstrument}: {r.legalInstrument}
          </span>
        </li>
      ))}
    </ol>
  );
}

function Overdue({
  locale,
  t,
  data,
}: {
  locale: Locale;
  t: InstitutionMessages;
  data: InstitutionPageData;
}) {
  if (data.overdue.length === 0) return <p class="muted">{locale.t.site.none}</p>;
  return (
    <ul class="list-plain">
      {data.overdue.map((m) => (
        <li>
          <a href={portalPaths.commitment(m.commitmentId)}>{m.commitmentTitle}</a>
          <br />
          {m.deliverable}
          <br />
          <span class="muted">
            {t.dueOn} <Day locale={locale} iso={m.due} />
          </span>{' '}
          <span class="late">
            · {t.daysLate(locale.count(Math.abs(m.daysToDue), locale.t.units.day))}
          </span>{' '}
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

function Transfers({
  locale,
  t,
  data,
}: {
  locale: Locale;
  t: InstitutionMessages;
  data: InstitutionPageData;
}) {
  if (data.transfers.length === 0) return <p class="muted">{locale.t.site.none}</p>;
  return (
    <ul class="list-plain">
      {data.transfers.map((x) => (
        <li>
          <a href={portalPaths.commitment(x.commitmentId)}>{x.title}</a>
          <br />
          {x.direction === 'received' ? t.received : t.handedOver}{' '}
          <a href={portalPaths.institution(x.otherInstitutionId)}>
            {data.names.institution(x.otherInstitutionId)}
          </a>{' '}
          {t.settledOn} <Day locale={locale} iso={x.settledOn} />
          <br />
          <span class="muted">{x.reason}</span>
        </li>
      ))}
    </ul>
  );
}

function Pending({
  locale,
  t,
  data,
}: {
  locale: Locale;
  t: InstitutionMessages;
  data: InstitutionPageData;
}) {
  return (
    <ul class="list-plain">
      {data.pending.map((x) => {
        const to = x.decision?.toInstitutionId;
        return (
          <li>
            <a href={portalPaths.commitment(x.commitmentId)}>{x.title}</a>{' '}
            <StatusBadge locale={locale} status={x.status} />
            <br />
            {t.redesigned}:{' '}
            <a href={portalPaths.institution(x.institutionId)}>
              {data.names.institution(x.institutionId)}
            </a>
            {' · '}
            {t.receiving}:{' '}
            {to ? (
              <a href={portalPaths.institution(to)}>{data.names.institution(to)}</a>
            ) : (
              t.undecided
            )}
            <br />
            <span class="muted">
              <Day locale={locale} iso={x.pendingSince} />
              {x.daysWaiting !== null
                ? ` · ${locale.count(x.daysWaiting, locale.t.units.day)}`
                : ''}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
