import type { Database } from 'better-sqlite3';
import {
  COMMITMENT_STATUSES,
  IRM_COMPLETION,
  IRM_EARLY_RESULTS,
  IRM_POTENTIAL,
  OPENED_GOVERNMENT,
  PILLARS,
  CLASSIFICATIONS,
  REPORT_AUDIENCES,
  REPORT_REVIEW_STATUSES,
  SELF_ASSESSED_COMPLETION,
} from '@hitos/domain';
import {
  PUBLIC_READER,
  getCommitmentDetail,
  publicEvidenceFiles,
  type CommitmentDetailView,
} from '@hitos/read-models';
import { prepared } from '@hitos/projections';
import { ID_PATTERN } from '../http/resource-id';
import type { PortalNames } from '../portal/portal-names';

/** A Table Schema field (https://specs.frictionlessdata.io/table-schema/). */
export interface TableField {
  name: string;
  title: string;
  description: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format?: 'uri' | 'default';
  constraints?: {
    required?: boolean;
    unique?: boolean;
    enum?: readonly string[];
    minimum?: number;
    maximum?: number;
    pattern?: string;
  };
}

export type Cell = string | number | boolean | null;
export type Record_ = Record<string, Cell>;

/** What a resource's rows are read from: the read models, as the public reads them. */
export interface OpenDataSources {
  /** The commitment-detail model (a read-only connection of the export's own). */
  detail: Database;
  /** The registry model: names of plans, institutions and organizations. */
  registry: Database;
  /** The evidence-files model: which events filed each kept file. */
  files: Database;
}

export interface OpenDataResource {
  name: string;
  title: string;
  description: string;
  fields: TableField[];
  primaryKey: string[];
  foreignKeys?: { fields: string[]; reference: { resource: string; fields: string[] } }[];
  rows: (sources: OpenDataSources, names: PortalNames) => Iterable<Record_>;
}

const STATUSES = COMMITMENT_STATUSES.filter((status) => status !== 'Empty');
const DATE = (name: string, title: string, description: string, required = false): TableField => ({
  name,
  title,
  description,
  type: 'date',
  ...(required ? { constraints: { required: true } } : {}),
});
const TEXT = (name: string, title: string, description: string, required = false): TableField => ({
  name,
  title,
  description,
  type: 'string',
  ...(required ? { constraints: { required: true } } : {}),
});
const ENUM = (
  name: string,
  title: string,
  description: string,
  values: readonly string[],
  required = false,
): TableField => ({
  name,
  title,
  description,
  type: 'string',
  constraints: { enum: values, ...(required ? { required: true } : {}) },
});
/** The classification column of a row or of one of its texts (docs/reserve.md). */
const CLASSIFICATION = (name: string, of: string): TableField =>
  ENUM(
    name,
    'Clasificación / Classification',
    `The classification of ${of}.`,
    CLASSIFICATIONS,
    true,
  );
/** Whether the row's text (or a part of it) is withheld: empty in its place, and counted. */
const WITHHELD = (name: string, of: string, required = true): TableField => ({
  name,
  title: 'Reservado / Withheld',
  description: `True when ${of} reserved or confidential: the cell is empty in its place (contenido reservado), never a missing row.${required ? '' : ' Empty when there is none.'}`,
  type: 'boolean',
  ...(required ? { constraints: { required: true } } : {}),
});
const COMMITMENT_ID: TableField = {
  name: 'commitment_id',
  title: 'Compromiso / Commitment',
  description: 'The commitment’s id in hitos (its slug).',
  type: 'string',
  constraints: { required: true, pattern: ID_PATTERN.source },
};
const BY_COMMITMENT = [
  { fields: ['commitment_id'], reference: { resource: 'commitments', fields: ['commitment_id'] } },
];

/**
 * Every commitment as the public reads it (the same `getCommitmentDetail` with `PUBLIC_READER`
 * as `GET /api/commitments/:id` for an anonymous reader: reserved and confidential texts,
 * evidence and reports are withheld in place — null, marked and counted), by plan then number,
 * one at a time.
 */
export function* publicCommitments(detail: Database): Generator<CommitmentDetailView> {
  const ids = prepared(
    detail,
    `SELECT commitment_id FROM commitment ORDER BY plan_id, number, commitment_id`,
  ).all() as { commitment_id: string }[];
  for (const { commitment_id } of ids) {
    const view = getCommitmentDetail(detail, commitment_id, PUBLIC_READER);
    if (view) yield view;
  }
}

const latestIrm = (view: CommitmentDetailView, stage?: string) =>
  [...view.irmAssessments].reverse().find((a) => stage === undefined || a.stage === stage) ?? null;

const joined = (items: readonly string[]) => (items.length ? items.join('; ') : null);

// ── the resources ────────────────────────────────────────────────────────────────────────────

