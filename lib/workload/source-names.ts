/**
 * Names of the sources `WorkloadLogCollection` composes (and of the central
 * constructs it never switches on), as its `requiredSources`,
 * `enabledSources` and `sourcesFor` report them. Each value is the class name
 * a construct declares in its static `IMPLEMENTS`; what each implements comes
 * from that declaration, never from this list.
 */
export enum LibraryConstructName {
  /** Organisation or account trail: management events, and data events where a requirement needs them. */
  AUDIT_TRAIL = 'AuditTrail',
  /** EventBridge forwarding of identity events, with the success-after-failure correlation. */
  IDENTITY_EVENT_FORWARDING = 'IdentityEventForwarding',
  /** Cognito user pool threat-protection user activity log export. */
  COGNITO_USER_POOL_LOGGING = 'CognitoUserPoolLogging',
  /** Route 53 Resolver query logging (HP-B3). */
  DNS_QUERY_LOGGING = 'DnsQueryLogging',
  /** EKS control plane logging (HP-B6). */
  EKS_AUDIT_LOGGING = 'EksAuditLogging',
  /** VPC flow logs in a custom format (HP-E1). */
  VPC_FLOW_LOGGING = 'VpcFlowLogging',
  /** EC2 state-change and instance API call forwarding (HP-B5). */
  COMPUTE_EVENT_FORWARDING = 'ComputeEventForwarding',
  /** GuardDuty, Inspector and Security Hub finding forwarding (HP-E4). */
  SECURITY_FINDING_FORWARDING = 'SecurityFindingForwarding',
  /** CodePipeline, CodeBuild and CloudFormation state-change forwarding (HP-E8, CA-E1). */
  PIPELINE_EVENT_FORWARDING = 'PipelineEventForwarding',
  /** The central archive: retention, protection, access logging and the SIEM handoff. */
  LOG_ARCHIVE = 'LogArchive',
  /** Organisation SCP that stops principals switching off or deleting logs (PU-3). */
  LOG_PROTECTION_GUARDRAIL = 'LogProtectionGuardrail',
  /** API Gateway stage access logs in a format carrying the user, action, sizes and latency (CA-B2, CA-B3). */
  API_ACCESS_LOGGING = 'ApiAccessLogging',
  /** Client VPN connection logs (HP-E7). */
  CLIENT_VPN_CONNECTION_LOGGING = 'ClientVpnConnectionLogging',
  /** Scheduled export of private hosted zones (RFC 1035 master files) and subnets / DHCP options (HP-E2, HP-E3). */
  NETWORK_INVENTORY_EXPORT = 'NetworkInventoryExport',
  /** EKS and ECS control-plane API call and ECS task state-change forwarding (HP-B6). */
  ORCHESTRATOR_EVENT_FORWARDING = 'OrchestratorEventForwarding',
}
