export * from './decider-specification';
export * from './fixtures';
