/** Brings a commitment to implementation over HTTP, as its parties would. */
import { http, type ApiHarness } from './api-harness';

export const PERIOD = { start: '2026-01-01', end: '2027-12-31' };

async function ok(promise: ReturnType<typeof http>) {
  const res = await promise;
  if (res.status >= 300)
    throw new Error(`setup step failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res;
}

/** A plan, the Ministerio del Trabajo and the Fundación Alianza Estratégica (once per harness). */
export async function registerParties(api: ApiHarness): Promise<void> {
  const presidency = api.token('presidency');
  await ok(
    http(api, 'POST', '/api/action-plans', {
      token: presidency,
      body: {
        planId: 'plan-e2e',
        code: 'EC-PAEA-2026-2027',
        title: 'Tercer Plan de Acción de Estado Abierto Ecuador 2026–2027',
        country: 'EC',
        period: PERIOD,
        coreGroup: [
          { memberId: 'gn-1', name: 'Dirección de Gobierno Abierto', sector: 'government' },
        ],
      },
    }),
  );
  await ok(
    http(api, 'POST', '/api/institutions', {
      token: presidency,
      body: {
        institutionId: 'mdt',
        name: 'Ministerio del Trabajo',
        acronym: 'MDT',
        stateFunction: 'executive',
        governmentLevel: 'national',
      },
    }),
  );
  await ok(
    http(api, 'POST', '/api/organizations', {
      token: presidency,
      body: {
        organizationId: 'fae',
        name: 'Fundación Alianza Estratégica',
        sector: 'civil-society',
      },
    }),
  );
}

/** Drafts `id`, plans one milestone `h1` (weight 100), names the administrator, and both parties sign. */
export async function commitmentInImplementation(
  api: ApiHarness,
  id: string,
  number = 1,
): Promise<void> {
  const mdt = api.token('institution', 'mdt');
  const fae = api.token('counterpart', 'fae');
  await ok(
    http(api, 'POST', '/api/commitments', {
      token: mdt,
      body: {
        commitmentId: id,
        planId: 'plan-e2e',
        number,
        title: 'Implementación de la Política de Calidad de los Servicios Públicos',
        problem: 'La ciudadanía no puede conocer la calidad de los servicios públicos.',
        statusQuo: 'Mediciones dispersas.',
        objective: 'Implementar la política con participación ciudadana.',
        howItSolves: 'Publica estándares y resultados.',
        relevance: { transparency: 'Resultados en datos abiertos.' },
        period: PERIOD,
        responsible: {
          institutionId: 'mdt',
          unit: 'Dirección de Mejora Continua e Innovación del Servicio Público',
        },
        counterpart: { organizationId: 'fae', sector: 'civil-society' },
        supportingActors: [],
        contact: {
          name: 'Paola Benítez',
          position: 'Directora',
          email: 'mejora.continua@trabajo.gob.ec',
        },
      },
    }),
  );
  await ok(
    http(api, 'POST', `/api/commitments/${id}/milestones`, {
      token: mdt,
      body: {
        milestoneId: 'h1',
        deliverable: 'Diagnóstico de calidad',
        weight: 100,
        start: '2026-02-01',
        due: '2027-06-30',
      },
    }),
  );
  await ok(
    http(api, 'POST', `/api/commitments/${id}/administrator`, {
      token: mdt,
      body: {
        name: 'Paola Benítez',
        position: 'Directora',
        unit: 'Dirección de Mejora Continua',
        email: 'mejora.continua@trabajo.gob.ec',
      },
    }),
  );
  const acta = {
    actaNumber: 'MDT-CDC-2026-001',
    signedOn: '2026-01-28',
    place: 'Distrito Metropolitano de Quito',
  };
  await ok(
    http(api, 'POST', `/api/commitments/${id}/acta/signatures`, {
      token: mdt,
      body: { ...acta, signatory: { name: 'Ministro del Trabajo', position: 'Máxima autoridad' } },
    }),
  );
  await ok(
    http(api, 'POST', `/api/commitments/${id}/acta/signatures`, {
      token: fae,
      body: { ...acta, signatory: { name: 'Director Ejecutivo', position: 'Representante' } },
    }),
  );
}

export function progressReport(reportId: string, percent = 20) {
  return {
    reportId,
    percent,
    narrative: 'Avance del diagnóstico en los servicios priorizados.',
    evidence: [
      {
        title: 'Informe de avance',
        url: `https://www.trabajo.gob.ec/evidencia/${reportId}.pdf`,
        sha256: 'a'.repeat(64),
        classification: 'public',
      },
    ],
  };
}
