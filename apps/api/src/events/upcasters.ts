import { UpcasterRegistry } from '@hitos/event-store';
import {
  ACTION_PLAN_EVENT_SCHEMA_VERSIONS,
  COMMITMENT_EVENT_SCHEMA_VERSIONS,
  REDESIGN_HANDLING_EVENT_SCHEMA_VERSIONS,
  INSTITUTION_EVENT_SCHEMA_VERSIONS,
  ORGANIZATION_EVENT_SCHEMA_VERSIONS,
  upcastMilestoneProgressReportedV1toV2,
} from '@hitos/domain';

/** Current schema versions of every hitos event, and the steps from older ones. */
export function hitosUpcasters(): UpcasterRegistry {
  return new UpcasterRegistry(
    {
      ...ACTION_PLAN_EVENT_SCHEMA_VERSIONS,
      ...INSTITUTION_EVENT_SCHEMA_VERSIONS,
      ...ORGANIZATION_EVENT_SCHEMA_VERSIONS,
      ...COMMITMENT_EVENT_SCHEMA_VERSIONS,
      ...REDESIGN_HANDLING_EVENT_SCHEMA_VERSIONS,
    },
    [
      {
        type: 'MilestoneProgressReported',
        fromVersion: 1,
        upcast: upcastMilestoneProgressReportedV1toV2,
      },
    ],
  );
}
