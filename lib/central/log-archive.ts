import { CfnOutput, CfnResource, Duration, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { LOG_STORE_TAG, RETENTION_APPROVAL_TAG } from '../core/log-store-tags';
import { createCentralAlarm } from './private/alarm';
import { ImportedLogArchive } from './private/imported-log-archive';
import { acknowledgeLogCollection, acknowledgeNag } from '../core/acknowledge';
import { recordEvidence } from '../core/evidence';
import { LibraryConstructName } from '../requirements/seeds';
import { centralQueueKey } from './private/queue-key';
import { ResolvedSourceScope, resolveSourceScope, serviceSourceConditions } from './private/source-scope';
import { validateAccountId, validatePositiveInteger, validateRoleArn } from '../core/validate';
import { RETENTION_POLICY, minimumRetentionDays, validateRetentionDays } from '../requirements/retention';
import { ServiceExposure } from '../requirements/types';
import { LogSourceScopeOptions } from './source-scope';
import { CentralLogTargets, LOG_FAMILIES, LogFamily } from './targets';

/** The S3 Object Lock mode of the archive buckets' default retention. */
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
   * Who can reach the services whose logs are archived. Decides the Object
   * Lock retention (the policy minimum: 90 days external, 400 days internal).
   * When the archive holds logs of both kinds, use INTERNAL.
   */
  readonly exposure: ServiceExposure;
  /**
   * Days after which archived logs are permanently removed: the current
   * version expires one day earlier (never before the policy minimum) and the
   * noncurrent version is removed one day after that.
   *
   * @default 731 (the 2-year maximum without CISO approval, LM-3)
   */
  readonly retentionDays?: number;
  /**
   * CISO approval reference that allows `retentionDays` above 731.
   *
   * @default - none: at most 731 days
   */
  readonly retentionApproval?: string;
  /**
   * Object Lock mode of the buckets' default retention.
   *
   * @default ObjectLockMode.GOVERNANCE
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
   * lifecycle, versioning, Object Lock, replication, encryption and logging
   * configuration, typically the CloudFormation execution role of the
   * pipeline that deploys this stack. They still cannot delete objects.
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
   * @default - alarms without actions
   */
  readonly alarmTopic?: sns.ITopic;
}

const S3_READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'];
const S3_DELETE_ACTIONS = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:BypassGovernanceRetention',
  's3:PutObjectRetention',
  's3:DeleteBucket',
];
const S3_PROTECTED_CONFIGURATION_ACTIONS = [
  's3:DeleteBucketPolicy',
  's3:PutLifecycleConfiguration',
  's3:PutBucketVersioning',
  's3:PutBucketObjectLockConfiguration',
  's3:PutReplicationConfiguration',
  's3:PutEncryptionConfiguration',
  's3:PutBucketLogging',
];
const MAX_SQS_RETENTION_SECONDS = 1_209_600;
/** Key prefix of the read-audit trail's own files in the CloudTrail bucket. */
const READ_AUDIT_PREFIX = 'archive-reads';

