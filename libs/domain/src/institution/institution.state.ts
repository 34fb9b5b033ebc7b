import type { IsoDate } from '../kernel/dates';
import type {
  GovernmentLevel,
  InstitutionEvent,
  InstitutionRedesigned,
  StateFunction,
} from './institution.events';

interface InstitutionDetails {
  institutionId: string;
  name: string;
  acronym: string;
  stateFunction: StateFunction;
  governmentLevel: GovernmentLevel;
  /** Earlier names, oldest first, so a renamed institution stays recognisable in history. */
  formerNames: string[];
  redesigns: InstitutionRedesigned['data'][];
}

/**
 * `Active` may hold commitments (a renaming keeps it active). `Ended` was merged, split or
 * abolished: it may not hold commitments nor be redesigned again.
 */
export type InstitutionState =
  | { status: 'Empty' }
  | (InstitutionDetails & { status: 'Active' })
  | (InstitutionDetails & {
      status: 'Ended';
      endedBy: 'merged' | 'split' | 'abolished';
      endedOn: IsoDate;
      successorIds: string[];
    });

export const initialInstitutionState = (): InstitutionState => ({ status: 'Empty' });

export function evolveInstitution(
  state: InstitutionState,
  event: InstitutionEvent,
): InstitutionState {
  switch (event.type) {
    case 'InstitutionRegistered':
      return { status: 'Active', ...event.data, formerNames: [], redesigns: [] };
    case 'InstitutionRedesigned': {
      if (state.status === 'Empty') return state;
      const redesigns = [...state.redesigns, event.data];
      if (event.data.kind === 'renamed')
        return {
          ...state,
          name: event.data.newName ?? state.name,
          formerNames: [...state.formerNames, state.name],
          redesigns,
        };
      return {
        ...state,
        status: 'Ended',
        endedBy: event.data.kind,
        endedOn: event.data.effectiveOn,
        successorIds: event.data.successorIds,
        redesigns,
      };
    }
    default:
      return state;
  }
}

/**
 * What other streams' decisions need to know about an institution, passed in `context`.
 * `redesigned` = ended by a merger or split (successors carry on), `abolished` = ended by
 * abolition; neither may hold commitments. When `exists` is false the other fields are blanks.
 */
export interface InstitutionRef {
  institutionId: string;
  exists: boolean;
  status: 'active' | 'redesigned' | 'abolished';
  name: string;
}

export function toInstitutionRef(institutionId: string, state: InstitutionState): InstitutionRef {
  switch (state.status) {
    case 'Empty':
      return { institutionId, exists: false, status: 'abolished', name: '' };
    case 'Active':
      return { institutionId, exists: true, status: 'active', name: state.name };
    case 'Ended':
      return {
        institutionId,
        exists: true,
        status: state.endedBy === 'abolished' ? 'abolished' : 'redesigned',
        name: state.name,
      };
  }
}
