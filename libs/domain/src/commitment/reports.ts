/**
 * Reporting (acta §4.3): the parties inform the Presidency, the IRM, the Core Group or the
 * citizens, and the IRM records its independent assessment.
 */
import type { Command, DomainEvent } from '../kernel/decider';
import { dateOf, type IsoDate } from '../kernel/dates';
import type { DomainError } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import { optionalText, requireEnum, requireText, type Check } from '../kernel/validation';
import type { ActaParty } from './acta';
import type { CommandRules, EventRules } from './capability';
import type { ExistingCommitment } from './commitment.state';
import { CLASSIFICATIONS, type Classification } from './evidence';

export const REPORT_AUDIENCES = ['presidency', 'irm', 'core-group', 'citizens'] as const;
export type ReportAudience = (typeof REPORT_AUDIENCES)[number];

export const IRM_STAGES = ['design', 'results'] as const;
export const IRM_POTENTIAL = ['unclear', 'modest', 'substantial'] as const;
export const IRM_COMPLETION = ['not-started', 'limited', 'substantial', 'complete'] as const;
export const IRM_EARLY_RESULTS = [
  'no-notable-results',
  'marginal',
  'moderate',
  'significant',
  'outstanding',
] as const;

/** A party informed the Presidency, the IRM, the Core Group or the citizens (acta §4.3). */
export type ReportSubmitted = DomainEvent<
  'ReportSubmitted',
  {
    reportId: string;
    audience: ReportAudience;
    submittedBy: ActaParty;
    title: string;
    summary: string;
    link?: string;
    classification: Classification;
    submittedOn: IsoDate;
  }
>;

/** The IRM's independent assessment, kept apart from the parties' self-assessment. */
export type IrmAssessmentRecorded = DomainEvent<
  'IrmAssessmentRecorded',
  {
    assessmentId: string;
    stage: (typeof IRM_STAGES)[number];
    verifiable: boolean;
    relevantToOgpValues: boolean;
    potentialForResults: (typeof IRM_POTENTIAL)[number];
    /** Results stage only. */
    completion?: (typeof IRM_COMPLETION)[number];
    /** Results stage only. */
    earlyResults?: (typeof IRM_EARLY_RESULTS)[number];
    narrative: string;
    assessedOn: IsoDate;
  }
>;

/** The reports to the acta's audiences and the IRM's assessments. */
export type ReportingEvent = ReportSubmitted | IrmAssessmentRecorded;

/**
 * Responsible institution or counterpart; InImplementation, Completed, TransferPending or
 * AwaitingHandover. `submittedBy` follows from the actor's role.
 */
export type SubmitReport = Command<
  'SubmitReport',
  Omit<ReportSubmitted['data'], 'submittedBy' | 'submittedOn'>
>;

/** Auditor (IRM); any status after the acta is signed, Closed included. */
export type RecordIrmAssessment = Command<
  'RecordIrmAssessment',
  Omit<IrmAssessmentRecorded['data'], 'assessedOn'>
>;

/** The reporting commands. */
export type ReportingCommand = SubmitReport | RecordIrmAssessment;

type Decision = ReportingEvent[] | DomainError;

function submitReport(command: SubmitReport, state: ExistingCommitment): Decision {
  const { data, metadata } = command;
  const invalid =
    requireText('reportId', data.reportId) ??
    requireEnum('audience', data.audience, REPORT_AUDIENCES) ??
    requireText('title', data.title) ??
    requireText('summary', data.summary) ??
    optionalText('link', data.link) ??
    requireEnum('classification', data.classification, CLASSIFICATIONS);
  if (invalid) return invalid;
  if (state.submittedReports.some((r) => r.reportId === data.reportId))
    return Errors.submittedReportIdDuplicate(data.reportId);
  return [
    {
      type: 'ReportSubmitted',
      data: {
        reportId: data.reportId,
        audience: data.audience,
        submittedBy: metadata.actor.role === 'institution' ? 'institution' : 'counterpart',
        title: data.title,
        summary: data.summary,
        ...(data.link ? { link: data.link } : {}),
        classification: data.classification,
        submittedOn: dateOf(metadata.now),
      },
    },
  ];
}

