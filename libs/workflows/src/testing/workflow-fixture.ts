import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import {
  COMMITMENT_EVENT_SCHEMA_VERSIONS,
  INSTITUTION_EVENT_SCHEMA_VERSIONS,
  REDESIGN_HANDLING_EVENT_SCHEMA_VERSIONS,
  type Actor,
  type CommitmentEvent,
  type InstitutionRedesigned,
} from '@hitos/domain';
import {
  CommandHandling,
  UpcasterRegistry,
  type CommandContext,
  type CommandResult,
  type EventStore,
} from '@hitos/event-store';
import { ProjectionRunner } from '@hitos/projections';
import { HITOS_STREAM_PREFIXES } from '@hitos/read-models';
import { WorkflowEngine } from '../workflow-engine';
import type { WorkflowPolicy } from '../workflow-policy';
import { workflowsProjection } from '../workflows.projection';

export const upcasters = () =>
  new UpcasterRegistry({
    ...INSTITUTION_EVENT_SCHEMA_VERSIONS,
    ...COMMITMENT_EVENT_SCHEMA_VERSIONS,
    ...REDESIGN_HANDLING_EVENT_SCHEMA_VERSIONS,
  });

/** A clock the test moves. */
export class TestClock {
  constructor(private current: Date) {}
  now = (): Date => new Date(this.current);
  set(iso: string): void {
    this.current = new Date(iso);
  }
}

/** The streams the workflow engine follows, its own included. */
export const FOLLOWED = HITOS_STREAM_PREFIXES;

/** One engine as a process would run it: its runner, its command handling, its context. */
export interface EngineProcess {
  engine: WorkflowEngine;
  runner: ProjectionRunner;
  commands: CommandHandling;
  stop(): Promise<void>;
}

export function startEngine(options: {
  store: EventStore;
  directory: string;
  policy: WorkflowPolicy;
  clock: TestClock;
  /** Wraps every command the engine issues (to make it fail, as a crash would). */
  intercept?: (context: CommandContext) => void;
  tickMs?: number;
  concurrency?: number;
}): EngineProcess {
  const storage = new AsyncLocalStorage<CommandContext>();
  const commands = new CommandHandling(
    options.store,
    upcasters(),
    () => {
      const context = storage.getStore();
      if (!context) throw new Error('No command context');
      return context;
    },
    options.clock.now,
  );
  const runner = new ProjectionRunner({
    store: options.store,
    directory: options.directory,
    projections: [workflowsProjection(options.policy)],
    upcasters: upcasters(),
    streamPrefixes: FOLLOWED,
  });
  const engine = new WorkflowEngine({
    runner,
    commands,
    now: options.clock.now,
    runAs: (context, task) =>
      storage.run(context, async () => {
        options.intercept?.(context);
        return task();
      }),
    tickMs: options.tickMs ?? 50,
    concurrency: options.concurrency ?? 8,
  });
  runner.start();
  engine.start();
  return {
    engine,
    runner,
    commands,
    stop: async () => {
      await engine.stop();
      await runner.stop();
    },
  };
}

/** Appends recorded facts as the write side would (metadata, hash chain), for a history. */
export class Seeder {
  private readonly storage = new AsyncLocalStorage<CommandContext>();
  readonly commands: CommandHandling;

  constructor(
    store: EventStore,
    private readonly clock: TestClock,
  ) {
    this.commands = new CommandHandling(
      store,
      upcasters(),
      () => this.storage.getStore() as CommandContext,
      clock.now,
    );
  }

  append(
    stream: string,
    events: readonly { type: string; data: unknown }[],
    actor: Actor,
  ): Promise<CommandResult<unknown>> {
    const commandId = randomUUID();
    return this.storage.run(
      {
        commandId,
        correlationId: randomUUID(),
        causationId: commandId,
        actor,
        now: this.clock.now().toISOString(),
      },
      () =>
        this.commands.handle(stream, { initialState: () => null, evolve: (s) => s }, () => [
          ...events,
        ]),
    );
  }
}

/** A signed commitment of `institutionId` with the fixture's milestones, under its own id. */
export function signedCommitment(
  history: CommitmentEvent[],
  commitmentId: string,
  institutionId: string,
): CommitmentEvent[] {
  return history.map((event) =>
    event.type === 'CommitmentDrafted'
      ? {
          ...event,
          data: {
            ...event.data,
            commitmentId,
            responsible: { ...event.data.responsible, institutionId },
          },
        }
      : event,
  );
}

export const redesigned = (
  institutionId: string,
  successorIds: string[],
): InstitutionRedesigned => ({
  type: 'InstitutionRedesigned',
  data: {
    institutionId,
    kind: 'merged',
    legalInstrument: 'Decreto Ejecutivo No. 123',
    effectiveOn: '2026-11-01',
    successorIds,
  },
});

export interface StoredEvent {
  id: string;
  type: string;
  data: any;
  metadata: any;
}

export async function readStream(store: EventStore, stream: string): Promise<StoredEvent[]> {
  const out: StoredEvent[] = [];
  for await (const event of store.readStream(stream)) {
    out.push({ id: event.id, type: event.type, data: event.data, metadata: event.metadata });
  }
  return out;
}

export { tempDirectory } from '@hitos/projections/testing/int-helpers';

export async function eventually<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
