import { CfnResource, Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeDeadLetterQueue, acknowledgeNag } from '../../core/acknowledge';
import { validateAccountId, validatePositiveInteger } from '../../core/validate';
import { createCentralAlarm } from './alarm';
import { S3_READ_ACTIONS } from './archive-bucket-policy';
import { centralQueueKey } from './queue-key';
import { SiemHandoffOptions } from '../log-archive-props';
import { CentralLogTargets, LOG_FAMILIES } from '../targets';

// The SIEM hand-off of the log archive (PU-1): a notification queue per bucket, and the role the SIEM assumes.

const MAX_SQS_RETENTION_SECONDS = 1_209_600;

/** The SIEM options checked, with their defaults filled in. */
export function validateSiem(siem: SiemHandoffOptions, namePrefix: string): Required<SiemHandoffOptions> {
  validateAccountId('siem.account', siem.account);
  if (!Token.isUnresolved(siem.externalId) && !/^[\w+=,.@:/-]{2,1224}$/.test(siem.externalId)) {
    throw new Error(
      `siem.externalId '${siem.externalId}' is not a valid external id; use 2 to 1224 letters, digits or +=,.@:/- ` +
      '(the value the SIEM presents when it assumes the role).',
    );
  }
  const roleName = siem.roleName ?? `${namePrefix}-siem-reader`;
  if (!Token.isUnresolved(roleName) && !/^[\w+=,.@-]{1,64}$/.test(roleName)) {
    throw new Error(`siem.roleName '${roleName}' is not a valid IAM role name; use 1 to 64 letters, digits or +=,.@_-.`);
  }
  const { maxMessageAgeSeconds, maxReceiveCount } = validateSiemQueueSettings('siem.maxMessageAgeSeconds', siem.maxMessageAgeSeconds,
    'siem.maxReceiveCount', siem.maxReceiveCount);
  return { account: siem.account, externalId: siem.externalId, roleName, maxMessageAgeSeconds, maxReceiveCount };
}

/** How a SIEM notification queue behaves: the age alarm's threshold and the receives before the dead-letter queue. */
export interface SiemQueueSettings {
  readonly maxMessageAgeSeconds: number;
  readonly maxReceiveCount: number;
}

/** The queue settings checked (each error names the prop as the caller spells it), with their defaults (900 s, 10). */
export function validateSiemQueueSettings(ageProp: string, age: number | undefined, receiveProp: string, receives: number | undefined): SiemQueueSettings {
  const maxMessageAgeSeconds = validatePositiveInteger(ageProp, age ?? 900,
    `use seconds up to ${MAX_SQS_RETENTION_SECONDS} (the queue's 14-day retention)`);
  if (!Token.isUnresolved(maxMessageAgeSeconds) && maxMessageAgeSeconds > MAX_SQS_RETENTION_SECONDS) {
    throw new Error(
      `${ageProp} of ${maxMessageAgeSeconds} exceeds the queue's 14-day retention (${MAX_SQS_RETENTION_SECONDS} s): ` +
      'the alarm would never fire before notifications are lost; use a smaller value.',
    );
  }
  const maxReceiveCount = validatePositiveInteger(receiveProp, receives ?? 10, 'use 1 to 1000');
  if (!Token.isUnresolved(maxReceiveCount) && maxReceiveCount > 1000) {
    throw new Error(`${receiveProp} of ${maxReceiveCount} exceeds the SQS maximum of 1000; use 1 to 1000.`);
  }
  return { maxMessageAgeSeconds, maxReceiveCount };
}

/** Queue keys that already let S3 send encrypted notifications (one statement per key). */
const S3_NOTIFYING_KEYS = new WeakSet<kms.Key>();

/**
 * The stack's queue key, which S3 may use to send encrypted notifications to the SIEM queues (`aliasQualifier`: see
 * centralQueueKey).
 */
export function siemQueueKey(scope: Construct, namePrefix: string, aliasQualifier?: string): kms.Key {
  const queueKey = centralQueueKey(scope, namePrefix, aliasQualifier);
  if (S3_NOTIFYING_KEYS.has(queueKey)) {
    return queueKey;
  }
  S3_NOTIFYING_KEYS.add(queueKey);
  queueKey.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowS3ToSendEncryptedNotifications',
    principals: [new iam.ServicePrincipal('s3.amazonaws.com')],
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resources: ['*'],
    // Only for this account's buckets. Whether S3 sends aws:SourceAccount on these KMS calls is not documented
    // (unverified), so IfExists: a request that names another account is refused, one that names none still works.
    conditions: { StringEqualsIfExists: { 'aws:SourceAccount': Stack.of(scope).account } },
  }));
  return queueKey;
}

/** A bucket's SIEM notification queue, its dead-letter queue and their alarms. */
export interface SiemNotificationQueues {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;
  readonly alarms: cloudwatch.Alarm[];
}

/** Which bucket notifies which queue, for {@link addSiemNotifications}. */
export interface SiemQueueTarget {
  /** The queue's name (its dead-letter queue is `<name>-dlq`). */
  readonly queueName: string;
  /** The ARN of the bucket whose notifications it receives. */
  readonly bucketArn: string;
  /** What the bucket holds, for alarm descriptions (the log family, or the region-local landing). */
  readonly label: string;
}

