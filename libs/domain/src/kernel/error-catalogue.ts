import type { Role } from './actor';
import { DomainError, type DomainErrorKind } from './domain-error';

/**
 * Every refusal the domain can produce, in one place, so the README, the problem+json filter
 * and the tests share one list. Codes are stable API: add new ones, never rename.
 */
export const ERROR_KINDS = {
  // authorization
  ROLE_NOT_ALLOWED: 'forbidden',
  FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION: 'forbidden',
  FORBIDDEN_NOT_COUNTERPART: 'forbidden',
  FORBIDDEN_NOT_PLAN_CORE_GROUP: 'forbidden',
  // input
  INVALID_FIELD: 'invalid',
  REQUIRED_FIELD_MISSING: 'invalid',
  PERIOD_END_BEFORE_START: 'invalid',
  CONTEXT_MISMATCH: 'invalid',
  DATE_IN_FUTURE: 'invalid',
  EVIDENCE_HASH_INVALID: 'invalid',
  // action plan
  PLAN_ALREADY_REGISTERED: 'rule',
  PLAN_NOT_FOUND: 'not-found',
  CORE_GROUP_EMPTY: 'invalid',
  CORE_GROUP_DUPLICATE_MEMBER: 'invalid',
  // institution
  INSTITUTION_ALREADY_REGISTERED: 'rule',
  INSTITUTION_NOT_FOUND: 'not-found',
  INSTITUTION_NOT_ACTIVE: 'rule',
  INSTITUTION_ENDED: 'rule',
  REDESIGN_SUCCESSOR_COUNT: 'invalid',
  REDESIGN_NEW_NAME_REQUIRED: 'invalid',
  REDESIGN_SUCCESSOR_IS_SELF: 'invalid',
  REDESIGN_SUCCESSOR_DUPLICATE: 'invalid',
  REDESIGN_SUCCESSOR_NOT_FOUND: 'not-found',
  REDESIGN_SUCCESSOR_NOT_ACTIVE: 'rule',
  // organization
  ORGANIZATION_ALREADY_REGISTERED: 'rule',
  ORGANIZATION_NOT_FOUND: 'not-found',
  // commitment
  COMMITMENT_NOT_FOUND: 'not-found',
  COMMITMENT_ALREADY_DRAFTED: 'rule',
  COMMITMENT_CLOSED: 'rule',
  COMMITMENT_WITHDRAWN: 'rule',
  COMMAND_NOT_ALLOWED_IN_STATUS: 'rule',
  COMMITMENT_PERIOD_OUTSIDE_PLAN: 'rule',
  RELEVANCE_PILLAR_REQUIRED: 'invalid',
  COUNTERPART_SECTOR_MISMATCH: 'invalid',
  MILESTONE_ID_DUPLICATE: 'rule',
  MILESTONE_OUTSIDE_COMMITMENT_PERIOD: 'rule',
  MILESTONE_TOTAL_WEIGHT_EXCEEDED: 'rule',
  MILESTONE_NOT_FOUND: 'not-found',
  MILESTONE_ALREADY_COMPLETED: 'rule',
  RESCHEDULE_NO_CHANGE: 'rule',
  /** Retired: the former RescheduleMilestone, where the institution named the member, gave it. */
  RESCHEDULE_CONCURRENCE_NOT_CORE_GROUP: 'rule',
  RESCHEDULE_CONCURRENCE_NOT_MEMBER: 'forbidden',
  RESCHEDULE_REQUEST_ID_DUPLICATE: 'rule',
  RESCHEDULE_REQUEST_PENDING: 'rule',
  RESCHEDULE_REQUEST_NOT_FOUND: 'not-found',
  RESCHEDULE_REQUEST_ALREADY_ANSWERED: 'rule',
  ADMINISTRATOR_NOT_DESIGNATED: 'rule',
  NO_MILESTONES_PLANNED: 'rule',
  ACTA_ALREADY_SIGNED_BY_PARTY: 'rule',
  ACTA_NUMBER_MISMATCH: 'rule',
  ACTA_PLACE_MISMATCH: 'rule',
  RESOURCE_ID_DUPLICATE: 'rule',
  RESOURCE_BUDGET_CERTIFICATION_REQUIRED: 'invalid',
  RESOURCE_COOPERANT_REQUIRED: 'invalid',
  PROGRESS_REPORT_ID_DUPLICATE: 'rule',
  PROGRESS_BELOW_ENDORSED: 'rule',
  PROGRESS_EVIDENCE_REQUIRED: 'rule',
  PROGRESS_REPORT_NOT_FOUND: 'not-found',
  PROGRESS_REPORT_ALREADY_REVIEWED: 'rule',
  OBJECTION_REASONS_REQUIRED: 'invalid',
  REPORT_NOT_OBJECTED: 'rule',
  OBJECTION_ALREADY_ANSWERED: 'rule',
  OBJECTION_AWAITING_ANSWER: 'rule',
  MILESTONE_NOT_ENDORSED_COMPLETE: 'rule',
  SUBMITTED_REPORT_ID_DUPLICATE: 'rule',
  CLOSE_BEFORE_PERIOD_END: 'rule',
  CLOSE_COMPLETE_WITH_OPEN_MILESTONES: 'rule',
  IRM_RESULTS_FIELDS_REQUIRED: 'invalid',
  IRM_ASSESSMENT_ID_DUPLICATE: 'rule',
  // transfers and deadlines
  FORBIDDEN_NOT_RECEIVING_INSTITUTION: 'forbidden',
  TRANSFER_CONCURRENCE_NOT_CORE_GROUP: 'forbidden',
  TRANSFER_CONCURRENCE_MISSING: 'rule',
  TRANSFER_TO_SAME_INSTITUTION: 'rule',
  MAINTAIN_INSTITUTION_ENDED: 'rule',
  HANDOVER_DOCUMENTS_REQUIRED: 'invalid',
  DEADLINE_NOT_REACHED: 'rule',
  REDESIGN_HANDLING_NOT_STARTED: 'rule',
  // access: who may act for whom
  GRANT_ALREADY_ACTIVE: 'rule',
  GRANT_ID_DUPLICATE: 'rule',
  GRANT_NOT_FOUND: 'not-found',
  GRANT_ALREADY_REVOKED: 'rule',
  GRANT_SCOPE_NOT_FOUND: 'invalid',
  NO_GRANT: 'forbidden',
  NOT_YOUR_ACCESS_TOKEN: 'forbidden',
  ACCESS_TOKEN_ID_DUPLICATE: 'rule',
  ACCESS_TOKEN_NOT_FOUND: 'not-found',
  ACCESS_TOKEN_ALREADY_REVOKED: 'rule',
  // citizens' questions
  TEXT_LENGTH_OUT_OF_RANGE: 'invalid',
  QUESTION_ID_DUPLICATE: 'rule',
  QUESTION_NOT_FOUND: 'not-found',
  QUESTION_ALREADY_ANSWERED: 'rule',
  QUESTION_COUNTERPART_VIEW_ALREADY_ADDED: 'rule',
  QUESTION_HIDDEN: 'rule',
} as const satisfies Record<string, DomainErrorKind>;

