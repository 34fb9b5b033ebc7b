export {
  DEFAULT_WORKFLOW_POLICY,
  WorkflowPolicyError,
  loadWorkflowPolicy,
  policyFingerprint,
  type WorkflowPolicy,
} from './workflow-policy';
export {
  WORKFLOWS_PROJECTION,
  workflowsProjection,
  type RedesignRow,
  type TimerRow,
} from './workflows.projection';
export { WorkflowEngine, type PassReport, type WorkflowEngineOptions } from './workflow-engine';
export { hitosProjections } from './hitos-projections';
