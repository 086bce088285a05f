// The requests the log protection guardrail is proven against, as data a reviewer can read: who asks,
// for what, on what, and whether AWS would allow it once the organisation's SCPs (FullAWSAccess plus the
// guardrail's policies, from the example app) are evaluated with the principal's identity policy.
// `simulation.test.ts` runs each one with @cloud-copilot/iam-simulate; README "The guardrail's limits"
// lists them (a test keeps the two in step).

/** Account ids and names of the example app (cdk.json context). */
export const ACCOUNTS = {
  workload: '222222222222',
  central: '111111111111',
  region: 'eu-west-2',
  prefix: 'seclog',
  breakGlass: 'LogBreakGlass',
} as const;

/** Who makes a request. Every principal but the break-glass role holds AdministratorAccess. */
export enum Who {
  /** An administrator of a member account (a role with AdministratorAccess). */
  MEMBER_ADMIN = 'an administrator of the workload account',
  /** An administrator of the central log account (also a member account, so under the SCPs). */
  CENTRAL_ADMIN = 'an administrator of the central log account',
  /** The break-glass role (exempt). */
  BREAK_GLASS = 'the break-glass role',
  /** The CloudFormation execution role of the CDK bootstrap (exempt: deployments change logging). */
  CFN_EXEC = 'the CDK CloudFormation execution role',
  /** The CDK deploy role, which passes the execution role to CloudFormation. */
  CDK_DEPLOY = 'the CDK deploy role',
  /** The deployment pipeline's role, the only principal that may assume the CDK deploy role. */
  PIPELINE = 'the deployment pipeline role',
  /** The central account's security analyst role (`analystRoleArnPatterns`), with AdministratorAccess here too. */
  ANALYST = 'the security analyst role',
  /** The ArchiveAnalysis review function's role (`<prefix>-archive-review`). */
  REVIEW = 'the archive review function\'s role',
}

export interface TamperCase {
  /** What the case proves. */
  readonly proves: string;
  readonly who: Who;
  readonly action: string;
  /** The resource ARN (`${workload}`, `${central}`, `${region}`, `${prefix}` are filled in). */
  readonly resource: string;
  readonly expect: 'Allowed' | 'Denied';
}

const w = '${workload}';
const c = '${central}';
const r = '${region}';
const p = '${prefix}';

const denied = (proves: string, who: Who, action: string, resource: string): TamperCase => ({ proves, who, action, resource, expect: 'Denied' });
const allowed = (proves: string, who: Who, action: string, resource: string): TamperCase => ({ proves, who, action, resource, expect: 'Allowed' });

