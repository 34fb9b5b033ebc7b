/**
 * The acta de compromiso (Anexo 2): drafting the commitment, designating its administrator,
 * identifying its resources and the two parties' signatures that start implementation.
 */
import type { Command, DomainEvent } from '../kernel/decider';
import type { IsoDate, Period } from '../kernel/dates';
import { isPeriodWithin, laterOf } from '../kernel/dates';
import type { DomainError } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import {
  requireDate,
  requireEmail,
  requireEnum,
  requireIntegerInRange,
  requirePeriod,
  requireRole,
  requireText,
  optionalText,
  firstError,
  requireArray,
  notInFuture,
} from '../kernel/validation';
import type { PlanRef } from '../action-plan/action-plan.state';
import type { InstitutionRef } from '../institution/institution.state';
import type { OrganizationRef } from '../organization/organization.state';
import { ORGANIZATION_SECTORS, type OrganizationSector } from '../organization/organization.events';
import { requireScope, type CommandRules, type EventRules } from './capability';
import type { CommitmentState, ExistingCommitment } from './commitment.state';

export const PILLARS = [
  'transparency',
  'participation',
  'collaboration',
  'accountability',
] as const;
export type Pillar = (typeof PILLARS)[number];

export const SUPPORTING_SECTORS = [
  'government',
  'civil-society',
  'academia',
  'private-sector',
  'international-cooperation',
] as const;
export type SupportingSector = (typeof SUPPORTING_SECTORS)[number];

export const ACTA_PARTIES = ['institution', 'counterpart'] as const;
export type ActaParty = (typeof ACTA_PARTIES)[number];

export const RESOURCE_KINDS = [
  'technical',
  'human',
  'logistic',
  'financial',
  'cooperation',
] as const;
export type ResourceKind = (typeof RESOURCE_KINDS)[number];

/** The date and signatory of one party's signature on the acta. */
export interface Signatory {
  name: string;
  position: string;
}

/** The official who administers the acta (acta §4.1 e). */
export interface Administrator {
  name: string;
  position: string;
  unit: string;
  email: string;
}

/**
 * The institution or the Presidency drafted a commitment following OGP's template (Anexo 2 of
 * the acta). Drafting is not validation: the acta signatures move it to implementation.
 */
export type CommitmentDrafted = DomainEvent<
  'CommitmentDrafted',
  {
    commitmentId: string;
    planId: string;
    /** Position of the commitment in its plan, 1..n. */
    number: number;
    title: string;
    /** What problem does the commitment aim to address? */
    problem: string;
    /** What is the status quo (baseline)? */
    statusQuo: string;
    objective: string;
    /** How will the commitment contribute to solving the problem? */
    howItSolves: string;
    /** Why each pillar it touches is relevant; at least one. */
    relevance: Partial<Record<Pillar, string>>;
    period: Period;
    /** The institution and the unit within it that implements, e.g. its Dirección de Mejora Continua. */
    responsible: { institutionId: string; unit: string };
    counterpart: { organizationId: string; sector: OrganizationSector };
    supportingActors: { name: string; sector: SupportingSector }[];
    contact: { name: string; position: string; email: string; phone?: string };
  }
>;

/** The responsible institution named (or replaced) the acta's administrator. */
export type AdministratorDesignated = DomainEvent<'AdministratorDesignated', Administrator>;

/** One party signed the acta: the institution's highest authority or the counterpart's representative. */
export type ActaSignatureAdded = DomainEvent<
  'ActaSignatureAdded',
  {
    party: ActaParty;
    /** E.g. `MDT-CDC-2026-001`. */
    actaNumber: string;
    signedOn: IsoDate;
    /** E.g. `Distrito Metropolitano de Quito`. */
    place: string;
    signatory: Signatory;
  }
>;

/** Both parties have signed: the acta is valid and implementation starts. */
export type ActaSigned = DomainEvent<
  'ActaSigned',
  {
    actaNumber: string;
    /** The date of the later signature, when the acta became valid. */
    signedOn: IsoDate;
    place: string;
    signatories: { institution: Signatory; counterpart: Signatory };
    administrator: Administrator;
  }
>;

/** A resource for the commitment was identified (acta §4.1 b). */
export type ResourceIdentified = DomainEvent<
  'ResourceIdentified',
  {
    resourceId: string;
    kind: ResourceKind;
    description: string;
    estimatedAmount?: { amount: number; currency: string };
    /** Financial resources only subject to budget availability (art. 115 COPLAFIP). */
    budgetCertification?: string;
    /** Who provides a cooperation resource. */
    cooperant?: string;
  }