/**
 * The central log archive (logging and monitoring policy LM-1 to LM-6,
 * privileged user logging PU-1 and PU-3): one S3 bucket per log family, named
 * by {@link CentralLogTargets} so workload accounts address them without
 * exports.
 *
 * Every bucket is versioned, Object Lock protected for the policy minimum of
 * the exposure class, expires logs at `retentionDays`, is encrypted with the
 * archive's KMS key (bucket key on), blocks public access, accepts TLS only and
 * writes S3 server access logs to a separate access-log bucket. The bucket
 * policy lets the log services write only on behalf of the organisation or
 * the named accounts, denies deletion and protective configuration changes to
 * everyone but the break-glass role, and denies reads to everyone but the
 * reader roles, the SIEM and the break-glass role. Reads are recorded by S3
 * server access logs and (by default) by a data-event trail (LM-5).
 *
 * The access-log bucket uses SSE-S3 and has no Object Lock because S3 server
 * access logging can deliver only to buckets encrypted with SSE-S3 and not to
 * buckets with Object Lock. It is versioned, retained, TLS-only, and has the
 * same lifecycle and deny statements.
 *
 * The bucket policy denies `s3:PutLifecycleConfiguration`,
 * `s3:PutBucketVersioning` and the other protective settings to every role
 * but the break-glass role and `deploymentRoleArns`: a later deployment that
 * changes `retentionDays` must run as one of them. The key policy denies
 * `kms:ScheduleKeyDeletion` and `kms:DisableKey` to all but the break-glass
 * role, since losing the key erases every log at once.
 *
 * Who writes where:
 * - CLOUDTRAIL: organisation and account trails, under `AWSLogs/` only (no
 *   S3 key prefix: reads under `AWSLogs/` are what the read-audit trail
 *   watches; its own files go to `archive-reads/`).
 * - VPC_FLOW, DNS_QUERY, EXPORTS: vended log delivery
 *   (`delivery.logs.amazonaws.com`), under any prefix that contains `AWSLogs/`.
 * - EXPORTS: workload exporters, by assuming `exportWriterRole`
 *   (`targets.exportWriterRoleArn`) and writing under `exports/<account>/`.
 * - CLOUDWATCH, EVENTS: the central Firehose streams of
 *   {@link CentralLogDestination} and {@link CentralEventBus}.
 *
 * Bulk export is prevented (LM-6): nobody may set up replication, and the
 * SIEM role can fetch the objects it is notified of but cannot list a bucket.
 *
 * @example
 * const archive = new LogArchive(this, 'Archive', {
 *   exposure: ServiceExposure.INTERNAL,
 *   organizationId: 'o-a1b2c3d4e5',
 *   breakGlassRoleArn: 'arn:aws:iam::111111111111:role/LogBreakGlass',
 *   readerRoleArns: ['arn:aws:iam::111111111111:role/SecurityAnalyst'],
 *   siem: { account: '444444444444', externalId: 'soc-siem-ingest' },
 * });
 * archive.bucket(LogFamily.VPC_FLOW); // where workload flow logs are delivered
 */
export class LogArchive extends Construct implements ILogArchive {
  /**
   * An archive deployed in another stack or app, for the central destination
   * and bus or for workload stacks. Buckets are imported by name and the key
   * by ARN, so `targets` must carry `archiveKeyArn`.
   */
  public static fromLogArchiveAttributes(scope: Construct, id: string, targets: CentralLogTargets): ILogArchive {
    return new ImportedLogArchive(scope, id, targets);
  }

  public readonly targets: CentralLogTargets;
  /** The archive's KMS key (rotation on, retained). */
  public readonly key: kms.IKey;
  /** The bucket that receives the S3 server access logs of the archive buckets. */
  public readonly accessLogBucket: s3.IBucket;
  /** The role the SIEM assumes, when `siem` is set. */
  public readonly siemRole?: iam.IRole;
  /** The role workload exporters assume to write into the EXPORTS bucket under `exports/<account>/`. */
  public readonly exportWriterRole: iam.IRole;
  /** The trail that records reads of archived objects, when `recordObjectReads` is on. */
  public readonly readAuditTrail?: cloudtrail.CfnTrail;
  /** Every alarm the archive made. */
  public readonly alarms: cloudwatch.IAlarm[] = [];
  /** Days after which archived logs expire. */
  public readonly retentionDays: number;
  /** Days every object is locked for (the policy minimum of the exposure class). */
  public readonly objectLockRetentionDays: number;

  private readonly buckets = new Map<LogFamily, s3.Bucket>();
  private readonly queues = new Map<LogFamily, sqs.Queue>();
  private readonly deadLetterQueues = new Map<LogFamily, sqs.Queue>();

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.targets = CentralLogTargets.forStack(this, props.namePrefix, props.organizationId);
    const sources = resolveSourceScope('LogArchive', props, stack.account);

