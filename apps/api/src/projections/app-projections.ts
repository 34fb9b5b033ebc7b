import {
  HITOS_PROJECTIONS,
  commitmentSummaryProjection,
  type Projection,
} from '@hitos/projections';
import { workflowsProjection, type WorkflowPolicy } from '@hitos/workflows';

/**
 * The models the API keeps, and `npm run projections:rebuild` rebuilds: the read models, and
 * the workflow engine's to-do list (timers and redesigns), whose meaning depends on the policy.
 */
export function appProjections(policy: WorkflowPolicy): readonly Projection[] {
  return [commitmentSummaryProjection, ...HITOS_PROJECTIONS, workflowsProjection(policy)];
}