/**
 * An SQS queue (with dead-letter queue and alarms) that receives the
 * object-created notifications of a landing bucket, in the bucket's own region
 * (S3 notifies only destinations of the bucket's region: read for SNS topics in the S3 user guide source,
 * https://github.com/awsdocs/amazon-s3-user-guide/blob/master/doc_source/setup-event-notification-destination.md;
 * for SQS queues unverified. Permissions: https://docs.aws.amazon.com/AmazonS3/latest/userguide/grant-destinations-permissions-to-s3.html).
 * Constructs are made in
 * `scope` with ids starting with `id`.
 */
export function addSiemNotifications(scope: Construct, id: string, bucket: s3.Bucket, target: SiemQueueTarget,
  siem: SiemQueueSettings, queueKey: kms.IKey, alarmTopic?: sns.ITopic): SiemNotificationQueues {
  const name = target.queueName;
  const family = target.label;
  const deadLetterQueue = new sqs.Queue(scope, `${id}DeadLetterQueue`, {
    queueName: `${name}-dlq`,
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: queueKey,
    enforceSSL: true,
    retentionPeriod: Duration.seconds(MAX_SQS_RETENTION_SECONDS),
  });
  const queue = new sqs.Queue(scope, `${id}Queue`, {
    queueName: name,
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: queueKey,
    enforceSSL: true,
    retentionPeriod: Duration.seconds(MAX_SQS_RETENTION_SECONDS),
    visibilityTimeout: Duration.minutes(5),
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: siem.maxReceiveCount },
  });
  acknowledgeDeadLetterQueue(deadLetterQueue, `the SIEM notification queue ${name}`);
  const bucketArn = target.bucketArn;
  queue.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'AllowArchiveBucketNotifications',
    principals: [new iam.ServicePrincipal('s3.amazonaws.com')],
    actions: ['sqs:SendMessage'],
    resources: [queue.queueArn],
    conditions: { ArnLike: { 'aws:SourceArn': bucketArn }, StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
  }));
  // Written on the L1 bucket (not bucket.addEventNotification) so no notification custom-resource Lambda is deployed;
  // S3 checks it may send to the queue when the configuration is set, hence the dependency on the queue policy.
  const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
  cfnBucket.notificationConfiguration = {
    queueConfigurations: [{ event: 's3:ObjectCreated:*', queue: queue.queueArn }],
  };
  // The queue keeps one policy (the TLS-only statement and this one); find it to order the bucket after it.
  const queuePolicy = queue.node.tryFindChild('Policy') as sqs.QueuePolicy | undefined;
  if (!queuePolicy) {
    throw new Error(`Internal error: the ${name} queue has no policy to order the bucket notification after.`);
  }
  cfnBucket.node.addDependency(queuePolicy.node.defaultChild as CfnResource);

  const alarms = [createCentralAlarm(scope, `${id}QueueAgeAlarm`, {
    metric: queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
    threshold: siem.maxMessageAgeSeconds,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    description: `The SIEM has not collected ${family} notifications for over ${siem.maxMessageAgeSeconds} seconds (queue ${name}); ` +
      'notifications are kept 14 days, the logs themselves stay in the archive.',
    topic: alarmTopic,
  }), createCentralAlarm(scope, `${id}DeadLetterAlarm`, {
    metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    description: `The SIEM failed to process ${family} notifications ${siem.maxReceiveCount} times; they are in ${name}-dlq. ` +
      'Redrive them to the source queue once the SIEM is fixed.',
    topic: alarmTopic,
  })];
  return { queue, deadLetterQueue, alarms };
}

/** The role the SIEM assumes (with its external id) to consume the notification queues and fetch the notified objects. */
export function createSiemRole(scope: Construct, targets: CentralLogTargets, archiveKey: kms.IKey, queues: sqs.IQueue[],
  siem: Required<SiemHandoffOptions>, queueKey: kms.IKey): iam.Role {
  const stack = Stack.of(scope);
  const role = new iam.Role(scope, 'SiemRole', {
    roleName: siem.roleName,
    assumedBy: new iam.AccountPrincipal(siem.account),
    externalIds: [siem.externalId],
    maxSessionDuration: Duration.hours(1),
    description: 'Read-only access for the SOC SIEM: receive archive notifications and fetch the named objects',
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'ConsumeArchiveNotifications',
    actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
    resources: queues.map((q) => q.queueArn),
  }));
  const objectArns = LOG_FAMILIES.map((f) => `${targets.bucketArn(f)}/*`);
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'ReadNotifiedArchiveObjects',
    actions: S3_READ_ACTIONS,
    resources: objectArns,
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'DecryptArchiveObjects',
    actions: ['kms:Decrypt'],
    resources: [archiveKey.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` } },
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'DecryptNotifications',
    actions: ['kms:Decrypt'],
    resources: [queueKey.keyArn],
    conditions: { StringEquals: { 'kms:ViaService': `sqs.${stack.region}.amazonaws.com` } },
  }));
  for (const arn of objectArns) {
    acknowledgeNag(role, `AwsSolutions-IAM5[Resource::${arn}]`,
      'The SIEM fetches the object named in each S3 notification, so it needs GetObject on every key of the archive bucket; ' +
      'it has no ListBucket, so it cannot enumerate or bulk-export the archive (LM-6).');
  }
  return role;
}
