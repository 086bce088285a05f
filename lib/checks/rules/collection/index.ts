// Every rule file of this folder; the pack's rule list is derived from these exports (see ../index.ts).
export * from './api-access-logging';
export * from './api-entry-point-logging';
export * from './client-vpn-connection-logs';
export * from './cloudfront-access-logs';
export * from './cloudtrail-trail';
export * from './cognito-user-auth-events';
export * from './eks-control-plane-logging';
export * from './load-balancer-access-logs';
export * from './pipeline-event-forwarding';
export * from './sign-in-regions';
export * from './vpc-dns-query-logging';
export * from './vpc-flow-logs';