const commitments: OpenDataResource = {
  name: 'commitments',
  title: 'Compromisos (hoja del MRI) / Commitments (IRM sheet)',
  description:
    'Una fila por compromiso, con las columnas del Mecanismo de Revisión Independiente (MRI). / One row per commitment, with the columns of the Independent Reporting Mechanism (IRM) data release.',
  primaryKey: ['commitment_id'],
  fields: [
    { ...COMMITMENT_ID, constraints: { ...COMMITMENT_ID.constraints, unique: true } },
    TEXT('plan', 'Plan de acción / Action plan', 'The action plan’s title.', true),
    {
      name: 'number',
      title: 'Número / Number',
      description: 'The commitment’s number in its plan (IRM: CaseNo).',
      type: 'integer',
      constraints: { required: true, minimum: 1 },
    },
    TEXT('title', 'Título / Commitment title', 'IRM: Commitment Title.', true),
    ENUM('status', 'Estado / Status', 'Its status in hitos.', STATUSES, true),
    TEXT(
      'lead_institution',
      'Institución responsable / Lead institution',
      'IRM: Responsible Institution; the one responsible now (after any acknowledged handover).',
      true,
    ),
    TEXT('lead_unit', 'Unidad responsable / Lead unit', 'The unit within it that implements.'),
    TEXT(
      'counterpart',
      'Contraparte / Counterpart',
      'The civil-society counterpart that signed the acta.',
      true,
    ),
    TEXT(
      'supporting_actors',
      'Actores de apoyo / Supporting actors',
      'IRM: Supporting Institution. The counterpart first, then the other supporting actors, separated by "; ".',
      true,
    ),
    TEXT(
      'policy_areas',
      'Pilares / Policy areas',
      `OGP values (pillars) it is relevant to, separated by "; ": ${PILLARS.join(', ')}.`,
    ),
    DATE('start_date', 'Inicio / Start', 'Start of the commitment’s period.', true),
    DATE('end_date', 'Fin / End', 'End of the commitment’s period.', true),
    {
      name: 'milestones',
      title: 'Hitos / Milestones',
      description: 'How many milestones it has.',
      type: 'integer',
      constraints: { required: true, minimum: 0 },
    },
    {
      name: 'milestones_completed',
      title: 'Hitos cumplidos / Milestones completed',
      description: 'How many of them are completed.',
      type: 'integer',
      constraints: { required: true, minimum: 0 },
    },
    {
      name: 'progress',
      title: 'Avance / Progress',
      description: 'Weighted progress endorsed by the counterpart, in percent.',
      type: 'number',
      constraints: { required: true, minimum: 0, maximum: 100 },
    },
    DATE('acta_signed_on', 'Acta firmada / Acta signed', 'The day the acta was signed by both.'),
    ENUM(
      'completion_self_assessed',
      'Cumplimiento autoevaluado / Self-assessed completion',
      'OGP end-of-commitment self-assessment, co-signed by the counterpart.',
      SELF_ASSESSED_COMPLETION,
    ),
    ENUM(
      'opened_government_self_assessed',
      '¿Abrió el gobierno? (autoevaluación) / Did it open government? (self-assessed)',
      'OGP’s "Did it open government?" scale, in the closure form.',
      OPENED_GOVERNMENT,
    ),
    DATE('closed_on', 'Cerrado / Closed', 'The day the closure form was signed.'),
    DATE('withdrawn_on', 'Retirado / Withdrawn', 'The day the Presidency withdrew it.'),
    {
      name: 'irm_verifiable',
      title: 'Verificable (MRI) / Verifiable (IRM)',
      description: 'IRM Action Plan Review (or Results Report, the latest): verifiable.',
      type: 'boolean',
    },
    {
      name: 'irm_relevant_to_ogp_values',
      title: 'Relevante a los valores de OGP (MRI) / Relevant to OGP values (IRM)',
      description: 'The IRM’s latest assessment.',
      type: 'boolean',
    },
    ENUM(
      'irm_potential_for_results',
      'Potencial de resultados (MRI) / Potential for results (IRM)',
      'The IRM’s latest assessment.',
      IRM_POTENTIAL,
    ),
    ENUM(
      'irm_completion',
      'Cumplimiento (MRI) / Completion (IRM)',
      'Results Report: completion.',
      IRM_COMPLETION,
    ),
    ENUM(
      'irm_did_it_open_government',
      '¿Abrió el gobierno? (MRI) / Did it open government? (IRM early results)',
      'Results Report: early results.',
      IRM_EARLY_RESULTS,
    ),
    {
      name: 'withheld_items',
      title: 'Elementos reservados / Withheld items',
      description:
        'Evidence items, reports and texts (narratives, reasons, answers, the closure’s narrative) classified reserved or confidential: withheld in their place, counted here, never shown.',
      type: 'integer',
      constraints: { required: true, minimum: 0 },
    },
  ],
  *rows({ detail }, names) {
    for (const c of publicCommitments(detail)) {
      const irm = latestIrm(c);
      const results = latestIrm(c, 'results');
      const counterpart = names.organization(c.counterpart.organizationId);
      yield {
        commitment_id: c.commitmentId,
        plan: names.plan(c.planId),
        number: c.number,
        title: c.title,
        status: c.status,
        lead_institution: names.institution(c.responsible.institutionId),
        lead_unit: c.responsible.unit,
        counterpart,
        supporting_actors: joined([counterpart, ...c.supportingActors.map((a) => a.name)]),
        policy_areas: joined(PILLARS.filter((p) => c.relevance[p] !== undefined)),
        start_date: c.period.start,
        end_date: c.period.end,
        milestones: c.milestones.length,
        milestones_completed: c.milestones.filter((m) => m.completed).length,
        progress: c.progress,
        acta_signed_on: c.acta?.signedOn ?? null,
        completion_self_assessed: c.closure?.completion ?? null,
        opened_government_self_assessed: c.closure?.openedGovernment ?? null,
        closed_on: c.closure?.closedOn ?? null,
        withdrawn_on: c.withdrawal?.withdrawnOn ?? null,
        irm_verifiable: irm ? irm.verifiable : null,
        irm_relevant_to_ogp_values: irm ? irm.relevantToOgpValues : null,
        irm_potential_for_results: irm?.potentialForResults ?? null,
        irm_completion: results?.completion ?? null,
        irm_did_it_open_government: results?.earlyResults ?? null,
        withheld_items: c.withheldEvidence + c.withheldReports + c.withheldTexts,
      };
    }
  },
};

