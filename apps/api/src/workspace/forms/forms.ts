/**
 * Every form of the workspace, declared once: who sends it, where, and what it asks. The
 * labels are the acta's and OGP's words; the values the API's (`docs/api.md`).
 */
import {
  CLASSIFICATIONS,
  GOVERNMENT_LEVELS,
  GRANTABLE_ROLES,
  IRM_COMPLETION,
  IRM_EARLY_RESULTS,
  IRM_POTENTIAL,
  IRM_STAGES,
  OPENED_GOVERNMENT,
  ORGANIZATION_SECTORS,
  CORE_GROUP_SECTORS,
  REDESIGN_KINDS,
  REPORT_AUDIENCES,
  REVIEW_VERDICTS,
  SELF_ASSESSED_COMPLETION,
  STATE_FUNCTIONS,
  TRANSFER_DECISIONS,
  type PersonRole,
} from '@hitos/domain';
import { RegisterActionPlanRequestDto } from '../../action-plans/register-action-plan/register-action-plan.request.dto';
import { GrantRoleRequestDto } from '../../access/grant-role/grant-role.request.dto';
import { RevokeRoleRequestDto } from '../../access/revoke-role/revoke-role.request.dto';
import { AddQuestionCounterpartViewRequestDto } from '../../commitments/add-question-counterpart-view/add-question-counterpart-view.request.dto';
import { AnswerObjectionRequestDto } from '../../commitments/answer-objection/answer-objection.request.dto';
import { AnswerQuestionRequestDto } from '../../commitments/answer-question/answer-question.request.dto';
import { HideQuestionRequestDto } from '../../commitments/hide-question/hide-question.request.dto';
import { CloseCommitmentRequestDto } from '../../commitments/close-commitment/close-commitment.request.dto';
import { ConcurTransferDecisionRequestDto } from '../../commitments/concur-transfer-decision/concur-transfer-decision.request.dto';
import { DecideTransfersRequestDto } from '../../commitments/decide-transfers/decide-transfers.request.dto';
import { DraftCommitmentRequestDto } from '../../commitments/draft-commitment/draft-commitment.request.dto';
import { PlanMilestoneRequestDto } from '../../commitments/plan-milestone/plan-milestone.request.dto';
import { RecordIrmAssessmentRequestDto } from '../../commitments/record-irm-assessment/record-irm-assessment.request.dto';
import { ReportMilestoneProgressRequestDto } from '../../commitments/report-milestone-progress/report-milestone-progress.request.dto';
import {
  ConcurMilestoneRescheduleRequestDto,
  DeclineMilestoneRescheduleRequestDto,
  RequestMilestoneRescheduleRequestDto,
  WithdrawMilestoneRescheduleRequestDto,
} from '../../commitments/reschedule-requests/reschedule-requests.request.dto';
import { ReviewProgressReportRequestDto } from '../../commitments/review-progress-report/review-progress-report.request.dto';
import { SignActaRequestDto } from '../../commitments/sign-acta/sign-acta.request.dto';
import { SubmitReportRequestDto } from '../../commitments/submit-report/submit-report.request.dto';
import { RecordInstitutionalRedesignRequestDto } from '../../institutions/record-institutional-redesign/record-institutional-redesign.request.dto';
import { RegisterInstitutionRequestDto } from '../../institutions/register-institution/register-institution.request.dto';
import { RegisterOrganizationRequestDto } from '../../organizations/register-organization/register-organization.request.dto';
import { RECIPIENT_ROLES } from '@hitos/notices';
import {
  RegisterRecipientRequestDto,
  RemoveRecipientRequestDto,
} from '../../notices/recipients.request.dto';
import type { Bilingual, FormDeclaration, FormField, FormParam } from './form-declaration';

