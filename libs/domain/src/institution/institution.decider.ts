import type { Decider } from '../kernel/decider';
import type { DomainError } from '../kernel/domain-error';
import { Errors } from '../kernel/error-catalogue';
import {
  duplicateOf,
  requireArray,
  requireDate,
  requireEnum,
  requireRole,
  requireText,
  requireTimestamp,
} from '../kernel/validation';
import type {
  InstitutionCommand,
  RecordInstitutionalRedesign,
  RegisterInstitution,
} from './institution.commands';
import {
  GOVERNMENT_LEVELS,
  REDESIGN_KINDS,
  STATE_FUNCTIONS,
  type InstitutionEvent,
} from './institution.events';
import {
  evolveInstitution,
  initialInstitutionState,
  type InstitutionState,
} from './institution.state';

function registerInstitution(
  command: RegisterInstitution,
  state: InstitutionState,
): InstitutionEvent[] | DomainError {
  const { data, metadata } = command;
  const refusal =
    requireTimestamp('metadata.now', metadata.now) ??
    requireRole(command.type, metadata.actor, ['presidency']) ??
    (state.status !== 'Empty'
      ? Errors.institutionAlreadyRegistered(state.institutionId)
      : undefined) ??
    requireText('institutionId', data.institutionId) ??
    requireText('name', data.name) ??
    requireText('acronym', data.acronym) ??
    requireEnum('stateFunction', data.stateFunction, STATE_FUNCTIONS) ??
    requireEnum('governmentLevel', data.governmentLevel, GOVERNMENT_LEVELS);
  if (refusal) return refusal;
  return [
    {
      type: 'InstitutionRegistered',
      data: {
        institutionId: data.institutionId,
        name: data.name,
        acronym: data.acronym,
        stateFunction: data.stateFunction,
        governmentLevel: data.governmentLevel,
      },
    },
  ];
}

const SUCCESSORS_EXPECTED = {
  merged: { ok: (n: number) => n === 1, expected: 'exactly 1' },
  split: { ok: (n: number) => n >= 2, expected: 'at least 2' },
  renamed: { ok: (n: number) => n === 0, expected: '0' },
  abolished: { ok: () => true, expected: '0 or more' },
} as const;

function recordInstitutionalRedesign(
  command: RecordInstitutionalRedesign,
  state: InstitutionState,
): InstitutionEvent[] | DomainError {
  const { data, metadata } = command;
  const access =
    requireTimestamp('metadata.now', metadata.now) ??
    requireRole(command.type, metadata.actor, ['presidency']);
  if (access) return access;
  if (state.status === 'Empty') return Errors.institutionNotFound(data.institutionId);
  if (state.status === 'Ended') return Errors.institutionEnded(state.institutionId, state.endedBy);

  const refusal =
    (data.institutionId !== state.institutionId
      ? Errors.contextMismatch('institutionId', state.institutionId, data.institutionId)
      : undefined) ??
    requireEnum('kind', data.kind, REDESIGN_KINDS) ??
    requireText('legalInstrument', data.legalInstrument) ??
    requireDate('effectiveOn', data.effectiveOn) ??
    requireArray('successorIds', data.successorIds) ??
    (data.kind === 'renamed' && requireText('newName', data.newName)
      ? Errors.redesignNewNameRequired()
      : undefined);
  if (refusal) return refusal;

  const successorIds = data.successorIds;
  const rule = SUCCESSORS_EXPECTED[data.kind];
  if (!rule.ok(successorIds.length))
    return Errors.redesignSuccessorCount(data.kind, rule.expected, successorIds.length);
  if (successorIds.includes(state.institutionId))
    return Errors.redesignSuccessorIsSelf(state.institutionId);
  const duplicate = duplicateOf(successorIds);
  if (duplicate !== undefined) return Errors.redesignSuccessorDuplicate(duplicate);
  const refs = data.context?.successors ?? [];
  for (const successorId of successorIds) {
    const ref = refs.find((candidate) => candidate.institutionId === successorId);
    if (!ref || !ref.exists) return Errors.redesignSuccessorNotFound(successorId);
    if (ref.status !== 'active') return Errors.redesignSuccessorNotActive(successorId, ref.status);
  }
  return [
    {
      type: 'InstitutionRedesigned',
      data: {
        institutionId: state.institutionId,
        kind: data.kind,
        legalInstrument: data.legalInstrument,
        effectiveOn: data.effectiveOn,
        successorIds: [...successorIds],
        ...(data.kind === 'renamed' ? { newName: data.newName } : {}),
      },
    },
  ];
}

export const institutionDecider: Decider<InstitutionCommand, InstitutionEvent, InstitutionState> = {
  initialState: initialInstitutionState,
  evolve: evolveInstitution,
  decide(command, state) {
    switch (command.type) {
      case 'RegisterInstitution':
        return registerInstitution(command, state);
      case 'RecordInstitutionalRedesign':
        return recordInstitutionalRedesign(command, state);
    }
  },
};