    this.objectLockRetentionDays = minimumRetentionDays(props.exposure);
    this.retentionDays = props.retentionDays ?? RETENTION_POLICY.maximumDaysWithoutApproval;
    if (!Token.isUnresolved(this.retentionDays)) {
      validateRetentionDays({
        exposure: props.exposure,
        retentionDays: this.retentionDays,
        retentionApproval: props.retentionApproval,
      });
    }
    const approval = props.retentionApproval?.trim();
    if (approval && !Token.isUnresolved(approval) && !/^[\p{L}\p{N}\p{Zs}_.:/=+\-@]{1,256}$/u.test(approval)) {
      throw new Error(
        `retentionApproval '${approval}' cannot be recorded as an S3 tag; use up to 256 letters, digits, spaces or _.:/=+-@.`,
      );
    }
    const lockMode = props.objectLockMode ?? ObjectLockMode.GOVERNANCE;
    if (!Object.values(ObjectLockMode).includes(lockMode)) {
      throw new Error(`objectLockMode '${String(lockMode)}' is not an Object Lock mode; use ObjectLockMode.GOVERNANCE or ObjectLockMode.COMPLIANCE.`);
    }
    const breakGlass = props.breakGlassRoleArn === undefined
      ? []
      : [this.centralRoleArn('breakGlassRoleArn', props.breakGlassRoleArn)];
    const readers = (props.readerRoleArns ?? []).map((arn, i) => this.centralRoleArn(`readerRoleArns[${i}]`, arn));
    const deployers = (props.deploymentRoleArns ?? []).map((arn, i) => this.centralRoleArn(`deploymentRoleArns[${i}]`, arn));
    const siem = props.siem === undefined ? undefined : this.validateSiem(props.siem);
    const siemRoleArn = siem ? `arn:aws:iam::${stack.account}:role/${siem.roleName}` : undefined;

    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the central security log archive (${this.targets.namePrefix})`,
      alias: `alias/${this.targets.namePrefix}-archive`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key = key;
    this.addKeyPolicy(key, sources, breakGlass, readers);

    // The current version expires a day before retentionDays and the noncurrent version one day later, so no log outlives
    // retentionDays; the current version is never expired before the policy minimum (Object Lock holds it that long anyway).
    const currentExpirationDays = Token.isUnresolved(this.retentionDays)
      ? this.retentionDays
      : Math.max(this.objectLockRetentionDays, this.retentionDays - 1);
    const lifecycleRules: s3.LifecycleRule[] = [
      {
        id: 'ExpireAfterRetention',
        expiration: Duration.days(currentExpirationDays),
        noncurrentVersionExpiration: Duration.days(1),
        abortIncompleteMultipartUploadAfter: Duration.days(1),
      },
      { id: 'RemoveExpiredDeleteMarkers', expiredObjectDeleteMarker: true },
    ];

    const accessLogBucket = new s3.Bucket(this, 'AccessLogBucket', {
      bucketName: this.targets.accessLogBucketName,
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules,
    });
    this.accessLogBucket = accessLogBucket;
    // Mark every store for the LogCollectionChecks rules (nothing in this app writes to most of them) and record the approval.
    const tagStore = (bucket: s3.Bucket) => {
      Tags.of(bucket).add(LOG_STORE_TAG, 'true');
      if (approval) {
        Tags.of(bucket).add(RETENTION_APPROVAL_TAG, approval);
      }
    };
    tagStore(accessLogBucket);
    acknowledgeLogCollection(accessLogBucket, 'LM-4-Encryption',
      'S3 server access logging delivers only to buckets whose default encryption is SSE-S3, so this access-log bucket ' +
      'cannot use the archive KMS key; it is TLS-only, private, versioned, retained, and its reads are recorded by the read-audit trail.');
    this.protectBucket(accessLogBucket, this.targets.accessLogBucketName, breakGlass, deployers,
      [...readers, ...breakGlass]);
    accessLogBucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'S3ServerAccessLogsPolicy',
      principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: [`arn:aws:s3:::${this.targets.accessLogBucketName}/*`],
      conditions: {
        ArnLike: { 'aws:SourceArn': LOG_FAMILIES.map((f) => this.targets.bucketArn(f)) },
        StringEquals: { 'aws:SourceAccount': stack.account },
      },
    }));

    const queueKey = siem ? centralQueueKey(this, this.targets.namePrefix) : undefined;
    if (queueKey) {
      queueKey.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowS3ToSendEncryptedNotifications',
        principals: [new iam.ServicePrincipal('s3.amazonaws.com')],
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: ['*'],
      }));
    }

    for (const family of LOG_FAMILIES) {
      const bucketName = this.targets.bucketName(family);
      const bucket = new s3.Bucket(this, `${pascal(family)}Bucket`, {
        bucketName,
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: key,
        bucketKeyEnabled: true,
        versioned: true,
        objectLockEnabled: true,
        objectLockDefaultRetention: lockMode === ObjectLockMode.COMPLIANCE
          ? s3.ObjectLockRetention.compliance(Duration.days(this.objectLockRetentionDays))
          : s3.ObjectLockRetention.governance(Duration.days(this.objectLockRetentionDays)),
        enforceSSL: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        removalPolicy: RemovalPolicy.RETAIN,
        lifecycleRules,
      });
      // Server access logging is written on the L1 bucket with a bucket-policy grant to logging.s3.amazonaws.com
      // (not the L2 serverAccessLogsBucket prop, which falls back to a LogDeliveryWrite ACL unless a feature flag is set).
      const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
      cfnBucket.loggingConfiguration = { destinationBucketName: accessLogBucket.bucketName, logFilePrefix: `${family}/` };
      cfnBucket.node.addDependency(accessLogBucket.policy!.node.defaultChild as CfnResource);
      this.buckets.set(family, bucket);
      tagStore(bucket);
      this.addServiceWrites(bucket, family, sources);
      this.protectBucket(bucket, bucketName, breakGlass, deployers,
        [...readers, ...breakGlass, ...(siemRoleArn ? [siemRoleArn] : [])]);
      if (siem && queueKey) {
        this.addSiemNotifications(bucket, family, siem, queueKey, props.alarmTopic);
      }
    }

    this.exportWriterRole = this.createExportWriterRole(sources);
    if (siem && queueKey) {
      this.siemRole = this.createSiemRole(siem, queueKey);
    }
    if (props.recordObjectReads ?? true) {
      this.readAuditTrail = this.createReadAuditTrail(key);
    }

    this.recordArchiveEvidence(key);

    const output = new CfnOutput(this, 'ArchiveKeyArn', {
      value: key.keyArn,
      description: 'ARN of the central log archive KMS key: pass it as archiveKeyArn to CentralLogTargets.fromAttributes in workload stacks',
    });
    output.overrideLogicalId('ArchiveKeyArn');
  }

  /** What the archive does for the policy requirements no rule can read from a template (for the coverage report). */
  private recordArchiveEvidence(key: kms.IKey): void {
    const buckets = [...this.buckets.values()];
    const name = LibraryConstructName.LOG_ARCHIVE;
    recordEvidence(this, name, [...buckets, this.accessLogBucket, ...(this.readAuditTrail ? [this.readAuditTrail] : [])],
      'Every archive bucket sends S3 server access logs to the access-log bucket' +
      (this.readAuditTrail ? ', and the read-audit trail records every object read as a CloudTrail data event.' : '.'),
      { only: ['LM-5'] });
    recordEvidence(this, name, buckets,
      'Bucket policies deny object reads to all but the named reader, SIEM and break-glass roles, and deny replication ' +
      '(bulk export) and configuration changes to all but break-glass: analysis happens in situ.', { only: ['LM-6'] });
    if (this.siemRole) {
      recordEvidence(this, name, [...this.queues.values(), this.siemRole],
        'Each archive bucket notifies an SQS queue (dead-letter queue, age alarm) that the SOC SIEM reads in near real time ' +
        'through a role assumed with an external id.', { only: ['PU-1'] });
    }
    recordEvidence(this, name, [...buckets, key],
      'Object Lock keeps every log for the policy minimum, and deletion of objects, buckets and the key is denied to all ' +
      'but the break-glass role, so privileged users cannot erase their own activity logs.', { only: ['PU-3'] });
    recordEvidence(this, name, buckets,
      `Lifecycle rules expire logs at the retention period (${this.retentionDays} days), with Object Lock, versioning and ` +
      'noncurrent-version expiry managing archival and deletion.', { only: ['PU-4'] });
  }

