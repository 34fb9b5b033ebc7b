/**
 * Request bodies and calls over HTTP for what follows an institutional redesign: the Core
 * Group's concurrence, the Presidency's keep-or-transfer decision (one by one or in bulk) and the
 * receiving institution's acknowledgement of the information handover.
 */
import { CORE_GROUP_MEMBER_ID, OTHER_INSTITUTION_ID, SAMPLE_SHA256 } from '@hitos/testing';
import { http, type ApiHarness, type HttpResult } from './api-harness';

export type TransferDecision = 'maintain' | 'transfer';

/** A bearer token for a member of the plan's Core Group (the subject is the member id). */
export const coreGroupMemberToken = (api: ApiHarness, memberId = CORE_GROUP_MEMBER_ID) =>
  api.token('core-group', undefined, memberId);

export const transferPaths = {
  concurrence: (commitmentId: string) => `/api/commitments/${commitmentId}/transfer-concurrences`,
  maintenance: (commitmentId: string) => `/api/commitments/${commitmentId}/maintenance`,
  transfer: (commitmentId: string) => `/api/commitments/${commitmentId}/transfer`,
  handover: (commitmentId: string) => `/api/commitments/${commitmentId}/handover-acknowledgement`,
  bulkDecisions: '/api/commitments/transfer-decisions',
  bulkConcurrences: '/api/commitments/transfer-concurrences',
} as const;

/** The Core Group concurs with keeping the commitment, or with transferring it to `toInstitutionId`. */
export function concurrenceBody(
  decision: TransferDecision = 'transfer',
  toInstitutionId: string = OTHER_INSTITUTION_ID,
) {
  return {
    decision,
    ...(decision === 'transfer' ? { toInstitutionId } : {}),
    reference: 'Acta de reunión del Grupo Núcleo No. GN-2026-07',
  };
}

export const maintenanceBody = () => ({
  reason:
    'El Ministerio del Trabajo conserva la competencia sobre la calidad de los servicios públicos tras el rediseño.',
});

export const receivingAdministrator = () => ({
  name: 'María Fernanda Ortiz',
  position: 'Directora de Innovación y Mejora de Servicios',
  unit: 'Dirección de Innovación y Mejora de Servicios',
  email: 'innovacion@sercop.gob.ec',
});

export function transferBody(toInstitutionId: string = OTHER_INSTITUTION_ID) {
  return {
    toInstitutionId,
    receivingUnit: 'Dirección de Innovación y Mejora de Servicios',
    administrator: receivingAdministrator(),
    reason:
      'El decreto de rediseño asigna la competencia sobre la calidad de los servicios públicos a la institución receptora.',
  };
}

export const handoverBody = () => ({
  documents: [
    {
      title: 'Expediente del compromiso MDT-CDC-2026-001 y sus medios de verificación',
      sha256: SAMPLE_SHA256,
    },
  ],
});

/** One item of POST /api/commitments/transfer-decisions: a maintenance or a transfer body. */
export interface DecisionItem {
  commitmentId: string;
  decision: TransferDecision;
  reason: string;
  toInstitutionId?: string;
  receivingUnit?: string;
  administrator?: ReturnType<typeof receivingAdministrator>;
}

export function decisionItem(
  commitmentId: string,
  decision: TransferDecision,
  toInstitutionId: string = OTHER_INSTITUTION_ID,
): DecisionItem {
  if (decision === 'maintain') return { commitmentId, decision, ...maintenanceBody() };
  return { commitmentId, decision, ...transferBody(toInstitutionId) };
}

/** One item of POST /api/commitments/transfer-concurrences. */
export function concurrenceItem(
  commitmentId: string,
  decision: TransferDecision = 'transfer',
  toInstitutionId: string = OTHER_INSTITUTION_ID,
) {
  return { commitmentId, ...concurrenceBody(decision, toInstitutionId) };
}

/** A POST with optional extra headers (Idempotency-Key, If-Match). */
export function postWith(
  api: ApiHarness,
  path: string,
  token: string | undefined,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult> {
  return http(api, 'POST', path, { token, body, headers });
}

export const decideTransfers = (
  api: ApiHarness,
  token: string,
  decisions: unknown[],
  headers: Record<string, string> = {},
) => postWith(api, transferPaths.bulkDecisions, token, { decisions }, headers);

export const concurTransfers = (
  api: ApiHarness,
  token: string,
  concurrences: unknown[],
  headers: Record<string, string> = {},
) => postWith(api, transferPaths.bulkConcurrences, token, { concurrences }, headers);
