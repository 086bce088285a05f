import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledgeNag } from '../../core/acknowledge';
import { validateEnumValue } from '../../core/validate';
import { minimumRetentionDays, validateRetentionDays } from '../../requirements/retention';
import { ServiceExposure } from '../../requirements/types';
import { createCentralAlarm } from './alarm';
import { VaultStorageClass } from '../log-archive-props';

// The vault side of the archive: the landing → vault checks, the replication role and each landing bucket's replication rule.
//
// AWS pages relied on:
// - both buckets versioned; an unlocked source may replicate into a locked destination, whose default retention the
//   replicas take: https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-requirements.html and
//   https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-what-is-isnot-replicated.html
// - SSE-KMS objects are replicated only when SourceSelectionCriteria.SseKmsEncryptedObjects is on, re-encrypted with
//   ReplicaKmsKeyID: https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html
// - Replication Time Control is 15 minutes only and needs Metrics:
//   https://docs.aws.amazon.com/AmazonS3/latest/API/API_ReplicationTimeValue.html
// - the replica storage class is set on the rule's destination: https://docs.aws.amazon.com/AmazonS3/latest/API/API_Destination.html
// Unverified (no page in the research notes): the metric name OperationsFailedReplication and its dimensions
// (SourceBucket, DestinationBucket, RuleId), taken from the S3 replication metrics page
// https://docs.aws.amazon.com/AmazonS3/latest/userguide/repl-metrics.html, which the notes did not check.

/** The id of the one replication rule of every landing bucket. */
export const VAULT_REPLICATION_RULE_ID = 'CopyEverythingToVault';

/** The landing → vault settings, checked, with their defaults filled in. */
export interface VaultSettings {
  readonly lockDays: number;
  readonly landingExpiryDays: number;
  readonly storageClass: VaultStorageClass;
}

/** Input of {@link validateVaultSettings}. */
export interface VaultSettingsInput {
  readonly exposure: ServiceExposure;
  readonly retentionDays: number;
  readonly retentionApproval?: string;
  readonly objectLockRetentionDays?: number;
  readonly landingExpiryDays?: number;
  readonly vaultStorageClass?: VaultStorageClass;
}

/** Check the vault's lock, the landing expiry and the replica storage class against the policy and each other. */
export function validateVaultSettings(input: VaultSettingsInput): VaultSettings {
  const lockDays = input.objectLockRetentionDays ?? minimumRetentionDays(input.exposure);
  if (!Token.isUnresolved(lockDays)) {
    validateRetentionDays({
      exposure: input.exposure,
      retentionDays: lockDays,
      retentionApproval: input.retentionApproval,
      propName: 'objectLockRetentionDays',
    });
    if (!Token.isUnresolved(input.retentionDays) && lockDays > input.retentionDays) {
      throw new Error(
        `objectLockRetentionDays of ${lockDays} days exceeds retentionDays (${input.retentionDays}): the vault would lock ` +
        `replicas past their expiry; use at most ${input.retentionDays}, or raise retentionDays.`,
      );
    }
  }
  const landingExpiryDays = input.landingExpiryDays ?? 30;
  if (!Token.isUnresolved(landingExpiryDays)) {
    if (!Number.isInteger(landingExpiryDays) || landingExpiryDays < 1) {
      throw new Error(
        `landingExpiryDays of ${landingExpiryDays} is shorter than one day: S3 lifecycle expires whole days, and the SIEM ` +
        'needs time to read the landing copy; use a whole number of days from 1 (default 30).',
      );
    }
    if (!Token.isUnresolved(input.retentionDays) && landingExpiryDays > input.retentionDays) {
      throw new Error(
        `landingExpiryDays of ${landingExpiryDays} exceeds the vault retention (retentionDays ${input.retentionDays}): the ` +
        `landing copy would outlive the vault; use at most ${input.retentionDays} (default 30).`,
      );
    }
  }
  const storageClass = validateEnumValue('vaultStorageClass', input.vaultStorageClass ?? VaultStorageClass.GLACIER_IR,
    VaultStorageClass, 'VaultStorageClass', 'a storage class S3 Replication can write vault replicas in');
  return { lockDays, landingExpiryDays, storageClass };
}

/** The lifecycle rules of a landing bucket: objects go after `days` (the vault has its copy), noncurrent versions a day later. */
export function landingLifecycle(days: number): s3.LifecycleRule[] {
  return [
    {
      id: 'ExpireLandedCopies',
      expiration: Duration.days(days),
      noncurrentVersionExpiration: Duration.days(1),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    },
    { id: 'RemoveExpiredDeleteMarkers', expiredObjectDeleteMarker: true },
  ];
}

/** One landing bucket the replication role reads. */
export interface ReplicationSource {
  readonly bucketArn: string;
  /** The KMS key of the landing bucket's objects, when they are SSE-KMS. */
  readonly keyArn?: string;
}

/** Where replicas go. */
export interface ReplicationDestination {
  readonly vaultArn: string;
  /** The region of the vault (for `kms:ViaService`). */
  readonly vaultRegion: string;
  /** The key replicas are encrypted with (`ReplicaKmsKeyID`), when any source holds SSE-KMS objects. */
  readonly vaultKeyArn?: string;
}

/**
 * The role S3 assumes to replicate landing buckets into the vault: it reads
 * object versions of the named landing buckets and writes replicas and their
 * tags into the vault, nothing else (no `s3:ReplicateDelete`: delete markers
 * are not replicated, so expiring a landing copy never touches the vault).
 */
