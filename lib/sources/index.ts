// Public API of lib/sources: one export line per construct file.
export {};
export * from './network/dns-query-logging';
export * from './network/vpc-flow-logging';
export * from './services/audit-trail';
export * from './identity/identity-event-forwarding';
export * from './identity/cognito-user-pool-logging';
export * from './services/eks-audit-logging';
export * from './events/pipeline-event-forwarding';
export * from './events/security-finding-forwarding';
export * from './events/compute-event-forwarding';
export * from './events/orchestrator-event-forwarding';
export * from './events/event-forwarding-options';
export * from './network/network-inventory-export';
export * from './services/api-access-logging';
export * from './network/client-vpn-connection-logging';
export * from './central-log-group-options';
export * from './identity/sign-in-event-forwarding';
export * from './identity/sign-in-forwarding-stacks';
