import { ACCESS_EVENT_RULES } from '../access/access.events';
import type { ActionPlanEvent } from '../action-plan/action-plan.events';
import {
  COMMITMENT_EVENT_RULES,
  type CommitmentEvent,
  type CommitmentEventType,
} from '../commitment/commitment.events';
import type { InstitutionEvent } from '../institution/institution.events';
import type { LocalizedMessage } from '../kernel/domain-error';
import type { OrganizationEvent } from '../organization/organization.events';
import type { RedesignHandlingEvent } from '../workflows/redesign-handling';

export type HitosEvent =
  ActionPlanEvent | InstitutionEvent | OrganizationEvent | CommitmentEvent | RedesignHandlingEvent;
/** The hitos events of the given types: what a read model that follows only those declares. */
export type HitosEventOf<T extends HitosEvent['type']> = Extract<HitosEvent, { type: T }>;
type Of<T extends HitosEvent['type']> = HitosEventOf<T>['data'];

/**
 * One line per event for the audit trail, in Spanish and English. Only facts that every
 * reader may see: no evidence titles or links, no reasons of a reserved report (those stay
 * behind the classification filter of the read models).
 */
const SUMMARIES: {
  [T in Exclude<HitosEvent['type'], CommitmentEventType>]: (data: Of<T>) => LocalizedMessage;
} = {
  ActionPlanRegistered: (d) => ({
    es: `Se registró el plan de acción ${d.code} «${d.title}» (${d.period.start} a ${d.period.end}).`,
    en: `Action plan ${d.code} "${d.title}" registered (${d.period.start} to ${d.period.end}).`,
  }),
  InstitutionRegistered: (d) => ({
    es: `Se registró la institución ${d.name} (${d.acronym}).`,
    en: `Institution ${d.name} (${d.acronym}) registered.`,
  }),
  InstitutionRedesigned: (d) => {
    const es = {
      merged: 'fusionada',
      split: 'escindida',
      renamed: 'renombrada',
      abolished: 'suprimida',
    }[d.kind];
    const en = { merged: 'merged', split: 'split', renamed: 'renamed', abolished: 'abolished' }[
      d.kind
    ];
    const into = d.newName
      ? ` como «${d.newName}»`
      : d.successorIds.length
        ? ` en ${d.successorIds.join(', ')}`
        : '';
    const intoEn = d.newName
      ? ` as "${d.newName}"`
      : d.successorIds.length
        ? ` into ${d.successorIds.join(', ')}`
        : '';
    return {
      es: `Institución ${d.institutionId} ${es}${into} por ${d.legalInstrument}, desde ${d.effectiveOn}.`,
      en: `Institution ${d.institutionId} ${en}${intoEn} by ${d.legalInstrument}, effective ${d.effectiveOn}.`,
    };
  },
  OrganizationRegistered: (d) => ({
    es: `Se registró la organización ${d.name}.`,
    en: `Organization ${d.name} registered.`,
  }),
  RedesignHandlingStarted: (d) => ({
    es: `Se inició el tratamiento del rediseño de ${d.redesign.institutionId}: ${d.commitmentIds.length} compromisos afectados.`,
    en: `Handling of the redesign of ${d.redesign.institutionId} started: ${d.commitmentIds.length} commitments affected.`,
  }),
  RedesignHandlingCompleted: (d) => {
    const marked = d.results.filter((r) => r.outcome === 'marked').length;
    return {
      es: `Terminó el tratamiento del rediseño: ${marked} de ${d.results.length} compromisos quedaron pendientes de transferencia.`,
      en: `Handling of the redesign finished: ${marked} of ${d.results.length} commitments are pending transfer.`,
    };
  },
};

type Summary = (data: unknown) => LocalizedMessage;

/** Every event's audit line: the commitment's parts declare theirs beside each event. */
const EVERY_SUMMARY: Readonly<Record<string, Summary | undefined>> = {
  ...(SUMMARIES as Record<string, Summary>),
  ...Object.fromEntries(
    Object.entries(COMMITMENT_EVENT_RULES).map(([type, rule]) => [type, rule.summary as Summary]),
  ),
};

/**
 * The people's grants: summarised for those who may read them (the CLI's trail, the grants
 * query), but not in {@link SUMMARIZED_EVENT_TYPES}, so the public audit trail never follows them.
 */
const ACCESS_SUMMARIES: Readonly<Record<string, Summary | undefined>> = Object.fromEntries(
  Object.entries(ACCESS_EVENT_RULES).map(([type, rule]) => [type, rule.summary as Summary]),
);

/** The audit line of an event, or a neutral one for a type this code does not know. */
export function summarizeEvent(event: { type: string; data: unknown }): LocalizedMessage {
  const summary = EVERY_SUMMARY[event.type] ?? ACCESS_SUMMARIES[event.type];
  return summary
    ? summary(event.data)
    : { es: `Evento ${event.type}.`, en: `Event ${event.type}.` };
}

/** Every event type with a summary: the audit trail's vocabulary. */
export const SUMMARIZED_EVENT_TYPES = Object.keys(EVERY_SUMMARY) as HitosEvent['type'][];
