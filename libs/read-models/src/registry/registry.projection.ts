import {
  actionPlanDecider,
  institutionDecider,
  organizationDecider,
  type ActionPlanEvent,
  type InstitutionEvent,
  type OrganizationEvent,
} from '@hitos/domain';
import {
  defineProjection,
  type ProjectedOf,
  type ProjectionContext,
  type ProjectionHandler,
} from '@hitos/projections';

export const REGISTRY = 'registry';

/** What the registry keeps: the plans, and the parties that may hold and watch commitments. */
export type RegistryKind = 'plan' | 'institution' | 'organization';

export interface RegistryRow {
  kind: RegistryKind;
  id: string;
  /** The state as the domain folds the stream (its own `evolve`), as JSON. */
  state_json: string;
  /** The stream revision of the last event applied: the ETag `If-Match` compares with. */
  revision: number;
  position: string;
}

type RegistryEvent = ActionPlanEvent | InstitutionEvent | OrganizationEvent;

/** The folds of the three kinds, the deciders' own. */
const FOLDS = {
  plan: actionPlanDecider,
  institution: institutionDecider,
  organization: organizationDecider,
} as const;

/**
 * Folds the event into the stored state of its stream with the domain's own `evolve`, so the
 * model answers exactly what a fold of the stream would, without reading the stream.
 */
const fold =
  <E extends RegistryEvent>(kind: RegistryKind): ProjectionHandler<E> =>
  (context: ProjectionContext, event: ProjectedOf<E>) => {
    const prefix = `${kind}-`;
    if (!event.streamId.startsWith(prefix)) return;
    const id = event.streamId.slice(prefix.length);
    const decider = FOLDS[kind] as { initialState(): unknown; evolve(s: unknown, e: E): unknown };
    const row = context.get<Pick<RegistryRow, 'state_json'>>(
      `SELECT state_json FROM registry_entry WHERE kind = ? AND id = ?`,
      [kind, id],
    );
    const state = decider.evolve(row ? JSON.parse(row.state_json) : decider.initialState(), {
      type: event.type,
      data: event.data,
    } as E);
    context.run(
      `INSERT INTO registry_entry (kind, id, state_json, revision, position)
       VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (kind, id) DO UPDATE SET state_json = excluded.state_json,
         revision = excluded.revision, position = excluded.position`,
      [kind, id, JSON.stringify(state), event.revision, event.position],
    );
  };

/**
 * The registry of action plans, institutions and organizations: each one's current state (as a
 * fold of its stream) and revision, in the order they were registered, so that lists and single
 * reads need no fold of every stream per request.
 */
export const registryProjection = defineProjection<RegistryEvent>({
  name: REGISTRY,
  version: 1,
  schema: `
    CREATE TABLE registry_entry (
      kind TEXT NOT NULL,
      id TEXT NOT NULL,
      state_json TEXT NOT NULL,
      revision INTEGER NOT NULL,
      position TEXT NOT NULL,
      PRIMARY KEY (kind, id)
    );
  `,
  handlers: {
    ActionPlanRegistered: fold('plan'),
    InstitutionRegistered: fold('institution'),
    InstitutionRedesigned: fold('institution'),
    OrganizationRegistered: fold('organization'),
  },
});
