/**
 * What the API benchmarks (api, reads) share: the API as `npm start` runs it in a child process
 * with a known JWT secret, bearer tokens signed with it, a JSON call that fails loudly, and the
 * seed every run starts from — a plan, an institution (`mdt`) and a counterpart (`fae`), then
 * commitments proposed, given milestones and an administrator, and signed by both parties.
 */
import type { ChildProcess } from 'node:child_process';
import { JwtService } from '@nestjs/jwt';
import { startApiProcess } from './child';

const SECRET = 'bench-secret';
const jwt = new JwtService({ secret: SECRET });

/** `Bearer <JWT>` for a role (and an organization, for the parties), valid for an hour. */
export const token = (role: string, org?: string): string =>
  `Bearer ${jwt.sign({ sub: `bench-${role}-${org ?? ''}`, role, ...(org ? { org } : {}) }, { expiresIn: 3600 })}`;

/** The API (and its embedded store) in a child process, demo off, quiet logs. */
export function startBenchApi(options: {
  dataDir: string;
  apiPort: number;
  storePort: number;
  profileDir?: string;
  env?: Record<string, string>;
}): Promise<ChildProcess> {
  return startApiProcess({
    env: {
      PORT: String(options.apiPort),
      HOST: '127.0.0.1',
      HITOS_DATA_DIR: options.dataDir,
      HITOS_DEMO: 'false',
      HITOS_JWT_SECRET: SECRET,
      EVENTSTORE_PORT: String(options.storePort),
      LOG_LEVEL: 'error',
      ...options.env,
    },
    ready: (out) => out.includes('/health'),
    profileDir: options.profileDir,
    timeoutMs: 60_000,
  });
}

/** A JSON request; anything but a 2xx throws with the answer's body. */
export async function call(
  base: string,
  method: string,
  path: string,
  auth: string,
  body: unknown,
): Promise<{ position?: string }> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { authorization: auth, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return JSON.parse(text) as { position?: string };
}

export const MDT = token('institution', 'mdt');
export const FAE = token('counterpart', 'fae');

/** The plan `bench-plan`, the institution `mdt` and the counterpart `fae`. */
export async function seedPlanAndParties(base: string): Promise<void> {
  const presidency = token('presidency');
  await call(base, 'POST', '/api/action-plans', presidency, {
    planId: 'bench-plan',
    code: 'BENCH',
    title: 'Plan de referencia',
    country: 'EC',
    period: { start: '2026-01-01', end: '2027-12-31' },
    coreGroup: [{ memberId: 'gn-1', name: 'Grupo Núcleo', sector: 'government' }],
  });
  await call(base, 'POST', '/api/institutions', presidency, {
    institutionId: 'mdt',
    name: 'Ministerio del Trabajo',
    acronym: 'MDT',
    stateFunction: 'executive',
    governmentLevel: 'national',
  });
  await call(base, 'POST', '/api/organizations', presidency, {
    organizationId: 'fae',
    name: 'Fundación Alianza Estratégica',
    sector: 'civil-society',
  });
}

export interface BenchMilestone {
  milestoneId: string;
  deliverable: string;
  weight: number;
  due: string;
}

/**
 * Commitment `bench-<i>` (number i + 1) of `bench-plan`: proposed by `mdt` with `texts` (title,
 * problem, status quo, objective, how it solves, relevance), given `milestones`, its
 * administrator named, and its acta signed by both parties: in implementation.
 */
export async function seedSignedCommitment(
  base: string,
  i: number,
  texts: Record<string, unknown>,
  milestones: BenchMilestone[],
): Promise<string> {
  const id = `bench-${i}`;
  const c = (path: string) => `/api/commitments/${id}${path}`;
  await call(base, 'POST', '/api/commitments', MDT, {
    commitmentId: id,
    planId: 'bench-plan',
    number: i + 1,
    ...texts,
    period: { start: '2026-01-01', end: '2027-12-31' },
    responsible: { institutionId: 'mdt', unit: 'Dirección de Mejora Continua' },
    counterpart: { organizationId: 'fae', sector: 'civil-society' },
    supportingActors: [],
    contact: { name: 'Contacto', position: 'Director', email: 'contacto@trabajo.gob.ec' },
  });
  for (const milestone of milestones)
    await call(base, 'POST', c('/milestones'), MDT, { ...milestone, start: '2026-01-15' });
  await call(base, 'POST', c('/administrator'), MDT, {
    name: 'Administradora',
    position: 'Directora',
    unit: 'Dirección de Mejora Continua',
    email: 'acta@trabajo.gob.ec',
  });
  const acta = { actaNumber: `B-${i}`, signedOn: '2026-01-28', place: 'Quito' };
  await call(base, 'POST', c('/acta/signatures'), MDT, {
    ...acta,
    signatory: { name: 'Ministra', position: 'Ministra' },
  });
  await call(base, 'POST', c('/acta/signatures'), FAE, {
    ...acta,
    signatory: { name: 'Director', position: 'Director Ejecutivo' },
  });
  return id;
}
