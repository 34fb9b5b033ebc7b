/**
 * The commitments of one party (an institution or a counterpart organization) as a table: each
 * commitment by title with its status and semáforo, the other party by name, and its progress.
 * Shared by the institution and organization pages.
 */
import type { CommitmentListItem, TrafficLight } from '@hitos/read-models';
import type { Locale } from '../i18n/locale';
import { portalPaths, type PortalNames } from '../portal-names';
import { CommitmentHeadline, ProgressBar } from './bits';

export type PartyCommitment = CommitmentListItem & { light: TrafficLight | null };

export function PartyCommitments({
  locale,
  names,
  commitments,
  caption,
  other,
}: {
  locale: Locale;
  names: PortalNames;
  commitments: PartyCommitment[];
  caption: string;
  /** Which party the second column names: the counterpart, or the responsible institution. */
  other: 'counterpart' | 'institution';
}) {
  const t = locale.t.plan;
  if (commitments.length === 0) return <p class="muted">{locale.t.site.none}</p>;
  return (
    <div class="table-scroll">
      <table>
        <caption class="sr-only">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t.commitments}</th>
            <th scope="col" class="hide-narrow">
              {other === 'counterpart' ? t.counterpart : t.institution}
            </th>
            <th scope="col">{t.progress}</th>
          </tr>
        </thead>
        <tbody>
          {commitments.map((c) => (
            <tr>
              <td>
                <CommitmentHeadline locale={locale} commitment={c} />
                <span class="show-narrow muted">
                  <br />
                  {other === 'counterpart' ? t.counterpart : t.institution}:{' '}
                  <OtherParty names={names} commitment={c} other={other} />
                </span>
              </td>
              <td class="hide-narrow">
                <OtherParty names={names} commitment={c} other={other} />
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

function OtherParty({
  names,
  commitment,
  other,
}: {
  names: PortalNames;
  commitment: PartyCommitment;
  other: 'counterpart' | 'institution';
}) {
  return other === 'counterpart' ? (
    <a href={portalPaths.organization(commitment.counterpart.organizationId)}>
      {names.organization(commitment.counterpart.organizationId)}
    </a>
  ) : (
    <a href={portalPaths.institution(commitment.responsible.institutionId)}>
      {names.institution(commitment.responsible.institutionId)}
    </a>
  );
}
