import { Injectable } from '@nestjs/common';
import type { Database } from 'better-sqlite3';
import { ClsService } from 'nestjs-cls';
import { Clock } from '@hitos/event-store';
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

/** How long a read waits for its `waitFor` position before answering 503. */
const WAIT_MS = 5_000;
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
      try {
        await this.runner.waitForPosition(BigInt(waitFor), WAIT_MS, projection);
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