export function createReplicationRole(scope: Construct, id: string, roleName: string, sources: ReplicationSource[],
  destination: ReplicationDestination): iam.Role {
  const region = Stack.of(scope).region;
  const role = new iam.Role(scope, id, {
    roleName,
    // Only for this account's buckets (confused deputy). S3 Replication's documented trust policy names no condition;
    // IfExists keeps replication working if it sends none (unverified). https://docs.aws.amazon.com/AmazonS3/latest/userguide/setting-repl-config-perm-overview.html
    assumedBy: new iam.ServicePrincipal('s3.amazonaws.com', {
      conditions: { StringEqualsIfExists: { 'aws:SourceAccount': Stack.of(scope).account } },
    }),
    description: 'S3 Replication from the log landing buckets into the Object Lock vault',
  });
  const arns = sources.map((s) => s.bucketArn);
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'ReadLandingReplicationConfiguration',
    actions: ['s3:GetReplicationConfiguration', 's3:ListBucket'],
    resources: arns,
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'ReadLandingObjectVersions',
    actions: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging'],
    resources: arns.map((a) => `${a}/*`),
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'WriteVaultReplicas',
    actions: ['s3:ReplicateObject', 's3:ReplicateTags'],
    resources: [`${destination.vaultArn}/*`],
  }));
  const sourceKeys = [...new Set(sources.map((s) => s.keyArn).filter((k): k is string => k !== undefined))];
  if (sourceKeys.length > 0) {
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'DecryptLandingObjects',
      actions: ['kms:Decrypt'],
      resources: sourceKeys,
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${region}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [...arns, ...arns.map((a) => `${a}/*`)] },
      },
    }));
  }
  if (destination.vaultKeyArn) {
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'EncryptVaultReplicas',
      actions: ['kms:Encrypt', 'kms:GenerateDataKey'],
      resources: [destination.vaultKeyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${destination.vaultRegion}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [destination.vaultArn, `${destination.vaultArn}/*`] },
      },
    }));
  }
  for (const resource of [...arns.map((a) => `${a}/*`), `${destination.vaultArn}/*`]) {
    acknowledgeNag(role, `AwsSolutions-IAM5[Resource::${resource}]`,
      'S3 Replication copies every new object version of the landing bucket into the vault, so the role names the ' +
      'buckets and cannot name the keys; it can neither delete nor read objects outside replication.');
  }
  return role;
}

/** Options of {@link replicateToVault}. */
export interface VaultReplicationOptions {
  readonly role: iam.IRole;
  readonly destination: ReplicationDestination;
  readonly storageClass: VaultStorageClass;
  /** Whether the landing bucket holds SSE-KMS objects (select them and re-encrypt with the vault key). */
  readonly kmsObjects: boolean;
  readonly replicationTimeControl: boolean;
  readonly alarmTopic?: sns.ITopic;
}

/**
 * Give a landing bucket its one replication rule (every object, delete markers
 * not replicated, replication metrics on) and an alarm on failed replication.
 */
export function replicateToVault(scope: Construct, id: string, landing: s3.Bucket, landingName: string,
  options: VaultReplicationOptions): cloudwatch.Alarm {
  if (options.kmsObjects && !options.destination.vaultKeyArn) {
    throw new Error(`Internal error: ${landingName} holds SSE-KMS objects but the vault has no key to re-encrypt them with.`);
  }
  const rtc = options.replicationTimeControl;
  const cfn = landing.node.defaultChild as s3.CfnBucket;
  cfn.replicationConfiguration = {
    role: options.role.roleArn,
    rules: [{
      id: VAULT_REPLICATION_RULE_ID,
      status: 'Enabled',
      priority: 0,
      filter: { prefix: '' },
      deleteMarkerReplication: { status: 'Disabled' },
      sourceSelectionCriteria: options.kmsObjects ? { sseKmsEncryptedObjects: { status: 'Enabled' } } : undefined,
      destination: {
        bucket: options.destination.vaultArn,
        storageClass: options.storageClass,
        encryptionConfiguration: options.kmsObjects ? { replicaKmsKeyId: options.destination.vaultKeyArn! } : undefined,
        metrics: { status: 'Enabled', eventThreshold: rtc ? { minutes: 15 } : undefined },
        replicationTime: rtc ? { status: 'Enabled', time: { minutes: 15 } } : undefined,
      },
    }],
  };
  cfn.node.addDependency(options.role);
  const vaultName = options.destination.vaultArn.replace(/^arn:[^:]+:s3:::/, '');
  return createCentralAlarm(scope, id, {
    metric: new cloudwatch.Metric({
      namespace: 'AWS/S3',
      metricName: 'OperationsFailedReplication',
      dimensionsMap: { SourceBucket: landingName, DestinationBucket: vaultName, RuleId: VAULT_REPLICATION_RULE_ID },
      statistic: 'Sum',
      period: Duration.minutes(5),
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    description: `Objects of ${landingName} failed to replicate into the vault ${vaultName}; they expire from the landing ` +
      'bucket after landingExpiryDays. Check the replication role, the vault key and the vault bucket policy, then copy ' +
      'the failed objects (S3 Batch Replication).',
    topic: options.alarmTopic,
  });
}

/** Role names the vault accepts replicas from: `<prefix>-archive-replication` and `<prefix>-elb-replication-<region>`. */
export function replicationRoleArnPattern(account: string, namePrefix: string): string {
  return `arn:aws:iam::${account}:role/${namePrefix}-*replication*`;
}
