import { ACCESS_EVENT_SCHEMA_VERSIONS, type AccessEvent } from './access/access.events';
import {
  EVIDENCE_DOWNLOAD_EVENT_SCHEMA_VERSIONS,
  type EvidenceDownloadEvent,
} from './evidence/evidence-download';
import { ACTION_PLAN_EVENT_SCHEMA_VERSIONS } from './action-plan/action-plan.events';
import type { HitosEvent } from './audit/event-summary';
import { COMMITMENT_EVENT_SCHEMA_VERSIONS } from './commitment/commitment.events';
import { upcastCommitmentClosedV1toV2 } from './commitment/closure';
import { upcastMilestoneRescheduledV1toV2 } from './commitment/reschedules';
import {
  upcastMilestoneProgressReportedV1toV2,
  upcastMilestoneProgressReportedV2toV3,
  upcastReplyV1toV2,
  upcastReplyV2toV3,
} from './commitment/milestones';
import { INSTITUTION_EVENT_SCHEMA_VERSIONS } from './institution/institution.events';
import { ORGANIZATION_EVENT_SCHEMA_VERSIONS } from './organization/organization.events';
import { REDESIGN_HANDLING_EVENT_SCHEMA_VERSIONS } from './workflows/redesign-handling';

/**
 * One step of a stored event's data from a schema version to the next: a pure function, kept
 * beside the event it reads, so that old histories keep their meaning without being rewritten.
 */
export interface EventUpcast {
  /** The stored event type, e.g. `MilestoneProgressReported`. */
  type: string;
  /** The version this step reads; it produces `fromVersion + 1`. */
  fromVersion: number;
  upcast: (data: any) => unknown;
}

/**
 * The schema version every hitos event is written at today: the public history's
 * ({@link HitosEvent}) and the people's grants ({@link AccessEvent}, kept out of that union so
 * that no public view follows them), and the downloads of classified evidence
 * ({@link EvidenceDownloadEvent}, which name a person too).
 */
export const HITOS_EVENT_SCHEMA_VERSIONS: Readonly<
  Record<HitosEvent['type'] | AccessEvent['type'] | EvidenceDownloadEvent['type'], number>
> = {
  ...ACTION_PLAN_EVENT_SCHEMA_VERSIONS,
  ...INSTITUTION_EVENT_SCHEMA_VERSIONS,
  ...ORGANIZATION_EVENT_SCHEMA_VERSIONS,
  ...COMMITMENT_EVENT_SCHEMA_VERSIONS,
  ...REDESIGN_HANDLING_EVENT_SCHEMA_VERSIONS,
  ...ACCESS_EVENT_SCHEMA_VERSIONS,
  ...EVIDENCE_DOWNLOAD_EVENT_SCHEMA_VERSIONS,
};

/** Every step from an older schema version, in no particular order. */
export const HITOS_EVENT_UPCASTS: readonly EventUpcast[] = [
  {
    type: 'MilestoneProgressReported',
    fromVersion: 1,
    upcast: upcastMilestoneProgressReportedV1toV2,
  },
  {
    type: 'MilestoneProgressReported',
    fromVersion: 2,
    upcast: upcastMilestoneProgressReportedV2toV3,
  },
  { type: 'ProgressReportReviewed', fromVersion: 1, upcast: upcastReplyV1toV2 },
  { type: 'ObjectionAnswered', fromVersion: 1, upcast: upcastReplyV1toV2 },
  { type: 'ProgressReportReviewed', fromVersion: 2, upcast: upcastReplyV2toV3 },
  { type: 'ObjectionAnswered', fromVersion: 2, upcast: upcastReplyV2toV3 },
  { type: 'CommitmentClosed', fromVersion: 1, upcast: upcastCommitmentClosedV1toV2 },
  { type: 'MilestoneRescheduled', fromVersion: 1, upcast: upcastMilestoneRescheduledV1toV2 },
];
