import {
  DEFAULT_WORKFLOW_POLICY,
  WorkflowPolicyError,
  loadWorkflowPolicy,
  policyFingerprint,
} from './workflow-policy';

describe('the workflow policy: the days to answer a citizen’s question', () => {
  it('is 15 days unless HITOS_QUESTION_ANSWER_DAYS says otherwise', () => {
    expect(DEFAULT_WORKFLOW_POLICY.questionAnswerDays).toBe(15);
    expect(loadWorkflowPolicy({}).questionAnswerDays).toBe(15);
    expect(loadWorkflowPolicy({ HITOS_QUESTION_ANSWER_DAYS: '30' }).questionAnswerDays).toBe(30);
    expect(loadWorkflowPolicy({ HITOS_QUESTION_ANSWER_DAYS: '365' }).questionAnswerDays).toBe(365);
  });

  it.each(['0', '366', '1.5', 'quince'])('refuses HITOS_QUESTION_ANSWER_DAYS=%s', (raw) => {
    expect(() => loadWorkflowPolicy({ HITOS_QUESTION_ANSWER_DAYS: raw })).toThrow(
      WorkflowPolicyError,
    );
    expect(() => loadWorkflowPolicy({ HITOS_QUESTION_ANSWER_DAYS: raw })).toThrow(/1 to 365/);
  });

  it('is part of the policy’s fingerprint', () => {
    expect(policyFingerprint({ ...DEFAULT_WORKFLOW_POLICY, questionAnswerDays: 20 })).not.toBe(
      policyFingerprint(DEFAULT_WORKFLOW_POLICY),
    );
  });
});
