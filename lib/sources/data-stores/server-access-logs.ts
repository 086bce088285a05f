import { Duration, Stack, TagManager } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import { DataStoreAuditItem } from './audit-items';
import { VaultStorageClass } from '../../central/log-archive-props';
import { CentralLogTargets } from '../../central/targets';
import { acknowledgeInlineRolePolicies, acknowledgeInPacks, acknowledgeLogCollection, acknowledgeNag } from '../../core/acknowledge';
import { alarmActionsOrDefault } from '../../core/alarm-topic';
import { implementationOf } from '../../core/implementation';
import { accessLogStoreBucket, LOG_STORE_TAG } from '../../core/log-store-tags';
import { minimumRetentionDays, validateRetentionDays } from '../../requirements/retention';
import { ServiceExposure } from '../../requirements/types';

// S3 server access logs of named data buckets (DataStoreAuditLogging `serverAccessLogBuckets`): the one log of an S3
// request that carries its size and time (Bytes Sent, Object Size, Total Time, Turn-Around Time), which CloudTrail
// data events lack. Not public API.
//
// AWS pages relied on:
// - the log format (Requester, Operation, Key, Request-URI, Bytes Sent, Object Size, Total Time, Turn-Around Time):
//   https://docs.aws.amazon.com/AmazonS3/latest/userguide/LogFormat.html
// - the destination bucket must be in the source bucket's region and account, have no Object Lock default retention
//   and no Requester Pays; a bucket logging to itself loops: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html
// - SSE-S3 default encryption only, and the bucket policy grant to logging.s3.amazonaws.com with aws:SourceArn and
//   aws:SourceAccount: https://docs.aws.amazon.com/AmazonS3/latest/userguide/enable-server-access-logging.html
// - the partitioned key `<prefix><account>/<region>/<bucket>/YYYY/MM/DD/...`:
//   https://docs.aws.amazon.com/AmazonS3/latest/API/API_PartitionedPrefix.html
// - replication into a bucket of another account (the vault's policy grants it, LogArchive):
//   https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html
// Unverified: that the vault's default SSE-KMS is not applied to replicas of SSE-S3 objects (as for the central
// access-log bucket, which replicates the same way), and the replication metric OperationsFailedReplication with its
// dimensions (https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html).

/** What S3 server access logs carry of CA-E2: every item. */
export const SERVER_ACCESS_LOG_ITEMS: readonly DataStoreAuditItem[] = [
  DataStoreAuditItem.STORE, DataStoreAuditItem.CREDENTIAL, DataStoreAuditItem.QUERY,
  DataStoreAuditItem.RESPONSE_SIZE, DataStoreAuditItem.RESPONSE_TIME,
];

/** The id of the access-log bucket's one replication rule (the alarm's RuleId dimension). */
export const ACCESS_LOG_REPLICATION_RULE_ID = 'CopyAccessLogsToVault';

/** Options for {@link logServerAccess}. */
export interface ServerAccessLogOptions {
  readonly central: CentralLogTargets;
  readonly region: string;
  readonly exposure: ServiceExposure;
  readonly retentionDays?: number;
  readonly retentionApproval?: string;
  readonly alarmActions?: cloudwatch.IAlarmAction[];
}

/** What {@link logServerAccess} made. */
export interface ServerAccessLogSetup {
  /** The data buckets (their L2s) now logging, in the order given, without repeats. */
  readonly logged: s3.IBucket[];
  readonly accessLogBucket: s3.Bucket;
  readonly replicationRole: iam.Role;
  readonly alarm: cloudwatch.Alarm;
}

/**
 * Check the data buckets, create their SSE-S3 access-log bucket, point their
 * LoggingConfiguration at it, and replicate it into the central vault with a
 * failure alarm. The access-log bucket itself is not logged (that would loop).
 */