const milestones: OpenDataResource = {
  name: 'milestones',
  title: 'Hitos / Milestones',
  description:
    'Los hitos de cada compromiso: fechas de línea base y vigentes, reprogramaciones, peso y avance avalado. / Each commitment’s milestones: baseline and current dates, slips, weight and endorsed progress.',
  primaryKey: ['commitment_id', 'milestone_id'],
  foreignKeys: BY_COMMITMENT,
  fields: [
    COMMITMENT_ID,
    TEXT('milestone_id', 'Hito / Milestone', 'The milestone’s id.', true),
    TEXT('deliverable', 'Entregable / Deliverable', 'What the milestone delivers.', true),
    {
      name: 'weight',
      title: 'Peso / Weight',
      description: 'Its weight in the commitment’s progress, in percent.',
      type: 'integer',
      constraints: { required: true, minimum: 0, maximum: 100 },
    },
    DATE('baseline_start', 'Inicio planificado / Baseline start', 'As first planned.', true),
    DATE('baseline_due', 'Fecha planificada / Baseline due', 'As first planned.', true),
    DATE('start', 'Inicio vigente / Current start', 'After any reschedule.', true),
    DATE('due', 'Fecha vigente / Current due', 'After any reschedule.', true),
    {
      name: 'slips',
      title: 'Reprogramaciones / Slips',
      description: 'Times it was rescheduled later.',
      type: 'integer',
      constraints: { required: true, minimum: 0 },
    },
    {
      name: 'endorsed_percent',
      title: 'Avance avalado / Endorsed progress',
      description: 'The highest progress the counterpart endorsed, in percent.',
      type: 'number',
      constraints: { required: true, minimum: 0, maximum: 100 },
    },
    {
      name: 'completed',
      title: 'Cumplido / Completed',
      description: 'Whether it is completed.',
      type: 'boolean',
      constraints: { required: true },
    },
    DATE('completed_on', 'Cumplido el / Completed on', 'The day it was completed.'),
  ],
  *rows({ detail }) {
    for (const c of publicCommitments(detail)) {
      for (const m of c.milestones) {
        yield {
          commitment_id: c.commitmentId,
          milestone_id: m.milestoneId,
          deliverable: m.deliverable,
          weight: m.weight,
          baseline_start: m.baselineStart,
          baseline_due: m.baselineDue,
          start: m.start,
          due: m.due,
          slips: m.slips,
          endorsed_percent: m.lastEndorsedPercent,
          completed: m.completed,
          completed_on: m.completedOn,
        };
      }
    }
  },
};

