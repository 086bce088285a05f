// Public API of lib/sources: one export line per construct file.
export {};
export * from './dns-query-logging';
export * from './vpc-flow-logging';
export * from './audit-trail';
export * from './identity-event-forwarding';
export * from './cognito-user-pool-logging';