>;

/** The acta's events: the commitment as drafted, its administrator, resources and signatures. */
export type ActaEvent =
  | CommitmentDrafted
  | AdministratorDesignated
  | ActaSignatureAdded
  | ActaSigned
  | ResourceIdentified;

/**
 * Facts from other streams that drafting depends on, read by the application layer from the
 * plan, institution and organization streams (see `toPlanRef`, `toInstitutionRef`,
 * `toOrganizationRef`).
 */
export interface DraftCommitmentContext {
  plan: PlanRef;
  institution: InstitutionRef;
  counterpart: OrganizationRef;
}

/** Presidency, or the institution named as responsible. */
export type DraftCommitment = Command<
  'DraftCommitment',
  CommitmentDrafted['data'] & { context: DraftCommitmentContext }
>;

/** Responsible institution; Draft or InImplementation; a later designation replaces the earlier. */
export type DesignateAdministrator = Command<'DesignateAdministrator', Administrator>;

/**
 * Only in Draft. The party follows from the actor: role `institution` signs for the responsible
 * institution (its highest authority), role `counterpart` for the counterpart (its representative).
 */
export type SignActa = Command<
  'SignActa',
  { actaNumber: string; signedOn: string; place: string; signatory: Signatory }
>;

/** Responsible institution; Draft or InImplementation. */
export type IdentifyResource = Command<'IdentifyResource', ResourceIdentified['data']>;

/** The acta's commands. */
export type ActaCommand = DraftCommitment | DesignateAdministrator | SignActa | IdentifyResource;

type Decision = ActaEvent[] | DomainError;

/** Drafting is the one command on an empty stream: it has its own access rule. */
export function draftCommitment(command: DraftCommitment, state: CommitmentState): Decision {
  const { data, metadata } = command;
  const access =
    requireRole(command.type, metadata.actor, ['presidency', 'institution']) ??
    requireScope(command.type, metadata.actor, data.responsible?.institutionId, null);
  if (access) return access;
  if (state.status !== 'Empty') return Errors.commitmentAlreadyDrafted(state.commitmentId);

  const relevance: Partial<Record<Pillar, string>> = {};
  for (const pillar of PILLARS) {
    const explanation = data.relevance?.[pillar];
    if (typeof explanation === 'string' && explanation.trim() !== '')
      relevance[pillar] = explanation;
  }
  const invalid =
    requireText('commitmentId', data.commitmentId) ??
    requireText('planId', data.planId) ??
    requireIntegerInRange('number', data.number, 1, Number.MAX_SAFE_INTEGER) ??
    requireText('title', data.title) ??
    requireText('problem', data.problem) ??
    requireText('statusQuo', data.statusQuo) ??
    requireText('objective', data.objective) ??
    requireText('howItSolves', data.howItSolves) ??
    (Object.keys(relevance).length === 0 ? Errors.relevancePillarRequired() : undefined) ??
    requirePeriod('period', data.period) ??
    requireText('responsible.institutionId', data.responsible?.institutionId) ??
    requireText('responsible.unit', data.responsible?.unit) ??
    requireText('counterpart.organizationId', data.counterpart?.organizationId) ??
    requireEnum('counterpart.sector', data.counterpart?.sector, ORGANIZATION_SECTORS) ??
    requireArray('supportingActors', data.supportingActors) ??
    firstError(
      data.supportingActors,
      (actor, i) =>
        requireText(`supportingActors[${i}].name`, actor?.name) ??
        requireEnum(`supportingActors[${i}].sector`, actor?.sector, SUPPORTING_SECTORS),
    ) ??
    requireText('contact.name', data.contact?.name) ??
    requireText('contact.position', data.contact?.position) ??
    requireEmail('contact.email', data.contact?.email) ??
    optionalText('contact.phone', data.contact?.phone);
  if (invalid) return invalid;

  const missingContext =
    (data.context?.plan ? undefined : Errors.requiredFieldMissing('context.plan')) ??
    (data.context?.institution ? undefined : Errors.requiredFieldMissing('context.institution')) ??
    (data.context?.counterpart ? undefined : Errors.requiredFieldMissing('context.counterpart'));
  if (missingContext) return missingContext;
  const { plan, institution, counterpart } = data.context;
  const refusal =
    (plan.planId !== data.planId
      ? Errors.contextMismatch('context.plan', data.planId, plan.planId)
      : undefined) ??
    (institution.institutionId !== data.responsible.institutionId
      ? Errors.contextMismatch(
          'context.institution',
          data.responsible.institutionId,
          institution.institutionId,
        )
      : undefined) ??
    (counterpart.organizationId !== data.counterpart.organizationId
      ? Errors.contextMismatch(
          'context.counterpart',
          data.counterpart.organizationId,
          counterpart.organizationId,
        )
      : undefined) ??
    (plan.exists ? undefined : Errors.planNotFound(plan.planId)) ??
    (institution.exists ? undefined : Errors.institutionNotFound(institution.institutionId)) ??
    (institution.status === 'active'
      ? undefined
      : Errors.institutionNotActive(institution.institutionId, institution.status)) ??
    (counterpart.exists ? undefined : Errors.organizationNotFound(counterpart.organizationId)) ??
    (counterpart.sector === data.counterpart.sector
      ? undefined
      : Errors.counterpartSectorMismatch(
          counterpart.organizationId,
          data.counterpart.sector,
          counterpart.sector,
        )) ??
    (isPeriodWithin(data.period, plan.period)
      ? undefined
      : Errors.commitmentPeriodOutsidePlan(data.period, plan.period));
  if (refusal) return refusal;

  const { contact } = data;
  return [
    {
      type: 'CommitmentDrafted',
      data: {
        commitmentId: data.commitmentId,
        planId: data.planId,
        number: data.number,
        title: data.title,
        problem: data.problem,
        statusQuo: data.statusQuo,
        objective: data.objective,
        howItSolves: data.howItSolves,
        relevance,
        period: { start: data.period.start, end: data.period.end },
        responsible: {
          institutionId: data.responsible.institutionId,
          unit: data.responsible.unit,
        },
        counterpart: {
          organizationId: data.counterpart.organizationId,
          sector: data.counterpart.sector,
        },
        supportingActors: data.supportingActors.map(({ name, sector }) => ({ name, sector })),
        contact: {
          name: contact.name,
          position: contact.position,
          email: contact.email,
          ...(contact.phone !== undefined && contact.phone !== null
            ? { phone: contact.phone }
            : {}),
        },
      },
    },
  ];
}

