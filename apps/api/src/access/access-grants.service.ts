import { Injectable } from '@nestjs/common';
import { accessDecider, mayActWith, personStreamName, type AccessState } from '@hitos/domain';
import { CommandHandling, EventStore } from '@hitos/event-store';
import { ACCESS, hasActiveGrant } from '@hitos/read-models';
import { ReadModels } from '../read-models/read-models.service';

/** How long an authorization waits for the access model before it folds the stream itself. */
const MODEL_WAIT_MS = 2_000;

/**
 * Who may act for whom, for the auth guard: whether a person (an identity provider's subject)
 * holds an active grant of a role, for an institution or organization, at a moment.
 */
@Injectable()
export class AccessGrants {
  constructor(
    private readonly views: ReadModels,
    private readonly store: EventStore,
    private readonly commands: CommandHandling,
  ) {}

  /**
   * Reads the `access` model once it reflects the person's last event (one event read from the
   * stream's end), so a revocation stops the very next action even when the model lags behind
   * a write made a moment ago; if the model does not catch up in time, the person's stream is
   * folded instead (the same rule, `mayActWith`, over the decider's state). No stream: no grant.
   */
  async mayAct(
    sub: string,
    role: string,
    organizationId: string | undefined,
    now: Date,
  ): Promise<boolean> {
    const stream = personStreamName(sub);
    const tail = await this.store.lastEventOf(stream);
    if (!tail) return false;
    if (tail.position) {
      const { db, position } = await this.views.openReflecting(
        ACCESS,
        tail.position.commit,
        MODEL_WAIT_MS,
      );
      if (position !== null && BigInt(position) >= tail.position.commit)
        return hasActiveGrant(db, sub, role, organizationId, now);
    }
    const { state } = await this.commands.load(stream, accessDecider);
    return mayActWith(state, role, organizationId, now);
  }

  /**
   * The person's grants and access tokens as their stream holds them now (folded, not read from
   * the model: a sign-in or a token's use sees a grant or revocation made a moment ago).
   */
  async person(sub: string): Promise<AccessState> {
    return (await this.commands.load(personStreamName(sub), accessDecider)).state;
  }
}