const progressReports: OpenDataResource = {
  name: 'progress-reports',
  title: 'Reportes de avance y revisiones / Progress reports and reviews',
  description:
    'Cada reporte de avance de la institución con la revisión de la contraparte y la respuesta a una objeción. / Each progress report of the institution, with the counterpart’s review and the answer to an objection.',
  primaryKey: ['commitment_id', 'report_id'],
  foreignKeys: BY_COMMITMENT,
  fields: [
    COMMITMENT_ID,
    TEXT('report_id', 'Reporte / Report', 'The report’s id.', true),
    TEXT('milestone_id', 'Hito / Milestone', 'The milestone it reports on.', true),
    {
      name: 'percent',
      title: 'Avance reportado / Reported progress',
      description: 'The progress the institution claims, in percent.',
      type: 'number',
      constraints: { required: true, minimum: 0, maximum: 100 },
    },
    TEXT(
      'narrative',
      'Relato / Narrative',
      'What the institution reported; empty when withheld (see `withheld`).',
    ),
    CLASSIFICATION('classification', 'the narrative'),
    WITHHELD('withheld', 'the narrative is'),
    DATE('reported_on', 'Reportado el / Reported on', 'The report’s date.', true),
    ENUM(
      'review_verdict',
      'Revisión / Review',
      'The counterpart’s verdict, empty until it reviews.',
      ['endorsed', 'objected'],
    ),
    TEXT(
      'review_reasons',
      'Motivos / Reasons',
      'The counterpart’s reasons; empty when none or withheld.',
    ),
    ENUM(
      'review_classification',
      'Clasificación de los motivos / Reasons’ classification',
      'The reasons’ classification (the report’s unless the review marked another); empty until it reviews.',
      CLASSIFICATIONS,
    ),
    WITHHELD('review_withheld', 'the reasons are', false),
    DATE('reviewed_on', 'Revisado el / Reviewed on', 'The review’s date.'),
    TEXT(
      'answer',
      'Respuesta / Answer',
      'The institution’s answer to an objection; empty when none or withheld.',
    ),
    ENUM(
      'answer_classification',
      'Clasificación de la respuesta / Answer’s classification',
      'The answer’s classification (the report’s unless the answer marked another); empty until answered.',
      CLASSIFICATIONS,
    ),
    WITHHELD('answer_withheld', 'the answer is', false),
    DATE('answered_on', 'Respondido el / Answered on', 'The answer’s date.'),
    {
      name: 'public_evidence',
      title: 'Evidencia pública / Public evidence',
      description: 'How many public evidence items it carries (see the evidence resource).',
      type: 'integer',
      constraints: { required: true, minimum: 0 },
    },
    {
      name: 'withheld_evidence',
      title: 'Evidencia reservada / Withheld evidence',
      description:
        'How many reserved or confidential evidence items it carries: rows of the evidence resource with `withheld` true.',
      type: 'integer',
      constraints: { required: true, minimum: 0 },
    },
    ENUM(
      'review_status',
      'Estado de la revisión / Review status',
      'Where the review stands: pending-review, objected (waiting for the institution’s answer), answered (waiting for the counterpart’s next review), endorsed.',
      REPORT_REVIEW_STATUSES,
      true,
    ),
    {
      name: 'review_round',
      title: 'Ronda / Round',
      description:
        'The round of the latest review (review_* and answer_* are that round’s); empty until it reviews. Every round is in the review-rounds resource.',
      type: 'integer',
      constraints: { minimum: 1 },
    },
  ],
  *rows({ detail }) {
    for (const c of publicCommitments(detail)) {
      for (const m of c.milestones) {
        for (const r of m.reports) {
          yield {
            commitment_id: c.commitmentId,
            report_id: r.reportId,
            milestone_id: r.milestoneId,
            percent: r.percent,
            narrative: r.narrative,
            classification: r.classification,
            withheld: r.withheld,
            reported_on: r.reportedOn,
            review_verdict: r.review?.verdict ?? null,
            review_reasons: r.review?.reasons ?? null,
            review_classification: r.review?.classification ?? null,
            review_withheld: r.review ? r.review.withheld : null,
            reviewed_on: r.review?.reviewedOn ?? null,
            answer: r.answer?.answer ?? null,
            answer_classification: r.answer?.classification ?? null,
            answer_withheld: r.answer ? r.answer.withheld : null,
            answered_on: r.answer?.answeredOn ?? null,
            public_evidence: r.evidence.filter((item) => !item.withheld).length,
            withheld_evidence: r.evidence.filter((item) => item.withheld).length,
            review_status: r.reviewStatus,
            review_round: r.review?.round ?? null,
          };
        }
      }
    }
  },
};

