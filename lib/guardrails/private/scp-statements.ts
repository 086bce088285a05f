import { ArchiveAnalysis } from '../../central/analysis/archive-analysis';
import { CentralLogTargets } from '../../central/targets';

/** The settings the log protection statements are built from. */
export interface ScpStatementSettings {
  readonly targets: CentralLogTargets;
  /** Roles still allowed to change logging (`aws:PrincipalArn` patterns). */
  readonly exempt: string[];
  /** Roles that may pass an exempt role to a service (for example the CDK deploy role passing the CloudFormation execution role). */
  readonly passers: string[];
  /** Principals that may assume the passers (for example the deployment pipeline); empty: not limited. */
  readonly passerAssumers: string[];
  readonly denyEksClusterConfigChanges: boolean;
  /** Roles that may query the ArchiveAnalysis workgroup (`aws:PrincipalArn` patterns); undefined: not limited. */
  readonly analysts?: string[];
}

/** One SCP statement. */
export type ScpStatement = Record<string, unknown>;

/**
 * Every statement of the log protection guardrail, in one list: the guardrail
 * packs them into as few policies as the 5,120-character SCP quota allows.
 * Each denies, to all but the exempt roles, one group of actions that stop,
 * erase, shorten or redirect security logging.
 *
 * Resource names follow `CentralLogTargets`: every bucket of the central
 * account is `<prefix>-<what>-<account>-<region>` (landing buckets, the vault,
 * the access-log buckets and the region-local load balancer landing buckets,
 * which sit in other regions), queues, destinations, rules and streams start
 * with `<prefix>-`.
 */