function requireBoolean(field: string, value: unknown): Check {
  return typeof value === 'boolean'
    ? undefined
    : Errors.invalidField(field, value, 'expected true or false');
}

function recordIrmAssessment(command: RecordIrmAssessment, state: ExistingCommitment): Decision {
  const { data, metadata } = command;
  const missing =
    data.stage === 'results'
      ? (['completion', 'earlyResults'] as const).filter(
          (f) => data[f] === undefined || data[f] === null,
        )
      : [];
  const invalid =
    requireText('assessmentId', data.assessmentId) ??
    requireEnum('stage', data.stage, IRM_STAGES) ??
    requireBoolean('verifiable', data.verifiable) ??
    requireBoolean('relevantToOgpValues', data.relevantToOgpValues) ??
    requireEnum('potentialForResults', data.potentialForResults, IRM_POTENTIAL) ??
    (missing.length > 0 ? Errors.irmResultsFieldsRequired(missing) : undefined) ??
    // The design stage judges the commitment as written; results are not known yet.
    (data.stage === 'design' && data.completion !== undefined
      ? Errors.invalidField(
          'completion',
          data.completion,
          'only the results stage assesses completion',
        )
      : undefined) ??
    (data.stage === 'design' && data.earlyResults !== undefined
      ? Errors.invalidField(
          'earlyResults',
          data.earlyResults,
          'only the results stage assesses early results',
        )
      : undefined) ??
    (data.completion !== undefined
      ? requireEnum('completion', data.completion, IRM_COMPLETION)
      : undefined) ??
    (data.earlyResults !== undefined
      ? requireEnum('earlyResults', data.earlyResults, IRM_EARLY_RESULTS)
      : undefined) ??
    requireText('narrative', data.narrative);
  if (invalid) return invalid;
  if (state.irmAssessments.some((a) => a.assessmentId === data.assessmentId))
    return Errors.irmAssessmentIdDuplicate(data.assessmentId);
  return [
    {
      type: 'IrmAssessmentRecorded',
      data: {
        assessmentId: data.assessmentId,
        stage: data.stage,
        verifiable: data.verifiable,
        relevantToOgpValues: data.relevantToOgpValues,
        potentialForResults: data.potentialForResults,
        ...(data.completion !== undefined ? { completion: data.completion } : {}),
        ...(data.earlyResults !== undefined ? { earlyResults: data.earlyResults } : {}),
        narrative: data.narrative,
        assessedOn: dateOf(metadata.now),
      },
    },
  ];
}

/** Who may run each command of this part, in which statuses, and what it decides. */
export const REPORTING_COMMANDS: CommandRules<ReportingCommand, ReportingEvent> = {
  SubmitReport: {
    roles: ['institution', 'counterpart'],
    statuses: ['InImplementation', 'Completed', 'TransferPending', 'AwaitingHandover'],
    decide: submitReport,
  },
  RecordIrmAssessment: {
    roles: ['auditor'],
    statuses: ['InImplementation', 'Completed', 'Closed', 'TransferPending', 'AwaitingHandover'],
    decide: recordIrmAssessment,
  },
};

/** Each event of this part: its schema version and its audit line (Spanish and English). */
export const REPORTING_EVENTS: EventRules<ReportingEvent> = {
  ReportSubmitted: {
    version: 1,
    summary: (d) => {
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
  },
  IrmAssessmentRecorded: {
    version: 1,
    summary: (d) => ({
      es: `El MRI registró su evaluación de ${d.stage === 'design' ? 'diseño' : 'resultados'} (${d.assessedOn}).`,
      en: `The IRM recorded its ${d.stage} assessment (${d.assessedOn}).`,
    }),
  },
};
