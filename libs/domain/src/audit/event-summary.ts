import type { ActionPlanEvent } from '../action-plan/action-plan.events';
import type { CommitmentEvent } from '../commitment/commitment.events';
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
const SUMMARIES: { [T in HitosEvent['type']]: (data: Of<T>) => LocalizedMessage } = {
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
  CommitmentDrafted: (d) => ({
    es: `Se redactó el compromiso ${d.number} «${d.title}».`,
    en: `Commitment ${d.number} "${d.title}" drafted.`,
  }),
  MilestonePlanned: (d) => ({
    es: `Se planificó el hito ${d.milestoneId} «${d.deliverable}» (peso ${d.weight}, ${d.start} a ${d.due}).`,
    en: `Milestone ${d.milestoneId} "${d.deliverable}" planned (weight ${d.weight}, ${d.start} to ${d.due}).`,
  }),
  MilestoneRescheduled: (d) => ({
    es: `Se reprogramó el hito ${d.milestoneId}: vence el ${d.due} (antes ${d.previousDue}); reprogramaciones: ${d.slips}.`,
    en: `Milestone ${d.milestoneId} rescheduled: due ${d.due} (was ${d.previousDue}); slips: ${d.slips}.`,
  }),
  AdministratorDesignated: (d) => ({
    es: `Se designó a ${d.name} (${d.position}) como administrador/a del acta.`,
    en: `${d.name} (${d.position}) designated administrator of the acta.`,
  }),
  ActaSignatureAdded: (d) => ({
    es: `${d.party === 'institution' ? 'La institución' : 'La contraparte'} firmó el acta ${d.actaNumber} (${d.signatory.name}, ${d.signedOn}).`,
    en: `The ${d.party} signed acta ${d.actaNumber} (${d.signatory.name}, ${d.signedOn}).`,
  }),
  ActaSigned: (d) => ({
    es: `El acta ${d.actaNumber} quedó firmada por ambas partes en ${d.place} el ${d.signedOn}; empieza la implementación.`,
    en: `Acta ${d.actaNumber} signed by both parties in ${d.place} on ${d.signedOn}; implementation starts.`,
  }),
  ResourceIdentified: (d) => {
    const es = {
      technical: 'técnico',
      human: 'humano',
      logistic: 'logístico',
      financial: 'financiero',
      cooperation: 'de cooperación',
    }[d.kind];
    return {
      es: `Se identificó un recurso ${es}: ${d.description}.`,
      en: `A ${d.kind} resource was identified: ${d.description}.`,
    };
  },
  MilestoneProgressReported: (d) => ({
    es: `Se reportó un avance del ${d.percent} % en el hito ${d.milestoneId} (${d.evidence.length} evidencia${d.evidence.length === 1 ? '' : 's'}).`,
    en: `${d.percent}% progress reported on milestone ${d.milestoneId} (${d.evidence.length} evidence item${d.evidence.length === 1 ? '' : 's'}).`,
  }),
  ProgressReportReviewed: (d) =>
    d.verdict === 'endorsed'
      ? {
          es: `La contraparte avaló el reporte ${d.reportId} del hito ${d.milestoneId}.`,
          en: `The counterpart endorsed report ${d.reportId} on milestone ${d.milestoneId}.`,
        }
      : {
          es: `La contraparte observó el reporte ${d.reportId} del hito ${d.milestoneId}.`,
          en: `The counterpart objected to report ${d.reportId} on milestone ${d.milestoneId}.`,
        },
  ObjectionAnswered: (d) => ({
    es: `La institución respondió la observación al reporte ${d.reportId}.`,
    en: `The institution answered the objection to report ${d.reportId}.`,
  }),
  MilestoneCompleted: (d) => ({
    es: `Se cumplió el hito ${d.milestoneId} (${d.completedOn}).`,
    en: `Milestone ${d.milestoneId} completed (${d.completedOn}).`,
  }),
  CommitmentCompleted: (d) => ({
    es: `Se cumplieron todos los hitos del compromiso (${d.completedOn}).`,
    en: `Every milestone of the commitment completed (${d.completedOn}).`,
  }),
  ReportSubmitted: (d) => {
    const es = {
      presidency: 'a la Presidencia',
      irm: 'al MRI',
      'core-group': 'al Grupo Núcleo',
      citizens: 'a la ciudadanía',
    }[d.audience];
    const en = {
      presidency: 'the Presidency',
      irm: 'the IRM',
      'core-group': 'the Core Group',
      citizens: 'the citizens',
    }[d.audience];
    return {
      es: `${d.submittedBy === 'institution' ? 'La institución' : 'La contraparte'} informó ${es}.`,
      en: `The ${d.submittedBy} reported to ${en}.`,
    };
  },
  CommitmentClosed: (d) => ({
    es: `Se cerró el compromiso con cumplimiento autoevaluado «${d.completion}» (${d.closedOn}).`,
    en: `Commitment closed with self-assessed completion "${d.completion}" (${d.closedOn}).`,
  }),
  IrmAssessmentRecorded: (d) => ({
    es: `El MRI registró su evaluación de ${d.stage === 'design' ? 'diseño' : 'resultados'} (${d.assessedOn}).`,
    en: `The IRM recorded its ${d.stage} assessment (${d.assessedOn}).`,
  }),
  CommitmentWithdrawn: (d) => ({
    es: `La Presidencia retiró el compromiso (${d.withdrawnOn}).`,
    en: `The Presidency withdrew the commitment (${d.withdrawnOn}).`,
  }),
  CommitmentMarkedTransferPending: (d) => ({
    es: `El compromiso quedó pendiente de transferencia por el rediseño de ${d.institutionId} (${d.redesign.legalInstrument}).`,
    en: `The commitment is pending transfer after the redesign of ${d.institutionId} (${d.redesign.legalInstrument}).`,
  }),
  TransferDecisionConcurred: (d) => ({
    es:
      d.decision === 'transfer'
        ? `El Grupo Núcleo (${d.coreGroupMemberId}) dio su conformidad para transferir el compromiso a ${d.toInstitutionId}.`
        : `El Grupo Núcleo (${d.coreGroupMemberId}) dio su conformidad para mantener el compromiso en su institución.`,
    en:
      d.decision === 'transfer'
        ? `The Core Group (${d.coreGroupMemberId}) concurred with transferring the commitment to ${d.toInstitutionId}.`
        : `The Core Group (${d.coreGroupMemberId}) concurred with keeping the commitment with its institution.`,
  }),
  CommitmentMaintained: (d) => ({
    es: `La Presidencia mantuvo el compromiso en ${d.institutionId} (${d.decidedOn}).`,
    en: `The Presidency kept the commitment with ${d.institutionId} (${d.decidedOn}).`,
  }),
  CommitmentTransferred: (d) => ({
    es: `La Presidencia transfirió el compromiso de ${d.fromInstitutionId} a ${d.toInstitutionId} (${d.decidedOn}); espera la transferencia de información.`,
    en: `The Presidency transferred the commitment from ${d.fromInstitutionId} to ${d.toInstitutionId} (${d.decidedOn}); awaiting the information handover.`,
  }),
  InformationHandoverAcknowledged: (d) => ({
    es: `${d.toInstitutionId} acusó recibo de la transferencia de información (${d.documents.length} documentos) y asumió el compromiso.`,
    en: `${d.toInstitutionId} acknowledged the information handover (${d.documents.length} documents) and took over the commitment.`,
  }),
  TransferDecisionOverdue: (d) => ({
    es: `Venció el plazo de ${d.limitDays} días para decidir la transferencia (pendiente desde ${d.pendingSince}).`,
    en: `The ${d.limitDays}-day limit to decide the transfer passed (pending since ${d.pendingSince}).`,
  }),
  InformationHandoverOverdue: (d) => ({
    es: `Venció el plazo de ${d.limitDays} días para que ${d.toInstitutionId} acuse recibo de la transferencia de información.`,
    en: `The ${d.limitDays}-day limit for ${d.toInstitutionId} to acknowledge the information handover passed.`,
  }),
  MilestoneDueSoon: (d) => ({
    es: `El hito ${d.milestoneId} vence el ${d.due} (en ${d.daysBefore} días o menos).`,
    en: `Milestone ${d.milestoneId} is due on ${d.due} (in ${d.daysBefore} days or less).`,
  }),
  MilestoneOverdue: (d) => ({
    es: `El hito ${d.milestoneId} está vencido: debía cumplirse el ${d.due}.`,
    en: `Milestone ${d.milestoneId} is overdue: it was due on ${d.due}.`,
  }),
  CommitmentPeriodEnded: (d) => ({
    es: `Terminó el periodo del compromiso (${d.periodEnd}) sin que se cerrara.`,
    en: `The commitment's period ended (${d.periodEnd}) before it was closed.`,
  }),
  ProgressReportDue: (d) => ({
    es: `Se debe un informe de avance hasta el ${d.dueOn}.`,
    en: `A progress report is due by ${d.dueOn}.`,
  }),
  ProgressReportOverdue: (d) => ({
    es: `No se presentó el informe de avance del periodo ${d.periodStart} a ${d.dueOn}.`,
    en: `No progress report was submitted for the period ${d.periodStart} to ${d.dueOn}.`,
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

/** The audit line of an event, or a neutral one for a type this code does not know. */
export function summarizeEvent(event: { type: string; data: unknown }): LocalizedMessage {
  const summary = (SUMMARIES as Record<string, ((data: unknown) => LocalizedMessage) | undefined>)[
    event.type
  ];
  return summary
    ? summary(event.data)
    : { es: `Evento ${event.type}.`, en: `Event ${event.type}.` };
}

/** Every event type with a summary: the audit trail's vocabulary. */
export const SUMMARIZED_EVENT_TYPES = Object.keys(SUMMARIES) as HitosEvent['type'][];
