/**
 * Shared demo data drawn from acta MDT-CDC-2026-001 (Tercer Plan de Acción de Estado Abierto
 * Ecuador). People's names are invented: the acta names positions, not persons.
 */
import {
  actionPlanDecider,
  commitmentDecider,
  fold,
  institutionDecider,
  organizationDecider,
  toInstitutionRef,
  toOrganizationRef,
  toPlanRef,
  type ActaSignatureAdded,
  type ActaSigned,
  type ActionPlanRegistered,
  type Actor,
  type AdministratorDesignated,
  type Command,
  type CommitmentDrafted,
  type CommitmentEvent,
  type DraftCommitment,
  type EvidenceInput,
  type InstitutionRef,
  type InstitutionRegistered,
  type MilestonePlanned,
  type OrganizationRef,
  type OrganizationRegistered,
  type PlanRef,
} from '@hitos/domain';

export const PLAN_ID = 'ec-paea-2026-2027';
export const MDT_ID = 'mdt';
export const OTHER_INSTITUTION_ID = 'sercop';
export const FAE_ID = 'fundacion-alianza-estrategica';
export const OTHER_ORGANIZATION_ID = 'grupo-faro';
export const COMMITMENT_ID = 'calidad-servicios-publicos';
export const ACTA_NUMBER = 'MDT-CDC-2026-001';
export const ACTA_PLACE = 'Distrito Metropolitano de Quito';
export const ACTA_SIGNED_ON = '2026-01-28';
export const COMMITMENT_PERIOD = { start: '2026-01-01', end: '2027-12-31' };
export const PLAN_PERIOD = { start: '2026-01-01', end: '2027-12-31' };
export const CORE_GROUP_MEMBER_ID = 'gn-sociedad-civil';

/** Request timestamps; the date part is the calendar date the domain records. */
export const AT = {
  registration: '2026-01-02T14:00:00.000Z',
  drafting: '2026-01-10T15:00:00.000Z',
  signing: '2026-01-28T16:00:00.000Z',
  implementation: '2026-06-15T15:00:00.000Z',
  review: '2026-06-20T15:00:00.000Z',
  lastDay: '2027-12-31T18:00:00.000Z',
} as const;

export const actors = {
  presidency: { id: 'u-presidencia', role: 'presidency' },
  mdt: { id: 'u-mdt-ministro', role: 'institution', organizationId: MDT_ID },
  otherInstitution: { id: 'u-sercop', role: 'institution', organizationId: OTHER_INSTITUTION_ID },
  fae: { id: 'u-fae-director', role: 'counterpart', organizationId: FAE_ID },
  otherCounterpart: {
    id: 'u-grupo-faro',
    role: 'counterpart',
    organizationId: OTHER_ORGANIZATION_ID,
  },
  coreGroup: { id: 'u-grupo-nucleo', role: 'core-group' },
  auditor: { id: 'u-irm', role: 'auditor' },
  citizen: { id: 'u-ciudadania', role: 'public' },
} satisfies Record<string, Actor>;

/** Builds a command with its metadata, so specs stay about the data. */
export function command<C extends Command>(
  type: C['type'],
  data: C['data'],
  actor: Actor,
  now: string = AT.implementation,
): C {
  return { type, data, metadata: { actor, now } } as C;
}

// ── action plan ───────────────────────────────────────────────────────────────────────────

export const actionPlanRegistered: ActionPlanRegistered = {
  type: 'ActionPlanRegistered',
  data: {
    planId: PLAN_ID,
    code: 'EC-PAEA-2026-2027',
    title: 'Tercer Plan de Acción de Estado Abierto Ecuador 2026–2027',
    country: 'EC',
    period: PLAN_PERIOD,
    coreGroup: [
      {
        memberId: 'gn-gobierno',
        name: 'Dirección de Gobierno Abierto',
        sector: 'government',
        organization: 'Presidencia de la República',
      },
      {
        memberId: CORE_GROUP_MEMBER_ID,
        name: 'Ana Lucía Paredes',
        sector: 'civil-society',
        organization: 'Red de organizaciones de sociedad civil',
      },
      { memberId: 'gn-academia', name: 'Jorge Andrade', sector: 'academia' },
    ],
  },
};

// ── institutions and organizations ────────────────────────────────────────────────────────

export const ministerioDelTrabajoRegistered: InstitutionRegistered = {
  type: 'InstitutionRegistered',
  data: {
    institutionId: MDT_ID,
    name: 'Ministerio del Trabajo',
    acronym: 'MDT',
    stateFunction: 'executive',
    governmentLevel: 'national',
  },
};

export const sercopRegistered: InstitutionRegistered = {
  type: 'InstitutionRegistered',
  data: {
    institutionId: OTHER_INSTITUTION_ID,
    name: 'Servicio Nacional de Contratación Pública',
    acronym: 'SERCOP',
    stateFunction: 'executive',
    governmentLevel: 'national',
  },
};

export const fundacionAlianzaRegistered: OrganizationRegistered = {
  type: 'OrganizationRegistered',
  data: {
    organizationId: FAE_ID,
    name: 'Fundación Alianza Estratégica',
    sector: 'civil-society',
    representative: { name: 'Carlos Vinueza', position: 'Director Ejecutivo' },
  },
};

export const planRef = (): PlanRef =>
  toPlanRef(PLAN_ID, fold(actionPlanDecider, [actionPlanRegistered]));
export const mdtRef = (): InstitutionRef =>
  toInstitutionRef(MDT_ID, fold(institutionDecider, [ministerioDelTrabajoRegistered]));
export const sercopRef = (): InstitutionRef =>
  toInstitutionRef(OTHER_INSTITUTION_ID, fold(institutionDecider, [sercopRegistered]));
