/**
 * Request bodies and steps over HTTP drawn from acta MDT-CDC-2026-001 (libs/testing fixtures),
 * shared by the institution, organization and commitment suites.
 */
import {
  ACTA_NUMBER,
  ACTA_PLACE,
  ACTA_SIGNED_ON,
  CORE_GROUP_MEMBER_ID,
  FAE_ID,
  MDT_ID,
  OTHER_INSTITUTION_ID,
  OTHER_ORGANIZATION_ID,
  PLAN_ID,
  SAMPLE_SHA256,
  actionPlanRegistered,
  administratorDesignated,
  commitmentDraftedData,
  fundacionAlianzaRegistered,
  milestones,
  ministerioDelTrabajoRegistered,
  sercopRegistered,
  signatories,
} from '@hitos/testing';
import { TEST_NOW, http, type ApiHarness, type HttpResult } from './api-harness';

export {
  ACTA_NUMBER,
  ACTA_PLACE,
  ACTA_SIGNED_ON,
  CORE_GROUP_MEMBER_ID,
  FAE_ID,
  MDT_ID,
  OTHER_INSTITUTION_ID,
  OTHER_ORGANIZATION_ID,
  PLAN_ID,
  SAMPLE_SHA256,
};

export const planBody = () => structuredClone(actionPlanRegistered.data);
export const mdtBody = () => structuredClone(ministerioDelTrabajoRegistered.data);
export const sercopBody = () => structuredClone(sercopRegistered.data);
export const faeBody = () => structuredClone(fundacionAlianzaRegistered.data);
export const grupoFaroBody = () => ({
  organizationId: OTHER_ORGANIZATION_ID,
  name: 'Grupo FARO',
  sector: 'civil-society',
});

/** The draft of the acta's commitment, under another id. */
export const draftBody = (commitmentId: string, overrides: Record<string, unknown> = {}) => ({
  ...structuredClone(commitmentDraftedData),
  commitmentId,
  ...overrides,
});

export const milestoneBodies = () => [
  structuredClone(milestones.diagnosis.data),
  structuredClone(milestones.standards.data),
  structuredClone(milestones.feedback.data),
];
export const administratorBody = () => structuredClone(administratorDesignated.data);
export const signatureBody = (party: 'institution' | 'counterpart') => ({
  actaNumber: ACTA_NUMBER,
  signedOn: ACTA_SIGNED_ON,
  place: ACTA_PLACE,
  signatory: { ...signatories[party] },
});

export const evidenceItem = (url: string, classification = 'public') => ({
  title: 'Informe de diagnóstico',
  url,
  sha256: SAMPLE_SHA256,
  classification,
});

/** Today as the app under test sees it (its clock starts at TEST_NOW), for dates that may not be
 * in the future. */
export const today = () => TEST_NOW.slice(0, 10);

export interface Tokens {
  presidency: string;
  mdt: string;
  sercop: string;
  fae: string;
  faro: string;
  auditor: string;
  coreGroup: string;
  citizen: string;
}

export function tokens(api: ApiHarness): Tokens {
  return {
    presidency: api.token('presidency'),
    mdt: api.token('institution', MDT_ID),
    sercop: api.token('institution', OTHER_INSTITUTION_ID),
    fae: api.token('counterpart', FAE_ID),
    faro: api.token('counterpart', OTHER_ORGANIZATION_ID),
    auditor: api.token('auditor'),
    coreGroup: api.token('core-group'),
    citizen: api.token('public'),
  };
}

/** Fails with the answer's body, so a broken step says why. */
export function expectStatus<T>(res: HttpResult<T>, status: number): HttpResult<T> {
  if (res.status !== status) {
    throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  }
  return res;
}

export async function post(
  api: ApiHarness,
  path: string,
  token: string | undefined,
  body?: unknown,
): Promise<HttpResult> {
  return http(api, 'POST', path, { token, body: body ?? {} });
}

/** The plan, both institutions and both organizations of the acta, registered over HTTP. */
export async function registerParties(api: ApiHarness, t: Tokens): Promise<void> {
  expectStatus(await post(api, '/api/action-plans', t.presidency, planBody()), 201);
  for (const body of [mdtBody(), sercopBody()])
    expectStatus(await post(api, '/api/institutions', t.presidency, body), 201);
  for (const body of [faeBody(), grupoFaroBody()])
    expectStatus(await post(api, '/api/organizations', t.presidency, body), 201);
}

/** Drafted by the Presidency, with three milestones (30/40/30) and the administrator. */
export async function draftReadyToSign(api: ApiHarness, t: Tokens, id: string): Promise<void> {
  expectStatus(await post(api, '/api/commitments', t.presidency, draftBody(id)), 201);
  for (const m of milestoneBodies())
    expectStatus(await post(api, `/api/commitments/${id}/milestones`, t.mdt, m), 201);
  expectStatus(
    await post(api, `/api/commitments/${id}/administrator`, t.mdt, administratorBody()),
    201,
  );
}

/** Signed by both parties: in implementation. */
export async function signedCommitment(api: ApiHarness, t: Tokens, id: string): Promise<void> {
  await draftReadyToSign(api, t, id);
  const path = `/api/commitments/${id}/acta/signatures`;
  expectStatus(await post(api, path, t.mdt, signatureBody('institution')), 201);
  expectStatus(await post(api, path, t.fae, signatureBody('counterpart')), 201);
}

export async function getCommitment(api: ApiHarness, id: string, token?: string) {
  return expectStatus(await http(api, 'GET', `/api/commitments/${id}`, { token }), 200);
}
