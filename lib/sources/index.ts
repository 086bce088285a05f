// Public API of lib/sources: one export line per construct file.
export {};
export * from './dns-query-logging';
export * from './vpc-flow-logging';
export * from './audit-trail';
export * from './identity-event-forwarding';
export * from './cognito-user-pool-logging';
export * from './eks-audit-logging';
export * from './pipeline-event-forwarding';
export * from './security-finding-forwarding';
export * from './compute-event-forwarding';
export * from './orchestrator-event-forwarding';
export type { EventForwardingOptions } from '../private/event-forwarding';
export * from './workload-log-collection';
export * from './network-inventory-export';
export * from './api-access-logging';
export * from './client-vpn-connection-logging';
export * from './central-log-group-options';
