import {
  DomainError,
  commitmentDecider,
  commitmentStreamName,
  decideWith,
  planDateOf,
  planTimestampOf,
  redesignHandlingDecider,
  redesignHandlingStreamName,
  type ReachedDeadline,
  type RedesignHandlingCompleted,
  type InstitutionRedesigned,
  type Decider,
} from '@hitos/domain';
import {
  mapLimit,
  nameBasedUuid,
  type CommandContext,
  type CommandHandling,
  type CommandResult,
  type Decision,
} from '@hitos/event-store';
import { PassLoop, comparePositions, prepared, type ProjectionRunner } from '@hitos/projections';
import { WORKFLOWS_PROJECTION, type RedesignRow, type TimerRow } from './workflows.projection';

export interface WorkflowEngineOptions {
  /** The runner that keeps the `workflows` model (see `workflowsProjection`). */
  runner: ProjectionRunner;
  commands: CommandHandling;
  /**
   * Runs `task` with `context` as the command context of every command it issues: the same
   * context source the HTTP side uses (request-scoped storage), so the events carry the
   * engine's actor, causation and correlation like any other.
   */
  runAs<T>(context: CommandContext, task: () => Promise<T>): Promise<T>;
  /** The clock: the same injectable clock commands see. */
  now(): Date;
  /** Who the engine is in the audit trail; role `system`. */
  actorId?: string;
  /** Commands in flight at once. */
  concurrency?: number;
  /** A pass also runs every `tickMs` (days change without events). */
  tickMs?: number;
  /** Timers read per page. */
  pageSize?: number;
  onError?(error: Error): void;
  /** Told of every command the engine ran and how it ended (for metrics). */
  observe?(work: 'redesign' | 'timer', outcome: 'recorded' | 'unchanged' | 'refused'): void;
}

export interface PassReport {
  redesigns: number;
  timersFired: number;
  timersUnchanged: number;
}

const WORKING_ACTOR = 'hitos-workflows';

/**
 * The workflow engine: process managers and timers, reading their to-do list from the
 * `workflows` model and acting through ordinary commands.
 *
 * Exactly once in effect comes from the commands, not from the engine's memory: each command's
 * id is derived from what caused it (the redesign's event id and the commitment, the deadline's
 * key), so running it again — after a crash, or from a second engine at the same time — is
 * answered from the stream and appends nothing; and the domain decides nothing for a deadline
 * already recorded or a commitment already pending. A pass may therefore be repeated at any
 * time; what the engine remembers in memory only saves work.
 */
export class WorkflowEngine {
  private readonly concurrency: number;
  private readonly pageSize: number;
  private readonly actor: CommandContext['actor'];
  /** Deadlines this process recorded, until the model has applied the event (by position). */
  private readonly fired = new Map<string, bigint>();
  /** Deadlines the domain declined; retried after a restart, not on every pass. */
  private readonly declined = new Set<string>();
  private readonly totals: PassReport = { redesigns: 0, timersFired: 0, timersUnchanged: 0 };
  private readonly loop: PassLoop;

  constructor(private readonly options: WorkflowEngineOptions) {
    this.loop = new PassLoop({
      runner: options.runner,
      tickMs: options.tickMs ?? 60_000,
      pass: () => this.pass(),
      onError: (error) => options.onError?.(error),
    });
    this.concurrency = options.concurrency ?? 16;
    this.pageSize = options.pageSize ?? 1_000;
    this.actor = { id: options.actorId ?? WORKING_ACTOR, role: 'system' };
  }

  /** Acts after every batch the projections apply, and every `tickMs`. */
  start(): void {
    this.loop.start();
  }

  /** Stops taking work and waits for the pass under way. */
  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** What the engine did since it was made. */
  report(): PassReport {
    return { ...this.totals };
  }

  /** Resolves when no pass is running or asked for. */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  /** Asks for a pass; passes never overlap, and asks during one make one more after it. */
  poke(): void {
    this.loop.poke();
  }

  /** One look at the to-do list: open redesigns first, then every deadline due today. */
  async pass(): Promise<PassReport> {
    const report: PassReport = { redesigns: 0, timersFired: 0, timersUnchanged: 0 };
    const db = this.options.runner.database(WORKFLOWS_PROJECTION);
    const applied = this.options.runner
      .status()
      .find((s) => s.name === WORKFLOWS_PROJECTION)?.position;
    for (const [key, position] of this.fired) {
      if (comparePositions(applied ?? null, position) >= 0) this.fired.delete(key);
    }

    const redesigns = prepared(
      db,
      'SELECT * FROM redesign WHERE done = 0 ORDER BY CAST(position AS INTEGER)',
    ).all() as RedesignRow[];
    for (const redesign of redesigns) {
      await this.handleRedesign(redesign);
      report.redesigns++;
    }

    const today = planDateOf(this.options.now());
    const page = prepared(
      db,
      `SELECT * FROM timer WHERE fires_on <= ? AND (fires_on > ? OR (fires_on = ? AND key > ?))
        ORDER BY fires_on, key LIMIT ?`,
    );
    let after = { firesOn: '', key: '' };
    for (;;) {
      const rows = page.all(
        today,
        after.firesOn,
        after.firesOn,
        after.key,
        this.pageSize,
      ) as TimerRow[];
      if (rows.length === 0) break;
      after = { firesOn: rows[rows.length - 1].fires_on, key: rows[rows.length - 1].key };
      const due = rows.filter((row) => !this.fired.has(row.key) && !this.declined.has(row.key));
      const outcomes = await mapLimit(due, this.concurrency, (row) => this.fire(row, today));
      for (const outcome of outcomes) {
        if (outcome === 'recorded') report.timersFired++;
        else report.timersUnchanged++;
      }
    }
    this.totals.redesigns += report.redesigns;
    this.totals.timersFired += report.timersFired;
    this.totals.timersUnchanged += report.timersUnchanged;
    return report;
  }

