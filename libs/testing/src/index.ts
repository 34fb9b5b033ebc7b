export * from './decider-specification';
export * from './fixtures';
export * from './server-sent-events';
export * from './event-store-fixture';