  /** The archive bucket of a log family. */
  public bucket(family: LogFamily): s3.IBucket {
    return this.lookup(this.buckets, family, 'bucket');
  }

  /** The SIEM notification queue of a log family's bucket. Throws when `siem` was not set. */
  public queue(family: LogFamily): sqs.IQueue {
    return this.lookup(this.queues, family, 'queue');
  }

  /** The dead-letter queue behind a family's SIEM notification queue. Throws when `siem` was not set. */
  public deadLetterQueue(family: LogFamily): sqs.IQueue {
    return this.lookup(this.deadLetterQueues, family, 'deadLetterQueue');
  }

  private lookup<T>(map: Map<LogFamily, T>, family: LogFamily, what: string): T {
    if (!LOG_FAMILIES.includes(family)) {
      throw new Error(`Unknown log family '${String(family)}'; use one of ${LOG_FAMILIES.join(', ')}.`);
    }
    const found = map.get(family);
    if (found === undefined) {
      throw new Error(`LogArchive has no ${what} for '${family}': SIEM hand-off is off; pass siem: { account, externalId } to create the queues.`);
    }
    return found;
  }

  /** A role ARN that must be in the central account (reads happen in situ, LM-6). */
  private centralRoleArn(prop: string, arn: string): string {
    validateRoleArn(prop, arn);
    const account = Stack.of(this).account;
    if (!Token.isUnresolved(arn) && arn.split(':')[4] !== account) {
      throw new Error(
        `${prop} '${arn}' is in account ${arn.split(':')[4]}, not the central log account ${account}: logs are read and managed ` +
        'in situ (LM-6, no bulk export), so create the role in the central log account.',
      );
    }
    return arn;
  }