export function logServerAccess(scope: Construct, buckets: s3.IBucket[], o: ServerAccessLogOptions): ServerAccessLogSetup {
  const stack = Stack.of(scope);
  const logged = [...new Set(buckets)];
  const cfnBuckets = logged.map((b) => dataBucketOf(scope, b, buckets.indexOf(b)));
  const prefix = o.central.serverAccessLogPrefix;
  const days = validateRetentionDays({
    exposure: o.exposure,
    retentionDays: o.retentionDays ?? minimumRetentionDays(o.exposure),
    retentionApproval: o.retentionApproval,
  });

  const accessLogBucket = accessLogStoreBucket(scope, {
    lifecycleRules: [{
      id: 'ExpireAfterRetention',
      expiration: Duration.days(days),
      noncurrentVersionExpiration: Duration.days(1),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    }],
  });
  accessLogBucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'S3ServerAccessLogsPolicy',
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [accessLogBucket.arnForObjects(`${prefix}*`)],
    conditions: {
      ArnLike: { 'aws:SourceArn': logged.map((b) => b.bucketArn) },
      StringEquals: { 'aws:SourceAccount': stack.account },
    },
  }));
  acknowledgeAccessLogBucket(accessLogBucket);

  // The policy names the data buckets (aws:SourceArn), so a data bucket cannot wait for it: as aws-s3's own
  // serverAccessLogsBucket does, logging is switched on without that dependency (whether S3 checks the target's
  // policy when logging is switched on is unverified; S3 delivers logs only once the grant exists).
  for (const cfn of cfnBuckets) {
    cfn.loggingConfiguration = {
      destinationBucketName: accessLogBucket.bucketName,
      logFilePrefix: prefix,
      targetObjectKeyFormat: { partitionedPrefix: { partitionDateSource: 'EventTime' } },
    };
  }

  const replicationRole = createReplicationRole(scope, accessLogBucket, o);
  const cfnLog = accessLogBucket.node.defaultChild as s3.CfnBucket;
  cfnLog.replicationConfiguration = {
    role: replicationRole.roleArn,
    rules: [{
      id: ACCESS_LOG_REPLICATION_RULE_ID,
      status: 'Enabled',
      priority: 0,
      filter: { prefix: '' },
      deleteMarkerReplication: { status: 'Disabled' },
      destination: { bucket: o.central.vaultBucketArn, storageClass: VaultStorageClass.GLACIER_IR, metrics: { status: 'Enabled' } },
    }],
  };
  // The rule's Role (Fn::GetAtt) makes the bucket wait for the role; its policy names this bucket, so no further dependency.

  const alarm = new cloudwatch.Alarm(scope, 'AccessLogReplicationFailedAlarm', {
    metric: new cloudwatch.Metric({
      namespace: 'AWS/S3',
      metricName: 'OperationsFailedReplication',
      dimensionsMap: {
        SourceBucket: accessLogBucket.bucketName, DestinationBucket: o.central.vaultBucketName, RuleId: ACCESS_LOG_REPLICATION_RULE_ID,
      },
      statistic: 'Sum',
      period: Duration.minutes(5),
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: `S3 server access logs of ${logged.length} data bucket(s) failed to replicate into the central vault ` +
      `${o.central.vaultBucketName}; they stay in the access-log bucket. Check the replication role and the vault bucket policy ` +
      '(LogArchive admits roles named <prefix>-access-log-replication-* of the source accounts), then copy the failed objects (S3 Batch Replication).',
  });
  alarmActionsOrDefault(scope, o.alarmActions).forEach((a) => alarm.addAlarmAction(a));
  return { logged, accessLogBucket, replicationRole, alarm };
}

/** The L1 of a data bucket, or an error naming the bucket, the prop and the fix. */
function dataBucketOf(scope: Construct, bucket: s3.IBucket, index: number): s3.CfnBucket {
  const where = `serverAccessLogBuckets[${index}] ${bucket.node.path}`;
  const cfn = bucket.node.defaultChild;
  if (!(cfn instanceof s3.CfnBucket)) {
    throw new Error(
      `${where} is an imported bucket: its LoggingConfiguration belongs to the stack that defines it. Switch on its server access ` +
      'logs there (to an SSE-S3 bucket of its own region and account), or pass an aws-s3 Bucket defined in this stack.',
    );
  }
  if (Stack.of(cfn) !== Stack.of(scope)) {
    throw new Error(
      `${where} is in stack '${Stack.of(cfn).stackName}' but DataStoreAuditLogging '${scope.node.path}' is in ` +
      `'${Stack.of(scope).stackName}'; S3 delivers server access logs only within one account and region: create it in the bucket's stack.`,
    );
  }
  const owner = bucket.node.scopes.slice(0, -1).reverse().map((c) => implementationOf(c.constructor)).find((i) => i !== undefined);
  if (owner) {
    throw new Error(
      `${where} is a log bucket of ${owner.construct}, not a data bucket: logging the requests of a log bucket logs every delivery ` +
      'again. Pass only the application\'s data buckets.',
    );
  }
  if (cfn.loggingConfiguration !== undefined) {
    throw new Error(
      `${where} already has server access logging (LoggingConfiguration, for example serverAccessLogsBucket); a bucket logs to ` +
      'one target: remove it, or leave the bucket out of serverAccessLogBuckets.',
    );
  }
  // Tags.of() is applied, and other buckets' logging set, by synthesis: a bucket tagged as a log store, or the
  // server access log target of another bucket, is refused then.
  scope.node.addValidation({
    validate: () => {
      const stack = Stack.of(cfn);
      const name = JSON.stringify(stack.resolve(cfn.ref));
      const loggedHere = stack.node.findAll().filter((c): c is s3.CfnBucket => c instanceof s3.CfnBucket && c !== cfn)
        .filter((b) => b.loggingConfiguration !== undefined
          && JSON.stringify(stack.resolve((stack.resolve(b.loggingConfiguration) as Record<string, unknown>)?.destinationBucketName)) === name);
      return [
        ...(TagManager.isTaggable(cfn) && cfn.tags.tagValues()[LOG_STORE_TAG]?.toLowerCase() === 'true'
          ? [`${where} is tagged ${LOG_STORE_TAG}=true, a log bucket, not a data bucket: logging its requests logs every delivery ` +
            'again; leave it out of serverAccessLogBuckets.'] : []),
        ...loggedHere.map((b) => `${where} receives the server access logs of ${b.node.path}, a log bucket, not a data bucket: ` +
          'leave it out of serverAccessLogBuckets.'),
      ];
    },
  });
  return cfn;
}

/**
 * The role S3 Replication assumes to copy the access-log bucket into the vault, named so the vault admits it
 * (`<prefix>-access-log-replication-<region>-<id>`): it reads the bucket's object versions and writes replicas
 * under this account's key prefix of the vault, nothing else.
 */
function createReplicationRole(scope: Construct, source: s3.Bucket, o: ServerAccessLogOptions): iam.Role {
  const stack = Stack.of(scope);
  const roleName = `${o.central.accessLogReplicationRolePrefix}${o.region}-${scope.node.addr.slice(2, 10)}`;
  if (roleName.length > 64) {
    throw new Error(
      `The access-log replication role name ${roleName} is ${roleName.length} characters, over IAM's 64; use a shorter namePrefix ` +
      'on the CentralLogTargets (and the LogArchive).',
    );
  }
  const role = new iam.Role(scope, 'AccessLogReplicationRole', {
    roleName,
    // S3 Replication's documented trust policy names no condition; IfExists keeps it working if S3 sends none (unverified).
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
    assumedBy: new iam.ServicePrincipal('s3.amazonaws.com', {
      conditions: { StringEqualsIfExists: { 'aws:SourceAccount': stack.account } },
    }),
    description: 'S3 Replication of data buckets\' server access logs into the central vault',
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'ReadAccessLogReplicationConfiguration',
    actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
    resources: [source.bucketArn],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'ReadAccessLogObjectVersions',
    actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
    resources: [source.arnForObjects('*')],
  }));
  const replicas = `${o.central.vaultBucketArn}/${o.central.serverAccessLogPrefix}${stack.account}/*`;
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'WriteVaultReplicas',
    actions: ['s3:ReplicateObject', 's3:ReplicateTags'],
    resources: [replicas],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'ReadVaultVersioning',
    actions: ['s3:GetBucketVersioning'],
    resources: [o.central.vaultBucketArn],
  }));
  acknowledgeInlineRolePolicies(role);
  const sourceId = stack.getLogicalId(source.node.defaultChild as s3.CfnBucket);
  for (const resource of [`<${sourceId}.Arn>/*`, replicas]) {
    acknowledgeNag(role, `AwsSolutions-IAM5[Resource::${resource}]`, 'S3 Replication copies every new object version of the ' +
      'access-log bucket into this account\'s prefix of the vault, so the role names the buckets, not the objects; it can neither ' +
      'delete nor read other objects.');
  }
  return role;
}