const reviewRounds: OpenDataResource = {
  name: 'review-rounds',
  title: 'Rondas de revisión / Review rounds',
  description:
    'La conversación de revisión de cada reporte de avance, ronda por ronda: la objeción de la contraparte y la respuesta de la institución; el aval final está en progress-reports. Los textos reservados quedan vacíos en su lugar. / Each progress report’s review conversation, round by round: the counterpart’s objection and the institution’s answer; the final endorsement is in progress-reports. Reserved texts are empty in their place.',
  primaryKey: ['commitment_id', 'report_id', 'round'],
  foreignKeys: BY_COMMITMENT,
  fields: [
    COMMITMENT_ID,
    TEXT('report_id', 'Reporte / Report', 'The progress report’s id.', true),
    TEXT('milestone_id', 'Hito / Milestone', 'The milestone it reports on.', true),
    {
      name: 'round',
      title: 'Ronda / Round',
      description: 'The round, from 1: the n-th objection to the report.',
      type: 'integer',
      constraints: { required: true, minimum: 1 },
    },
    TEXT(
      'objection_reasons',
      'Motivos de la objeción / Objection’s reasons',
      'The counterpart’s reasons; empty when withheld (see `objection_withheld`).',
    ),
    CLASSIFICATION('objection_classification', 'the reasons'),
    WITHHELD('objection_withheld', 'the reasons are'),
    DATE('objected_on', 'Objetado el / Objected on', 'The objection’s date.', true),
    TEXT(
      'answer',
      'Respuesta / Answer',
      'The institution’s answer; empty while unanswered or when withheld.',
    ),
    ENUM(
      'answer_classification',
      'Clasificación de la respuesta / Answer’s classification',
      'The answer’s classification; empty while unanswered.',
      CLASSIFICATIONS,
    ),
    WITHHELD('answer_withheld', 'the answer is', false),
    DATE('answered_on', 'Respondido el / Answered on', 'The answer’s date; empty while open.'),
  ],
  *rows({ detail }) {
    for (const c of publicCommitments(detail)) {
      for (const m of c.milestones) {
        for (const r of m.reports) {
          for (const round of r.rounds) {
            yield {
              commitment_id: c.commitmentId,
              report_id: r.reportId,
              milestone_id: r.milestoneId,
              round: round.round,
              objection_reasons: round.objection.reasons,
              objection_classification: round.objection.classification,
              objection_withheld: round.objection.withheld,
              objected_on: round.objection.reviewedOn,
              answer: round.answer?.answer ?? null,
              answer_classification: round.answer?.classification ?? null,
              answer_withheld: round.answer ? round.answer.withheld : null,
              answered_on: round.answer?.answeredOn ?? null,
            };
          }
        }
      }
    }
  },
};

const reschedules: OpenDataResource = {
  name: 'reschedules',
  title: 'Reprogramaciones / Reschedules',
  description:
    'Cada solicitud de la institución para mover las fechas de un hito y cómo la respondió el Grupo Núcleo; también las reprogramaciones anteriores a las solicitudes, cuya conformidad declaró la institución. / Each request of the institution to move a milestone’s dates and how the Core Group answered it; also the reschedules recorded before requests existed, whose concurrence the institution asserted.',
  primaryKey: ['commitment_id', 'milestone_id', 'seq'],
  foreignKeys: BY_COMMITMENT,
  fields: [
    COMMITMENT_ID,
    TEXT('milestone_id', 'Hito / Milestone', 'The milestone whose dates it concerns.', true),
    {
      name: 'seq',
      title: 'Orden / Order',
      description: 'Its place among the milestone’s requests and reschedules, from 0.',
      type: 'integer',
      constraints: { required: true, minimum: 0 },
    },
    TEXT(
      'request_id',
      'Solicitud / Request',
      'The request’s id; empty for a reschedule recorded before requests existed.',
    ),
    DATE(
      'requested_on',
      'Solicitado el / Requested on',
      'When the institution asked; empty before requests existed.',
    ),
    DATE('previous_due', 'Vencía el / Was due', 'The due date in force when asked.', true),
    DATE('start', 'Inicio pedido / Start asked', 'The start date asked for.', true),
    DATE('due', 'Entrega pedida / Due date asked', 'The due date asked for.', true),
    TEXT('justification', 'Justificación / Justification', 'The institution’s reasons.', true),
    ENUM(
      'status',
      'Estado / Status',
      'open: awaiting the Core Group; concurred: the dates moved; declined: a member said no; withdrawn: the institution withdrew it.',
      ['open', 'concurred', 'declined', 'withdrawn'],
      true,
    ),
    TEXT(
      'core_group_member_id',
      'Integrante del Grupo Núcleo / Core Group member',
      'Who concurred or declined.',
    ),
    ENUM(
      'concurrence_source',
      'Conformidad dada por / Concurrence given by',
      'member: the member gave it in hitos with their own account; asserted-by-institution: the institution named the member (before members concurred themselves). Empty unless concurred.',
      ['member', 'asserted-by-institution'],
    ),
    TEXT(
      'concurrence_reference',
      'Referencia / Reference',
      'The Core Group’s minutes cited, if any.',
    ),
    DATE(
      'answered_on',
      'Respondido el / Answered on',
      'When it was concurred, declined or withdrawn.',
    ),
    TEXT(
      'reasons',
      'Razones / Reasons',
      'The member’s reasons for declining, or the institution’s for withdrawing.',
    ),
  ],
  *rows({ detail }) {
    for (const c of publicCommitments(detail)) {
      for (const m of c.milestones) {
        // Requests in order; a concurred one joined to the reschedule it made.
        const asserted = m.reschedules.filter((r) => r.requestId === null);
        let seq = 0;
        for (const r of asserted)
          yield {
            commitment_id: c.commitmentId,
            milestone_id: m.milestoneId,
            seq: seq++,
            request_id: null,
            requested_on: null,
            previous_due: r.previousDue,
            start: r.start,
            due: r.due,
            justification: r.justification,
            status: 'concurred',
            core_group_member_id: r.concurrence.coreGroupMemberId,
            concurrence_source: r.concurrence.source,
            concurrence_reference: r.concurrence.reference,
            answered_on: r.concurrence.concurredOn,
            reasons: null,
          };
        for (const q of m.rescheduleRequests) {
          const made = m.reschedules.find((r) => r.requestId === q.requestId);
          yield {
            commitment_id: c.commitmentId,
            milestone_id: m.milestoneId,
            seq: seq++,
            request_id: q.requestId,
            requested_on: q.requestedOn,
            previous_due: q.currentDue,
            start: q.start,
            due: q.due,
            justification: q.justification,
            status: q.status,
            core_group_member_id: q.answeredBy,
            concurrence_source: made ? made.concurrence.source : null,
            concurrence_reference: made ? made.concurrence.reference : null,
            answered_on: q.answeredOn,
            reasons: q.reasons,
          };
        }
      }
    }
  },
};

