// Guest-level sources: the CloudWatch agent and Systems Manager on managed nodes, and Network Firewall logging.
export * from './guest-types';
export * from './cloudwatch-agent-configuration';
export * from './session-manager-preferences';
export * from './bastion-logging';
export * from './windows-security-logging';
export * from './time-sync-configuration';
export * from './web-proxy-logging';
export * from './network-firewall-logging';
