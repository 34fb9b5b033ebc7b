import { createHash } from 'node:crypto';

/**
 * The published deadlines the engine keeps. They shape which timers exist and when they fire,
 * so they are part of the timers' read model: changing one rebuilds it (see `workflowsProjection`).
 */
export interface WorkflowPolicy {
  /** Days before a milestone's due date that `MilestoneDueSoon` reminds both parties. */
  milestoneDueSoonDays: number;
  /** Months between progress reports, counted from the acta's signature (OGP asks for six). */
  reportCadenceMonths: number;
  /** Days before a progress report is due that `ProgressReportDue` reminds the parties. */
  reportReminderDays: number;
  /** Days the Presidency has to keep or transfer a pending commitment. */
  transferDecisionDays: number;
  /** Days the receiving institution has to acknowledge the information handover. */
  handoverDays: number;
  /**
   * Days the responsible institution has to answer a citizen's question. Fixed into each
   * question's `answerDueOn` when it is asked: a change applies to questions asked after it.
   */
  questionAnswerDays: number;
}

export const DEFAULT_WORKFLOW_POLICY: WorkflowPolicy = {
  milestoneDueSoonDays: 15,
  reportCadenceMonths: 6,
  reportReminderDays: 15,
  transferDecisionDays: 30,
  handoverDays: 30,
  questionAnswerDays: 15,
};

const LIMITS: Record<keyof WorkflowPolicy, [number, number]> = {
  milestoneDueSoonDays: [0, 365],
  reportCadenceMonths: [1, 60],
  reportReminderDays: [0, 365],
  transferDecisionDays: [1, 3_650],
  handoverDays: [1, 3_650],
  questionAnswerDays: [1, 365],
};

const ENV: Record<keyof WorkflowPolicy, string> = {
  milestoneDueSoonDays: 'HITOS_MILESTONE_DUE_SOON_DAYS',
  reportCadenceMonths: 'HITOS_REPORT_CADENCE_MONTHS',
  reportReminderDays: 'HITOS_REPORT_REMINDER_DAYS',
  transferDecisionDays: 'HITOS_TRANSFER_DECISION_DAYS',
  handoverDays: 'HITOS_HANDOVER_DAYS',
  questionAnswerDays: 'HITOS_QUESTION_ANSWER_DAYS',
};

export class WorkflowPolicyError extends Error {}

/** The policy from the environment, each setting an integer within its range, or the default. */
export function loadWorkflowPolicy(env: NodeJS.ProcessEnv = process.env): WorkflowPolicy {
  const policy = { ...DEFAULT_WORKFLOW_POLICY };
  for (const key of Object.keys(ENV) as (keyof WorkflowPolicy)[]) {
    const raw = env[ENV[key]];
    if (raw === undefined || raw === '') continue;
    const value = Number(raw);
    const [min, max] = LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max)
      throw new WorkflowPolicyError(
        `${ENV[key]} must be an integer from ${min} to ${max}; got "${raw}"`,
      );
    policy[key] = value;
  }
  return policy;
}

/** A stable number for the policy, folded into the timers model's version. */
export function policyFingerprint(policy: WorkflowPolicy): number {
  const canonical = (Object.keys(ENV) as (keyof WorkflowPolicy)[])
    .map((key) => `${key}=${policy[key]}`)
    .join(';');
  return createHash('sha256').update(canonical).digest().readUInt32BE(0) % 1_000_000;
}
