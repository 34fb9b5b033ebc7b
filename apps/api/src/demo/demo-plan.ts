/**
 * The demo: Ecuador's Third Open State Action Plan 2026–2027 with the commitment validated by
 * acta MDT-CDC-2026-001 (Ministerio del Trabajo and Fundación Alianza Estratégica, signed in
 * Quito on 28 January 2026), and eleven more commitments, marked "(ilustrativo)", to fill a
 * plan of twelve. The acta names positions, not persons, and its Annex 2 (the OGP template
 * with the milestones) is not in the source text: people's names and the milestones are
 * illustrative too.
 *
 * The dates here are the acta's own; when the demo's history happened on the day it is loaded
 * is `demo-calendar.ts`'s rule, which may move them by whole years.
 */
import type { GrantableRole, Role } from '@hitos/domain';

export const DEMO_PLAN_ID = 'ec-paea-2026-2027';
export const DEMO_COMMITMENT_ID = 'calidad-servicios-publicos';
export const ILLUSTRATIVE = '(ilustrativo)';

export const demoPlan = {
  planId: DEMO_PLAN_ID,
  code: 'EC-PAEA-2026-2027',
  title: 'Tercer Plan de Acción de Estado Abierto Ecuador 2026–2027',
  country: 'EC',
  period: { start: '2026-01-01', end: '2027-12-31' },
  coreGroup: [
    {
      memberId: 'gn-presidencia',
      name: 'Dirección de Gobierno Abierto',
      sector: 'government' as const,
      organization: 'Presidencia de la República',
    },
    {
      memberId: 'gn-sociedad-civil',
      name: 'Representante de sociedad civil (ilustrativo)',
      sector: 'civil-society' as const,
    },
    {
      memberId: 'gn-academia',
      name: 'Representante de la academia (ilustrativo)',
      sector: 'academia' as const,
    },
    {
      memberId: 'gn-sector-privado',
      name: 'Representante del sector privado (ilustrativo)',
      sector: 'private-sector' as const,
    },
  ],
};

type StateFunction =
  'executive' | 'legislative' | 'judicial' | 'electoral' | 'transparency-and-social-control';
type Level = 'national' | 'provincial' | 'municipal' | 'parish';

export const demoInstitutions: {
  institutionId: string;
  name: string;
  acronym: string;
  stateFunction: StateFunction;
  governmentLevel: Level;
}[] = [
  {
    institutionId: 'mdt',
    name: 'Ministerio del Trabajo',
    acronym: 'MDT',
    stateFunction: 'executive',
    governmentLevel: 'national',
  },
  {
    institutionId: 'sercop',
    name: 'Servicio Nacional de Contratación Pública',
    acronym: 'SERCOP',
    stateFunction: 'executive',
    governmentLevel: 'national',
  },
  {
    institutionId: 'mineduc',
    name: 'Ministerio de Educación',
    acronym: 'MINEDUC',
    stateFunction: 'executive',
    governmentLevel: 'national',
  },
  {
    institutionId: 'msp',
    name: 'Ministerio de Salud Pública',
    acronym: 'MSP',
    stateFunction: 'executive',
    governmentLevel: 'national',
  },
  {
    institutionId: 'maate',
    name: 'Ministerio del Ambiente, Agua y Transición Ecológica',
    acronym: 'MAATE',
    stateFunction: 'executive',
    governmentLevel: 'national',
  },
  {
    institutionId: 'asamblea',
    name: 'Asamblea Nacional',
    acronym: 'AN',
    stateFunction: 'legislative',
    governmentLevel: 'national',
  },
  {
    institutionId: 'judicatura',
    name: 'Consejo de la Judicatura',
    acronym: 'CJ',
    stateFunction: 'judicial',
    governmentLevel: 'national',
  },
  {
    institutionId: 'cne',
    name: 'Consejo Nacional Electoral',
    acronym: 'CNE',
    stateFunction: 'electoral',
    governmentLevel: 'national',
  },
  {
    institutionId: 'cpccs',
    name: 'Consejo de Participación Ciudadana y Control Social',
    acronym: 'CPCCS',
    stateFunction: 'transparency-and-social-control',
    governmentLevel: 'national',
  },
  {
    institutionId: 'gad-quito',
    name: 'Municipio del Distrito Metropolitano de Quito',
    acronym: 'MDMQ',
    stateFunction: 'executive',
    governmentLevel: 'municipal',
  },
  {
    institutionId: 'inec',
    name: 'Instituto Nacional de Estadística y Censos',
    acronym: 'INEC',
    stateFunction: 'executive',
    governmentLevel: 'national',
  },
];