  private validateSiem(siem: SiemHandoffOptions): Required<SiemHandoffOptions> {
    validateAccountId('siem.account', siem.account);
    if (!Token.isUnresolved(siem.externalId) && !/^[\w+=,.@:/-]{2,1224}$/.test(siem.externalId)) {
      throw new Error(
        `siem.externalId '${siem.externalId}' is not a valid external id; use 2 to 1224 letters, digits or +=,.@:/- ` +
        '(the value the SIEM presents when it assumes the role).',
      );
    }
    const roleName = siem.roleName ?? `${this.targets.namePrefix}-siem-reader`;
    if (!Token.isUnresolved(roleName) && !/^[\w+=,.@-]{1,64}$/.test(roleName)) {
      throw new Error(`siem.roleName '${roleName}' is not a valid IAM role name; use 1 to 64 letters, digits or +=,.@_-.`);
    }
    const maxMessageAgeSeconds = validatePositiveInteger('siem.maxMessageAgeSeconds', siem.maxMessageAgeSeconds ?? 900,
      `use seconds up to ${MAX_SQS_RETENTION_SECONDS} (the queue's 14-day retention)`);
    if (!Token.isUnresolved(maxMessageAgeSeconds) && maxMessageAgeSeconds > MAX_SQS_RETENTION_SECONDS) {
      throw new Error(
        `siem.maxMessageAgeSeconds of ${maxMessageAgeSeconds} exceeds the queue's 14-day retention (${MAX_SQS_RETENTION_SECONDS} s): ` +
        'the alarm would never fire before notifications are lost; use a smaller value.',
      );
    }
    const maxReceiveCount = validatePositiveInteger('siem.maxReceiveCount', siem.maxReceiveCount ?? 10, 'use 1 to 1000');
    if (!Token.isUnresolved(maxReceiveCount) && maxReceiveCount > 1000) {
      throw new Error(`siem.maxReceiveCount of ${maxReceiveCount} exceeds the SQS maximum of 1000; use 1 to 1000.`);
    }
    return { account: siem.account, externalId: siem.externalId, roleName, maxMessageAgeSeconds, maxReceiveCount };
  }