const evidence: OpenDataResource = {
  name: 'evidence',
  title: 'Evidencia / Evidence',
  description:
    'La evidencia de los reportes de avance y de los cierres; la reservada o confidencial queda en su lugar, sin título, enlace ni hash («contenido reservado»). / The evidence of progress reports and closures; a reserved or confidential item keeps its row, without title, link or hash (withheld).',
  primaryKey: ['commitment_id', 'source', 'report_id', 'seq'],
  foreignKeys: BY_COMMITMENT,
  fields: [
    COMMITMENT_ID,
    ENUM(
      'source',
      'Origen / Source',
      'A progress report or the closure.',
      ['report', 'closure'],
      true,
    ),
    TEXT('report_id', 'Reporte / Report', 'The progress report’s id; empty for the closure.'),
    {
      name: 'seq',
      title: 'Orden / Order',
      description: 'Its place among the items of its report or closure, from 1.',
      type: 'integer',
      constraints: { required: true, minimum: 1 },
    },
    TEXT('title', 'Título / Title', 'The document’s title; empty when withheld.'),
    {
      name: 'url',
      title: 'Enlace / Link',
      description:
        'Where the document is published: an http(s) link, or `/api/evidence/<sha256>` for a file hitos keeps (on this server; see the evidence-files resource); empty when withheld.',
      type: 'string',
    },
    {
      name: 'sha256',
      title: 'SHA-256',
      description: 'The document’s SHA-256, when the institution recorded it; empty when withheld.',
      type: 'string',
      constraints: { pattern: '^[0-9a-f]{64}$' },
    },
    CLASSIFICATION('classification', 'the item'),
    WITHHELD('withheld', 'the item is'),
  ],
  *rows({ detail }) {
    for (const c of publicCommitments(detail)) {
      const items = [
        ...c.milestones.flatMap((m) =>
          m.reports.map((r) => ({ source: 'report', reportId: r.reportId, items: r.evidence })),
        ),
        ...(c.closure ? [{ source: 'closure', reportId: null, items: c.closure.evidence }] : []),
      ];
      for (const { source, reportId, items: list } of items) {
        let seq = 0;
        for (const item of list) {
          // The view already withheld what the public may not see; this guards it twice.
          const shown = !item.withheld && item.classification === 'public';
          yield {
            commitment_id: c.commitmentId,
            source,
            report_id: reportId,
            seq: ++seq,
            title: shown ? item.title : null,
            url: shown ? item.url : null,
            sha256: shown ? (item.sha256 ?? null) : null,
            classification: item.classification,
            withheld: !shown,
          };
        }
      }
    }
  },
};

const evidenceFiles: OpenDataResource = {
  name: 'evidence-files',
  title: 'Archivos de evidencia / Evidence files',
  description:
    'Los archivos que hitos guarda y que algún reporte o cierre citó como públicos: su SHA-256, tamaño, tipo (leído del contenido) y dónde descargarlos. Los reservados o confidenciales no se listan. / The files hitos keeps that a progress report or a closure cited as public: their SHA-256, size, type (read from the content) and where to download them. Reserved or confidential ones are not listed.',
  primaryKey: ['sha256'],
  foreignKeys: BY_COMMITMENT,
  fields: [
    {
      name: 'sha256',
      title: 'SHA-256',
      description: 'The file’s SHA-256: its name in the store and its `ETag`.',
      type: 'string',
      constraints: { required: true, unique: true, pattern: '^[0-9a-f]{64}$' },
    },
    {
      ...COMMITMENT_ID,
      description: 'The commitment whose report or closure first cited it as public.',
    },
    TEXT('title', 'Título / Title', 'The title it was first cited with as public.', true),
    {
      name: 'size',
      title: 'Tamaño / Size',
      description: 'Bytes.',
      type: 'integer',
      constraints: { minimum: 0 },
    },
    TEXT('media_type', 'Tipo / Media type', 'Its media type, read from its content.'),
    TEXT(
      'url',
      'Descarga / Download',
      'Where to download it on this server: `/api/evidence/<sha256>`.',
      true,
    ),
  ],
  *rows({ files }) {
    for (const f of publicEvidenceFiles(files)) {
      yield {
        sha256: f.sha256,
        commitment_id: f.commitmentId,
        title: f.title,
        size: f.size,
        media_type: f.mediaType,
        url: f.url,
      };
    }
  },
};