function designateAdministrator(command: DesignateAdministrator): Decision {
  const { data } = command;
  const invalid =
    requireText('name', data.name) ??
    requireText('position', data.position) ??
    requireText('unit', data.unit) ??
    requireEmail('email', data.email);
  if (invalid) return invalid;
  const { name, position, unit, email } = data;
  return [{ type: 'AdministratorDesignated', data: { name, position, unit, email } }];
}

function signActa(command: SignActa, state: ExistingCommitment): Decision {
  const { data, metadata } = command;
  const party: ActaParty = metadata.actor.role === 'institution' ? 'institution' : 'counterpart';
  const invalid =
    requireText('actaNumber', data.actaNumber) ??
    requireDate('signedOn', data.signedOn) ??
    notInFuture('signedOn', data.signedOn, metadata.now) ??
    requireText('place', data.place) ??
    requireText('signatory.name', data.signatory?.name) ??
    requireText('signatory.position', data.signatory?.position);
  if (invalid) return invalid;
  if (!state.administrator) return Errors.administratorNotDesignated();
  if (state.milestones.length === 0) return Errors.noMilestonesPlanned();
  if (state.signatures[party]) return Errors.actaAlreadySignedByParty(party);
  const other = state.signatures[party === 'institution' ? 'counterpart' : 'institution'];
  if (other && other.actaNumber !== data.actaNumber)
    return Errors.actaNumberMismatch(other.actaNumber, data.actaNumber);
  if (other && other.place !== data.place) return Errors.actaPlaceMismatch(other.place, data.place);

  const signatory = { name: data.signatory.name, position: data.signatory.position };
  const added: ActaEvent = {
    type: 'ActaSignatureAdded',
    data: {
      party,
      actaNumber: data.actaNumber,
      signedOn: data.signedOn,
      place: data.place,
      signatory,
    },
  };
  if (!other) return [added];
  return [
    added,
    {
      type: 'ActaSigned',
      data: {
        actaNumber: data.actaNumber,
        signedOn: laterOf(other.signedOn, data.signedOn),
        place: data.place,
        signatories:
          party === 'institution'
            ? { institution: signatory, counterpart: other.signatory }
            : { institution: other.signatory, counterpart: signatory },
        administrator: state.administrator,
      },
    },
  ];
}