export type ErrorCode = keyof typeof ERROR_KINDS;
export const ERROR_CODES = Object.keys(ERROR_KINDS) as ErrorCode[];

function error(
  code: ErrorCode,
  es: string,
  en: string,
  details?: Record<string, unknown>,
): DomainError {
  return new DomainError(code, ERROR_KINDS[code], { es, en }, details);
}

const list = (values: readonly string[]) => values.join(', ');

export const Errors = {
  /**
   * A wrong role, refused by the HTTP guard (which knows the route, not the command) or by a
   * decider (which names its command): one code, the public 403 of the API.
   */
  roleNotAllowed: (role: Role, allowedRoles: readonly Role[], command?: string) =>
    command
      ? error(
          'ROLE_NOT_ALLOWED',
          `El rol «${role}» no puede ejecutar ${command}; roles permitidos: ${list(allowedRoles)}.`,
          `Role '${role}' may not run ${command}; allowed roles: ${list(allowedRoles)}.`,
          { command, role, allowedRoles },
        )
      : error(
          'ROLE_NOT_ALLOWED',
          `El rol "${role}" no puede realizar esta acción; se requiere: ${list(allowedRoles)}.`,
          `The role "${role}" may not do this; it needs: ${list(allowedRoles)}.`,
          { role, allowedRoles },
        ),
  forbiddenNotResponsibleInstitution: (
    command: string,
    actorOrganizationId: string | undefined,
    institutionId: string,
  ) =>
    error(
      'FORBIDDEN_NOT_RESPONSIBLE_INSTITUTION',
      `Solo la institución responsable (${institutionId}) puede ejecutar ${command}.`,
      `Only the responsible institution (${institutionId}) may run ${command}.`,
      { command, actorOrganizationId: actorOrganizationId ?? null, institutionId },
    ),
  forbiddenNotPlanCoreGroup: (command: string, actorPlanId: string, planId: string) =>
    error(
      'FORBIDDEN_NOT_PLAN_CORE_GROUP',
      `Su asiento en el Grupo Núcleo es del plan ${actorPlanId}; este compromiso es del plan ${planId}: no puede ejecutar ${command}.`,
      `Your Core Group seat is in plan ${actorPlanId}; this commitment belongs to plan ${planId}: you may not run ${command}.`,
      { command, actorPlanId, planId },
    ),
  forbiddenNotCounterpart: (
    command: string,
    actorOrganizationId: string | undefined,
    organizationId: string,
  ) =>
    error(
      'FORBIDDEN_NOT_COUNTERPART',
      `Solo la contraparte del compromiso (${organizationId}) puede ejecutar ${command}.`,
      `Only the commitment's counterpart (${organizationId}) may run ${command}.`,
      { command, actorOrganizationId: actorOrganizationId ?? null, organizationId },
    ),
  invalidField: (field: string, value: unknown, reason: string) =>
    error(
      'INVALID_FIELD',
      `El campo «${field}» no es válido: ${reason}.`,
      `Field '${field}' is invalid: ${reason}.`,
      { field, value: value === undefined ? null : value, reason },
    ),
  requiredFieldMissing: (field: string) =>
    error(
      'REQUIRED_FIELD_MISSING',
      `El campo «${field}» es obligatorio.`,
      `Field '${field}' is required.`,
      { field },
    ),
  periodEndBeforeStart: (field: string, start: string, end: string) =>
    error(
      'PERIOD_END_BEFORE_START',
      `En «${field}», la fecha final (${end}) es anterior a la inicial (${start}).`,
      `In '${field}', the end date (${end}) is before the start date (${start}).`,
      { field, start, end },
    ),
  contextMismatch: (field: string, expected: string, actual: string) =>
    error(
      'CONTEXT_MISMATCH',
      `El contexto «${field}» corresponde a ${actual}, pero el comando se refiere a ${expected}.`,
      `Context '${field}' describes ${actual}, but the command refers to ${expected}.`,
      { field, expected, actual },
    ),
  dateInFuture: (field: string, value: string, today: string) =>
    error(
      'DATE_IN_FUTURE',
      `La fecha «${field}» (${value}) es posterior a la fecha actual (${today}).`,
      `Date '${field}' (${value}) is later than today (${today}).`,
      { field, value, today },
    ),
  evidenceHashInvalid: (field: string, sha256: unknown) =>
    error(
      'EVIDENCE_HASH_INVALID',
      `La huella SHA-256 de «${field}» debe tener 64 caracteres hexadecimales.`,
      `The SHA-256 digest in '${field}' must be 64 hexadecimal characters.`,
      { field, sha256: sha256 === undefined ? null : sha256 },
    ),

  planAlreadyRegistered: (planId: string) =>
    error(
      'PLAN_ALREADY_REGISTERED',
      `El plan de acción ${planId} ya está registrado.`,
      `Action plan ${planId} is already registered.`,
      { planId },
    ),
  planNotFound: (planId: string) =>
    error(
      'PLAN_NOT_FOUND',
      `No existe el plan de acción ${planId}.`,
      `Action plan ${planId} does not exist.`,
      { planId },
    ),
  coreGroupEmpty: () =>
    error(
      'CORE_GROUP_EMPTY',
      'El Grupo Núcleo debe tener al menos un integrante.',
      'The Core Group must have at least one member.',
      { field: 'coreGroup' },
    ),
  coreGroupDuplicateMember: (memberId: string) =>
    error(
      'CORE_GROUP_DUPLICATE_MEMBER',
      `El integrante ${memberId} aparece más de una vez en el Grupo Núcleo.`,
      `Member ${memberId} appears more than once in the Core Group.`,
      { field: 'coreGroup', memberId },
    ),

  institutionAlreadyRegistered: (institutionId: string) =>
    error(
      'INSTITUTION_ALREADY_REGISTERED',
      `La institución ${institutionId} ya está registrada.`,
      `Institution ${institutionId} is already registered.`,
      { institutionId },
    ),
  institutionNotFound: (institutionId: string) =>
    error(
      'INSTITUTION_NOT_FOUND',
      `No existe la institución ${institutionId}.`,
      `Institution ${institutionId} does not exist.`,
      { institutionId },
    ),
  institutionNotActive: (institutionId: string, status: string) =>
    error(
      'INSTITUTION_NOT_ACTIVE',
      `La institución ${institutionId} no está activa (estado: ${status}) y no puede asumir compromisos.`,
      `Institution ${institutionId} is not active (status: ${status}) and may not hold commitments.`,
      { institutionId, status },
    ),
  institutionEnded: (institutionId: string, endedBy: string) =>
    error(
      'INSTITUTION_ENDED',
      `La institución ${institutionId} ya dejó de existir (${endedBy}); no admite otro rediseño.`,
      `Institution ${institutionId} has already ceased to exist (${endedBy}); no further redesign is possible.`,
      { institutionId, endedBy },
    ),
  redesignSuccessorCount: (kind: string, expected: string, actual: number) =>
    error(
      'REDESIGN_SUCCESSOR_COUNT',
      `Un rediseño de tipo «${kind}» requiere ${expected} institución(es) sucesora(s); se indicaron ${actual}.`,
      `A '${kind}' redesign requires ${expected} successor institution(s); ${actual} given.`,
      { field: 'successorIds', kind, expected, actual },
    ),
  redesignNewNameRequired: () =>
    error(
      'REDESIGN_NEW_NAME_REQUIRED',
      'Un cambio de denominación requiere el nuevo nombre de la institución.',
      'A renaming requires the institution’s new name.',
      { field: 'newName' },
    ),
  redesignSuccessorIsSelf: (institutionId: string) =>
    error(
      'REDESIGN_SUCCESSOR_IS_SELF',
      `La institución ${institutionId} no puede ser su propia sucesora.`,
      `Institution ${institutionId} cannot be its own successor.`,
      { field: 'successorIds', institutionId },
    ),
  redesignSuccessorDuplicate: (successorId: string) =>
    error(
      'REDESIGN_SUCCESSOR_DUPLICATE',
      `La institución sucesora ${successorId} aparece más de una vez.`,
      `Successor institution ${successorId} appears more than once.`,
      { field: 'successorIds', successorId },
    ),
  redesignSuccessorNotFound: (successorId: string) =>
    error(
      'REDESIGN_SUCCESSOR_NOT_FOUND',
      `No existe la institución sucesora ${successorId}.`,
      `Successor institution ${successorId} does not exist.`,
      { field: 'successorIds', successorId },
    ),
  redesignSuccessorNotActive: (successorId: string, status: string) =>
    error(
      'REDESIGN_SUCCESSOR_NOT_ACTIVE',
      `La institución sucesora ${successorId} no está activa (estado: ${status}).`,
      `Successor institution ${successorId} is not active (status: ${status}).`,
      { field: 'successorIds', successorId, status },
    ),

  organizationAlreadyRegistered: (organizationId: string) =>
    error(
      'ORGANIZATION_ALREADY_REGISTERED',
      `La organización ${organizationId} ya está registrada.`,
      `Organization ${organizationId} is already registered.`,
      { organizationId },
    ),
  organizationNotFound: (organizationId: string) =>
    error(
      'ORGANIZATION_NOT_FOUND',
      `No existe la organización contraparte ${organizationId}.`,
      `Counterpart organization ${organizationId} does not exist.`,
      { organizationId },
    ),

  commitmentNotFound: (commitmentId: string | null) =>
    error(
      'COMMITMENT_NOT_FOUND',
      'El compromiso no existe; primero debe registrarse su borrador.',
      'The commitment does not exist; it must be drafted first.',
      { commitmentId },
    ),
  commitmentAlreadyDrafted: (commitmentId: string) =>
    error(
      'COMMITMENT_ALREADY_DRAFTED',
      `El compromiso ${commitmentId} ya fue registrado.`,
      `Commitment ${commitmentId} has already been drafted.`,
      { commitmentId },
    ),
  commitmentClosed: (commitmentId: string, command: string) =>
    error(
      'COMMITMENT_CLOSED',
      `El compromiso ${commitmentId} está cerrado; solo admite la evaluación del IRM.`,
      `Commitment ${commitmentId} is closed; only the IRM assessment may be recorded.`,
      { commitmentId, command },
    ),
  commitmentWithdrawn: (commitmentId: string, command: string) =>
    error(
      'COMMITMENT_WITHDRAWN',
      `El compromiso ${commitmentId} fue retirado del plan; no admite más cambios.`,
      `Commitment ${commitmentId} was withdrawn from the plan; it accepts no further changes.`,
      { commitmentId, command },
    ),
  commandNotAllowedInStatus: (command: string, status: string, allowed: readonly string[]) =>
    error(
      'COMMAND_NOT_ALLOWED_IN_STATUS',
      `${command} no está permitido en el estado ${status}; estados permitidos: ${list(allowed)}.`,
      `${command} is not allowed in status ${status}; allowed statuses: ${list(allowed)}.`,
      { command, status, allowed },
    ),
  commitmentPeriodOutsidePlan: (
    period: { start: string; end: string },
    planPeriod: { start: string; end: string },
  ) =>
    error(
      'COMMITMENT_PERIOD_OUTSIDE_PLAN',
      `El periodo del compromiso (${period.start} a ${period.end}) debe estar dentro del periodo del plan (${planPeriod.start} a ${planPeriod.end}).`,
      `The commitment period (${period.start} to ${period.end}) must lie within the plan period (${planPeriod.start} to ${planPeriod.end}).`,
      { field: 'period', period, planPeriod },
    ),
  relevancePillarRequired: () =>
    error(
      'RELEVANCE_PILLAR_REQUIRED',
      'El compromiso debe explicar su relevancia para al menos un pilar: transparencia y acceso a la información pública, participación ciudadana, colaboración e innovación, o integridad y rendición de cuentas.',
      'The commitment must explain its relevance to at least one pillar: transparency and access to public information, citizen participation, collaboration and innovation, or integrity and accountability.',
      { field: 'relevance' },
    ),
  counterpartSectorMismatch: (organizationId: string, declared: string, registered: string) =>
    error(
      'COUNTERPART_SECTOR_MISMATCH',
      `La contraparte ${organizationId} está registrada en el sector «${registered}», no en «${declared}».`,
      `Counterpart ${organizationId} is registered in sector '${registered}', not '${declared}'.`,
      { field: 'counterpart.sector', organizationId, declared, registered },
    ),
  milestoneIdDuplicate: (milestoneId: string) =>
    error(
      'MILESTONE_ID_DUPLICATE',
      `Ya existe un hito con el identificador ${milestoneId}.`,
      `A milestone with id ${milestoneId} already exists.`,
      { milestoneId },
    ),
  milestoneOutsideCommitmentPeriod: (
    milestoneId: string,
    dates: { start: string; due: string },
    period: { start: string; end: string },
  ) =>
    error(
      'MILESTONE_OUTSIDE_COMMITMENT_PERIOD',
      `Las fechas del hito ${milestoneId} (${dates.start} a ${dates.due}) deben estar dentro del periodo del compromiso (${period.start} a ${period.end}).`,
      `Milestone ${milestoneId} dates (${dates.start} to ${dates.due}) must lie within the commitment period (${period.start} to ${period.end}).`,
      { milestoneId, ...dates, period },
    ),
  milestoneTotalWeightExceeded: (milestoneId: string, planned: number, requested: number) =>
    error(
      'MILESTONE_TOTAL_WEIGHT_EXCEEDED',
      `La suma de los pesos de los hitos no puede superar 100: ya hay ${planned} y el hito ${milestoneId} añade ${requested}.`,
      `Milestone weights may not add up to more than 100: ${planned} already planned and milestone ${milestoneId} adds ${requested}.`,
      { milestoneId, planned, requested, max: 100 },
    ),
  milestoneNotFound: (milestoneId: string) =>
    error(
      'MILESTONE_NOT_FOUND',
      `No existe el hito ${milestoneId} en este compromiso.`,
      `Milestone ${milestoneId} does not exist in this commitment.`,
      { milestoneId },
    ),
  milestoneAlreadyCompleted: (milestoneId: string) =>
    error(
      'MILESTONE_ALREADY_COMPLETED',
      `El hito ${milestoneId} ya está cumplido.`,
      `Milestone ${milestoneId} is already completed.`,
      { milestoneId },
    ),
  rescheduleNoChange: (milestoneId: string) =>
    error(
      'RESCHEDULE_NO_CHANGE',
      `La reprogramación del hito ${milestoneId} no cambia ninguna fecha.`,
      `The reschedule of milestone ${milestoneId} changes no date.`,
      { milestoneId },
    ),
  rescheduleConcurrenceNotCoreGroup: (coreGroupMemberId: string, planId: string) =>
    error(
      'RESCHEDULE_CONCURRENCE_NOT_CORE_GROUP',
      `La conformidad debe darla un integrante del Grupo Núcleo del plan ${planId}; ${coreGroupMemberId} no lo es.`,
      `Concurrence must come from a Core Group member of plan ${planId}; ${coreGroupMemberId} is not one.`,
      { field: 'concurrence.coreGroupMemberId', coreGroupMemberId, planId },
    ),
  rescheduleConcurrenceNotMember: (actorId: string, planId: string) =>
    error(
      'RESCHEDULE_CONCURRENCE_NOT_MEMBER',
      `Solo un integrante del Grupo Núcleo del plan ${planId} puede responder una solicitud de reprogramación; ${actorId} no lo es.`,
      `Only a Core Group member of plan ${planId} may answer a reschedule request; ${actorId} is not one.`,
      { actorId, planId },
    ),
  rescheduleRequestIdDuplicate: (requestId: string) =>
    error(
      'RESCHEDULE_REQUEST_ID_DUPLICATE',
      `Ya existe la solicitud de reprogramación ${requestId} en este compromiso.`,
      `Reschedule request ${requestId} already exists in this commitment.`,
      { field: 'requestId', requestId },
    ),
  rescheduleRequestPending: (milestoneId: string, requestId: string) =>
    error(
      'RESCHEDULE_REQUEST_PENDING',
      `El hito ${milestoneId} ya tiene una solicitud de reprogramación (${requestId}) esperando al Grupo Núcleo; retírela antes de pedir otra.`,
      `Milestone ${milestoneId} already has a reschedule request (${requestId}) awaiting the Core Group; withdraw it before asking for another.`,
      { milestoneId, requestId },
    ),
  rescheduleRequestNotFound: (requestId: string) =>
    error(
      'RESCHEDULE_REQUEST_NOT_FOUND',
      `No existe la solicitud de reprogramación ${requestId} en este compromiso.`,
      `Reschedule request ${requestId} does not exist in this commitment.`,
      { requestId },
    ),
  rescheduleRequestAlreadyAnswered: (
    requestId: string,
    outcome: 'concurred' | 'declined' | 'withdrawn',
  ) =>
    error(
      'RESCHEDULE_REQUEST_ALREADY_ANSWERED',
      `La solicitud de reprogramación ${requestId} ya no está abierta: ${
        {
          concurred: 'el Grupo Núcleo dio su conformidad',
          declined: 'el Grupo Núcleo la rechazó',
          withdrawn: 'la institución la retiró',
        }[outcome]
      }.`,
      `Reschedule request ${requestId} is no longer open: ${
        {
          concurred: 'the Core Group concurred',
          declined: 'the Core Group declined it',
          withdrawn: 'the institution withdrew it',
        }[outcome]
      }.`,
      { requestId, outcome },
    ),
  administratorNotDesignated: () =>
    error(
      'ADMINISTRATOR_NOT_DESIGNATED',
      'Antes de firmar el acta debe designarse su administrador.',
      'The acta’s administrator must be designated before it is signed.',
    ),
  noMilestonesPlanned: () =>
    error(
      'NO_MILESTONES_PLANNED',
      'Antes de firmar el acta debe planificarse al menos un hito.',
      'At least one milestone must be planned before the acta is signed.',
    ),
  actaAlreadySignedByParty: (party: string) =>
    error(
      'ACTA_ALREADY_SIGNED_BY_PARTY',
      `La parte «${party === 'institution' ? 'institución' : 'contraparte'}» ya firmó el acta.`,
      `The ${party} has already signed the acta.`,
      { party },
    ),
  actaNumberMismatch: (expected: string, actual: string) =>
    error(
      'ACTA_NUMBER_MISMATCH',
      `El número de acta ${actual} no coincide con el de la primera firma (${expected}).`,
      `Acta number ${actual} does not match the first signature's (${expected}).`,
      { field: 'actaNumber', expected, actual },
    ),
  actaPlaceMismatch: (expected: string, actual: string) =>
    error(
      'ACTA_PLACE_MISMATCH',
      `El lugar de suscripción «${actual}» no coincide con el de la primera firma («${expected}»).`,
      `Place of signature '${actual}' does not match the first signature's ('${expected}').`,
      { field: 'place', expected, actual },
    ),
  resourceIdDuplicate: (resourceId: string) =>
    error(
      'RESOURCE_ID_DUPLICATE',
      `Ya existe un recurso con el identificador ${resourceId}.`,
      `A resource with id ${resourceId} already exists.`,
      { resourceId },
    ),
  resourceBudgetCertificationRequired: (resourceId: string) =>
    error(
      'RESOURCE_BUDGET_CERTIFICATION_REQUIRED',
      'Los recursos financieros se gestionan sujetos a disponibilidad presupuestaria (art. 115 del Código Orgánico de Planificación y Finanzas Públicas): indique la certificación presupuestaria.',
      'Financial resources are subject to budget availability (art. 115, Organic Code of Planning and Public Finance): give the budget certification.',
      { field: 'budgetCertification', resourceId },
    ),
  resourceCooperantRequired: (resourceId: string) =>
    error(
      'RESOURCE_COOPERANT_REQUIRED',
      'Un recurso de cooperación debe indicar el cooperante.',
      'A cooperation resource must name the cooperant.',
      { field: 'cooperant', resourceId },
    ),
  progressReportIdDuplicate: (reportId: string) =>
    error(
      'PROGRESS_REPORT_ID_DUPLICATE',
      `Ya existe un reporte de avance con el identificador ${reportId}.`,
      `A progress report with id ${reportId} already exists.`,
      { reportId },
    ),
  progressBelowEndorsed: (milestoneId: string, percent: number, lastEndorsedPercent: number) =>
    error(
      'PROGRESS_BELOW_ENDORSED',
      `El avance reportado (${percent} %) del hito ${milestoneId} es menor que el último avance avalado (${lastEndorsedPercent} %).`,
      `Reported progress (${percent}%) on milestone ${milestoneId} is below the last endorsed progress (${lastEndorsedPercent}%).`,
      { milestoneId, percent, lastEndorsedPercent },
    ),
  progressEvidenceRequired: (milestoneId: string) =>
    error(
      'PROGRESS_EVIDENCE_REQUIRED',
      `Un avance del 100 % del hito ${milestoneId} requiere al menos un medio de verificación.`,
      `A 100% progress claim on milestone ${milestoneId} requires at least one evidence item.`,
      { field: 'evidence', milestoneId },
    ),
  progressReportNotFound: (reportId: string) =>
    error(
      'PROGRESS_REPORT_NOT_FOUND',
      `No existe el reporte de avance ${reportId}.`,
      `Progress report ${reportId} does not exist.`,
      { reportId },
    ),
  progressReportAlreadyReviewed: (reportId: string, verdict: string) =>
    error(
      'PROGRESS_REPORT_ALREADY_REVIEWED',
      `El reporte de avance ${reportId} ya fue revisado (${verdict === 'endorsed' ? 'avalado' : 'observado'}).`,
      `Progress report ${reportId} has already been reviewed (${verdict}).`,
      { reportId, verdict },
    ),
  objectionReasonsRequired: (reportId: string) =>
    error(
      'OBJECTION_REASONS_REQUIRED',
      'Una observación debe indicar sus motivos.',
      'An objection must state its reasons.',
      { field: 'reasons', reportId },
    ),
  reportNotObjected: (reportId: string) =>
    error(
      'REPORT_NOT_OBJECTED',
      `El reporte de avance ${reportId} no tiene una observación que responder.`,
      `Progress report ${reportId} has no objection to answer.`,
      { reportId },
    ),
  objectionAlreadyAnswered: (reportId: string) =>
    error(
      'OBJECTION_ALREADY_ANSWERED',
      `La observación al reporte ${reportId} ya fue respondida.`,
      `The objection to report ${reportId} has already been answered.`,
      { reportId },
    ),
  objectionAwaitingAnswer: (reportId: string, round: number) =>
    error(
      'OBJECTION_AWAITING_ANSWER',
      `La observación de la ronda ${round} al reporte de avance ${reportId} espera la respuesta de la institución; el reporte se revisa de nuevo después de esa respuesta.`,
      `The round ${round} objection to progress report ${reportId} is waiting for the institution's answer; the report can be reviewed again once it is answered.`,
      { reportId, round },
    ),
  milestoneNotEndorsedComplete: (milestoneId: string) =>
    error(
      'MILESTONE_NOT_ENDORSED_COMPLETE',
      `El hito ${milestoneId} solo puede darse por cumplido con un reporte del 100 % avalado por la contraparte.`,
      `Milestone ${milestoneId} can only be completed with a 100% report endorsed by the counterpart.`,
      { milestoneId },
    ),
  submittedReportIdDuplicate: (reportId: string) =>
    error(
      'SUBMITTED_REPORT_ID_DUPLICATE',
      `Ya se presentó un informe con el identificador ${reportId}.`,
      `A report with id ${reportId} has already been submitted.`,
      { reportId },
    ),
  closeBeforePeriodEnd: (today: string, periodEnd: string) =>
    error(
      'CLOSE_BEFORE_PERIOD_END',
      `Un compromiso en implementación solo puede cerrarse desde el fin de su periodo (${periodEnd}); hoy es ${today}.`,
      `A commitment in implementation can only be closed from the end of its period (${periodEnd}); today is ${today}.`,
      { today, periodEnd },
    ),
  closeCompleteWithOpenMilestones: (openMilestoneIds: readonly string[]) =>
    error(
      'CLOSE_COMPLETE_WITH_OPEN_MILESTONES',
      `No puede declararse el cumplimiento «completo» con hitos pendientes: ${list(openMilestoneIds)}.`,
      `Completion cannot be 'complete' while milestones are open: ${list(openMilestoneIds)}.`,
      { field: 'completion', openMilestoneIds },
    ),
  irmResultsFieldsRequired: (missing: readonly string[]) =>
    error(
      'IRM_RESULTS_FIELDS_REQUIRED',
      `Una evaluación de resultados del IRM requiere: ${list(missing)}.`,
      `An IRM results assessment requires: ${list(missing)}.`,
      { missing },
    ),
  irmAssessmentIdDuplicate: (assessmentId: string) =>
    error(
      'IRM_ASSESSMENT_ID_DUPLICATE',
      `Ya existe una evaluación del IRM con el identificador ${assessmentId}.`,
      `An IRM assessment with id ${assessmentId} already exists.`,
      { assessmentId },
    ),
  forbiddenNotReceivingInstitution: (
    command: string,
    organizationId: string | undefined,
    receivingInstitutionId: string,
  ) =>
    error(
      'FORBIDDEN_NOT_RECEIVING_INSTITUTION',
      `Solo la institución receptora (${receivingInstitutionId}) puede ejecutar ${command}; usted habla por ${organizationId ?? 'ninguna'}.`,
      `Only the receiving institution (${receivingInstitutionId}) may run ${command}; you speak for ${organizationId ?? 'none'}.`,
      { command, organizationId: organizationId ?? null, receivingInstitutionId },
    ),
  transferConcurrenceNotCoreGroup: (actorId: string, planId: string) =>
    error(
      'TRANSFER_CONCURRENCE_NOT_CORE_GROUP',
      `Solo un integrante del Grupo Núcleo del plan ${planId} puede dar su conformidad; ${actorId} no lo es.`,
      `Only a Core Group member of plan ${planId} may concur; ${actorId} is not one.`,
      { actorId, planId },
    ),
  transferConcurrenceMissing: (decision: string, toInstitutionId: string | null) =>
    error(
      'TRANSFER_CONCURRENCE_MISSING',
      decision === 'transfer'
        ? `El Grupo Núcleo no ha dado su conformidad para transferir este compromiso a ${toInstitutionId}.`
        : 'El Grupo Núcleo no ha dado su conformidad para mantener este compromiso en su institución.',
      decision === 'transfer'
        ? `The Core Group has not concurred with transferring this commitment to ${toInstitutionId}.`
        : 'The Core Group has not concurred with keeping this commitment with its institution.',
      { decision, toInstitutionId },
    ),
  transferToSameInstitution: (institutionId: string) =>
    error(
      'TRANSFER_TO_SAME_INSTITUTION',
      `El compromiso ya es responsabilidad de ${institutionId}; para conservarlo, mantenga el compromiso.`,
      `The commitment already belongs to ${institutionId}; to keep it there, maintain it.`,
      { field: 'toInstitutionId', institutionId },
    ),
  maintainInstitutionEnded: (institutionId: string, status: string) =>
    error(
      'MAINTAIN_INSTITUTION_ENDED',
      `No puede mantenerse el compromiso en ${institutionId}: la institución ya no existe (${status}); transfiéralo a la institución competente.`,
      `The commitment cannot be kept with ${institutionId}: the institution no longer exists (${status}); transfer it to the competent institution.`,
      { institutionId, status },
    ),
  handoverDocumentsRequired: () =>
    error(
      'HANDOVER_DOCUMENTS_REQUIRED',
      'La transferencia de información debe listar al menos un documento con su hash sha256.',
      'The information handover must list at least one document with its sha256 hash.',
      { field: 'documents' },
    ),
  deadlineNotReached: (kind: string, firesOn: string, today: string) =>
    error(
      'DEADLINE_NOT_REACHED',
      `El plazo ${kind} vence el ${firesOn}; hoy es ${today}.`,
      `Deadline ${kind} falls on ${firesOn}; today is ${today}.`,
      { kind, firesOn, today },
    ),
  redesignHandlingNotStarted: (redesignEventId: string) =>
    error(
      'REDESIGN_HANDLING_NOT_STARTED',
      `El tratamiento del rediseño ${redesignEventId} no ha comenzado.`,
      `Handling of redesign ${redesignEventId} has not started.`,
      { redesignEventId },
    ),

  grantAlreadyActive: (
    role: string,
    scope: { organizationId?: string; planId?: string },
    grantId: string,
  ) => {
    const where = scope.organizationId
      ? { es: ` por ${scope.organizationId}`, en: ` for ${scope.organizationId}` }
      : scope.planId
        ? { es: ` en el plan ${scope.planId}`, en: ` in plan ${scope.planId}` }
        : { es: '', en: '' };
    return error(
      'GRANT_ALREADY_ACTIVE',
      `La persona ya tiene el rol «${role}»${where.es} (otorgamiento ${grantId}); revóquelo antes de otorgarlo de nuevo.`,
      `The person already holds role '${role}'${where.en} (grant ${grantId}); revoke it before granting it again.`,
      {
        field: 'role',
        role,
        organizationId: scope.organizationId ?? null,
        planId: scope.planId ?? null,
        grantId,
      },
    );
  },
  grantIdDuplicate: (grantId: string) =>
    error(
      'GRANT_ID_DUPLICATE',
      `Ya existe un otorgamiento con el identificador ${grantId}.`,
      `A grant with id ${grantId} already exists.`,
      { field: 'grantId', grantId },
    ),
  grantNotFound: (grantId: string) =>
    error(
      'GRANT_NOT_FOUND',
      `La persona no tiene un otorgamiento ${grantId}.`,
      `The person has no grant ${grantId}.`,
      { field: 'grantId', grantId },
    ),
  grantAlreadyRevoked: (grantId: string, revokedOn: string) =>
    error(
      'GRANT_ALREADY_REVOKED',
      `El otorgamiento ${grantId} ya fue revocado el ${revokedOn}.`,
      `Grant ${grantId} was already revoked on ${revokedOn}.`,
      { field: 'grantId', grantId, revokedOn },
    ),
  grantScopeNotFound: (field: 'organizationId' | 'planId', kind: string, id: string) => {
    const es =
      {
        institution: 'ninguna institución registrada',
        organization: 'ninguna organización registrada',
        plan: 'ningún plan de acción registrado',
      }[kind] ?? kind;
    return error(
      'GRANT_SCOPE_NOT_FOUND',
      `El campo «${field}» no nombra ${es}: no existe ${id}.`,
      `Field '${field}' names no registered ${kind}: ${id} does not exist.`,
      { field, kind, id },
    );
  },
  noGrant: (role: string, organizationId: string | undefined) =>
    error(
      'NO_GRANT',
      organizationId
        ? `Ningún otorgamiento vigente le permite actuar con el rol «${role}» por ${organizationId}.`
        : `Ningún otorgamiento vigente le permite actuar con el rol «${role}».`,
      organizationId
        ? `No active grant lets you act in role '${role}' for ${organizationId}.`
        : `No active grant lets you act in role '${role}'.`,
      { role, organizationId: organizationId ?? null },
    ),
  notYourAccessToken: () =>
    error(
      'NOT_YOUR_ACCESS_TOKEN',
      'Solo la propia persona emite sus tokens de acceso personal; la propia persona o la Presidencia los revocan.',
      'Only the person themself issues their personal access tokens; the person or the Presidency revokes them.',
      {},
    ),
  accessTokenIdDuplicate: (tokenId: string) =>
    error(
      'ACCESS_TOKEN_ID_DUPLICATE',
      `Ya existe un token de acceso con el identificador ${tokenId}.`,
      `An access token with id ${tokenId} already exists.`,
      { field: 'tokenId', tokenId },
    ),
  accessTokenNotFound: (tokenId: string) =>
    error(
      'ACCESS_TOKEN_NOT_FOUND',
      `La persona no tiene un token de acceso ${tokenId}.`,
      `The person has no access token ${tokenId}.`,
      { field: 'tokenId', tokenId },
    ),
  accessTokenAlreadyRevoked: (tokenId: string, revokedOn: string) =>
    error(
      'ACCESS_TOKEN_ALREADY_REVOKED',
      `El token de acceso ${tokenId} ya fue revocado el ${revokedOn}.`,
      `Access token ${tokenId} was already revoked on ${revokedOn}.`,
      { field: 'tokenId', tokenId, revokedOn },
    ),
  textLengthOutOfRange: (field: string, length: number, min: number, max: number) =>
    error(
      'TEXT_LENGTH_OUT_OF_RANGE',
      `El campo «${field}» debe tener entre ${min} y ${max} caracteres; tiene ${length}.`,
      `Field '${field}' must be ${min} to ${max} characters long; it has ${length}.`,
      { field, length, min, max },
    ),
  questionIdDuplicate: (questionId: string) =>
    error(
      'QUESTION_ID_DUPLICATE',
      `Ya existe una pregunta con el identificador ${questionId}.`,
      `A question with id ${questionId} already exists.`,
      { field: 'questionId', questionId },
    ),
  questionNotFound: (questionId: string) =>
    error(
      'QUESTION_NOT_FOUND',
      `El compromiso no tiene una pregunta ${questionId}.`,
      `The commitment has no question ${questionId}.`,
      { field: 'questionId', questionId },
    ),
  questionAlreadyAnswered: (questionId: string, answeredOn: string) =>
    error(
      'QUESTION_ALREADY_ANSWERED',
      `La pregunta ${questionId} ya fue respondida el ${answeredOn}; una respuesta no se reemplaza.`,
      `Question ${questionId} was already answered on ${answeredOn}; an answer is not replaced.`,
      { field: 'questionId', questionId, answeredOn },
    ),
  questionCounterpartViewAlreadyAdded: (questionId: string) =>
    error(
      'QUESTION_COUNTERPART_VIEW_ALREADY_ADDED',
      `La contraparte ya añadió su opinión a la pregunta ${questionId}.`,
      `The counterpart already added its view on question ${questionId}.`,
      { field: 'questionId', questionId },
    ),
  questionHidden: (questionId: string, hiddenOn: string) =>
    error(
      'QUESTION_HIDDEN',
      `La pregunta ${questionId} fue retirada por la Presidencia el ${hiddenOn}.`,
      `Question ${questionId} was withdrawn by the Presidency on ${hiddenOn}.`,
      { field: 'questionId', questionId, hiddenOn },
    ),
};