const reports: OpenDataResource = {
  name: 'reports',
  title: 'Informes a las audiencias / Reports to audiences',
  description:
    'Los informes a la Presidencia, al MRI, al Grupo Núcleo y a la ciudadanía; uno reservado o confidencial queda en su lugar, sin título, resumen ni enlace. / Reports to the Presidency, the IRM, the Core Group and the citizens; a reserved or confidential one keeps its row, without title, summary or link (withheld).',
  primaryKey: ['commitment_id', 'report_id'],
  foreignKeys: BY_COMMITMENT,
  fields: [
    COMMITMENT_ID,
    TEXT('report_id', 'Informe / Report', 'The report’s id.', true),
    ENUM('audience', 'Audiencia / Audience', 'Whom it informs.', REPORT_AUDIENCES, true),
    ENUM(
      'submitted_by',
      'Presentado por / Submitted by',
      'Which party.',
      ['institution', 'counterpart'],
      true,
    ),
    TEXT('title', 'Título / Title', 'The report’s title; empty when withheld.'),
    TEXT('summary', 'Resumen / Summary', 'Its summary; empty when withheld.'),
    {
      name: 'link',
      title: 'Enlace / Link',
      description: 'Where it is published; empty when none or withheld.',
      type: 'string',
      format: 'uri',
    },
    CLASSIFICATION('classification', 'the report'),
    WITHHELD('withheld', 'the report is'),
    DATE('submitted_on', 'Presentado el / Submitted on', 'The day it was submitted.', true),
  ],
  *rows({ detail }) {
    for (const c of publicCommitments(detail)) {
      for (const r of c.submittedReports) {
        const shown = !r.withheld && r.classification === 'public';
        yield {
          commitment_id: c.commitmentId,
          report_id: r.reportId,
          audience: r.audience,
          submitted_by: r.submittedBy,
          title: shown ? r.title : null,
          summary: shown ? r.summary : null,
          link: shown ? (r.link ?? null) : null,
          classification: r.classification,
          withheld: !shown,
          submitted_on: r.submittedOn,
        };
      }
    }
  },
};

const transfers: OpenDataResource = {
  name: 'transfers',
  title: 'Traspasos / Transfers',
  description:
    'Cómo se resolvió cada rediseño institucional para cada compromiso (mantenido o traspasado), y los pendientes. / How each institutional redesign was settled for each commitment (maintained or transferred), and those pending.',
  primaryKey: ['commitment_id', 'seq'],
  foreignKeys: BY_COMMITMENT,
  fields: [
    COMMITMENT_ID,
    {
      name: 'seq',
      title: 'Orden / Order',
      description: 'Its place in the commitment’s transfers, from 1; a pending one comes last.',
      type: 'integer',
      constraints: { required: true, minimum: 1 },
    },
    ENUM(
      'outcome',
      'Resultado / Outcome',
      'maintained, transferred, or pending (TransferPending / AwaitingHandover).',
      ['maintained', 'transferred', 'pending'],
      true,
    ),
    TEXT('from_institution', 'Institución rediseñada / Redesigned institution', 'Its name.', true),
    TEXT('to_institution', 'Institución receptora / Receiving institution', 'Its name.'),
    TEXT('receiving_unit', 'Unidad receptora / Receiving unit', 'The unit that receives it.'),
    TEXT('reason', 'Motivo / Reason', 'The Presidency’s reason.'),
    DATE('pending_since', 'Pendiente desde / Pending since', 'The redesign’s date.', true),
    DATE('decided_on', 'Decidido el / Decided on', 'The Presidency’s decision.'),
    DATE('settled_on', 'Resuelto el / Settled on', 'Kept, or handover acknowledged.'),
  ],
  *rows({ detail }, names) {
    for (const c of publicCommitments(detail)) {
      let seq = 0;
      for (const t of c.transfers) {
        yield {
          commitment_id: c.commitmentId,
          seq: ++seq,
          outcome: t.outcome,
          from_institution: names.institution(t.fromInstitutionId),
          to_institution: names.institution(t.toInstitutionId),
          receiving_unit: t.receivingUnit,
          reason: t.reason,
          pending_since: t.pendingSince,
          decided_on: t.decidedOn,
          settled_on: t.settledOn,
        };
      }
      const p = c.transfer;
      if (p) {
        yield {
          commitment_id: c.commitmentId,
          seq: ++seq,
          outcome: 'pending',
          from_institution: names.institution(p.institutionId),
          to_institution: p.transferred ? names.institution(p.transferred.toInstitutionId) : null,
          receiving_unit: p.transferred?.receivingUnit ?? null,
          reason: p.transferred?.reason ?? null,
          pending_since: p.pendingSince,
          decided_on: p.transferred?.decidedOn ?? null,
          settled_on: null,
        };
      }
    }
  },
};