export const demoOrganizations = [
  {
    organizationId: 'fundacion-alianza-estrategica',
    name: 'Fundación Alianza Estratégica',
    sector: 'civil-society' as const,
    representative: {
      name: 'Director Ejecutivo (nombre ilustrativo)',
      position: 'Director Ejecutivo',
    },
  },
  {
    organizationId: 'org-observatorio-ciudadano',
    name: 'Observatorio Ciudadano (ilustrativo)',
    sector: 'civil-society' as const,
  },
  {
    organizationId: 'org-universidad-publica',
    name: 'Universidad pública (ilustrativo)',
    sector: 'academia' as const,
  },
  {
    organizationId: 'org-camara-comercio',
    name: 'Cámara de comercio (ilustrativo)',
    sector: 'private-sector' as const,
  },
  {
    organizationId: 'org-red-juvenil',
    name: 'Red juvenil por la transparencia (ilustrativo)',
    sector: 'civil-society' as const,
  },
];

/** The acta's own commitment; its illustrative milestones are laid out by the demo's calendar. */
export const actaCommitment = {
  commitmentId: DEMO_COMMITMENT_ID,
  planId: DEMO_PLAN_ID,
  number: 1,
  title: 'Implementación de la Política de Calidad de los Servicios Públicos',
  problem:
    'La ciudadanía no cuenta con mecanismos para conocer ni incidir en la calidad de los servicios públicos que recibe.',
  statusQuo:
    'Las instituciones miden la calidad y la satisfacción de forma dispersa, sin resultados comparables ni publicados.',
  objective:
    'Implementar la Política de Calidad de los Servicios Públicos con participación ciudadana y rendición de cuentas.',
  howItSolves:
    'Publica estándares y resultados de calidad y abre canales de retroalimentación ciudadana sobre los servicios.',
  relevance: {
    transparency: 'Publica los resultados de calidad de los servicios públicos en datos abiertos.',
    participation:
      'La ciudadanía evalúa los servicios y propone mejoras en talleres territoriales.',
    accountability: 'Las instituciones rinden cuentas de sus resultados de calidad.',
  },
  period: { start: '2026-01-01', end: '2027-12-31' },
  responsible: {
    institutionId: 'mdt',
    unit: 'Dirección de Mejora Continua e Innovación del Servicio Público',
  },
  counterpart: {
    organizationId: 'fundacion-alianza-estrategica',
    sector: 'civil-society' as const,
  },
  supportingActors: [{ name: 'Universidad pública (ilustrativo)', sector: 'academia' as const }],
  contact: {
    name: 'Director/a de Mejora Continua e Innovación del Servicio Público (ilustrativo)',
    position: 'Director/a de Mejora Continua e Innovación del Servicio Público',
    email: 'gobierno.abierto@trabajo.gob.ec',
  },
};

export const actaMilestones = [
  {
    milestoneId: 'h1',
    deliverable: 'Diagnóstico de la calidad de los servicios públicos priorizados (ilustrativo)',
    weight: 25,
  },
  {
    milestoneId: 'h2',
    deliverable: 'Estándares de calidad aprobados y publicados en datos abiertos (ilustrativo)',
    weight: 25,
  },
  {
    milestoneId: 'h3',
    deliverable: 'Mecanismo de retroalimentación ciudadana en funcionamiento (ilustrativo)',
    weight: 25,
  },
  {
    milestoneId: 'h4',
    deliverable: 'Informe público de resultados de calidad de los servicios (ilustrativo)',
    weight: 25,
  },
];

export const actaAdministrator = {
  name: 'Director/a de Mejora Continua e Innovación del Servicio Público (ilustrativo)',
  position: 'Director/a de Mejora Continua e Innovación del Servicio Público',
  unit: 'Dirección de Mejora Continua e Innovación del Servicio Público',
  email: 'gobierno.abierto@trabajo.gob.ec',
};

export const actaSignatures = {
  actaNumber: 'MDT-CDC-2026-001',
  signedOn: '2026-01-28',
  place: 'Distrito Metropolitano de Quito',
  institution: {
    name: 'Ministro/a del Trabajo (nombre ilustrativo)',
    position: 'Máxima autoridad del Ministerio del Trabajo',
  },
  counterpart: {
    name: 'Director Ejecutivo (nombre ilustrativo)',
    position: 'Director Ejecutivo de la Fundación Alianza Estratégica',
  },
};