const CURRENCY = /^[A-Z]{3}$/;

function identifyResource(command: IdentifyResource, state: ExistingCommitment): Decision {
  const { data } = command;
  const amount = data.estimatedAmount;
  const invalid =
    requireText('resourceId', data.resourceId) ??
    requireEnum('kind', data.kind, RESOURCE_KINDS) ??
    requireText('description', data.description) ??
    (amount !== undefined && amount !== null
      ? typeof amount.amount !== 'number' || !Number.isFinite(amount.amount) || amount.amount < 0
        ? Errors.invalidField(
            'estimatedAmount.amount',
            amount.amount,
            'expected a non-negative number',
          )
        : CURRENCY.test(amount.currency ?? '')
          ? undefined
          : Errors.invalidField(
              'estimatedAmount.currency',
              amount.currency,
              'expected an ISO 4217 code',
            )
      : undefined) ??
    (data.kind === 'financial' && requireText('budgetCertification', data.budgetCertification)
      ? Errors.resourceBudgetCertificationRequired(data.resourceId)
      : undefined) ??
    (data.kind === 'cooperation' && requireText('cooperant', data.cooperant)
      ? Errors.resourceCooperantRequired(data.resourceId)
      : undefined);
  if (invalid) return invalid;
  if (state.resources.some((r) => r.resourceId === data.resourceId))
    return Errors.resourceIdDuplicate(data.resourceId);
  return [
    {
      type: 'ResourceIdentified',
      data: {
        resourceId: data.resourceId,
        kind: data.kind,
        description: data.description,
        ...(amount
          ? { estimatedAmount: { amount: amount.amount, currency: amount.currency } }
          : {}),
        ...(data.budgetCertification ? { budgetCertification: data.budgetCertification } : {}),
        ...(data.cooperant ? { cooperant: data.cooperant } : {}),
      },
    },
  ];
}

/** Who may run each command of this part, in which statuses, and what it decides. */
export const ACTA_COMMANDS: CommandRules<Exclude<ActaCommand, DraftCommitment>, ActaEvent> = {
  DesignateAdministrator: {
    roles: ['institution'],
    statuses: ['Draft', 'InImplementation'],
    decide: designateAdministrator,
  },
  SignActa: { roles: ['institution', 'counterpart'], statuses: ['Draft'], decide: signActa },
  IdentifyResource: {
    roles: ['institution'],
    statuses: ['Draft', 'InImplementation'],
    decide: identifyResource,
  },
};

/** Each event of this part: its schema version and its audit line (Spanish and English). */
export const ACTA_EVENTS: EventRules<ActaEvent> = {
  CommitmentDrafted: {
    version: 1,
    summary: (d) => ({
      es: `Se redactó el compromiso ${d.number} «${d.title}».`,
      en: `Commitment ${d.number} "${d.title}" drafted.`,
    }),
  },
  AdministratorDesignated: {
    version: 1,
    summary: (d) => ({
      es: `Se designó a ${d.name} (${d.position}) como administrador/a del acta.`,
      en: `${d.name} (${d.position}) designated administrator of the acta.`,
    }),
  },
  ActaSignatureAdded: {
    version: 1,
    summary: (d) => ({
      es: `${d.party === 'institution' ? 'La institución' : 'La contraparte'} firmó el acta ${d.actaNumber} (${d.signatory.name}, ${d.signedOn}).`,
      en: `The ${d.party} signed acta ${d.actaNumber} (${d.signatory.name}, ${d.signedOn}).`,
    }),
  },
  ActaSigned: {
    version: 1,
    summary: (d) => ({
      es: `El acta ${d.actaNumber} quedó firmada por ambas partes en ${d.place} el ${d.signedOn}; empieza la implementación.`,
      en: `Acta ${d.actaNumber} signed by both parties in ${d.place} on ${d.signedOn}; implementation starts.`,
    }),
  },
  ResourceIdentified: {
    version: 1,
    summary: (d) => {
      const es = {
        technical: 'técnico',
        human: 'humano',
        logistic: 'logístico',
        financial: 'financiero',
        cooperation: 'de cooperación',
      }[d.kind];
      return {
        es: `Se identificó un recurso ${es}: ${d.description}.`,
        en: `A ${d.kind} resource was identified: ${d.description}.`,
      };
    },
  },
};
