import { CfnResource, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { acknowledgeLogCollection } from '../../core/acknowledge';
import { accessLogStoreBucket } from '../../core/log-store-tags';
import { minimumRetentionDays, RETENTION_POLICY, validateRetentionDays } from '../../requirements/retention';
import { ServiceExposure } from '../../requirements/types';
import { validateRoleArn } from '../../core/validate';
import { VaultStorageClass } from '../log-archive-props';
import { RegionalLandingProps } from '../regional-landing-props';
import { CentralLogTargets } from '../targets';
import { protectBucket } from './archive-bucket-policy';
import { acknowledgeAccessLogBucket } from './archive-pack-findings';
import { replicateToVault, validateVaultSettings, VaultSettings } from './archive-vault';
import { RegionalSiemSettings, resolveRegionalSiem } from './regional-siem';
import { ResolvedSourceScope, resolveSourceScope } from './source-scope';

// The parts a region-local landing bucket (LoadBalancerLogLanding, VendedLogLanding) shares: its SSE-S3 server
// access-log bucket of the same region, and the replication of both buckets into the central vault.

/** Who may do what to a region-local landing's buckets (validated role ARNs). */
export interface RegionalLandingRoles {
  readonly breakGlass: string[];
  readonly deployers: string[];
  readonly readers: string[];
}

/** What a region-local landing's props resolve to, validated. */
export interface ResolvedRegionalLanding {
  readonly retentionDays: number;
  readonly settings: VaultSettings;
  readonly sources: ResolvedSourceScope;
  readonly roles: RegionalLandingRoles;
  readonly siem?: RegionalSiemSettings;
}

/**
 * Validate and resolve the props LoadBalancerLogLanding and VendedLogLanding share (retention, vault settings,
 * source scope, role ARNs, SIEM hand-off), in that order; errors name `construct` and the prop.
 */
export function resolveRegionalLanding(construct: string, props: RegionalLandingProps, central: CentralLogTargets,
  account: string): ResolvedRegionalLanding {
  const retentionDays = props.retentionDays ?? RETENTION_POLICY.maximumDaysWithoutApproval;
  validateRetentionDays({ exposure: props.exposure, retentionDays, retentionApproval: props.retentionApproval });
  const settings = validateVaultSettings({ ...props, retentionDays });
  const sources = resolveSourceScope(construct, props, account);
  const roles = {
    breakGlass: props.breakGlassRoleArn ? [validateRoleArn('breakGlassRoleArn', props.breakGlassRoleArn)] : [],
    deployers: (props.deploymentRoleArns ?? []).map((a, i) => validateRoleArn(`deploymentRoleArns[${i}]`, a)),
    readers: (props.readerRoleArns ?? []).map((a, i) => validateRoleArn(`readerRoleArns[${i}]`, a)),
  };
  return { retentionDays, settings, sources, roles, siem: resolveRegionalSiem(construct, props, central) };
}

/** Options for {@link regionalAccessLogBucket}. */
export interface RegionalAccessLogOptions {
  /** The access-log bucket's name. */
  readonly name: string;
  /** The landing bucket whose server access logs it receives. */
  readonly loggedBucketName: string;
  readonly exposure: ServiceExposure;
  readonly retentionDays: number;
  readonly roles: RegionalLandingRoles;
}

/**
 * The landing bucket's S3 server access-log bucket (construct id `AccessLogBucket`): SSE-S3, since S3 server access
 * logging delivers only to SSE-S3 buckets of the same region and account
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html), versioned, TLS-only, private, retained,
 * writable by `logging.s3.amazonaws.com` for the landing bucket only, and protected like every log bucket.
 */
export function regionalAccessLogBucket(scope: Construct, options: RegionalAccessLogOptions): s3.Bucket {
  const stack = Stack.of(scope);
  const bucket = accessLogStoreBucket(scope, {
    bucketName: options.name,
    lifecycleRules: [{
      id: 'ExpireAfterRetention',
      expiration: Duration.days(Math.max(minimumRetentionDays(options.exposure), options.retentionDays - 1)),
      noncurrentVersionExpiration: Duration.days(1),
    }],
  });
  acknowledgeLogCollection(bucket, 'LM-4-Encryption',
    'S3 server access logging delivers only to SSE-S3 buckets (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html); ' +
    'this bucket is TLS-only, private, versioned, retained and replicated into the vault.');
  acknowledgeAccessLogBucket(bucket);
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'S3ServerAccessLogsPolicy',
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [`arn:aws:s3:::${options.name}/*`],
    conditions: { ArnLike: { 'aws:SourceArn': `arn:aws:s3:::${options.loggedBucketName}` }, StringEquals: { 'aws:SourceAccount': stack.account } },
  }));
  const { breakGlass, deployers, readers } = options.roles;
  protectBucket(bucket, options.name, breakGlass, deployers, [...readers, ...breakGlass]);
  return bucket;
}

/** Log the landing bucket's requests to its access-log bucket, under `prefix`, once the access-log bucket's policy exists. */
export function logToAccessLogBucket(landing: s3.Bucket, accessLogBucket: s3.Bucket, prefix: string): void {
  const cfnBucket = landing.node.defaultChild as s3.CfnBucket;
  cfnBucket.loggingConfiguration = { destinationBucketName: accessLogBucket.bucketName, logFilePrefix: prefix };
  cfnBucket.node.addDependency(accessLogBucket.policy!.node.defaultChild as CfnResource);
}

/** Options for {@link replicateRegionalLanding}. */
export interface RegionalReplicationOptions {
  readonly landing: s3.Bucket;
  readonly landingName: string;
  readonly accessLogBucket: s3.Bucket;
  readonly accessLogName: string;
  readonly role: iam.IRole;
  readonly vaultArn: string;
  readonly vaultRegion: string;
  /** The vault's key: given when the landing bucket holds SSE-KMS objects (selected and re-encrypted with it). */
  readonly vaultKeyArn?: string;
  readonly storageClass: VaultStorageClass;
  readonly replicationTimeControl: boolean;
  readonly alarmTopic?: sns.ITopic;
}

/**
 * Replicate the landing bucket and its access-log bucket (S3 server access logging writes it directly, so it
 * replicates too, with SSE-S3 objects) into the vault, cross-region where needed, each with a failure alarm.
 */
export function replicateRegionalLanding(scope: Construct, o: RegionalReplicationOptions): [cloudwatch.Alarm, cloudwatch.Alarm] {
  const common = { role: o.role, storageClass: o.storageClass, replicationTimeControl: o.replicationTimeControl, alarmTopic: o.alarmTopic };
  return [
    replicateToVault(scope, 'ReplicationFailedAlarm', o.landing, o.landingName, {
      ...common,
      destination: { vaultArn: o.vaultArn, vaultRegion: o.vaultRegion, vaultKeyArn: o.vaultKeyArn },
      kmsObjects: o.vaultKeyArn !== undefined,
    }),
    replicateToVault(scope, 'AccessLogReplicationFailedAlarm', o.accessLogBucket, o.accessLogName, {
      ...common,
      destination: { vaultArn: o.vaultArn, vaultRegion: o.vaultRegion },
      kmsObjects: false,
    }),
  ];
}