/**
 * Citizens' questions and their response times. No e-mail ever (it is not in the read models);
 * a question the Presidency hid keeps its row, with its dates and the reason, its texts empty.
 */
const questions: OpenDataResource = {
  name: 'questions',
  title: 'Preguntas ciudadanas / Citizens’ questions',
  description:
    'Las preguntas de la ciudadanía sobre cada compromiso, la respuesta de la institución y el tiempo que tomó, y la opinión de la contraparte. Una pregunta retirada por la Presidencia conserva su fila y el motivo, sin su texto. Nunca el correo de quien pregunta. / Citizens’ questions about each commitment, the institution’s answer and how long it took, and the counterpart’s view. A question withdrawn by the Presidency keeps its row and the reason, without its text. Never the asker’s e-mail.',
  primaryKey: ['commitment_id', 'question_id'],
  foreignKeys: BY_COMMITMENT,
  fields: [
    COMMITMENT_ID,
    TEXT('question_id', 'Pregunta / Question', 'The question’s id.', true),
    TEXT('text', 'Texto / Text', 'The question; empty when hidden.'),
    TEXT('asker_name', 'Nombre / Name', 'The name the asker chose to give; empty when anonymous.'),
    DATE('asked_on', 'Preguntado el / Asked on', 'The day it was asked.', true),
    DATE(
      'answer_due_on',
      'Responder hasta / Answer due by',
      'The last day to answer (the policy’s days after it was asked).',
      true,
    ),
    TEXT('answer', 'Respuesta / Answer', 'The institution’s answer; empty while unanswered.'),
    DATE(
      'answered_on',
      'Respondido el / Answered on',
      'The answer’s date; empty while unanswered.',
    ),
    {
      name: 'days_to_answer',
      title: 'Días para responder / Days to answer',
      description: 'Days from the question to its answer; empty while unanswered.',
      type: 'integer',
      constraints: { minimum: 0 },
    },
    {
      name: 'answered_on_time',
      title: 'A tiempo / On time',
      description:
        'True when answered by the due date; false when answered late or found overdue; empty while not yet due, or hidden before it was.',
      type: 'boolean',
    },
    DATE(
      'overdue_since',
      'Vencida desde / Overdue since',
      'The day hitos found the answer overdue; empty otherwise.',
    ),
    TEXT('counterpart_view', 'Opinión de la contraparte / Counterpart’s view', 'Empty when none.'),
    {
      name: 'hidden',
      title: 'Retirada / Hidden',
      description: 'True when the Presidency withdrew the question as spam or abuse.',
      type: 'boolean',
      constraints: { required: true },
    },
    TEXT('hidden_reason', 'Motivo del retiro / Reason for hiding', 'Empty unless hidden.'),
    DATE('hidden_on', 'Retirada el / Hidden on', 'Empty unless hidden.'),
  ],
  *rows({ detail }) {
    for (const c of publicCommitments(detail)) {
      for (const q of c.questions) {
        yield {
          commitment_id: c.commitmentId,
          question_id: q.questionId,
          text: q.text,
          asker_name: q.askerName,
          asked_on: q.askedOn,
          answer_due_on: q.answerDueOn,
          answer: q.answer,
          answered_on: q.answeredOn,
          days_to_answer: q.daysToAnswer,
          answered_on_time: q.answeredOnTime,
          overdue_since: q.overdueSince,
          counterpart_view: q.counterpartView?.view ?? null,
          hidden: q.hidden !== null,
          hidden_reason: q.hidden?.reason ?? null,
          hidden_on: q.hidden?.hiddenOn ?? null,
        };
      }
    }
  },
};

/** The package's resources, in the order the descriptor lists them. */
export const OPEN_DATA_RESOURCES: readonly OpenDataResource[] = [
  commitments,
  milestones,
  progressReports,
  reviewRounds,
  reschedules,
  evidence,
  evidenceFiles,
  reports,
  transfers,
  questions,
];

export const openDataResource = (name: string) =>
  OPEN_DATA_RESOURCES.find((resource) => resource.name === name);

/** A record as a CSV row: null as the empty cell, booleans as true/false. */
export const csvCells = (resource: OpenDataResource, record: Record_): string[] =>
  resource.fields.map(({ name }) => {
    const cell = record[name];
    return cell === null || cell === undefined ? '' : String(cell);
  });
