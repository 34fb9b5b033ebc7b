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
  type CommitmentMarkedTransferPending,
  type CommitmentTransferred,
  type InformationHandoverAcknowledged,
  type InstitutionRedesigned,
  type InstitutionRef,
  type InstitutionRegistered,
  type TransferDecisionConcurred,
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
  /** hitos itself: its workflows and timers. No token may claim this role. */
  system: { id: 'hitos-workflows', role: 'system' },
  /** A Core Group member of the plan, acting in person: its id is a member id of the plan. */
  coreGroupMember: { id: CORE_GROUP_MEMBER_ID, role: 'core-group' },
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

// ── institutional redesign and transfer ───────────────────────────────────────────────────

/** Id of the `InstitutionRedesigned` event that ends the MDT in the transfer fixtures. */
export const REDESIGN_EVENT_ID = '5f0c6a4e-0d2b-4a53-9a57-2b8f8e1c0a01';
export const SERCOP_UNIT = 'Dirección de Innovación y Mejora del Servicio';

/** Request timestamps of a redesign handled from mark to handover (July 2026). */
export const TRANSFER_AT = {
  marking: '2026-07-02T14:00:00.000Z',
  concurrence: '2026-07-10T15:00:00.000Z',
  decision: '2026-07-15T15:00:00.000Z',
  handover: '2026-07-30T15:00:00.000Z',
} as const;

/** Executive decree merging the MDT into SERCOP (fictitious, for the transfer examples). */
export const mdtMerged: InstitutionRedesigned = {
  type: 'InstitutionRedesigned',
  data: {
    institutionId: MDT_ID,
    kind: 'merged',
    legalInstrument: 'Decreto Ejecutivo No. 123',
    effectiveOn: '2026-07-01',
    successorIds: [OTHER_INSTITUTION_ID],
  },
};

export const mdtAbolished: InstitutionRedesigned = {
  type: 'InstitutionRedesigned',
  data: {
    institutionId: MDT_ID,
    kind: 'abolished',
    legalInstrument: 'Decreto Ejecutivo No. 124',
    effectiveOn: '2026-07-01',
    successorIds: [],
  },
};

export const mdtRenamed: InstitutionRedesigned = {
  type: 'InstitutionRedesigned',
  data: {
    institutionId: MDT_ID,
    kind: 'renamed',
    legalInstrument: 'Decreto Ejecutivo No. 125',
    effectiveOn: '2026-07-01',
    successorIds: [],
    newName: 'Ministerio del Trabajo y Empleo',
  },
};

/** The MDT after a redesign: still active when renamed, ended (redesigned/abolished) otherwise. */
export const mdtRefAfter = (redesign: InstitutionRedesigned): InstitutionRef =>
  toInstitutionRef(MDT_ID, fold(institutionDecider, [ministerioDelTrabajoRegistered, redesign]));
/** An institution no stream knows. */
export const unknownInstitutionRef = (institutionId = 'senescyt'): InstitutionRef =>
  toInstitutionRef(institutionId, fold(institutionDecider, []));

/** The redesign as `MarkTransferPending` and `CommitmentMarkedTransferPending` carry it. */
export const redesignOf = (
  redesign: InstitutionRedesigned = mdtMerged,
  eventId: string = REDESIGN_EVENT_ID,
): CommitmentMarkedTransferPending['data']['redesign'] => ({
  eventId,
  kind: redesign.data.kind,
  legalInstrument: redesign.data.legalInstrument,
  effectiveOn: redesign.data.effectiveOn,
  successorIds: [...redesign.data.successorIds],
});

export const markedTransferPending = (
  previousStatus: CommitmentMarkedTransferPending['data']['previousStatus'] = 'InImplementation',
  redesign: InstitutionRedesigned = mdtMerged,
): CommitmentMarkedTransferPending => ({
  type: 'CommitmentMarkedTransferPending',
  data: {
    institutionId: MDT_ID,
    redesign: redesignOf(redesign),
    previousStatus,
    markedOn: '2026-07-02',
  },
});

export const transferConcurred = (
  decision: TransferDecisionConcurred['data']['decision'] = 'transfer',
  toInstitutionId: string | null = decision === 'transfer' ? OTHER_INSTITUTION_ID : null,
): TransferDecisionConcurred => ({
  type: 'TransferDecisionConcurred',
  data: {
    coreGroupMemberId: CORE_GROUP_MEMBER_ID,
    reference: 'Acta de reunión del Grupo Núcleo No. 7',
    concurredOn: '2026-07-10',
    decision,
    toInstitutionId,
  },
});

/** SERCOP's administrator for the acta once the commitment is transferred to it. */
export const receivingAdministrator = {
  name: 'Mónica Herrera',
  position: 'Directora de Innovación y Mejora del Servicio',
  unit: SERCOP_UNIT,
  email: 'innovacion@sercop.gob.ec',
};

export const transferred: CommitmentTransferred = {
  type: 'CommitmentTransferred',
  data: {
    fromInstitutionId: MDT_ID,
    toInstitutionId: OTHER_INSTITUTION_ID,
    receivingUnit: SERCOP_UNIT,
    administrator: receivingAdministrator,
    reason:
      'El Decreto Ejecutivo No. 123 asigna al SERCOP las competencias de calidad del servicio.',
    concurrence: {
      coreGroupMemberId: CORE_GROUP_MEMBER_ID,
      reference: 'Acta de reunión del Grupo Núcleo No. 7',
      concurredOn: '2026-07-10',
    },
    decidedOn: '2026-07-15',
  },
};

export const handoverDocuments = () => [
  { title: 'Expediente del compromiso 7', sha256: SAMPLE_SHA256 },
  { title: 'Acta de entrega-recepción de información', sha256: 'c'.repeat(64) },
];

export const handoverAcknowledged = (
  resumedStatus: InformationHandoverAcknowledged['data']['resumedStatus'] = 'InImplementation',
): InformationHandoverAcknowledged => ({
  type: 'InformationHandoverAcknowledged',
  data: {
    fromInstitutionId: MDT_ID,
    toInstitutionId: OTHER_INSTITUTION_ID,
    receivingUnit: SERCOP_UNIT,
    documents: handoverDocuments(),
    resumedStatus,
    acknowledgedOn: '2026-07-30',
  },
});

/** Signed, then the MDT merged into SERCOP: waiting for the Presidency's decision. */
export const transferPendingHistory = (): CommitmentEvent[] => [
  ...signedHistory(),
  markedTransferPending(),
];

/** Pending, the Core Group concurred and the Presidency transferred it to SERCOP. */
export const awaitingHandoverHistory = (): CommitmentEvent[] => [
  ...transferPendingHistory(),
  transferConcurred(),
  transferred,
];
