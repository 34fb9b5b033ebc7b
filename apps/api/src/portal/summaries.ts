/**
 * An audit line as a citizen reads it: the trail's summary in the reader's language with the
 * institutions and organizations it cites by id named instead ("La Institución mdt fue
 * fusionada en mpt" reads "… Ministerio del Trabajo … Ministerio de Producción…"), and the
 * reserved marker when the reader may not see the event's content.
 */
import type { AuditEntry } from '@hitos/read-models';
import type { Locale } from './i18n/locale';
import type { PortalNames } from './portal-names';

export function humanSummary(
  entry: Pick<AuditEntry, 'summary' | 'withheld'>,
  locale: Locale,
  names: PortalNames,
): string {
  const text = entry.summary[locale.lang];
  return names.nameIds(text);
}
