import type { Role } from '@hitos/domain';

/** Who is asking: what they may read of classified content depends on it. */
export interface Reader {
  role: Role;
  /** The institution (role institution) or organization (role counterpart) they speak for. */
  organizationId?: string;
}

export const PUBLIC_READER: Reader = { role: 'public' };

/** The two parties of a commitment, as the read models name them. */
export interface CommitmentParties {
  responsible_institution_id: string;
  counterpart_organization_id: string;
}

/**
 * Reserved and confidential content is for the commitment's responsible institution, its
 * counterpart, the Presidency and the auditors; everyone else (the public, the Core Group, other
 * institutions and organizations) reads only what is public. Mirrors the API's fold-based rule.
 */
export function mayReadClassified(reader: Reader, parties: CommitmentParties): boolean {
  switch (reader.role) {
    case 'presidency':
    case 'auditor':
      return true;
    case 'institution':
      return (
        reader.organizationId !== undefined &&
        reader.organizationId === parties.responsible_institution_id
      );
    case 'counterpart':
      return (
        reader.organizationId !== undefined &&
        reader.organizationId === parties.counterpart_organization_id
      );
    default:
      return false;
  }
}

/**
 * The same rule as a SQL condition over rows that name both parties in the given columns, for
 * lists that mix commitments. Bind it with {@link classifiedParams}.
 */
export function classifiedCondition(institutionColumn: string, counterpartColumn: string): string {
  return `(@seesAll = 1
    OR (@role = 'institution' AND ${institutionColumn} = @organizationId)
    OR (@role = 'counterpart' AND ${counterpartColumn} = @organizationId))`;
}

export function classifiedParams(reader: Reader) {
  return {
    seesAll: reader.role === 'presidency' || reader.role === 'auditor' ? 1 : 0,
    role: reader.role,
    // A reader with no organization matches no party; a non-id value keeps the SQL simple.
    organizationId: reader.organizationId ?? '\u0000',
  };
}

export interface PageRequest {
  limit?: number;
  offset?: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 500;

/** Bounds a caller's page so one request cannot ask for the whole table. */
export function pageOf(request: PageRequest = {}): { limit: number; offset: number } {
  const limit = Math.min(Math.max(Math.trunc(request.limit ?? DEFAULT_LIMIT), 1), MAX_LIMIT);
  const offset = Math.max(Math.trunc(request.offset ?? 0), 0);
  return { limit, offset };
}