export const TAMPER_CASES: TamperCase[] = [
  // CloudTrail
  denied('a member administrator cannot stop the trail', Who.MEMBER_ADMIN, 'cloudtrail:StopLogging', `arn:aws:cloudtrail:${r}:${w}:trail/${p}-trail`),
  denied('a member administrator cannot delete the trail', Who.MEMBER_ADMIN, 'cloudtrail:DeleteTrail', `arn:aws:cloudtrail:${r}:${w}:trail/${p}-trail`),
  denied('a member administrator cannot re-point or narrow the trail', Who.MEMBER_ADMIN, 'cloudtrail:UpdateTrail', `arn:aws:cloudtrail:${r}:${w}:trail/${p}-trail`),
  denied('a member administrator cannot change which events the trail records', Who.MEMBER_ADMIN, 'cloudtrail:PutEventSelectors', `arn:aws:cloudtrail:${r}:${w}:trail/${p}-trail`),
  allowed('the break-glass role can stop a trail', Who.BREAK_GLASS, 'cloudtrail:StopLogging', `arn:aws:cloudtrail:${r}:${w}:trail/${p}-trail`),
  // CloudWatch Logs
  denied('a member administrator cannot delete a log group', Who.MEMBER_ADMIN, 'logs:DeleteLogGroup', `arn:aws:logs:${r}:${w}:log-group:/aws/eks/platform/cluster`),
  denied('a member administrator cannot turn a log group\'s deletion protection off', Who.MEMBER_ADMIN, 'logs:PutLogGroupDeletionProtection', `arn:aws:logs:${r}:${w}:log-group:/aws/eks/platform/cluster`),
  denied('a member administrator cannot shorten a log group\'s retention', Who.MEMBER_ADMIN, 'logs:PutRetentionPolicy', `arn:aws:logs:${r}:${w}:log-group:/aws/eks/platform/cluster`),
  denied('a member administrator cannot delete the subscription that copies a log group to the central account', Who.MEMBER_ADMIN, 'logs:DeleteSubscriptionFilter', `arn:aws:logs:${r}:${w}:log-group:/aws/eks/platform/cluster`),
  denied('a member administrator cannot overwrite the subscription filter to send the logs elsewhere', Who.MEMBER_ADMIN, 'logs:PutSubscriptionFilter', `arn:aws:logs:${r}:${w}:log-group:/aws/eks/platform/cluster`),
  denied('a member administrator cannot replace the account-level subscription policy', Who.MEMBER_ADMIN, 'logs:PutAccountPolicy', '*'),
  denied('a member administrator cannot remove a log group\'s KMS key', Who.MEMBER_ADMIN, 'logs:DisassociateKmsKey', `arn:aws:logs:${r}:${w}:log-group:/aws/eks/platform/cluster`),
  allowed('a member administrator can still create log groups', Who.MEMBER_ADMIN, 'logs:CreateLogGroup', `arn:aws:logs:${r}:${w}:log-group:/app/orders`),
  denied('a member administrator cannot create a role the vault admits access-log replicas from', Who.MEMBER_ADMIN, 'iam:CreateRole', `arn:aws:iam::${w}:role/${p}-access-log-replication-eu-west-2-x`),
  allowed('the CloudFormation execution role can create the access-log replication role (deployments)', Who.CFN_EXEC, 'iam:CreateRole', `arn:aws:iam::${w}:role/${p}-access-log-replication-eu-west-2-x`),
  allowed('the CloudFormation execution role can delete a log group (deployments manage logging)', Who.CFN_EXEC, 'logs:DeleteLogGroup', `arn:aws:logs:${r}:${w}:log-group:/app/orders`),
  denied('a central administrator cannot change the CloudWatch Logs destination\'s access policy', Who.CENTRAL_ADMIN, 'logs:PutDestinationPolicy', `arn:aws:logs:${r}:${c}:destination:${p}-cloudwatch-destination`),
  denied('a central administrator cannot re-point the CloudWatch Logs destination', Who.CENTRAL_ADMIN, 'logs:PutDestination', `arn:aws:logs:${r}:${c}:destination:${p}-cloudwatch-destination`),
  denied('a central administrator cannot delete the CloudWatch Logs destination', Who.CENTRAL_ADMIN, 'logs:DeleteDestination', `arn:aws:logs:${r}:${c}:destination:${p}-cloudwatch-destination`),
  // Network logs
  denied('a member administrator cannot delete flow logs', Who.MEMBER_ADMIN, 'ec2:DeleteFlowLogs', `arn:aws:ec2:${r}:${w}:vpc-flow-log/fl-0123456789abcdef0`),
  denied('a member administrator cannot detach a VPC from Resolver query logging', Who.MEMBER_ADMIN, 'route53resolver:DisassociateResolverQueryLogConfig', `arn:aws:route53resolver:${r}:${w}:resolver-query-log-config/rqlc-0123456789abcdef`),
  denied('a member administrator cannot delete the Resolver query logging configuration', Who.MEMBER_ADMIN, 'route53resolver:DeleteResolverQueryLogConfig', `arn:aws:route53resolver:${r}:${w}:resolver-query-log-config/rqlc-0123456789abcdef`),
  // Forwarding
  denied('a member administrator cannot delete a forwarding rule named with the prefix', Who.MEMBER_ADMIN, 'events:DeleteRule', `arn:aws:events:${r}:${w}:rule/${p}-identity-events`),
  denied('a member administrator cannot retarget a forwarding rule', Who.MEMBER_ADMIN, 'events:PutTargets', `arn:aws:events:${r}:${w}:rule/${p}-identity-events`),
  denied('a member administrator cannot remove a forwarding rule\'s target', Who.MEMBER_ADMIN, 'events:RemoveTargets', `arn:aws:events:${r}:${w}:rule/${p}-identity-events`),
  denied('a member administrator cannot disable a forwarding rule', Who.MEMBER_ADMIN, 'events:DisableRule', `arn:aws:events:${r}:${w}:rule/${p}-identity-events`),
  allowed('a member administrator can still manage rules of their own', Who.MEMBER_ADMIN, 'events:PutRule', `arn:aws:events:${r}:${w}:rule/orders-nightly`),
  denied('a central administrator cannot remove the central bus\'s permission for the organisation', Who.CENTRAL_ADMIN, 'events:RemovePermission', '*'),
  denied('a central administrator cannot open the central bus to others', Who.CENTRAL_ADMIN, 'events:PutPermission', '*'),
  allowed('a member administrator can still grant permissions on buses of their own account', Who.MEMBER_ADMIN, 'events:PutPermission', '*'),
  denied('a central administrator cannot delete the archive delivery stream', Who.CENTRAL_ADMIN, 'firehose:DeleteDeliveryStream', `arn:aws:firehose:${r}:${c}:deliverystream/${p}-events-to-archive`),
  denied('a central administrator cannot re-point the archive delivery stream', Who.CENTRAL_ADMIN, 'firehose:UpdateDestination', `arn:aws:firehose:${r}:${c}:deliverystream/${p}-events-to-archive`),
  denied('a member administrator cannot delete the VPC baseline\'s daily sweep schedule', Who.MEMBER_ADMIN, 'scheduler:DeleteSchedule', `arn:aws:scheduler:${r}:${w}:schedule/default/${p}-LogPlatformOrganizationWate1469BB3C-VpcBaseline-985CFEBF`),
  denied('a central administrator cannot change the monthly privileged-user review schedule', Who.CENTRAL_ADMIN, 'scheduler:UpdateSchedule', `arn:aws:scheduler:${r}:${c}:schedule/default/${p}-monthly-review`),
  allowed('a member administrator can still delete schedules of their own', Who.MEMBER_ADMIN, 'scheduler:DeleteSchedule', `arn:aws:scheduler:${r}:${w}:schedule/default/orders-nightly`),
  // The central buckets (landing, vault, region-local landing)
  denied('a central administrator cannot change a landing bucket\'s policy', Who.CENTRAL_ADMIN, 's3:PutBucketPolicy', `arn:aws:s3:::${p}-cloudtrail-${c}-${r}`),
  denied('a central administrator cannot remove a landing bucket\'s notifications (the SIEM feed)', Who.CENTRAL_ADMIN, 's3:PutBucketNotification', `arn:aws:s3:::${p}-cloudtrail-${c}-${r}`),
  denied('a central administrator cannot delete an object version in the vault', Who.CENTRAL_ADMIN, 's3:DeleteObjectVersion', `arn:aws:s3:::${p}-vault-${c}-${r}/cloudtrail/AWSLogs/x.json.gz`),
  denied('a central administrator cannot shorten the vault\'s lifecycle', Who.CENTRAL_ADMIN, 's3:PutLifecycleConfiguration', `arn:aws:s3:::${p}-vault-${c}-${r}`),
  denied('a central administrator cannot turn replication off or re-point it (bulk export, LM-6)', Who.CENTRAL_ADMIN, 's3:PutReplicationConfiguration', `arn:aws:s3:::${p}-vpc-flow-${c}-${r}`),
  denied('a central administrator cannot bypass governance retention', Who.CENTRAL_ADMIN, 's3:BypassGovernanceRetention', `arn:aws:s3:::${p}-vault-${c}-${r}/cloudtrail/AWSLogs/x.json.gz`),
  denied('a central administrator cannot change the policy of a region-local load balancer landing bucket in another region', Who.CENTRAL_ADMIN, 's3:PutBucketPolicy', `arn:aws:s3:::${p}-elb-landing-${c}-us-east-1`),
  denied('a central administrator cannot make a landing bucket public', Who.CENTRAL_ADMIN, 's3:PutBucketPublicAccessBlock', `arn:aws:s3:::${p}-cloudtrail-${c}-${r}`),
  allowed('the break-glass role can change a landing bucket\'s policy', Who.BREAK_GLASS, 's3:PutBucketPolicy', `arn:aws:s3:::${p}-cloudtrail-${c}-${r}`),
  allowed('a central administrator can still manage buckets of their own', Who.CENTRAL_ADMIN, 's3:PutBucketPolicy', `arn:aws:s3:::team-reports-${c}`),
  // SIEM queues
  denied('a central administrator cannot purge a SIEM queue', Who.CENTRAL_ADMIN, 'sqs:PurgeQueue', `arn:aws:sqs:${r}:${c}:${p}-cloudtrail-objects`),
  denied('a central administrator cannot change a SIEM queue\'s policy or redrive', Who.CENTRAL_ADMIN, 'sqs:SetQueueAttributes', `arn:aws:sqs:${r}:${c}:${p}-cloudtrail-objects`),
  denied('a central administrator cannot delete a SIEM queue', Who.CENTRAL_ADMIN, 'sqs:DeleteQueue', `arn:aws:sqs:${r}:${c}:${p}-cloudtrail-objects`),
  allowed('a central administrator can still purge queues of their own', Who.CENTRAL_ADMIN, 'sqs:PurgeQueue', `arn:aws:sqs:${r}:${c}:orders`),
  // Exempt roles
  denied('a member administrator cannot pass the exempt CloudFormation execution role (it would lend CloudFormation its exemption)', Who.MEMBER_ADMIN, 'iam:PassRole', `arn:aws:iam::${w}:role/cdk-hnb659fds-cfn-exec-role-${w}-${r}`),
  allowed('the CDK deploy role can pass the execution role to CloudFormation', Who.CDK_DEPLOY, 'iam:PassRole', `arn:aws:iam::${w}:role/cdk-hnb659fds-cfn-exec-role-${w}-${r}`),
  denied('a member administrator cannot assume the CDK deploy role (through it they could pass the exempt execution role)', Who.MEMBER_ADMIN, 'sts:AssumeRole', `arn:aws:iam::${w}:role/cdk-hnb659fds-deploy-role-${w}-${r}`),
  allowed('the deployment pipeline can assume the CDK deploy role', Who.PIPELINE, 'sts:AssumeRole', `arn:aws:iam::${w}:role/cdk-hnb659fds-deploy-role-${w}-${r}`),
  denied('a member administrator cannot edit the break-glass role\'s trust to borrow its exemption', Who.MEMBER_ADMIN, 'iam:UpdateAssumeRolePolicy', `arn:aws:iam::${w}:role/LogBreakGlass`),
  denied('a member administrator cannot attach a policy to the execution role', Who.MEMBER_ADMIN, 'iam:AttachRolePolicy', `arn:aws:iam::${w}:role/cdk-hnb659fds-cfn-exec-role-${w}-${r}`),
  allowed('a member administrator can still pass roles of their own', Who.MEMBER_ADMIN, 'iam:PassRole', `arn:aws:iam::${w}:role/orders-task-role`),
  // The archive key
  denied('a central administrator cannot schedule the archive key\'s deletion', Who.CENTRAL_ADMIN, 'kms:ScheduleKeyDeletion', `arn:aws:kms:${r}:${c}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
  denied('a central administrator cannot disable the archive key', Who.CENTRAL_ADMIN, 'kms:DisableKey', `arn:aws:kms:${r}:${c}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
  denied('a central administrator cannot rewrite the archive key\'s policy', Who.CENTRAL_ADMIN, 'kms:PutKeyPolicy', `arn:aws:kms:${r}:${c}:key/1234abcd-12ab-34cd-56ef-1234567890ab`),
  // Service log settings
  denied('a member administrator cannot switch EKS control-plane logging off', Who.MEMBER_ADMIN, 'eks:UpdateClusterConfig', `arn:aws:eks:${r}:${w}:cluster/platform`),
  denied('a member administrator cannot change a user pool\'s log delivery', Who.MEMBER_ADMIN, 'cognito-idp:SetLogDeliveryConfiguration', `arn:aws:cognito-idp:${r}:${w}:userpool/${r}_abcdef123`),
  // The archive's Athena workgroup (no resource policy: the SCP names who may use it)
  denied('a central administrator cannot run queries in the archive\'s Athena workgroup', Who.CENTRAL_ADMIN, 'athena:StartQueryExecution', `arn:aws:athena:${r}:${c}:workgroup/${p}-archive-analysis`),
  denied('a central administrator cannot read query results of the archive\'s workgroup', Who.CENTRAL_ADMIN, 'athena:GetQueryResults', `arn:aws:athena:${r}:${c}:workgroup/${p}-archive-analysis`),
  denied('a central administrator cannot list the query executions of the archive\'s workgroup', Who.CENTRAL_ADMIN, 'athena:ListQueryExecutions', `arn:aws:athena:${r}:${c}:workgroup/${p}-archive-analysis`),
  allowed('the security analyst role can run queries in the archive\'s workgroup', Who.ANALYST, 'athena:StartQueryExecution', `arn:aws:athena:${r}:${c}:workgroup/${p}-archive-analysis`),
  allowed('the review function\'s role can read its query results', Who.REVIEW, 'athena:GetQueryResults', `arn:aws:athena:${r}:${c}:workgroup/${p}-archive-analysis`),
  allowed('the break-glass role can run queries in the archive\'s workgroup', Who.BREAK_GLASS, 'athena:StartQueryExecution', `arn:aws:athena:${r}:${c}:workgroup/${p}-archive-analysis`),
  denied('the security analyst role cannot turn the workgroup\'s enforced configuration off', Who.ANALYST, 'athena:UpdateWorkGroup', `arn:aws:athena:${r}:${c}:workgroup/${p}-archive-analysis`),
  denied('a central administrator cannot delete a saved detection', Who.CENTRAL_ADMIN, 'athena:DeleteNamedQuery', `arn:aws:athena:${r}:${c}:workgroup/${p}-archive-analysis`),
  allowed('a central administrator can still run queries in workgroups of their own', Who.CENTRAL_ADMIN, 'athena:StartQueryExecution', `arn:aws:athena:${r}:${c}:workgroup/primary`),
];

/** A case's resource with the example app's values filled in. */
export function resourceOf(c: TamperCase): string {
  return c.resource
    .split('${workload}').join(ACCOUNTS.workload)
    .split('${central}').join(ACCOUNTS.central)
    .split('${region}').join(ACCOUNTS.region)
    .split('${prefix}').join(ACCOUNTS.prefix);
}
