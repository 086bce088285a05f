import { apiAccessLogging } from './api-access-logging';
import { apiEntryPointLogging } from './api-entry-point-logging';
import { clientVpnConnectionLogs } from './client-vpn-connection-logs';
import { cloudFrontAccessLogs } from './cloudfront-access-logs';
import { cloudTrailTrail } from './cloudtrail-trail';
import { cognitoUserAuthEvents } from './cognito-user-auth-events';
import { eksControlPlaneLogging } from './eks-control-plane-logging';
import { loadBalancerAccessLogs } from './load-balancer-access-logs';
import { logBucketAccessLogging } from './log-bucket-access-logging';
import { logBucketPublicAccess } from './log-bucket-public-access';
import { logStoreEncryption } from './log-store-encryption';
import { logStoreMaximumRetention } from './log-store-maximum-retention';
import { logStoreMinimumRetention } from './log-store-minimum-retention';
import { logStoreRetained } from './log-store-retained';
import { pipelineEventForwarding } from './pipeline-event-forwarding';
import { vpcDnsQueryLogging } from './vpc-dns-query-logging';
import { vpcFlowLogs } from './vpc-flow-logs';
import { LogCollectionRule } from '../../private/checks-rule';

/**
 * The rules of the LogCollection pack, in the order results are reported.
 *
 * Which of them run is decided by their catalogue requirements, never here:
 *
 * | rule | requirement | runs at |
 * | --- | --- | --- |
 * | cloudtrail-trail | HP-B1 / CA-B1 | Baseline and Enhanced, both profiles |
 * | cognito-user-auth-events | HP-B1 / CA-B1 | Baseline and Enhanced, both profiles |
 * | vpc-dns-query-logging | HP-B3 | hosting platform, Baseline and Enhanced |
 * | eks-control-plane-logging | HP-B6 | hosting platform, Baseline and Enhanced |
 * | api-access-logging | CA-B2 | custom application, Baseline and Enhanced |
 * | api-entry-point-logging | CA-B3 (API Gateway) | custom application, Baseline and Enhanced |
 * | load-balancer-access-logs | CA-B3 (Application Load Balancer) | custom application, Baseline and Enhanced |
 * | cloudfront-access-logs | CA-B3 (CloudFront) | custom application, Baseline and Enhanced |
 * | vpc-flow-logs | HP-E1 | hosting platform, Enhanced |
 * | client-vpn-connection-logs | HP-E7 | hosting platform, Enhanced |
 * | pipeline-event-forwarding | HP-E8 / CA-E1 | Enhanced, both profiles |
 * | log-store-minimum-retention | LM-1 or LM-2 (by exposure) | always |
 * | log-store-maximum-retention | LM-3 | always |
 * | log-store-encryption | LM-4 | always |
 * | log-bucket-public-access | LM-4 | always |
 * | log-bucket-access-logging | LM-5 | always |
 * | log-store-retained | PU-3 | always |
 */
export const LOG_COLLECTION_RULES: readonly LogCollectionRule[] = [
  cloudTrailTrail,
  cognitoUserAuthEvents,
  vpcDnsQueryLogging,
  eksControlPlaneLogging,
  apiAccessLogging,
  apiEntryPointLogging,
  loadBalancerAccessLogs,
  cloudFrontAccessLogs,
  vpcFlowLogs,
  clientVpnConnectionLogs,
  pipelineEventForwarding,
  logStoreMinimumRetention,
  logStoreMaximumRetention,
  logStoreEncryption,
  logBucketPublicAccess,
  logBucketAccessLogging,
  logStoreRetained,
];
