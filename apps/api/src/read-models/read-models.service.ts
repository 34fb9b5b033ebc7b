import { Inject, Injectable } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { ClsService } from 'nestjs-cls';
import { appConfig, type AppConfig } from '@hitos/config';
import { Clock, EventStore } from '@hitos/event-store';
import {
  ProjectionFrozenError,
  ProjectionRunner,
  ProjectionWaitTimeoutError,
  readModelPosition,
} from '@hitos/projections';
import type { Reader } from '@hitos/read-models';
import { planDateOf } from '@hitos/domain';
import { ANONYMOUS, type Actor } from '../auth/actor';
import { CONTEXT_ACTOR } from '../context/request-context';
import { ProblemException } from '../problem/problem.exception';
import { processLastWrite } from './last-write';

/** How long a read waits for this process's own latest write before answering as it is. */
const SESSION_WAIT_MS = 2_000;

/**
 * The read side as queries see it: a projection's database once it has reached the position
 * the caller asks for (read-your-writes: a client that just sent a command passes the
 * command's `position`), the position the answer reflects, and who is reading.
 */
@Injectable()
export class ReadModels {
  constructor(
    private readonly runner: ProjectionRunner,
    private readonly cls: ClsService,
    private readonly clock: Clock,
    private readonly store: EventStore,
    @Inject(appConfig.KEY) private readonly config: AppConfig,
  ) {
    // One app per process in production; tests start several, each on its own store.
    processLastWrite.reset();
  }

  async open(
    projection: string,
    waitFor?: string,
  ): Promise<{ db: Database; position: string | null }> {
    const db = await this.model(projection, waitFor);
    return { db, position: readModelPosition(db) };
  }

  /**
   * The projection's database once it reflects `waitFor` (503 READ_MODEL_BEHIND past 5 s) and,
   * briefly, this process's own latest write; the caller reads the position it reflects, if it
   * needs one, in the same turn as its query.
   */
  async model(projection: string, waitFor?: string): Promise<Database> {
    const ownWrite = processLastWrite.position;
    if (waitFor === undefined && ownWrite !== undefined) {
      // Not a promise to the caller, so a model that is slow to catch up answers as it is.
      await this.runner
        .waitForPosition(ownWrite, SESSION_WAIT_MS, projection)
        .catch(() => undefined);
    }
    if (waitFor !== undefined) {
      await this.refuseBeyondEnd(waitFor);
      try {
        await this.runner.waitForPosition(
          BigInt(waitFor),
          this.config.limits.waitForMaxMs,
          projection,
        );
      } catch (error) {
        if (error instanceof ProjectionFrozenError) {
          throw new ProblemException(
            422,
            'BEYOND_REPLAY',
            {
              es: `Esta réplica llega hasta la posición ${error.position ?? '—'}: nunca reflejará la posición ${waitFor}.`,
              en: `This replay ends at position ${error.position ?? '—'}: it will never reflect position ${waitFor}.`,
            },
            { waitFor, projection, endPosition: error.position },
          );
        }
        if (!(error instanceof ProjectionWaitTimeoutError)) throw error;
        throw new ProblemException(
          503,
          'READ_MODEL_BEHIND',
          {
            es: `La vista aún no refleja la posición ${waitFor}; vuelva a intentarlo en un momento.`,
            en: `The view does not reflect position ${waitFor} yet; try again in a moment.`,
          },
          { waitFor, projection },
        );
      }
    }
    return this.runner.database(projection) as Database;
  }

  /**
   * A position past the end of `$all` names no event yet: waiting for it would hold the request
   * for nothing (and a client could hold many so). Refused 400, naming `waitFor`. A replay's
   * runner answers such a position itself (422 BEYOND_REPLAY).
   */
  private async refuseBeyondEnd(waitFor: string): Promise<void> {
    if (this.runner.frozen) return;
    const end = (await this.store.endOfAll())?.commit ?? -1n;
    if (BigInt(waitFor) <= end) return;
    throw new ProblemException(
      400,
      'VALIDATION_FAILED',
      {
        es: `waitFor (${waitFor}) está más allá del final de $all (${end < 0n ? 'vacío' : end}): esa posición aún no existe.`,
        en: `waitFor (${waitFor}) is past the end of $all (${end < 0n ? 'empty' : end}): no such position yet.`,
      },
      {
        errors: [{ field: 'waitFor', messages: ['waitFor must not be past the end of $all'] }],
        endPosition: end < 0n ? null : end.toString(),
      },
    );
  }

  /**
   * The projection's database once it reflects `position` (e.g. the last event of a stream
   * about to be shown), waiting at most `timeoutMs`; after that it answers as it is, and the
   * response's own revision and position say what it reflects.
   */
  async openReflecting(
    projection: string,
    position: bigint,
    timeoutMs = SESSION_WAIT_MS,
  ): Promise<{ db: Database; position: string | null }> {
    await this.runner.waitForPosition(position, timeoutMs, projection).catch(() => undefined);
    const db = this.runner.database(projection) as Database;
    return { db, position: readModelPosition(db) };
  }

  reader(): Reader {
    const actor: Actor = this.cls.get(CONTEXT_ACTOR) ?? ANONYMOUS;
    return actor.organizationId
      ? { role: actor.role, organizationId: actor.organizationId }
      : { role: actor.role };
  }

  /** Today's date on hitos's clock in the plan's time zone, for deadlines and traffic lights. */
  today(): string {
    return planDateOf(this.clock.now());
  }
}
