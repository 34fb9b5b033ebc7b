export * from './audit-trail';
export * from './commitments';
export * from './deadlines';
export * from './plan-dashboard';
export * from './portfolio';
export * from './read-model-position';
export * from './reader';
