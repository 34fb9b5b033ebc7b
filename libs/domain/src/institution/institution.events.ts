import type { DomainEvent } from '../kernel/decider';
import type { IsoDate } from '../kernel/dates';

export const STATE_FUNCTIONS = [
  'executive',
  'legislative',
  'judicial',
  'electoral',
  'transparency-and-social-control',
] as const;
export type StateFunction = (typeof STATE_FUNCTIONS)[number];

export const GOVERNMENT_LEVELS = ['national', 'provincial', 'municipal', 'parish'] as const;
export type GovernmentLevel = (typeof GOVERNMENT_LEVELS)[number];

export const REDESIGN_KINDS = ['merged', 'split', 'renamed', 'abolished'] as const;
export type RedesignKind = (typeof REDESIGN_KINDS)[number];

/** The Presidency registered a public institution that may be responsible for commitments. */
export type InstitutionRegistered = DomainEvent<
  'InstitutionRegistered',
  {
    institutionId: string;
    name: string;
    acronym: string;
    /** The function of the State it belongs to (Ecuador has five). */
    stateFunction: StateFunction;
    governmentLevel: GovernmentLevel;
  }
>;

/**
 * A legal instrument redesigned the institution. `merged` (into exactly one successor), `split`
 * (into two or more) and `abolished` end it; `renamed` keeps it under `newName`. Process managers
 * react to this event by moving the commitments it holds to TransferPending.
 */
export type InstitutionRedesigned = DomainEvent<
  'InstitutionRedesigned',
  {
    institutionId: string;
    kind: RedesignKind;
    /** E.g. `Decreto Ejecutivo No. 123`. */
    legalInstrument: string;
    effectiveOn: IsoDate;
    /** Institutions that take over its competences; empty for a renaming. */
    successorIds: string[];
    /** Only for `renamed`. */
    newName?: string;
  }
>;

export type InstitutionEvent = InstitutionRegistered | InstitutionRedesigned;
export type InstitutionEventType = InstitutionEvent['type'];

export const INSTITUTION_EVENT_SCHEMA_VERSIONS: Record<InstitutionEventType, number> = {
  InstitutionRegistered: 1,
  InstitutionRedesigned: 1,
};

export const institutionStreamName = (institutionId: string) => `institution-${institutionId}`;
