import type { Projection } from '@hitos/projections';
import { HITOS_READ_MODELS } from '@hitos/read-models';
import type { WorkflowPolicy } from './workflow-policy';
import { workflowsProjection } from './workflows.projection';

/**
 * The models a hitos process keeps (the API's runner), and `npm run projections:rebuild`
 * rebuilds: the read models, and the workflow engine's to-do list (timers and redesigns), whose
 * meaning depends on the policy.
 */
export function hitosProjections(policy: WorkflowPolicy): readonly Projection[] {
  return [...HITOS_READ_MODELS, workflowsProjection(policy)];
}
