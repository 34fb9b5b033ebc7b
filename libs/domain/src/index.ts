export * from './kernel/actor';
export * from './kernel/decider';
export * from './kernel/domain-error';
export * from './kernel/error-catalogue';
export * from './kernel/dates';
export * from './kernel/validation';

export * from './action-plan/action-plan.events';
export * from './action-plan/action-plan.commands';
export * from './action-plan/action-plan.state';
export * from './action-plan/action-plan.decider';

export * from './institution/institution.events';
export * from './institution/institution.commands';
export * from './institution/institution.state';
export * from './institution/institution.decider';

export * from './organization/organization.events';
export * from './organization/organization.commands';
export * from './organization/organization.state';
export * from './organization/organization.decider';

export * from './access/access.events';
export * from './access/access.commands';
export * from './access/access.state';
export * from './access/access.decider';
export * from './evidence/evidence-download';

export * from './commitment/acta';
export * from './commitment/milestones';
export * from './commitment/reschedules';
export * from './commitment/reports';
export * from './commitment/closure';
export * from './commitment/transfer';
export * from './commitment/deadlines';
export * from './commitment/questions';
export * from './commitment/evidence';
export type * from './commitment/capability';
export * from './commitment/commitment.events';
export * from './commitment/commitment.commands';
export * from './commitment/commitment.state';
export * from './commitment/commitment.decider';
export * from './commitment/progress';

export * from './workflows/redesign-handling';
export * from './audit/event-summary';
export * from './event-schemas';
