import { Injectable } from '@nestjs/common';
import { ClsService } from 'nestjs-cls';
import { commitmentStreamName, type TransferCommand } from '@hitos/domain';
import { EventStore } from '@hitos/event-store';
import { CONTEXT_CAUSE, type Cause } from '../context/request-context';

type Step = Exclude<TransferCommand['type'], 'MarkTransferPending'>;

/**
 * The earlier events each step of a transfer continues, the nearest first: a concurrence
 * answers the pending mark, a decision cites the concurrence (or the mark), the handover
 * acknowledgement answers the transfer.
 */
const CAUSES: Record<Step, readonly string[]> = {
  ConcurTransferDecision: ['CommitmentMarkedTransferPending'],
  MaintainCommitment: ['TransferDecisionConcurred', 'CommitmentMarkedTransferPending'],
  TransferCommitment: ['TransferDecisionConcurred', 'CommitmentMarkedTransferPending'],
  AcknowledgeInformationHandover: ['CommitmentTransferred'],
};

/**
 * A transfer is one story from the redesign to the handover: each step's events carry the
 * redesign's correlation id (the workflow gave it to the pending mark) and cite the step before
 * as their cause, so the audit trail links the chain end to end. The request's own correlation
 * id stays in the events' metadata as `requestCorrelationId`.
 */
@Injectable()
export class TransferChain {
  constructor(
    private readonly store: EventStore,
    private readonly cls: ClsService,
  ) {}

  /** Runs the command of `step` on the commitment as the next link of its transfer chain. */
  async continue<T>(commitmentId: string, step: Step, task: () => Promise<T>): Promise<T> {
    const cause = await this.causeOf(commitmentStreamName(commitmentId), CAUSES[step]);
    if (!cause) return task();
    return this.cls.run({ ifNested: 'inherit' }, () => {
      this.cls.set(CONTEXT_CAUSE, cause);
      return task();
    });
  }

  /** The latest event of the types, read back no further than the chain's beginning. */
  private async causeOf(streamName: string, types: readonly string[]): Promise<Cause | null> {
    const events = this.store.readStream(streamName, {
      direction: 'backwards',
      fromRevision: 'end',
    });
    for await (const event of events) {
      if (types.includes(event.type)) {
        const metadata = event.metadata as { $correlationId?: unknown } | undefined;
        const correlationId =
          typeof metadata?.$correlationId === 'string' ? metadata.$correlationId : event.id;
        return { eventId: event.id, correlationId };
      }
      if (event.type === 'CommitmentMarkedTransferPending') return null;
    }
    return null;
  }
}
