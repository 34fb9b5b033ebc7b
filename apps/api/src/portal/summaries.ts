/**
 * An audit line as a citizen reads it: the trail's summary in the reader's language with no
 * internal id left in it — institutions and organizations by name ("La Institución mdt fue
 * fusionada en mpt" reads "… Ministerio del Trabajo … Ministerio de Producción…"), milestones
 * by their number, progress reports by their day, and every calendar day in the reader's words.
 * A withheld line loses the trail's closing note: the page shows the reserved marker instead.
 */
import { WITHHELD_NOTE, type AuditEntry } from '@hitos/read-models';
import type { Locale } from './i18n/locale';
import type { PortalNames } from './portal-names';

/** What naming a commitment's milestones and reports needs: its milestones in order. */
export interface MilestoneIds {
  milestoneId: string;
  reports: readonly { reportId: string; reportedOn: string }[];
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const whole = (id: string) => `(?<![\\p{L}\\p{N}_-])${escape(id)}(?![\\p{L}\\p{N}_-])`;

export function humanSummary(
  entry: Pick<AuditEntry, 'summary' | 'withheld'>,
  locale: Locale,
  names: PortalNames,
  milestones: readonly MilestoneIds[] = [],
): string {
  let text = names.nameIds(entry.summary[locale.lang]);
  if (entry.withheld) text = text.replace(` ${WITHHELD_NOTE[locale.lang]}`, '');
  for (const milestone of milestones)
    for (const report of milestone.reports)
      text = text.replace(
        new RegExp(whole(report.reportId), 'gu'),
        `${locale.lang === 'es' ? 'del' : 'of'} ${report.reportedOn}`,
      );
  milestones.forEach((milestone, i) => {
    text = text.replace(
      new RegExp(
        `(\\b(?:hito|milestone)\\s+)${escape(milestone.milestoneId)}(?![\\p{L}\\p{N}_-])`,
        'giu',
      ),
      `$1${i + 1}`,
    );
  });
  // Calendar days last, so the days put in above are spelled out too.
  return text.replace(/\b(\d{4}-\d{2}-\d{2})\b/g, (day) => locale.date(day));
}
