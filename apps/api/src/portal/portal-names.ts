/**
 * Names for ids: the portal shows institutions, organizations and plans by name, never by id.
 * Read from the registry model once per page.
 */
import type { Database } from 'better-sqlite3';
import { registryList } from '@hitos/read-models';

export interface Named {
  id: string;
  name: string;
  /** An institution's acronym; null for organizations and plans. */
  acronym: string | null;
}

export class PortalNames {
  private constructor(
    private readonly institutions: Map<
      string,
      Named & { endedBy: string | null; successorIds: string[] }
    >,
    private readonly organizations: Map<string, Named & { sector: string }>,
    private readonly plans: Map<string, Named & { code: string }>,
    /** Core Group members of every plan, by member id: who concurred, in the trail's words. */
    private readonly coreGroupMembers: Map<string, string>,
  ) {}

  static read(registry: Database): PortalNames {
    const institutions = new Map(
      registryList(registry, 'institution')
        .map(({ state }) => state)
        .filter((s) => s.status !== 'Empty')
        .map((s) => [
          s.institutionId,
          {
            id: s.institutionId,
            name: s.name,
            acronym: s.acronym,
            endedBy: s.status === 'Ended' ? s.endedBy : null,
            successorIds: s.status === 'Ended' ? s.successorIds : [],
          },
        ]),
    );
    const organizations = new Map(
      registryList(registry, 'organization')
        .map(({ state }) => state)
        .filter((s) => s.status !== 'Empty')
        .map((s) => [
          s.organizationId,
          { id: s.organizationId, name: s.name, acronym: null, sector: s.sector },
        ]),
    );
    const plans = new Map(
      registryList(registry, 'plan')
        .map(({ state }) => state)
        .filter((s) => s.status !== 'Empty')
        .map((s) => [s.planId, { id: s.planId, name: s.title, acronym: null, code: s.code }]),
    );
    const coreGroupMembers = new Map<string, string>();
    for (const { state } of registryList(registry, 'plan'))
      if (state.status !== 'Empty')
        for (const member of state.coreGroup ?? [])
          coreGroupMembers.set(
            member.memberId,
            member.organization ? `${member.name}, ${member.organization}` : member.name,
          );
    return new PortalNames(institutions, organizations, plans, coreGroupMembers);
  }

  /** An institution's name; the id only if it was never registered (it should not happen). */
  institution(id: string | null | undefined): string {
    if (!id) return '—';
    return this.institutions.get(id)?.name ?? id;
  }

  institutionAcronym(id: string): string | null {
    return this.institutions.get(id)?.acronym ?? null;
  }

  institutionEntry(id: string) {
    return this.institutions.get(id) ?? null;
  }

  organization(id: string | null | undefined): string {
    if (!id) return '—';
    return this.organizations.get(id)?.name ?? id;
  }

  organizationEntry(id: string) {
    return this.organizations.get(id) ?? null;
  }

  /** An actor's organization: an institution or a civil-society organization. */
  organizationOrInstitution(id: string): string {
    return this.institutions.get(id)?.name ?? this.organizations.get(id)?.name ?? id;
  }

  /** A Core Group member by name (and the body they represent); null for an unknown id. */
  coreGroupMember(memberId: string): string | null {
    return this.coreGroupMembers.get(memberId) ?? null;
  }

  /** Whatever the id names: an institution, an organization or a plan. */
  named(id: string): string {
    return (
      this.institutions.get(id)?.name ??
      this.organizations.get(id)?.name ??
      this.plans.get(id)?.name ??
      id
    );
  }

  plan(id: string): string {
    return this.plans.get(id)?.name ?? id;
  }

  planList() {
    return [...this.plans.values()];
  }

  /** Of these plans, the one registered last: the stream a page about several of them follows. */
  latestPlanOf(planIds: Iterable<string>): string | null {
    const wanted = new Set(planIds);
    return (
      this.planList()
        .map((plan) => plan.id)
        .reverse()
        .find((id) => wanted.has(id)) ?? null
    );
  }

  /**
   * A sentence with the institution, organization and Core Group member ids it cites replaced
   * by their names (whole ids only: `mdt` in `mdt-2` is left alone).
   */
  nameIds(text: string): string {
    this.idPattern ??= idPattern([
      ...this.institutions.keys(),
      ...this.organizations.keys(),
      ...this.coreGroupMembers.keys(),
    ]);
    if (!this.idPattern) return text;
    return text.replace(this.idPattern, (id) =>
      this.institutions.has(id)
        ? this.institution(id)
        : this.organizations.has(id)
          ? this.organization(id)
          : (this.coreGroupMembers.get(id) ?? id),
    );
  }

  private idPattern: RegExp | null | undefined;
}

function idPattern(ids: string[]): RegExp | null {
  if (ids.length === 0) return null;
  const alternatives = [...ids]
    .sort((a, b) => b.length - a.length)
    .map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}_-])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_-])`, 'gu');
}

/** Links to the portal's pages: one place that knows their paths. */
export const portalPaths = {
  plan: (planId: string) => `/planes/${encodeURIComponent(planId)}`,
  commitment: (commitmentId: string) => `/compromisos/${encodeURIComponent(commitmentId)}`,
  institution: (institutionId: string) => `/instituciones/${encodeURIComponent(institutionId)}`,
  organization: (organizationId: string) => `/organizaciones/${encodeURIComponent(organizationId)}`,
};