export const faeRef = (): OrganizationRef =>
  toOrganizationRef(FAE_ID, fold(organizationDecider, [fundacionAlianzaRegistered]));

// ── commitment ────────────────────────────────────────────────────────────────────────────

export const commitmentDraftedData: CommitmentDrafted['data'] = {
  commitmentId: COMMITMENT_ID,
  planId: PLAN_ID,
  number: 7,
  title: 'Implementación de la Política de Calidad de los Servicios Públicos',
  problem:
    'La ciudadanía no cuenta con mecanismos para conocer ni incidir en la calidad de los servicios públicos que recibe.',
  statusQuo:
    'Las instituciones miden la satisfacción de forma dispersa y sin publicar resultados comparables.',
  objective:
    'Implementar la Política de Calidad de los Servicios Públicos con participación ciudadana y datos abiertos.',
  howItSolves:
    'Publica estándares y resultados de calidad, y abre espacios de retroalimentación ciudadana sobre los servicios.',
  relevance: {
    transparency: 'Publica en formato abierto los resultados de calidad de los servicios.',
    participation: 'La ciudadanía evalúa los servicios y propone mejoras.',
  },
  period: COMMITMENT_PERIOD,
  responsible: {
    institutionId: MDT_ID,
    unit: 'Dirección de Mejora Continua e Innovación del Servicio Público',
  },
  counterpart: { organizationId: FAE_ID, sector: 'civil-society' },
  supportingActors: [{ name: 'Universidad Central del Ecuador', sector: 'academia' }],
  contact: {
    name: 'Paola Benítez',
    position: 'Directora de Mejora Continua e Innovación del Servicio Público',
    email: 'mejora.continua@trabajo.gob.ec',
    phone: '+593 2 381 4000',
  },
};

export const draftCommitmentData = (): DraftCommitment['data'] => ({
  ...commitmentDraftedData,
  context: { plan: planRef(), institution: mdtRef(), counterpart: faeRef() },
});

export const commitmentDrafted: CommitmentDrafted = {
  type: 'CommitmentDrafted',
  data: commitmentDraftedData,
};

export const milestones = {
  diagnosis: {
    type: 'MilestonePlanned',
    data: {
      milestoneId: 'h1',
      deliverable: 'Diagnóstico de la calidad de los servicios públicos priorizados',
      weight: 30,
      start: '2026-02-01',
      due: '2026-06-30',
    },
  },
  standards: {
    type: 'MilestonePlanned',
    data: {
      milestoneId: 'h2',
      deliverable: 'Estándares de calidad publicados en datos abiertos',
      weight: 40,
      start: '2026-07-01',
      due: '2027-03-31',
    },
  },
  feedback: {
    type: 'MilestonePlanned',
    data: {
      milestoneId: 'h3',
      deliverable: 'Mecanismo de retroalimentación ciudadana en funcionamiento',
      weight: 30,
      start: '2027-04-01',
      due: '2027-12-15',
    },
  },
} satisfies Record<string, MilestonePlanned>;

export const administratorDesignated: AdministratorDesignated = {
  type: 'AdministratorDesignated',
  data: {
    name: 'Paola Benítez',
    position: 'Directora de Mejora Continua e Innovación del Servicio Público',
    unit: 'Dirección de Mejora Continua e Innovación del Servicio Público',
    email: 'mejora.continua@trabajo.gob.ec',
  },
};

export const signatories = {
  institution: { name: 'Roberto Salazar', position: 'Ministro del Trabajo' },
  counterpart: { name: 'Carlos Vinueza', position: 'Director Ejecutivo' },
};

export const institutionSigned: ActaSignatureAdded = {
  type: 'ActaSignatureAdded',
  data: {
    party: 'institution',
    actaNumber: ACTA_NUMBER,
    signedOn: ACTA_SIGNED_ON,
    place: ACTA_PLACE,
    signatory: signatories.institution,
  },
};

export const counterpartSigned: ActaSignatureAdded = {
  type: 'ActaSignatureAdded',
  data: {
    party: 'counterpart',
    actaNumber: ACTA_NUMBER,
    signedOn: ACTA_SIGNED_ON,
    place: ACTA_PLACE,
    signatory: signatories.counterpart,
  },
};

export const actaSigned: ActaSigned = {
  type: 'ActaSigned',
  data: {
    actaNumber: ACTA_NUMBER,
    signedOn: ACTA_SIGNED_ON,
    place: ACTA_PLACE,
    signatories,
    administrator: administratorDesignated.data,
  },
};

/** A SHA-256 digest of a (fictitious) evidence document. */
export const SAMPLE_SHA256 = 'a'.repeat(16) + 'b'.repeat(16) + '0123456789abcdef'.repeat(2);

export const evidence = (overrides: Partial<EvidenceInput> = {}): EvidenceInput => ({
  title: 'Informe de diagnóstico',
  url: 'https://gobiernoabierto.ec/evidencias/mdt/diagnostico.pdf',
  sha256: SAMPLE_SHA256,
  classification: 'public',
  ...overrides,
});

/** Drafted, with the three milestones (weights 30/40/30) and the administrator: ready to sign. */
export const readyToSignHistory = (): CommitmentEvent[] => [
  commitmentDrafted,
  milestones.diagnosis,
  milestones.standards,
  milestones.feedback,
  administratorDesignated,
];

/** The acta signed by both parties in Quito on 2026-01-28: in implementation. */
export const signedHistory = (): CommitmentEvent[] => [
  ...readyToSignHistory(),
  institutionSigned,
  counterpartSigned,
  actaSigned,
];

export const commitmentStateOf = (events: CommitmentEvent[]) => fold(commitmentDecider, events);
