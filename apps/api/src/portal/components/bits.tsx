/** The small pieces every page shares: badges, bars, dates, the reserved marker. */
import type { CommitmentStatus } from '@hitos/domain';
import type { TrafficLightColour } from '@hitos/read-models';
import type { Locale } from '../i18n/locale';
import { portalPaths } from '../portal-names';

export function StatusBadge({ locale, status }: { locale: Locale; status: CommitmentStatus }) {
  return <span class={`status status-${status}`}>{locale.t.status[status]}</span>;
}

/** A semáforo: its colour as a dot and always as a word, never colour alone. */
export function LightBadge({
  locale,
  colour,
  rule,
}: {
  locale: Locale;
  colour: TrafficLightColour;
  rule?: string;
}) {
  return (
    <span class={`light light-${colour}`} title={rule}>
      <span class="dot" aria-hidden="true" />
      {locale.t.light[colour]}
    </span>
  );
}

/** A progress bar that says its value in words too. */
export function ProgressBar({ locale, value }: { locale: Locale; value: number | null }) {
  const shown = value ?? 0;
  return (
    <span class="progress">
      <span class="bar" aria-hidden="true">
        <span style={{ width: `${Math.max(0, Math.min(100, shown))}%` }} />
      </span>
      <span class="num">{locale.percent(value)}</span>
    </span>
  );
}

/** A calendar day, machine-readable and in the reader's words. */
export function Day({
  locale,
  iso,
  short,
}: {
  locale: Locale;
  iso: string | null | undefined;
  short?: boolean;
}) {
  if (!iso) return <span>—</span>;
  return (
    <time dateTime={iso.slice(0, 10)}>{short ? locale.shortDate(iso) : locale.date(iso)}</time>
  );
}

/**
 * When something happened, with the day hitos recorded it when that was another day (a late
 * entry, or the demo loaded today with a history from 2026).
 */
export function Happened({
  locale,
  occurredAt,
  recordedAt,
}: {
  locale: Locale;
  occurredAt: string;
  recordedAt?: string | null;
}) {
  const late = recordedAt && recordedAt.slice(0, 10) !== occurredAt.slice(0, 10);
  return (
    <span class="happened">
      <Day locale={locale} iso={occurredAt} />
      {late ? (
        <span class="muted"> ({locale.t.site.recordedOn(locale.date(recordedAt))})</span>
      ) : null}
    </span>
  );
}

/** Where reserved content was: said, never a gap. */
export function Reserved({ locale }: { locale: Locale }) {
  return (
    <span class="reserved" title={locale.t.site.reservedExplained}>
      {locale.t.site.reserved}
    </span>
  );
}

/** A chart as a table: a label, a bar and the figure, readable by a screen reader as data. */
export function BarChart({
  caption,
  rows,
  max,
  format,
}: {
  caption: string;
  rows: { label: string; href?: string; value: number | null; note?: string }[];
  /** The value of a full bar (100 for percents; the largest count otherwise). */
  max: number;
  format: (value: number | null) => string;
}) {
  return (
    <table class="chart">
      <caption class="sr-only">{caption}</caption>
      <tbody>
        {rows.map((row) => (
          <tr>
            <th scope="row">{row.href ? <a href={row.href}>{row.label}</a> : row.label}</th>
            <td class="chart-bar" aria-hidden="true">
              <span
                class="bar"
                style={{ width: `${max > 0 ? Math.round(((row.value ?? 0) / max) * 100) : 0}%` }}
              />
            </td>
            <td class="num">
              {format(row.value)}
              {row.note ? <span class="muted"> {row.note}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A commitment in a list: its title linked to its page, its status and its semáforo. */
export function CommitmentHeadline({
  locale,
  commitment,
}: {
  locale: Locale;
  commitment: {
    commitmentId: string;
    title: string;
    status: CommitmentStatus;
    light: { colour: TrafficLightColour; rule: { es: string; en: string } } | null;
  };
}) {
  const { light } = commitment;
  return (
    <>
      <a href={portalPaths.commitment(commitment.commitmentId)}>{commitment.title}</a>
      <br />
      <StatusBadge locale={locale} status={commitment.status} />{' '}
      {light ? (
        <LightBadge locale={locale} colour={light.colour} rule={light.rule[locale.lang]} />
      ) : null}
    </>
  );
}