export function logProtectionStatements(settings: ScpStatementSettings): ScpStatement[] {
  const { targets, exempt } = settings;
  const prefix = targets.namePrefix;
  const unlessExempt = { ArnNotLike: { 'aws:PrincipalArn': exempt } };
  const deny = (sid: string, actions: string[], resources: string[] | string, condition: object = unlessExempt): ScpStatement => ({
    Sid: sid,
    Effect: 'Deny',
    Action: actions,
    Resource: resources,
    Condition: condition,
  });
  const centralBuckets = `arn:aws:s3:::${prefix}-*-${targets.accountId}-*`;
  const statements: ScpStatement[] = [
    deny('ProtectCloudTrail', [
      'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors',
      'cloudtrail:DeleteEventDataStore', 'cloudtrail:StopEventDataStoreIngestion', 'cloudtrail:UpdateEventDataStore',
    ], '*'),
    // PutSubscriptionFilter replaces a filter of the same name, so it is how a log group's copy is redirected;
    // PutAccountPolicy replaces the account-level subscription policy.
    deny('ProtectCloudWatchLogs', [
      'logs:DeleteLogGroup', 'logs:PutLogGroupDeletionProtection', 'logs:DeleteLogStream', 'logs:DeleteSubscriptionFilter', 'logs:PutSubscriptionFilter',
      'logs:DeleteDestination', 'logs:PutRetentionPolicy', 'logs:DisassociateKmsKey', 'logs:DeleteAccountPolicy',
      'logs:PutAccountPolicy', 'logs:DeleteDelivery', 'logs:DeleteDeliverySource', 'logs:DeleteDeliveryDestination',
    ], '*'),
    deny('ProtectLogDestinations', ['logs:PutDestination', 'logs:PutDestinationPolicy'],
      `arn:aws:logs:*:${targets.accountId}:destination:${prefix}-*`),
    deny('ProtectNetworkLogs', [
      'ec2:DeleteFlowLogs', 'route53resolver:DisassociateResolverQueryLogConfig',
      'route53resolver:DeleteResolverQueryLogConfig', 'route53:DeleteQueryLoggingConfig',
    ], '*'),
    deny('ProtectArchive', [
      's3:DeleteObject', 's3:DeleteObjectVersion', 's3:DeleteBucket', 's3:DeleteBucketPolicy', 's3:PutBucketPolicy',
      's3:PutBucketNotification', 's3:PutLifecycleConfiguration', 's3:PutBucketVersioning', 's3:PutBucketObjectLockConfiguration',
      's3:PutReplicationConfiguration', 's3:PutEncryptionConfiguration', 's3:PutBucketLogging', 's3:PutBucketPublicAccessBlock',
      's3:PutBucketAcl', 's3:BypassGovernanceRetention', 's3:PutObjectRetention',
    ], [centralBuckets, `${centralBuckets}/*`]),
    // The SIEM's notification queues: purging them or changing their policy or redrive silently stops the feed.
    deny('ProtectSiemQueues', [
      'sqs:PurgeQueue', 'sqs:DeleteQueue', 'sqs:SetQueueAttributes', 'sqs:AddPermission', 'sqs:RemovePermission',
    ], `arn:aws:sqs:*:${targets.accountId}:${prefix}-*`),
    deny('ProtectForwarding', [
      'events:DeleteRule', 'events:DisableRule', 'events:RemoveTargets', 'events:PutRule', 'events:PutTargets',
      'events:DeleteEventBus',
      'firehose:DeleteDeliveryStream', 'firehose:UpdateDestination', 'firehose:StopDeliveryStreamEncryption',
      // The VPC baseline's daily sweep and the archive reviews run on EventBridge Scheduler schedules named with the prefix
      // (https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridgescheduler.html).
      'scheduler:DeleteSchedule', 'scheduler:UpdateSchedule',
    ], [
      `arn:aws:events:*:*:rule/${prefix}-*`,
      `arn:aws:events:*:*:rule/*/${prefix}-*`,
      `arn:aws:events:*:*:event-bus/${targets.eventBusName}`,
      `arn:aws:firehose:*:*:deliverystream/${prefix}-*`,
      `arn:aws:scheduler:*:*:schedule/*/${prefix}-*`,
    ]),
    // PutPermission and RemovePermission take no resource (IAM's service authorization reference lists them
    // for '*' only), so a Deny naming the bus would never match: deny them in the central account instead.
    deny('ProtectCentralBusPermissions', ['events:PutPermission', 'events:RemovePermission'], '*', {
      ...unlessExempt,
      StringEquals: { 'aws:PrincipalAccount': targets.accountId },
    }),
    deny('ProtectServiceLogSettings', [
      ...(settings.denyEksClusterConfigChanges ? ['eks:UpdateClusterConfig'] : []),
      'cognito-idp:SetLogDeliveryConfiguration',
    ], '*'),
    deny('ProtectExemptRoles', [
      'iam:UpdateAssumeRolePolicy', 'iam:DeleteRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy',
      'iam:DeleteRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePermissionsBoundary', 'iam:DeleteRolePermissionsBoundary',
    ], exempt),
    // The vault admits S3 server access-log replicas from roles so named in every source account (and so keeps them
    // under Object Lock): only deployments may make or change such a role, or any administrator could fill the vault.
    deny('ProtectAccessLogReplicationRoles', [
      'iam:CreateRole', 'iam:UpdateAssumeRolePolicy', 'iam:PutRolePolicy', 'iam:AttachRolePolicy',
    ], `arn:aws:iam::*:role/${targets.accessLogReplicationRolePrefix}*`),
    // Passing an exempt role (for example the CloudFormation execution role) lends its exemption to a service:
    // only the exempt roles and the named passers (the deployment pipeline) may.
    deny('LimitPassingExemptRoles', ['iam:PassRole'], exempt,
      { ArnNotLike: { 'aws:PrincipalArn': [...exempt, ...settings.passers] } }),
  ];
  if (settings.passers.length > 0 && settings.passerAssumers.length > 0) {
    // Whoever may assume a passer may pass the exempt role through it: only the named assumers (the pipeline) may.
    statements.push(deny('LimitAssumingExemptRolePassers', ['sts:AssumeRole'], settings.passers,
      { ArnNotLike: { 'aws:PrincipalArn': [...exempt, ...settings.passers, ...settings.passerAssumers] } }));
  }
  if (settings.analysts !== undefined) {
    // Athena workgroups take no resource policy (access is by identity policies naming the workgroup ARN:
    // https://docs.aws.amazon.com/athena/latest/ug/workgroups-iam-policy.html), so the SCP is what keeps every
    // other principal of the organisation from running or reading queries in it, and from weakening it.
    const workgroup = `arn:aws:athena:*:${targets.accountId}:workgroup/${ArchiveAnalysis.workgroupNameOf(prefix)}`;
    statements.push(deny('LimitArchiveQueries', [
      'athena:StartQueryExecution', 'athena:GetQueryResults', 'athena:GetQueryResultsStream', 'athena:GetQueryExecution',
      'athena:BatchGetQueryExecution', 'athena:StopQueryExecution', 'athena:GetQueryRuntimeStatistics', 'athena:ListQueryExecutions',
    ], workgroup, { ArnNotLike: { 'aws:PrincipalArn': [...exempt, ...settings.analysts, ArchiveAnalysis.reviewRoleArn(targets.accountId, prefix)] } }));
    // Turning enforcement off, re-pointing results or deleting the saved detections (PU-1) is a logging change.
    statements.push(deny('ProtectArchiveWorkgroup', [
      'athena:UpdateWorkGroup', 'athena:DeleteWorkGroup', 'athena:DeleteNamedQuery', 'athena:UpdateNamedQuery',
    ], workgroup));
  }
  if (targets.hasArchiveKey) {
    statements.push(deny('ProtectArchiveKey', ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'], targets.archiveKeyArn));
  }
  return statements;
}

/**
 * Pack statements, in order, into as few policy documents as fit `maxCharacters`
 * each (minified JSON, as Organizations counts them). Throws naming the
 * statement when one alone does not fit.
 */
export function packStatements(statements: ScpStatement[], maxCharacters: number): Array<{ [key: string]: any }> {
  const documents: Array<{ Version: string; Statement: ScpStatement[] }> = [];
  const size = (statement: ScpStatement[]) => JSON.stringify({ Version: '2012-10-17', Statement: statement }).length;
  for (const statement of statements) {
    const last = documents[documents.length - 1];
    if (last && size([...last.Statement, statement]) <= maxCharacters) {
      last.Statement.push(statement);
      continue;
    }
    if (size([statement]) > maxCharacters) {
      throw new Error(
        `The log protection statement ${String(statement.Sid)} alone is ${size([statement])} characters, over the ` +
        `${maxCharacters}-character SCP quota; use fewer or shorter exemptRoleArnPatterns (wildcards help) or a shorter namePrefix.`,
      );
    }
    documents.push({ Version: '2012-10-17', Statement: [statement] });
  }
  return documents;
}