  private addKeyPolicy(key: kms.Key, sources: ResolvedSourceScope, breakGlass: string[], readers: string[]): void {
    const stack = Stack.of(this);
    for (const block of serviceSourceConditions(sources)) {
      const trailArns = block.sidSuffix === 'Organization'
        ? [`arn:${stack.partition}:cloudtrail:*:*:trail/*`]
        : sources.accounts.map((a) => `arn:${stack.partition}:cloudtrail:*:${a}:trail/*`);
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: `AllowCloudTrailToEncryptFor${block.sidSuffix}`,
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { ...block.conditions, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailArns } },
      }));
      // DescribeKey carries no encryption context, so it needs a statement of its own: CloudTrail describes the key
      // when a trail is created or updated, and refuses the key (InsufficientEncryptionPolicyException) if it cannot.
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: `AllowCloudTrailToDescribeKeyFor${block.sidSuffix}`,
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['kms:DescribeKey'],
        resources: ['*'],
        conditions: block.conditions,
      }));
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: `AllowLogDeliveryToEncryptFor${block.sidSuffix}`,
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
        resources: ['*'],
        conditions: block.conditions,
      }));
    }
    // Trails without their own KMS key rely on the CloudTrail bucket's default encryption: S3 then asks KMS on their behalf.
    // The bucket uses an S3 Bucket Key, for which CloudTrail documents kms:Decrypt as needed too (S3 decrypts the
    // bucket-level key it reuses), scoped here to S3 and the CloudTrail bucket's encryption context.
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowCloudTrailToEncryptThroughCloudTrailBucket',
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
      resources: ['*'],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [this.targets.bucketArn(LogFamily.CLOUDTRAIL), `${this.targets.bucketArn(LogFamily.CLOUDTRAIL)}/*`] },
      },
    }));
    const decrypters = [...readers, ...breakGlass];
    if (decrypters.length > 0) {
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowReadersToDecryptThroughS3',
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com`, 'kms:CallerAccount': stack.account },
          ArnLike: { 'aws:PrincipalArn': decrypters },
        },
      }));
    }
    // Destroying or disabling the key would erase every archived log at once.
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyKeyDestructionExceptBreakGlass',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'],
      resources: ['*'],
      conditions: breakGlass.length > 0 ? { ArnNotLike: { 'aws:PrincipalArn': breakGlass } } : undefined,
    }));
  }

  /** Bucket policy statements that let the AWS log services write on behalf of the sources. */
  private addServiceWrites(bucket: s3.Bucket, family: LogFamily, sources: ResolvedSourceScope): void {
    const bucketArn = this.targets.bucketArn(family);
    const account = Stack.of(this).account;
    if (family === LogFamily.CLOUDTRAIL) {
      for (const block of serviceSourceConditions(sources)) {
        bucket.addToResourcePolicy(new iam.PolicyStatement({
          sid: `AWSCloudTrailAclCheck${block.sidSuffix}`,
          principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
          actions: ['s3:GetBucketAcl'],
          resources: [bucketArn],
          conditions: block.conditions,
        }));
        bucket.addToResourcePolicy(new iam.PolicyStatement({
          sid: `AWSCloudTrailWrite${block.sidSuffix}`,
          principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
          actions: ['s3:PutObject'],
          resources: [`${bucketArn}/AWSLogs/*`],
          conditions: { ...block.conditions, StringEquals: { ...block.conditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
        }));
      }
      bucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AWSCloudTrailWriteReadAudit',
        principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [`${bucketArn}/${READ_AUDIT_PREFIX}/AWSLogs/${account}/*`],
        conditions: { StringEquals: { 'aws:SourceAccount': account, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }));
      return;
    }
    if (family === LogFamily.VPC_FLOW || family === LogFamily.DNS_QUERY || family === LogFamily.EXPORTS) {
      for (const block of serviceSourceConditions(sources)) {
        bucket.addToResourcePolicy(new iam.PolicyStatement({
          sid: `AWSLogDeliveryAclCheck${block.sidSuffix}`,
          principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
          actions: ['s3:GetBucketAcl', 's3:ListBucket'],
          resources: [bucketArn],
          conditions: block.conditions,
        }));
        bucket.addToResourcePolicy(new iam.PolicyStatement({
          sid: `AWSLogDeliveryWrite${block.sidSuffix}`,
          principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
          actions: ['s3:PutObject'],
          resources: [`${bucketArn}/*AWSLogs/*`],
          conditions: { ...block.conditions, StringEquals: { ...block.conditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
        }));
      }
    }
    // CLOUDWATCH and EVENTS are written by the central account's own Firehose roles (identity policies).
  }

  /** Deny statements that keep logs from being erased, reconfigured or read by anyone not named. */
  private protectBucket(bucket: s3.Bucket, bucketName: string, breakGlass: string[], deployers: string[], readers: string[]): void {
    const resources = [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`];
    const except = (arns: string[]) => (arns.length > 0 ? { ArnNotLike: { 'aws:PrincipalArn': arns } } : undefined);
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyLogDeletionExceptBreakGlass',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: S3_DELETE_ACTIONS,
      resources,
      conditions: except(breakGlass),
    }));
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyProtectionChangesExceptBreakGlassAndDeployment',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: S3_PROTECTED_CONFIGURATION_ACTIONS,
      resources: [`arn:aws:s3:::${bucketName}`],
      conditions: except([...breakGlass, ...deployers]),
    }));
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'DenyReadsExceptNamedReaders',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: S3_READ_ACTIONS,
      resources: [`arn:aws:s3:::${bucketName}/*`],
      conditions: except(readers),
    }));
  }

  private addSiemNotifications(bucket: s3.Bucket, family: LogFamily, siem: Required<SiemHandoffOptions>,
    queueKey: kms.IKey, alarmTopic?: sns.ITopic): void {
    const name = this.targets.notificationQueueName(family);
    const id = pascal(family);
    const deadLetterQueue = new sqs.Queue(this, `${id}DeadLetterQueue`, {
      queueName: `${name}-dlq`,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.seconds(MAX_SQS_RETENTION_SECONDS),
    });
    const queue = new sqs.Queue(this, `${id}Queue`, {
      queueName: name,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.seconds(MAX_SQS_RETENTION_SECONDS),
      visibilityTimeout: Duration.minutes(5),
      deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: siem.maxReceiveCount },
    });
    const bucketArn = this.targets.bucketArn(family);
    queue.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowArchiveBucketNotifications',
      principals: [new iam.ServicePrincipal('s3.amazonaws.com')],
      actions: ['sqs:SendMessage'],
      resources: [queue.queueArn],
      conditions: { ArnLike: { 'aws:SourceArn': bucketArn }, StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
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
    this.queues.set(family, queue);
    this.deadLetterQueues.set(family, deadLetterQueue);

    this.alarms.push(createCentralAlarm(this, `${id}QueueAgeAlarm`, {
      metric: queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: siem.maxMessageAgeSeconds,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `The SIEM has not collected ${family} notifications for over ${siem.maxMessageAgeSeconds} seconds (queue ${name}); ` +
        'notifications are kept 14 days, the logs themselves stay in the archive.',
      topic: alarmTopic,
    }));
    this.alarms.push(createCentralAlarm(this, `${id}DeadLetterAlarm`, {
      metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description: `The SIEM failed to process ${family} notifications ${siem.maxReceiveCount} times; they are in ${name}-dlq. ` +
        'Redrive them to the source queue once the SIEM is fixed.',
      topic: alarmTopic,
    }));
  }

  private createSiemRole(siem: Required<SiemHandoffOptions>, queueKey: kms.IKey): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'SiemRole', {
      roleName: siem.roleName,
      assumedBy: new iam.AccountPrincipal(siem.account),
      externalIds: [siem.externalId],
      maxSessionDuration: Duration.hours(1),
      description: 'Read-only access for the SOC SIEM: receive archive notifications and fetch the named objects',
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ConsumeArchiveNotifications',
      actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
      resources: [...this.queues.values()].map((q) => q.queueArn),
    }));
    const objectArns = LOG_FAMILIES.map((f) => `${this.targets.bucketArn(f)}/*`);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReadNotifiedArchiveObjects',
      actions: S3_READ_ACTIONS,
      resources: objectArns,
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'DecryptArchiveObjects',
      actions: ['kms:Decrypt'],
      resources: [this.key.keyArn],
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

  private createExportWriterRole(sources: ResolvedSourceScope): iam.Role {
    const stack = Stack.of(this);
    const primary: iam.IPrincipal = sources.organizationId !== undefined
      ? new iam.OrganizationPrincipal(sources.organizationId)
      : new iam.AccountPrincipal(sources.accounts[0]);
    const role = new iam.Role(this, 'ExportWriterRole', {
      roleName: this.targets.exportWriterRoleName,
      assumedBy: primary,
      maxSessionDuration: Duration.hours(1),
      description: 'Assumed by workload exporters (DNS zones, DHCP scopes) to write into the EXPORTS archive bucket',
    });
    const extraAccounts = sources.organizationId !== undefined ? [] : sources.accounts.slice(1);
    if (extraAccounts.length > 0) {
      role.assumeRolePolicy?.addStatements(new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        principals: extraAccounts.map((a) => new iam.AccountPrincipal(a)),
      }));
    }
    const bucketArn = this.targets.bucketArn(LogFamily.EXPORTS);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'WriteExports',
      actions: ['s3:PutObject'],
      resources: [`${bucketArn}/exports/*`],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'EncryptExportsThroughS3',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [this.key.keyArn],
      conditions: {
        StringEquals: { 'kms:ViaService': `s3.${stack.region}.amazonaws.com` },
        StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/*`] },
      },
    }));
    acknowledgeNag(role, `AwsSolutions-IAM5[Resource::${bucketArn}/exports/*]`,
      'Exporters write new objects each run under exports/<account>/ (keys carry the run date), so only the key prefix can be named; ' +
      'Object Lock and versioning keep every earlier version, and the role can neither read nor delete.');
    return role;
  }

  private createReadAuditTrail(key: kms.IKey): cloudtrail.CfnTrail {
    const cloudTrailBucket = this.buckets.get(LogFamily.CLOUDTRAIL)!;
    const watched = [
      // Org and account trails must write under AWSLogs/ (the bucket policy allows nothing else); this
      // trail writes under archive-reads/ so that reading its own files does not feed back into it.
      `${this.targets.bucketArn(LogFamily.CLOUDTRAIL)}/AWSLogs/`,
      ...LOG_FAMILIES.filter((f) => f !== LogFamily.CLOUDTRAIL).map((f) => `${this.targets.bucketArn(f)}/`),
      `arn:aws:s3:::${this.targets.accessLogBucketName}/`,
    ];
    const trail = new cloudtrail.CfnTrail(this, 'ReadAuditTrail', {
      trailName: `${this.targets.namePrefix}-archive-reads`,
      isLogging: true,
      s3BucketName: this.targets.bucketName(LogFamily.CLOUDTRAIL),
      s3KeyPrefix: READ_AUDIT_PREFIX,
      kmsKeyId: key.keyArn,
      enableLogFileValidation: true,
      isMultiRegionTrail: false,
      includeGlobalServiceEvents: false,
      advancedEventSelectors: [{
        name: 'Reads of archived log objects',
        fieldSelectors: [
          { field: 'eventCategory', equalTo: ['Data'] },
          { field: 'resources.type', equalTo: ['AWS::S3::Object'] },
          { field: 'readOnly', equalTo: ['true'] },
          { field: 'resources.ARN', startsWith: watched },
        ],
      }],
    });
    // CloudTrail checks the bucket policy when the trail is created.
    if (cloudTrailBucket.policy) {
      trail.node.addDependency(cloudTrailBucket.policy.node.defaultChild as CfnResource);
    }
    return trail;
  }
}

/** `vpc-flow` → `VpcFlow`, for construct ids. */
function pascal(family: LogFamily): string {
  return family.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}
