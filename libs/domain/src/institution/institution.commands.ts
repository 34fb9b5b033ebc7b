import type { Command } from '../kernel/decider';
import type { InstitutionRegistered, InstitutionRedesigned } from './institution.events';
import type { InstitutionRef } from './institution.state';

/** Presidency only. */
export type RegisterInstitution = Command<'RegisterInstitution', InstitutionRegistered['data']>;

/**
 * Presidency only. `context.successors` holds a ref for every id in `successorIds`, built by the
 * application layer from those institutions' streams.
 */
export type RecordInstitutionalRedesign = Command<
  'RecordInstitutionalRedesign',
  InstitutionRedesigned['data'] & { context: { successors: InstitutionRef[] } }
>;

export type InstitutionCommand = RegisterInstitution | RecordInstitutionalRedesign;