  private context(commandId: string, correlationId: string, causationId: string): CommandContext {
    return {
      commandId: nameBasedUuid(commandId),
      correlationId,
      causationId,
      actor: this.actor,
      now: planTimestampOf(this.options.now()),
    };
  }

  /**
   * The redesign process manager: records which commitments it must move (its own stream),
   * moves each to TransferPending citing the redesign, then records what became of each.
   */
  private async handleRedesign(row: RedesignRow): Promise<void> {
    const { commands, runAs } = this.options;
    const eventId = row.event_id;
    const redesign = JSON.parse(row.redesign) as InstitutionRedesigned['data'];
    const stream = redesignHandlingStreamName(eventId);
    const run = <S>(
      id: string,
      streamName: string,
      fold: Decider<any, any, S>,
      decide: Decision<S, any>,
    ): Promise<CommandResult<S>> =>
      runAs(this.context(id, row.correlation_id, eventId), () =>
        commands.handle(streamName, fold, decide),
      );

    const started = await run(
      `redesign-start:${eventId}`,
      stream,
      redesignHandlingDecider,
      decideWith(redesignHandlingDecider, 'StartRedesignHandling', {
        redesignEventId: eventId,
        redesign,
        commitmentIds: JSON.parse(row.commitment_ids) as string[],
      }),
    );
    if (started.state.status === 'Completed') return;
    // The list as first recorded: a second engine, or this one after a crash, works on the same.
    const commitmentIds = started.state.status === 'Started' ? started.state.commitmentIds : [];

    const results = await mapLimit(
      commitmentIds,
      this.concurrency,
      async (commitmentId): Promise<RedesignHandlingCompleted['data']['results'][number]> => {
        try {
          const marked = await run(
            `redesign-mark:${eventId}:${commitmentId}`,
            commitmentStreamName(commitmentId),
            commitmentDecider,
            decideWith(commitmentDecider, 'MarkTransferPending', {
              institutionId: redesign.institutionId,
              redesign: {
                eventId,
                kind: redesign.kind,
                legalInstrument: redesign.legalInstrument,
                effectiveOn: redesign.effectiveOn,
                successorIds: redesign.successorIds,
              },
            }),
          );
          const outcome = marked.events.length > 0 ? 'marked' : 'unchanged';
          this.options.observe?.('redesign', outcome === 'marked' ? 'recorded' : 'unchanged');
          return { commitmentId, outcome };
        } catch (error) {
          if (!DomainError.is(error)) throw error;
          this.options.observe?.('redesign', 'refused');
          return { commitmentId, outcome: 'refused', code: error.code };
        }
      },
    );

    await run(
      `redesign-complete:${eventId}`,
      stream,
      redesignHandlingDecider,
      decideWith(redesignHandlingDecider, 'CompleteRedesignHandling', {
        redesignEventId: eventId,
        results,
      }),
    );
  }

  /** Records one deadline; `unchanged` when the domain found nothing (left) to record. */
  private async fire(row: TimerRow, today: string): Promise<'recorded' | 'unchanged'> {
    const deadline = JSON.parse(row.deadline) as ReachedDeadline;
    // A reminder for a day already past says nothing: the overdue that follows says it all.
    if (
      (deadline.kind === 'milestone-due-soon' && today > deadline.due) ||
      (deadline.kind === 'progress-report-due' && today > deadline.dueOn)
    ) {
      this.declined.add(row.key);
      return 'unchanged';
    }
    try {
      const result = await this.options.runAs(
        this.context(`timer:${row.key}`, row.correlation_id, row.cause_event_id),
        () =>
          this.options.commands.handle(
            commitmentStreamName(row.commitment_id),
            commitmentDecider,
            decideWith(commitmentDecider, 'RecordDeadlineReached', deadline),
          ),
      );
      if (result.events.length > 0 && result.position !== undefined) {
        this.fired.set(row.key, result.position);
        this.options.observe?.('timer', 'recorded');
        return 'recorded';
      }
      this.declined.add(row.key);
      this.options.observe?.('timer', 'unchanged');
      return 'unchanged';
    } catch (error) {
      if (!DomainError.is(error)) {
        // A store or connection failure: the deadline stays due and the next pass retries it.
        this.options.onError?.(asError(error));
        return 'unchanged';
      }
      this.declined.add(row.key);
      this.options.observe?.('timer', 'refused');
      this.options.onError?.(
        new Error(`Deadline ${row.key} refused: ${error.code} ${error.message.en}`),
      );
      return 'unchanged';
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
