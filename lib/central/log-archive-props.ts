import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { ServiceExposure } from '../requirements/types';
import { LogSourceScopeOptions } from './source-scope';
import { CentralLogTargets, LogFamily } from './targets';

/** The S3 Object Lock mode of the vault's default retention. */
export enum ObjectLockMode {
  /**
   * Nobody can delete or overwrite a locked object version unless they hold
   * `s3:BypassGovernanceRetention`, which the bucket policy denies to every
   * principal but the break-glass role.
   */
  GOVERNANCE = 'GOVERNANCE',
  /**
   * Nobody, not even the account root user or the break-glass role, can
   * delete a locked object version before its retention ends. The retention
   * cannot be shortened after deployment either.
   */
  COMPLIANCE = 'COMPLIANCE',
}

/**
 * The storage class S3 Replication writes the vault's replicas in
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/API_Destination.html). The
 * replica storage class is set on the replication rule; STANDARD is not offered
 * because the vault holds logs that are rarely read.
 */
export enum VaultStorageClass {
  /**
   * S3 Glacier Instant Retrieval: millisecond reads, so Athena can query the
   * vault in place; 90-day minimum storage duration and 128 KB minimum billable
   * object size.
   */
  GLACIER_IR = 'GLACIER_IR',
  /** S3 Standard-Infrequent Access (30-day minimum storage duration). */
  STANDARD_IA = 'STANDARD_IA',
  /** S3 Intelligent-Tiering (a monitoring fee per object). */
  INTELLIGENT_TIERING = 'INTELLIGENT_TIERING',
  /**
   * S3 Glacier Flexible Retrieval: cheapest for logs kept only for
   * investigations, but objects must be restored before Athena can read them.
   */
  GLACIER = 'GLACIER',
  /** S3 Glacier Deep Archive: cheapest, restores take hours; Athena cannot read it in place. */
  DEEP_ARCHIVE = 'DEEP_ARCHIVE',
}

/** How the SOC's SIEM collects the archive (PU-1: real-time analysis by the SOC). */
export interface SiemHandoffOptions {
  /** The 12-digit id of the account the SIEM's collector runs in. */
  readonly account: string;
  /** The external id the SIEM presents when it assumes the reader role (`sts:ExternalId`). */
  readonly externalId: string;
  /**
   * Name of the SIEM reader role in the central account.
   *
   * @default '<prefix>-siem-reader'
   */
  readonly roleName?: string;
  /**
   * Alarm when the oldest notification on a queue is older than this: the
   * SIEM has stopped collecting.
   *
   * @default 900 (15 minutes)
   */
  readonly maxMessageAgeSeconds?: number;
  /**
   * Receives before a notification moves to the dead-letter queue.
   *
   * @default 10
   */
  readonly maxReceiveCount?: number;
}

/** A central log archive, made here or imported from another stack. */
export interface ILogArchive extends IConstruct {
  /** The names of the archive's buckets, destination and bus. */
  readonly targets: CentralLogTargets;
  /** The KMS key the archive buckets are encrypted with. */
  readonly key: kms.IKey;
  /** The archive bucket of a log family. */
  bucket(family: LogFamily): s3.IBucket;
}

/** Props for {@link LogArchive}. */
export interface LogArchiveProps extends LogSourceScopeOptions {
  /**
   * Who can reach the services whose logs are archived. Decides the vault's
   * Object Lock retention (the policy minimum: 90 days external, 400 days internal).
   * When the archive holds logs of both kinds, use INTERNAL.
   */
  readonly exposure: ServiceExposure;
  /**
   * Days after which the vault's copies are permanently removed (the policy
   * maximum): the current version expires one day earlier (never before the
   * Object Lock retention) and the noncurrent version is removed one day after
   * that.
   *
   * @default 731 (the 2-year maximum without CISO approval, LM-3)
   */
  readonly retentionDays?: number;
  /**
   * Days every replica in the vault is locked for (the Object Lock default
   * retention). At least the policy minimum of the exposure, at most
   * `retentionDays`, and above 731 only with `retentionApproval`.
   *
   * @default - the policy minimum of the exposure (90 days external, 400 days internal)
   */
  readonly objectLockRetentionDays?: number;
  /**
   * Days after which objects expire from the landing buckets (where the
   * services write and the SIEM reads). S3 Replication has copied them into
   * the vault within minutes; keep them long enough for the SIEM to catch up
   * after an outage. From 1 day to `retentionDays`.
   *
   * @default 30
   */
  readonly landingExpiryDays?: number;
  /**
   * Storage class of the replicas in the vault.
   *
   * @default VaultStorageClass.GLACIER_IR (Athena can still read it in place)
   */
  readonly vaultStorageClass?: VaultStorageClass;
  /**
   * Turn on S3 Replication Time Control (99.99% of objects replicated within 15
   * minutes, billed per GB) on every replication rule. Replication metrics are
   * on either way, so the failure alarm works without it.
   *
   * @default false
   */
  readonly replicationTimeControl?: boolean;
  /**
   * CISO approval reference that allows `retentionDays` above 731.
   *
   * @default - none: at most 731 days
   */
  readonly retentionApproval?: string;
  /**
   * Object Lock mode of the vault's default retention. GOVERNANCE lets the
   * break-glass role remove locked replicas (for non-production archives).
   *
   * @default ObjectLockMode.COMPLIANCE
   */
  readonly objectLockMode?: ObjectLockMode;
  /**
   * Prefix of every name (1 to 15 lower-case letters, digits, hyphens).
   *
   * @default 'seclog'
   */
  readonly namePrefix?: string;
  /**
   * ARN of the break-glass role (in the central account) that alone may
   * delete objects, bypass governance retention or change the buckets'
   * protective configuration, and may read objects. ARN wildcards are
   * allowed in the role name (for example an IAM Identity Center role).
   *
   * @default - no break-glass role: deletion and configuration changes are
   * denied to every principal, and only lifecycle expiry removes logs
   */
  readonly breakGlassRoleArn?: string;
  /**
   * ARNs of roles in the central account that may read archived objects
   * in situ (security team, service ops). Their own IAM policies must grant
   * `s3:GetObject`; the bucket policy denies reads to every other principal
   * and the key policy lets them decrypt through S3. Wildcards are allowed in
   * the role name.
   *
   * @default - none: only the SIEM role and the break-glass role can read
   */
  readonly readerRoleArns?: string[];
  /**
   * ARNs of roles (in the central account) that may change the buckets'
   * notification, lifecycle, versioning, Object Lock, replication, encryption
   * and logging configuration, typically the CloudFormation execution role of
   * the pipeline that deploys this stack. They still cannot delete objects or
   * object versions, nor put or delete a bucket policy (break-glass only).
   *
   * @default - none: a deployment that changes those settings must run as the break-glass role
   */
  readonly deploymentRoleArns?: string[];
  /**
   * Offer the archive to the SOC's SIEM: an SQS queue of object-created
   * notifications per bucket (with dead-letter queue and alarms) and a
   * read-only role the SIEM assumes with an external id.
   *
   * @default - no SIEM hand-off
   */
  readonly siem?: SiemHandoffOptions;
  /**
   * Record every read of an archived object in a CloudTrail trail of the
   * central account (S3 data events, read-only, so the trail's own writes
   * never feed back). S3 server access logs record reads either way.
   *
   * @default true
   */
  readonly recordObjectReads?: boolean;
  /**
   * SNS topic that receives the archive's alarms.
   *
   * @default - the stack's encrypted alarm topic (`SecurityLogAlarmTopic`, made once per stack; subscribe a person to it)
   */
  readonly alarmTopic?: sns.ITopic;
}