/** Words for the values the API takes in its `select` fields. */
export const OPTION_LABELS: Record<string, Bilingual> = {
  public: { es: 'Pública', en: 'Public' },
  reserved: { es: 'Reservada', en: 'Reserved' },
  confidential: { es: 'Confidencial', en: 'Confidential' },
  endorsed: { es: 'Avalar', en: 'Endorse' },
  objected: { es: 'Objetar', en: 'Object' },
  presidency: { es: 'Presidencia', en: 'Presidency' },
  irm: { es: 'MRI (IRM)', en: 'IRM' },
  'core-group': { es: 'Grupo Núcleo', en: 'Core Group' },
  citizens: { es: 'Ciudadanía', en: 'Citizens' },
  institution: { es: 'Institución', en: 'Institution' },
  counterpart: { es: 'Contraparte', en: 'Counterpart' },
  auditor: { es: 'Auditoría (MRI)', en: 'Auditor (IRM)' },
  maintain: { es: 'Mantener en su institución', en: 'Keep with its institution' },
  transfer: {
    es: 'Transferir a la institución competente',
    en: 'Transfer to the competent institution',
  },
  merged: { es: 'Fusión', en: 'Merged' },
  split: { es: 'Escisión', en: 'Split' },
  renamed: { es: 'Cambio de nombre', en: 'Renamed' },
  abolished: { es: 'Supresión', en: 'Abolished' },
  executive: { es: 'Función Ejecutiva', en: 'Executive' },
  legislative: { es: 'Función Legislativa', en: 'Legislative' },
  judicial: { es: 'Función Judicial', en: 'Judicial' },
  electoral: { es: 'Función Electoral', en: 'Electoral' },
  'transparency-and-social-control': {
    es: 'Función de Transparencia y Control Social',
    en: 'Transparency and Social Control',
  },
  national: { es: 'Nacional', en: 'National' },
  provincial: { es: 'Provincial', en: 'Provincial' },
  municipal: { es: 'Municipal', en: 'Municipal' },
  parish: { es: 'Parroquial', en: 'Parish' },
  government: { es: 'Gobierno', en: 'Government' },
  'civil-society': { es: 'Sociedad civil', en: 'Civil society' },
  academia: { es: 'Academia', en: 'Academia' },
  'private-sector': { es: 'Sector privado', en: 'Private sector' },
  design: { es: 'Diseño', en: 'Design' },
  results: { es: 'Resultados', en: 'Results' },
  unclear: { es: 'Incierto', en: 'Unclear' },
  modest: { es: 'Modesto', en: 'Modest' },
  substantial: { es: 'Sustancial', en: 'Substantial' },
  'not-started': { es: 'No iniciado', en: 'Not started' },
  limited: { es: 'Limitado', en: 'Limited' },
  complete: { es: 'Completo', en: 'Complete' },
  'no-evidence': { es: 'Sin evidencia', en: 'No evidence' },
  'no-notable-results': { es: 'Sin resultados notables', en: 'No notable results' },
  marginal: { es: 'Marginal', en: 'Marginal' },
  moderate: { es: 'Moderado', en: 'Moderate' },
  significant: { es: 'Significativo', en: 'Significant' },
  outstanding: { es: 'Sobresaliente', en: 'Outstanding' },
  worsened: { es: 'Empeoró', en: 'Worsened' },
  'did-not-change': { es: 'No cambió', en: 'Did not change' },
  major: { es: 'Importante', en: 'Major' },
};

const COMMITMENT: FormParam = {
  name: 'commitmentId',
  label: { es: 'Compromiso (identificador)', en: 'Commitment (id)' },
};
const MILESTONE: FormParam = {
  name: 'milestoneId',
  label: { es: 'Hito (identificador)', en: 'Milestone (id)' },
};
const RESCHEDULE_REQUEST: FormParam = {
  name: 'requestId',
  label: { es: 'Solicitud de reprogramación (identificador)', en: 'Reschedule request (id)' },
};
const QUESTION: FormParam = {
  name: 'questionId',
  label: { es: 'Pregunta (identificador)', en: 'Question (id)' },
};
const REPORT: FormParam = {
  name: 'reportId',
  label: { es: 'Reporte de avance (identificador)', en: 'Progress report (id)' },
};

const text = (name: string, es: string, en: string, more: Partial<FormField> = {}): FormField => ({
  name,
  kind: 'text',
  label: { es, en },
  required: true,
  ...more,
});
const long = (name: string, es: string, en: string, more: Partial<FormField> = {}): FormField =>
  text(name, es, en, { kind: 'textarea', ...more });
const date = (name: string, es: string, en: string, more: Partial<FormField> = {}): FormField =>
  text(name, es, en, {
    kind: 'date',
    help: { es: 'Fecha en formato AAAA-MM-DD.', en: 'A date as YYYY-MM-DD.' },
    ...more,
  });
const select = (
  name: string,
  options: readonly string[],
  es: string,
  en: string,
  more: Partial<FormField> = {},
): FormField => text(name, es, en, { kind: 'select', options, ...more });
const classification = (name: string, es: string, en: string, required = false): FormField =>
  select(name, CLASSIFICATIONS, es, en, {
    required,
    help: {
      es: 'Solo lo público llega a la ciudadanía; lo reservado o confidencial lo ven las partes, la Presidencia y auditoría.',
      en: 'Only public content reaches citizens; reserved or confidential content is seen by the parties, the Presidency and auditors.',
    },
  });
const evidence = (required = false): FormField => ({
  name: 'evidence',
  kind: 'evidence',
  label: { es: 'Medios de verificación', en: 'Means of verification' },
  help: {
    es: 'Cada uno con título, enlace, huella SHA-256 (64 caracteres hexadecimales en minúscula) y clasificación. Puede subir el archivo para obtener enlace y huella.',
    en: 'Each with a title, a link, its SHA-256 digest (64 lowercase hex digits) and a classification. You may upload the file to get its link and digest.',
  },
  required,
});

