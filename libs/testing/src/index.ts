export * from './decider-specification';
export * from './fixtures';
export * from './server-sent-events';
export * from './event-store-fixture';
export * from './commitment-history';
export * from './projection-specification';
export * from './read-model-fixtures';
export * from './limits-off';