/** The eleven illustrative commitments: who, what, and how far the demo takes each. */
export const illustrativeCommitments: {
  id: string;
  title: string;
  institutionId: string;
  organizationId: string;
  pillar: 'transparency' | 'participation' | 'collaboration' | 'accountability';
  stage: 'draft' | 'signed' | 'reporting';
  /** Its first milestone is past its due date on the load day (the others are on time). */
  late?: true;
}[] = [
  {
    id: 'compras-publicas-abiertas',
    title: 'Contrataciones públicas abiertas',
    institutionId: 'sercop',
    organizationId: 'org-observatorio-ciudadano',
    pillar: 'transparency',
    stage: 'reporting',
  },
  {
    id: 'datos-educativos',
    title: 'Datos abiertos del sistema educativo',
    institutionId: 'mineduc',
    organizationId: 'org-universidad-publica',
    pillar: 'transparency',
    stage: 'signed',
    late: true,
  },
  {
    id: 'salud-rendicion',
    title: 'Rendición de cuentas de la red pública de salud',
    institutionId: 'msp',
    organizationId: 'org-observatorio-ciudadano',
    pillar: 'accountability',
    stage: 'reporting',
  },
  {
    id: 'agua-participacion',
    title: 'Participación ciudadana en la gestión del agua',
    institutionId: 'maate',
    organizationId: 'org-red-juvenil',
    pillar: 'participation',
    stage: 'signed',
  },
  {
    id: 'parlamento-abierto',
    title: 'Parlamento abierto',
    institutionId: 'asamblea',
    organizationId: 'org-observatorio-ciudadano',
    pillar: 'participation',
    stage: 'draft',
  },
  {
    id: 'justicia-abierta',
    title: 'Justicia abierta: sentencias en datos abiertos',
    institutionId: 'judicatura',
    organizationId: 'org-universidad-publica',
    pillar: 'transparency',
    stage: 'signed',
    late: true,
  },
  {
    id: 'financiamiento-politico',
    title: 'Transparencia del financiamiento político',
    institutionId: 'cne',
    organizationId: 'org-red-juvenil',
    pillar: 'accountability',
    stage: 'draft',
  },
  {
    id: 'control-social',
    title: 'Veedurías ciudadanas digitales',
    institutionId: 'cpccs',
    organizationId: 'org-red-juvenil',
    pillar: 'participation',
    stage: 'reporting',
    late: true,
  },
  {
    id: 'quito-presupuesto',
    title: 'Presupuesto participativo abierto de Quito',
    institutionId: 'gad-quito',
    organizationId: 'org-camara-comercio',
    pillar: 'collaboration',
    stage: 'signed',
  },
  {
    id: 'estadisticas-genero',
    title: 'Estadísticas abiertas con enfoque de género',
    institutionId: 'inec',
    organizationId: 'org-universidad-publica',
    pillar: 'collaboration',
    stage: 'draft',
  },
  {
    id: 'empleo-publico-abierto',
    title: 'Concursos de empleo público abiertos',
    institutionId: 'mdt',
    organizationId: 'org-camara-comercio',
    pillar: 'accountability',
    stage: 'reporting',
  },
];

export const PILLAR_TEXT = {
  transparency: 'Publica información pública en formatos abiertos y reutilizables.',
  participation: 'Abre espacios para que la ciudadanía incida en las decisiones.',
  collaboration: 'Co-crea soluciones con la sociedad civil, la academia y el sector privado.',
  accountability: 'Fortalece la rendición de cuentas y la integridad pública.',
} as const;

/** The people the demo acts as, and for whom it prints tokens. */
export const demoActors: { key: string; label: string; sub: string; role: Role; org?: string }[] = [
  {
    key: 'presidency',
    label: 'Presidencia (Dirección de Gobierno Abierto)',
    sub: 'demo-presidencia',
    role: 'presidency',
  },
  { key: 'mdt', label: 'Ministerio del Trabajo', sub: 'demo-mdt', role: 'institution', org: 'mdt' },
  {
    key: 'fae',
    label: 'Fundación Alianza Estratégica',
    sub: 'demo-fae',
    role: 'counterpart',
    org: 'fundacion-alianza-estrategica',
  },
  // The civil-society member of the plan's Core Group (its member id is the person's subject),
  // so that the demo's Core Group concurs as a member of the plan.
  { key: 'core-group', label: 'Grupo Núcleo', sub: 'gn-sociedad-civil', role: 'core-group' },
  { key: 'auditor', label: 'Auditor (MRI / IRM)', sub: 'demo-auditor', role: 'auditor' },
];

/**
 * The roles the Presidency grants the demo's people (the subjects of the demo tokens), with the
 * reason each grant records: who may act for whom (docs/access.md).
 */
export const demoGrants: {
  sub: string;
  grantId: string;
  role: GrantableRole;
  organizationId?: string;
  reason: string;
}[] = [
  {
    sub: 'demo-presidencia',
    grantId: 'demo-presidencia-presidency',
    role: 'presidency',
    reason:
      'Punto de contacto de OGP: Dirección de Gobierno Abierto de la Presidencia (registro inicial).',
  },
  {
    sub: 'demo-mdt',
    grantId: 'demo-mdt-institution',
    role: 'institution',
    organizationId: 'mdt',
    reason:
      'Director de Mejora Continua e Innovación del Servicio Público del Ministerio del Trabajo, delegado por la máxima autoridad para el acta MDT-CDC-2026-001.',
  },
  {
    sub: 'demo-fae',
    grantId: 'demo-fae-counterpart',
    role: 'counterpart',
    organizationId: 'fundacion-alianza-estrategica',
    reason: 'Director Ejecutivo de la Fundación Alianza Estratégica, representante legal.',
  },
  {
    sub: 'gn-sociedad-civil',
    grantId: 'gn-sociedad-civil-core-group',
    role: 'core-group',
    reason: 'Representante de sociedad civil en el Grupo Núcleo del plan (ilustrativo).',
  },
  {
    sub: 'demo-auditor',
    grantId: 'demo-auditor-auditor',
    role: 'auditor',
    reason: 'Investigador del Mecanismo de Revisión Independiente (MRI) de OGP (ilustrativo).',
  },
];