export const FORMS: readonly FormDeclaration[] = [
  // ── institution ───────────────────────────────────────────────────────────────────────────
  {
    id: 'redactar-compromiso',
    title: { es: 'Redactar un compromiso', en: 'Draft a commitment' },
    intro: {
      es: 'La plantilla de compromiso de OGP (Anexo 2 del acta). Queda en preparación hasta que ambas partes firmen el acta.',
      en: "OGP's commitment template (Annex 2 of the acta). It stays in preparation until both parties sign the acta.",
    },
    roles: ['institution', 'presidency'],
    method: 'POST',
    path: '/api/commitments',
    params: [],
    dto: DraftCommitmentRequestDto,
    portal: { kind: 'commitment', param: 'id' },
    fields: [
      text('planId', 'Plan de acción (identificador)', 'Action plan (id)'),
      text('number', 'Número en el plan', 'Number in the plan', { kind: 'number' }),
      text('title', 'Título', 'Title'),
      long('problem', 'Problema que aborda', 'The problem it addresses'),
      long('statusQuo', 'Situación actual', 'Status quo'),
      long('objective', 'Objetivo', 'Objective'),
      long('howItSolves', 'Cómo contribuye a resolverlo', 'How it solves the problem'),
      long('relevance.transparency', 'Relevancia: transparencia', 'Relevance: transparency', {
        required: false,
        help: {
          es: 'Al menos uno de los cuatro valores de OGP.',
          en: "At least one of OGP's four values.",
        },
      }),
      long('relevance.participation', 'Relevancia: participación', 'Relevance: participation', {
        required: false,
      }),
      long('relevance.collaboration', 'Relevancia: colaboración', 'Relevance: collaboration', {
        required: false,
      }),
      long(
        'relevance.accountability',
        'Relevancia: rendición de cuentas',
        'Relevance: accountability',
        { required: false },
      ),
      date('period.start', 'Inicio del periodo', 'Period start'),
      date('period.end', 'Fin del periodo', 'Period end'),
      text(
        'responsible.institutionId',
        'Institución responsable (identificador)',
        'Responsible institution (id)',
        { prefill: 'organization' },
      ),
      text('responsible.unit', 'Unidad responsable', 'Responsible unit'),
      text('counterpart.organizationId', 'Contraparte (identificador)', 'Counterpart (id)'),
      select(
        'counterpart.sector',
        ORGANIZATION_SECTORS,
        'Sector de la contraparte',
        "Counterpart's sector",
      ),
      text('contact.name', 'Contacto: nombre', 'Contact: name'),
      text('contact.position', 'Contacto: cargo', 'Contact: position'),
      text('contact.email', 'Contacto: correo', 'Contact: e-mail', { kind: 'email' }),
      text('contact.phone', 'Contacto: teléfono', 'Contact: phone', { required: false }),
    ],
    // Supporting actors are sent through the API (`supportingActors`); the form sends none.
    constant: { supportingActors: [] },
  },
  {
    id: 'planificar-hito',
    title: { es: 'Planificar un hito', en: 'Plan a milestone' },
    intro: {
      es: 'Un entregable del compromiso con su peso y sus fechas. Los pesos de todos los hitos suman a lo sumo 100.',
      en: "A deliverable of the commitment with its weight and dates. All milestones' weights add up to at most 100.",
    },
    roles: ['institution'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/milestones',
    params: [COMMITMENT],
    dto: PlanMilestoneRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [
      long('deliverable', 'Entregable', 'Deliverable'),
      text('weight', 'Peso (1 a 100)', 'Weight (1 to 100)', { kind: 'number' }),
      date('start', 'Inicio', 'Start'),
      date('due', 'Fecha de entrega', 'Due'),
    ],
  },
  {
    id: 'firmar-acta',
    title: { es: 'Firmar el acta', en: 'Sign the acta' },
    intro: {
      es: 'Su firma del acta de compromiso. Con la firma de la otra parte, el compromiso entra en implementación.',
      en: "Your signature of the commitment's acta. With the other party's, the commitment goes into implementation.",
    },
    roles: ['institution', 'counterpart'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/acta/signatures',
    params: [COMMITMENT],
    dto: SignActaRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [
      text('actaNumber', 'Número del acta', 'Acta number'),
      date('signedOn', 'Fecha de la firma', 'Signed on', {
        help: {
          es: 'No puede ser posterior a hoy (AAAA-MM-DD).',
          en: 'Not later than today (YYYY-MM-DD).',
        },
      }),
      text('place', 'Lugar', 'Place'),
      text('signatory.name', 'Quien firma: nombre', 'Signatory: name'),
      text('signatory.position', 'Quien firma: cargo', 'Signatory: position'),
    ],
  },
  {
    id: 'reportar-avance',
    title: { es: 'Reportar avance de un hito', en: 'Report progress on a milestone' },
    intro: {
      es: 'Su reporte de avance con evidencia. La contraparte lo avalará u objetará.',
      en: 'Your progress report with evidence. The counterpart will endorse or object to it.',
    },
    roles: ['institution'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/milestones/:milestoneId/progress-reports',
    params: [COMMITMENT, MILESTONE],
    dto: ReportMilestoneProgressRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [
      text('percent', 'Avance del hito (%)', 'Milestone progress (%)', {
        kind: 'number',
        help: {
          es: 'De 0 a 100. Al 100 % la evidencia es obligatoria.',
          en: 'From 0 to 100. At 100% evidence is required.',
        },
      }),
      long('narrative', 'Qué se hizo', 'What was done'),
      classification(
        'classification',
        'Clasificación del relato',
        "The narrative's classification",
      ),
      evidence(),
    ],
  },
  {
    id: 'responder-objecion',
    title: { es: 'Responder una objeción', en: 'Answer an objection' },
    intro: {
      es: 'Su respuesta a la objeción de la contraparte; queda publicada junto a ella.',
      en: "Your answer to the counterpart's objection; it is published beside it.",
    },
    roles: ['institution'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/progress-reports/:reportId/answers',
    params: [COMMITMENT, REPORT],
    dto: AnswerObjectionRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [
      long('answer', 'Respuesta', 'Answer'),
      classification(
        'classification',
        'Clasificación de la respuesta',
        "The answer's classification",
      ),
    ],
  },
  {
    id: 'responder-pregunta',
    title: { es: 'Responder una pregunta ciudadana', en: "Answer a citizen's question" },
    intro: {
      es: 'Su respuesta se publica junto a la pregunta, con el tiempo que tomó. Se responde una sola vez.',
      en: 'Your answer is published beside the question, with how long it took. A question is answered once.',
    },
    roles: ['institution'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/questions/:questionId/answer',
    params: [COMMITMENT, QUESTION],
    dto: AnswerQuestionRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [long('answer', 'Respuesta', 'Answer')],
  },
  {
    id: 'opinar-pregunta',
    title: {
      es: 'Opinar sobre una pregunta ciudadana',
      en: "Add your view on a citizen's question",
    },
    intro: {
      es: 'La opinión de la contraparte se publica junto a la pregunta y su respuesta. Una por pregunta.',
      en: "The counterpart's view is published beside the question and its answer. One per question.",
    },
    roles: ['counterpart'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/questions/:questionId/counterpart-view',
    params: [COMMITMENT, QUESTION],
    dto: AddQuestionCounterpartViewRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [long('view', 'Opinión', 'View')],
  },
  {
    id: 'retirar-pregunta',
    title: { es: 'Retirar una pregunta ciudadana', en: "Hide a citizen's question" },
    intro: {
      es: 'Para spam o abuso. El motivo queda en el registro y se publica en lugar del texto; la institución ya no debe responderla.',
      en: 'For spam or abuse. The reason stays on record and is published instead of the text; the institution no longer owes an answer.',
    },
    roles: ['presidency'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/questions/:questionId/hiding',
    params: [COMMITMENT, QUESTION],
    dto: HideQuestionRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [long('reason', 'Motivo', 'Reason')],
  },
  {
    id: 'reprogramar-hito',
    title: { es: 'Solicitar la reprogramación de un hito', en: 'Request a milestone reschedule' },
    intro: {
      es: 'Nuevas fechas con su justificación. Las fechas cambian solo cuando un miembro del Grupo Núcleo del plan da su conformidad con su propia cuenta.',
      en: "New dates with their justification. The dates change only when a member of the plan's Core Group concurs with their own account.",
    },
    roles: ['institution'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/milestones/:milestoneId/reschedule-requests',
    params: [COMMITMENT, MILESTONE],
    dto: RequestMilestoneRescheduleRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [
      date('start', 'Nuevo inicio', 'New start'),
      date('due', 'Nueva fecha de entrega', 'New due date'),
      long('justification', 'Justificación', 'Justification'),
    ],
  },
  {
    id: 'retirar-reprogramacion',
    title: { es: 'Retirar una solicitud de reprogramación', en: 'Withdraw a reschedule request' },
    intro: {
      es: 'Antes de que el Grupo Núcleo responda, con el motivo; luego puede pedir otras fechas.',
      en: 'Before the Core Group answers, with the reason; you may then ask for other dates.',
    },
    roles: ['institution'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/reschedule-requests/:requestId/withdrawal',
    params: [COMMITMENT, RESCHEDULE_REQUEST],
    dto: WithdrawMilestoneRescheduleRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [long('reason', 'Motivo', 'Reason')],
  },
  {
    id: 'presentar-informe',
    title: { es: 'Presentar un informe', en: 'Submit a report' },
    intro: {
      es: 'Un informe a la Presidencia, al MRI, al Grupo Núcleo o a la ciudadanía (acta §4.3).',
      en: 'A report to the Presidency, the IRM, the Core Group or the citizens (acta §4.3).',
    },
    roles: ['institution', 'counterpart'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/reports',
    params: [COMMITMENT],
    dto: SubmitReportRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [
      select('audience', REPORT_AUDIENCES, 'Destinatario', 'Audience'),
      text('title', 'Título', 'Title'),
      long('summary', 'Resumen', 'Summary'),
      text('link', 'Enlace al informe', 'Link to the report', { kind: 'url', required: false }),
      classification('classification', 'Clasificación', 'Classification', true),
    ],
  },
  {
    id: 'cerrar-compromiso',
    title: { es: 'Cerrar el compromiso', en: 'Close the commitment' },
    intro: {
      es: 'El formulario de fin de compromiso de OGP, con la firma conjunta de la contraparte.',
      en: "OGP's end-of-commitment form, co-signed by the counterpart.",
    },
    roles: ['institution'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/closure',
    params: [COMMITMENT],
    dto: CloseCommitmentRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [
      long('resultsNarrative', 'Resultados', 'Results'),
      select('completion', SELF_ASSESSED_COMPLETION, 'Nivel de cumplimiento', 'Completion'),
      select(
        'openedGovernment',
        OPENED_GOVERNMENT,
        '¿Abrió el gobierno?',
        'Did it open government?',
      ),
      classification(
        'classification',
        'Clasificación de los resultados',
        "The results' classification",
      ),
      evidence(),
      text(
        'counterpartCoSignature.name',
        'Contraparte que firma: nombre',
        'Counterpart signatory: name',
      ),
      text(
        'counterpartCoSignature.position',
        'Contraparte que firma: cargo',
        'Counterpart signatory: position',
      ),
      date(
        'counterpartCoSignature.signedOn',
        'Fecha de la firma de la contraparte',
        "Counterpart's signature date",
      ),
    ],
  },
  // ── counterpart ───────────────────────────────────────────────────────────────────────────
  {
    id: 'revisar-reporte',
    title: { es: 'Revisar un reporte de avance', en: 'Review a progress report' },
    intro: {
      es: 'Avale el reporte de la institución u objételo con sus razones; la objeción queda pública junto al reporte.',
      en: "Endorse the institution's report or object to it with your reasons; an objection stays public beside the report.",
    },
    roles: ['counterpart'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/progress-reports/:reportId/reviews',
    params: [COMMITMENT, REPORT],
    dto: ReviewProgressReportRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [
      select('verdict', REVIEW_VERDICTS, 'Su decisión', 'Your verdict'),
      long('reasons', 'Razones', 'Reasons', {
        required: false,
        help: { es: 'Obligatorias si objeta.', en: 'Required when you object.' },
      }),
      classification(
        'classification',
        'Clasificación de las razones',
        "The reasons' classification",
      ),
    ],
  },
  // ── core group ────────────────────────────────────────────────────────────────────────────
  {
    id: 'concurrir-reprogramacion',
    title: {
      es: 'Dar conformidad a una reprogramación',
      en: 'Concur with a reschedule',
    },
    intro: {
      es: 'La institución pidió nuevas fechas para un hito; con su conformidad, las fechas cambian (la línea base se conserva).',
      en: 'The institution asked for new dates for a milestone; with your concurrence the dates change (the baseline is kept).',
    },
    roles: ['core-group'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/reschedule-requests/:requestId/concurrence',
    params: [COMMITMENT, RESCHEDULE_REQUEST],
    dto: ConcurMilestoneRescheduleRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [
      text('reference', 'Referencia (acta de reunión)', 'Reference (meeting minutes)', {
        required: false,
        help: {
          es: 'Si el Grupo Núcleo lo trató en una reunión.',
          en: 'If the Core Group discussed it in a meeting.',
        },
      }),
    ],
  },
  {
    id: 'rechazar-reprogramacion',
    title: {
      es: 'No dar conformidad a una reprogramación',
      en: 'Decline a reschedule',
    },
    intro: {
      es: 'Las fechas se mantienen; sus razones quedan públicas junto a la solicitud.',
      en: 'The dates stay; your reasons are published beside the request.',
    },
    roles: ['core-group'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/reschedule-requests/:requestId/refusal',
    params: [COMMITMENT, RESCHEDULE_REQUEST],
    dto: DeclineMilestoneRescheduleRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [long('reasons', 'Razones', 'Reasons')],
  },
  {
    id: 'concurrir-transferencia',
    title: {
      es: 'Concurrir con una decisión de transferencia',
      en: 'Concur with a transfer decision',
    },
    intro: {
      es: 'Tras un rediseño institucional, el Grupo Núcleo concurre con mantener el compromiso o con transferirlo a la institución competente.',
      en: 'After an institutional redesign, the Core Group concurs with keeping the commitment or transferring it to the competent institution.',
    },
    roles: ['core-group'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/transfer-concurrences',
    params: [COMMITMENT],
    dto: ConcurTransferDecisionRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [
      select(
        'decision',
        TRANSFER_DECISIONS,
        'Decisión con la que concurre',
        'Decision you concur with',
      ),
      text(
        'toInstitutionId',
        'Institución receptora (identificador)',
        'Receiving institution (id)',
        {
          required: false,
          help: { es: 'Solo para transferir.', en: 'Only for a transfer.' },
        },
      ),
      text('reference', 'Referencia (acta de reunión)', 'Reference (meeting minutes)'),
    ],
  },
  // ── presidency ────────────────────────────────────────────────────────────────────────────
  {
    id: 'registrar-plan',
    title: { es: 'Registrar un plan de acción', en: 'Register an action plan' },
    intro: {
      es: 'El plan con su periodo y su Grupo Núcleo (aquí, el primer miembro; los demás por la API).',
      en: 'The plan with its period and its Core Group (here, the first member; others through the API).',
    },
    roles: ['presidency'],
    method: 'POST',
    path: '/api/action-plans',
    params: [],
    dto: RegisterActionPlanRequestDto,
    portal: { kind: 'plan' },
    fields: [
      text('planId', 'Identificador del plan', 'Plan id', { required: false }),
      text('code', 'Código', 'Code'),
      text('title', 'Título', 'Title'),
      text('country', 'País (ISO 3166-1, p. ej. EC)', 'Country (ISO 3166-1, e.g. EC)'),
      date('period.start', 'Inicio del periodo', 'Period start'),
      date('period.end', 'Fin del periodo', 'Period end'),
      text(
        'coreGroup[0].memberId',
        'Grupo Núcleo: identificador del miembro',
        'Core Group: member id',
      ),
      text('coreGroup[0].name', 'Grupo Núcleo: nombre', 'Core Group: name'),
      select(
        'coreGroup[0].sector',
        CORE_GROUP_SECTORS,
        'Grupo Núcleo: sector',
        'Core Group: sector',
      ),
      text('coreGroup[0].organization', 'Grupo Núcleo: organización', 'Core Group: organization', {
        required: false,
      }),
    ],
  },
  {
    id: 'registrar-institucion',
    title: { es: 'Registrar una institución', en: 'Register an institution' },
    intro: {
      es: 'Una institución pública responsable de compromisos.',
      en: 'A public institution responsible for commitments.',
    },
    roles: ['presidency'],
    method: 'POST',
    path: '/api/institutions',
    params: [],
    dto: RegisterInstitutionRequestDto,
    portal: { kind: 'institution' },
    fields: [
      text('institutionId', 'Identificador', 'Id', { required: false }),
      text('name', 'Nombre', 'Name'),
      text('acronym', 'Siglas', 'Acronym'),
      select('stateFunction', STATE_FUNCTIONS, 'Función del Estado', 'Function of the State'),
      select('governmentLevel', GOVERNMENT_LEVELS, 'Nivel de gobierno', 'Level of government'),
    ],
  },
  {
    id: 'registrar-organizacion',
    title: { es: 'Registrar una organización', en: 'Register an organization' },
    intro: {
      es: 'Una organización contraparte de compromisos.',
      en: 'A counterpart organization.',
    },
    roles: ['presidency'],
    method: 'POST',
    path: '/api/organizations',
    params: [],
    dto: RegisterOrganizationRequestDto,
    portal: { kind: 'organization' },
    fields: [
      text('organizationId', 'Identificador', 'Id', { required: false }),
      text('name', 'Nombre', 'Name'),
      select('sector', ORGANIZATION_SECTORS, 'Sector', 'Sector'),
      text('representative.name', 'Representante: nombre', 'Representative: name', {
        required: false,
      }),
      text('representative.position', 'Representante: cargo', 'Representative: position', {
        required: false,
      }),
    ],
  },
  {
    id: 'registrar-rediseno',
    title: { es: 'Registrar un rediseño institucional', en: 'Record an institutional redesign' },
    intro: {
      es: 'Fusión, escisión, cambio de nombre o supresión. Sus compromisos quedan pendientes de decisión.',
      en: 'A merger, split, renaming or abolition. Its commitments wait for a decision.',
    },
    roles: ['presidency'],
    method: 'POST',
    path: '/api/institutions/:institutionId/redesigns',
    params: [
      {
        name: 'institutionId',
        label: { es: 'Institución rediseñada (identificador)', en: 'Redesigned institution (id)' },
      },
    ],
    dto: RecordInstitutionalRedesignRequestDto,
    portal: { kind: 'institution', param: 'institutionId' },
    fields: [
      select('kind', REDESIGN_KINDS, 'Tipo de rediseño', 'Kind of redesign'),
      text('legalInstrument', 'Instrumento legal', 'Legal instrument'),
      date('effectiveOn', 'Vigente desde', 'Effective on'),
      {
        name: 'successorIds',
        kind: 'list',
        label: {
          es: 'Instituciones sucesoras (identificadores)',
          en: 'Successor institutions (ids)',
        },
        help: {
          es: 'Separadas por comas; vacío para un cambio de nombre.',
          en: 'Comma-separated; empty for a renaming.',
        },
        required: false,
      },
      text('newName', 'Nuevo nombre', 'New name', {
        required: false,
        help: { es: 'Solo para un cambio de nombre.', en: 'Only for a renaming.' },
      }),
    ],
  },
  {
    id: 'decidir-transferencia',
    title: {
      es: 'Decidir sobre compromisos pendientes',
      en: 'Decide on pending commitments',
    },
    intro: {
      es: 'Mantener cada compromiso en su institución o transferirlo a la competente, tras la concurrencia del Grupo Núcleo. Todos van en un solo envío; cada uno se registra por su cuenta.',
      en: "Keep each commitment with its institution or transfer it to the competent one, after the Core Group's concurrence. All go in one request; each is recorded on its own.",
    },
    roles: ['presidency'],
    method: 'POST',
    path: '/api/commitments/transfer-decisions',
    params: [],
    dto: DecideTransfersRequestDto,
    portal: { kind: 'commitment', param: 'decisions[0].commitmentId' },
    bulk: { list: 'decisions' },
    fields: [
      text('decisions[0].commitmentId', 'Compromiso (identificador)', 'Commitment (id)'),
      select('decisions[0].decision', TRANSFER_DECISIONS, 'Decisión', 'Decision'),
      long('decisions[0].reason', 'Motivo', 'Reason'),
      text(
        'decisions[0].toInstitutionId',
        'Institución receptora (identificador)',
        'Receiving institution (id)',
        {
          required: false,
          help: { es: 'Solo para transferir.', en: 'Only for a transfer.' },
        },
      ),
      text('decisions[0].receivingUnit', 'Unidad receptora', 'Receiving unit', { required: false }),
      text(
        'decisions[0].administrator.name',
        'Administrador receptor: nombre',
        'Receiving administrator: name',
        { required: false },
      ),
      text(
        'decisions[0].administrator.position',
        'Administrador receptor: cargo',
        'Receiving administrator: position',
        { required: false },
      ),
      text(
        'decisions[0].administrator.unit',
        'Administrador receptor: unidad',
        'Receiving administrator: unit',
        { required: false },
      ),
      text(
        'decisions[0].administrator.email',
        'Administrador receptor: correo',
        'Receiving administrator: e-mail',
        {
          kind: 'email',
          required: false,
        },
      ),
    ],
  },
  {
    id: 'otorgar-rol',
    title: { es: 'Otorgar un rol', en: 'Grant a role' },
    intro: {
      es: 'Quién puede actuar y por quién: la persona (su identificador en el proveedor de identidad) actúa en ese rol desde ahora.',
      en: 'Who may act for whom: the person (their identity provider id) acts in that role from now on.',
    },
    roles: ['presidency'],
    method: 'POST',
    path: '/api/people/:sub/grants',
    params: [
      {
        name: 'sub',
        label: {
          es: 'Persona (identificador en el proveedor)',
          en: "Person (identity provider's id)",
        },
      },
    ],
    dto: GrantRoleRequestDto,
    portal: { kind: 'none' },
    fields: [
      select('role', GRANTABLE_ROLES, 'Rol', 'Role'),
      text(
        'organizationId',
        'Institución u organización (identificador)',
        'Institution or organization (id)',
        {
          required: false,
          help: { es: 'Para institución y contraparte.', en: 'For institution and counterpart.' },
        },
      ),
      text('planId', 'Plan (identificador)', 'Plan (id)', {
        required: false,
        help: { es: 'Para el Grupo Núcleo.', en: 'For the Core Group.' },
      }),
      long('reason', 'Motivo', 'Reason'),
      date('validUntil', 'Válido hasta', 'Valid until', { required: false }),
    ],
  },
  {
    id: 'revocar-rol',
    title: { es: 'Revocar un rol', en: 'Revoke a role' },
    intro: {
      es: 'La persona deja de actuar en ese rol desde ahora.',
      en: 'The person stops acting in that role from now on.',
    },
    roles: ['presidency'],
    method: 'POST',
    path: '/api/people/:sub/grants/:grantId/revocation',
    params: [
      {
        name: 'sub',
        label: {
          es: 'Persona (identificador en el proveedor)',
          en: "Person (identity provider's id)",
        },
      },
      { name: 'grantId', label: { es: 'Otorgamiento (identificador)', en: 'Grant (id)' } },
    ],
    dto: RevokeRoleRequestDto,
    portal: { kind: 'none' },
    fields: [long('reason', 'Motivo', 'Reason')],
  },
  // ── auditor ───────────────────────────────────────────────────────────────────────────────
  {
    id: 'evaluacion-mri',
    title: { es: 'Registrar una evaluación del MRI', en: 'Record an IRM assessment' },
    intro: {
      es: 'La evaluación independiente del Mecanismo de Revisión Independiente, aparte de la autoevaluación.',
      en: "The Independent Reporting Mechanism's assessment, apart from the self-assessment.",
    },
    roles: ['auditor'],
    method: 'POST',
    path: '/api/commitments/:commitmentId/irm-assessments',
    params: [COMMITMENT],
    dto: RecordIrmAssessmentRequestDto,
    portal: { kind: 'commitment', param: 'commitmentId' },
    fields: [
      select('stage', IRM_STAGES, 'Etapa', 'Stage'),
      text('verifiable', 'Verificable', 'Verifiable', { kind: 'checkbox', required: false }),
      text('relevantToOgpValues', 'Relevante para los valores de OGP', 'Relevant to OGP values', {
        kind: 'checkbox',
        required: false,
      }),
      select(
        'potentialForResults',
        IRM_POTENTIAL,
        'Potencial de resultados',
        'Potential for results',
      ),
      select('completion', IRM_COMPLETION, 'Cumplimiento', 'Completion', {
        required: false,
        help: { es: 'En la etapa de resultados.', en: 'At the results stage.' },
      }),
      select('earlyResults', IRM_EARLY_RESULTS, 'Resultados tempranos', 'Early results', {
        required: false,
      }),
      long('narrative', 'Evaluación', 'Assessment'),
    ],
  },
  // ── every party: where their notices go (docs/notices.md) ───────────────────────────────
  {
    id: 'recibir-avisos',
    title: { es: 'Recibir avisos por correo', en: 'Get notices by e-mail' },
    intro: {
      es: 'Plazos que vencen, objeciones por responder, conformidades pedidas y preguntas ciudadanas llegan a esta dirección, en español y en inglés, con el enlace al compromiso. Para un webhook, use la API (docs/notices.md): su secreto se muestra una sola vez.',
      en: 'Deadlines falling due, objections to answer, concurrences requested and citizens’ questions reach this address, in Spanish and English, with a link to the commitment. For a webhook, use the API (docs/notices.md): its secret is shown only once.',
    },
    roles: ['institution', 'counterpart', 'core-group', 'presidency'],
    method: 'POST',
    path: '/api/notices/recipients',
    params: [],
    dto: RegisterRecipientRequestDto,
    constant: { channel: 'email' },
    portal: { kind: 'none' },
    fields: [
      select('role', RECIPIENT_ROLES, 'Avisos del rol', 'Notices of the role', {
        prefill: 'role',
        help: {
          es: 'El rol por el que usted actúa; la dirección queda para su institución, organización o plan.',
          en: 'The role you act in; the address is kept for your institution, organization or plan.',
        },
      }),
      text('address', 'Correo electrónico', 'E-mail address', { kind: 'email' }),
      text(
        'digest',
        'Un resumen semanal en vez de cada aviso',
        'A weekly digest instead of each notice',
        {
          kind: 'checkbox',
          required: false,
          help: { es: 'Solo para el Grupo Núcleo.', en: 'Core Group only.' },
        },
      ),
    ],
  },
  {
    id: 'quitar-aviso',
    title: { es: 'Dejar de recibir avisos en una dirección', en: 'Stop notices to an address' },
    intro: {
      es: 'La dirección se borra (no queda en la historia de hitos) y sus avisos pendientes se descartan.',
      en: 'The address is erased (it is not kept in hitos’s history) and its pending notices are dropped.',
    },
    roles: ['institution', 'counterpart', 'core-group', 'presidency'],
    method: 'POST',
    path: '/api/notices/recipients/:recipientId/removal',
    params: [
      {
        name: 'recipientId',
        label: { es: 'Dirección registrada (identificador)', en: 'Registered address (id)' },
      },
    ],
    dto: RemoveRecipientRequestDto,
    portal: { kind: 'none' },
    fields: [],
  },
];

export function formById(id: string): FormDeclaration | undefined {
  return FORMS.find((form) => form.id === id);
}

export function formsFor(role: PersonRole): FormDeclaration[] {
  return FORMS.filter((form) => form.roles.includes(role));
}