/** The nag findings an access-log bucket raises by design, acknowledged with the reason. */
function acknowledgeAccessLogBucket(bucket: IConstruct): void {
  const serverLogs = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html';
  acknowledgeLogCollection(bucket, 'LM-4-Encryption',
    `S3 server access logging delivers only to SSE-S3 buckets (${serverLogs}); this bucket is TLS-only, private, versioned, ` +
    'retained and replicated into the vault.');
  acknowledgeInPacks(bucket, { awsSolutions: ['AwsSolutions-S1'], nist: ['S3BucketLoggingEnabled'], guard: ['s3_bucket_logging_enabled_check'] },
    'An access-log bucket cannot log to itself: each delivery would write a further log record.');
  acknowledgeInPacks(bucket, { nist: ['S3DefaultEncryptionKMS'], guard: ['s3_bucket_default_encryption_kms_check'] },
    `S3 server access logging delivers only to buckets whose default encryption is SSE-S3 (${serverLogs}).`);
  acknowledgeInPacks(bucket, { guard: ['s3_bucket_object_lock_enabled_check'] },
    `S3 server access logging cannot deliver to a bucket with Object Lock default retention (${serverLogs}); the replicas in the ` +
    'central vault are locked.');
  acknowledgeInPacks(bucket, { guard: ['s3_event_notifications_enabled_check'] },
    'Server access logs are read in an investigation, not streamed: an event notification here would have no consumer.');
}
