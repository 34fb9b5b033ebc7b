export * from './decider-specification';
export * from './fixtures';
export * from './server-sent-events';
