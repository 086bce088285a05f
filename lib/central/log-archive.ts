import { CfnOutput, CfnResource, Duration, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { accessLogStoreBucket, LOG_STORE_TAG, RETENTION_APPROVAL_TAG } from '../core/log-store-tags';
import { EXPORT_SOURCE_TAG } from '../handlers/network-inventory-export/contract';
import {
  addServiceWrites, allowServerAccessLogs, allowWorkloadAccessLogReplication, denyVaultWritesExceptReplication, protectBucket,
  workloadReplicationRolePattern,
} from './private/archive-bucket-policy';
import { addArchiveKeyPolicy } from './private/archive-key-policy';
import { acknowledgeAccessLogBucket, acknowledgeLandingBucket, acknowledgeVaultBucket } from './private/archive-pack-findings';
import { createReadAuditTrail } from './private/archive-read-audit';
import { addSiemNotifications, createSiemRole, siemQueueKey, validateSiem } from './private/archive-siem';
import { ImportedLogArchive } from './private/imported-log-archive';
import {
  createReplicationRole, landingLifecycle, replicateToVault, replicationRoleArnPattern, validateVaultSettings,
} from './private/archive-vault';
import { acknowledgeInlineRolePolicies, acknowledgeInPacks, acknowledgeLogCollection, acknowledgeNag } from '../core/acknowledge';
import { recordEvidence } from '../core/evidence';
import { restrictKeyGrants } from '../core/stack-key';
import { implementsRequirements, RequirementImplementation } from '../core/implementation';
import { ResolvedSourceScope, resolveSourceScope } from './private/source-scope';
import { validateEnumValue, validateRoleArn } from '../core/validate';
import { RETENTION_POLICY, validateRetentionDays } from '../requirements/retention';
import { ILogArchive, LogArchiveProps, ObjectLockMode, VaultStorageClass } from './log-archive-props';
import { CentralLogTargets, LOG_FAMILIES, LogFamily } from './targets';

/**
 * The central log archive (logging and monitoring policy LM-1 to LM-6,
 * privileged user logging PU-1, PU-3 and PU-4): a *landing* bucket per log
 * family, where the AWS services write, and one *vault* bucket that S3
 * Replication copies every landing bucket into. Landing bucket names come from
 * {@link CentralLogTargets} so workload accounts address them without exports.
 *
 * Landing buckets are versioned, encrypted with the archive's KMS key (bucket
 * key on), TLS-only, private, access-logged and retained, and have **no**
 * Object Lock: S3 requires a `Content-MD5` or checksum header on uploads that
 * get a retention period (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html),
 * and no log service we use documents sending one (unverified either way). They
 * expire objects after `landingExpiryDays` (default 30), long enough for the
 * SIEM, which reads them through S3 notifications on SQS.
 *
 * The vault has Object Lock with a default retention of the policy minimum
 * (`objectLockRetentionDays`, COMPLIANCE mode by default), expires replicas at
 * `retentionDays` (the policy maximum), and holds them in a cheaper storage
 * class (`vaultStorageClass`, default Glacier Instant Retrieval, which Athena
 * reads in place). Replicas take the vault's default retention
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-what-is-isnot-replicated.html).
 * Each landing bucket has one replication rule for every object, selects
 * SSE-KMS objects and re-encrypts them with the archive key
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-config-for-kms-objects.html),
 * does not replicate delete markers, and has replication metrics with an alarm
 * on failed replication. The replication role reads only the landing buckets
 * and writes only replicas into the vault; the vault denies every other writer
 * but the workload access-log replication roles (DataStoreAuditLogging
 * `serverAccessLogBuckets`), which it admits from the source accounts under
 * `server-access-logs/<their own account>/` only.
 *
 * The access-log bucket uses SSE-S3 and has no Object Lock because S3 server
 * access logging delivers only there
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html). It
 * keeps logs for `retentionDays` and, since a service writes it directly,
 * replicates into the vault too. The vault is not S3-access-logged: its
 * access-log bucket would have to replicate into it, and S3 checks that a
 * logging target and a replication destination exist when each is set, so
 * neither could be created first (unverified beyond the API's error for a
 * missing target); the read-audit trail records its reads.
 *
 * Every bucket policy denies deleting objects and object versions, bypassing
 * governance retention and rewriting or deleting the bucket policy to every
 * principal but the break-glass role, and denies changing notifications,
 * lifecycle, versioning, Object Lock, replication, encryption and logging to all
 * but the break-glass role and `deploymentRoleArns`. A later deployment that
 * changes a bucket policy must therefore run as the break-glass role. The key
 * policy denies `kms:ScheduleKeyDeletion` and `kms:DisableKey` to all but the
 * break-glass role, since losing the key erases every log at once.
 *
 * Who writes where (landing buckets):
 * - CLOUDTRAIL: organisation and account trails, under `AWSLogs/` only (no
 *   S3 key prefix: reads under `AWSLogs/` are what the read-audit trail
 *   watches; its own files go to `archive-reads/`).
 * - VPC_FLOW, DNS_QUERY, EXPORTS: vended log delivery
 *   (`delivery.logs.amazonaws.com`), under any prefix that contains `AWSLogs/`.
 * - EXPORTS: workload exporters, by assuming `exportWriterRole`
 *   (`targets.exportWriterRoleArn`) and writing under `exports/<account>/`.
 * - CLOUDWATCH, EVENTS: the central Firehose streams of
 *   {@link CentralLogDestination} and {@link CentralEventBus}.
 * - Load balancer access logs: a {@link LoadBalancerLogLanding} in the load
 *   balancer's region, replicated into this vault.
 *
 * Bulk export is prevented (LM-6): nobody but break-glass and deployment roles
 * may change replication (which copies only into the vault), and the SIEM role
 * can fetch the objects it is notified of but cannot list a bucket.
 *
 * @example
 * const archive = new LogArchive(this, 'Archive', {
 *   exposure: ServiceExposure.INTERNAL,
 *   organizationId: 'o-a1b2c3d4e5',
 *   breakGlassRoleArn: 'arn:aws:iam::111111111111:role/LogBreakGlass',
 *   readerRoleArns: ['arn:aws:iam::111111111111:role/SecurityAnalyst'],
 *   siem: { account: '444444444444', externalId: 'soc-siem-ingest' },
 * });
 * archive.bucket(LogFamily.VPC_FLOW); // the landing bucket workload flow logs are delivered to
 * archive.vault; // the Object Lock copy of everything
 */
export class LogArchive extends Construct implements ILogArchive {
  /** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
  public static readonly IMPLEMENTS: RequirementImplementation =
    implementsRequirements('LogArchive', ['LM-1', 'LM-2', 'LM-3', 'LM-4', 'LM-5', 'LM-6', 'PU-1', 'PU-3', 'PU-4']);

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
  /** Days after which the vault's copies expire. */
  public readonly retentionDays: number;
  /** Days every replica in the vault is locked for (by default the policy minimum of the exposure class). */
  public readonly objectLockRetentionDays: number;
  /** Days after which objects expire from the landing buckets. */
  public readonly landingExpiryDays: number;
  /** The storage class of the vault's replicas. */
  public readonly vaultStorageClass: VaultStorageClass;
  /** The Object Lock bucket every landing bucket replicates into. */
  public readonly vault: s3.IBucket;
  /** The role S3 Replication uses to copy the landing buckets into the vault. */
  public readonly replicationRole: iam.IRole;
  /** The roles that may read archived objects (`readerRoleArns`, as given). */
  public readonly readerRoleArns: string[];

  private readonly buckets = new Map<LogFamily, s3.Bucket>();
  private readonly queues = new Map<LogFamily, sqs.Queue>();
  private readonly deadLetterQueues = new Map<LogFamily, sqs.Queue>();

  constructor(scope: Construct, id: string, props: LogArchiveProps) {
    super(scope, id);
    acknowledgeInlineRolePolicies(this);
    const stack = Stack.of(this);
    // The targets carry the SIEM role's name when the SIEM hand-off is on, so region-local landings follow it.
    const baseTargets = CentralLogTargets.forStack(this, props.namePrefix, props.organizationId);
    const siem = props.siem === undefined ? undefined : validateSiem(props.siem, baseTargets.namePrefix);
    this.targets = siem ? CentralLogTargets.forStack(this, props.namePrefix, props.organizationId, siem.roleName) : baseTargets;
    const sources = resolveSourceScope('LogArchive', props, stack.account);

    this.retentionDays = props.retentionDays ?? RETENTION_POLICY.maximumDaysWithoutApproval;
    if (!Token.isUnresolved(this.retentionDays)) {
      validateRetentionDays({
        exposure: props.exposure,
        retentionDays: this.retentionDays,
        retentionApproval: props.retentionApproval,
      });
    }
    const vaultSettings = validateVaultSettings({ ...props, retentionDays: this.retentionDays });
    this.objectLockRetentionDays = vaultSettings.lockDays;
    this.landingExpiryDays = vaultSettings.landingExpiryDays;
    this.vaultStorageClass = vaultSettings.storageClass;
    const approval = props.retentionApproval?.trim();
    if (approval && !Token.isUnresolved(approval) && !/^[\p{L}\p{N}\p{Zs}_.:/=+\-@]{1,256}$/u.test(approval)) {
      throw new Error(
        `retentionApproval '${approval}' cannot be recorded as an S3 tag; use up to 256 letters, digits, spaces or _.:/=+-@.`,
      );
    }
    const lockMode = props.objectLockMode ?? ObjectLockMode.COMPLIANCE;
    validateEnumValue('objectLockMode', lockMode, ObjectLockMode, 'ObjectLockMode', 'an Object Lock mode');
    const breakGlass = props.breakGlassRoleArn === undefined
      ? []
      : [this.centralRoleArn('breakGlassRoleArn', props.breakGlassRoleArn)];
    const readers = (props.readerRoleArns ?? []).map((arn, i) => this.centralRoleArn(`readerRoleArns[${i}]`, arn));
    this.readerRoleArns = [...readers];
    const deployers = (props.deploymentRoleArns ?? []).map((arn, i) => this.centralRoleArn(`deploymentRoleArns[${i}]`, arn));
    const siemRoleArn = siem ? `arn:aws:iam::${stack.account}:role/${siem.roleName}` : undefined;

    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the central security log archive (${this.targets.namePrefix})`,
      alias: `alias/${this.targets.namePrefix}-archive`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key = key;
    addArchiveKeyPolicy(key, this.targets, sources, breakGlass, readers);
    restrictKeyGrants(key);

    // In the vault (and the access-log bucket) the current version expires a day before retentionDays and the noncurrent
    // version one day later, so no log outlives retentionDays; never before the lock ends (Object Lock holds it anyway).
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

    const accessLogBucket = accessLogStoreBucket(this, { bucketName: this.targets.accessLogBucketName, lifecycleRules });
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
    protectBucket(accessLogBucket, this.targets.accessLogBucketName, breakGlass, deployers,
      [...readers, ...breakGlass]);
    allowServerAccessLogs(accessLogBucket, this.targets);
    acknowledgeAccessLogBucket(accessLogBucket);

    const vaultName = this.targets.vaultBucketName;
    const vault = new s3.Bucket(this, 'VaultBucket', {
      bucketName: vaultName,
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
    this.vault = vault;
    acknowledgeVaultBucket(vault);
    // The vault is not S3-access-logged: its access-log bucket would have to replicate into the vault (every bucket a
    // service writes to does), and S3 checks both the logging target and the replication destination exist when each
    // is set, so neither bucket could be created first. Reads of the vault are recorded by the read-audit trail instead.
    tagStore(vault);
    protectBucket(vault, vaultName, breakGlass, deployers, [...readers, ...breakGlass]);
    denyVaultWritesExceptReplication(vault, vaultName,
      [replicationRoleArnPattern(stack.account, this.targets.namePrefix), workloadReplicationRolePattern(this.targets)], breakGlass);
    allowWorkloadAccessLogReplication(vault, vaultName, this.targets, sources);

    const replicationRole = createReplicationRole(this, 'ReplicationRole', `${this.targets.namePrefix}-archive-replication`,
      [...LOG_FAMILIES.map((f) => ({ bucketArn: this.targets.bucketArn(f), keyArn: key.keyArn })),
        { bucketArn: `arn:aws:s3:::${this.targets.accessLogBucketName}` }],
      { vaultArn: this.targets.vaultBucketArn, vaultRegion: stack.region, vaultKeyArn: key.keyArn });
    this.replicationRole = replicationRole;
    // S3 server access logging writes into the access-log bucket directly, so it is a landing bucket too: replicated
    // into the vault (SSE-S3 objects: no SSE-KMS selection), after the vault exists.
    this.alarms.push(replicateToVault(this, 'AccessLogReplicationFailedAlarm', accessLogBucket, this.targets.accessLogBucketName, {
      role: replicationRole,
      destination: { vaultArn: this.targets.vaultBucketArn, vaultRegion: stack.region, vaultKeyArn: key.keyArn },
      storageClass: this.vaultStorageClass,
      kmsObjects: false,
      replicationTimeControl: props.replicationTimeControl ?? false,
      alarmTopic: props.alarmTopic,
    }));
    (accessLogBucket.node.defaultChild as CfnResource).node.addDependency(vault);

    const queueKey = siem ? siemQueueKey(this, this.targets.namePrefix) : undefined;

    for (const family of LOG_FAMILIES) {
      const bucketName = this.targets.bucketName(family);
      const bucket = new s3.Bucket(this, `${pascal(family)}Bucket`, {
        bucketName,
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: key,
        bucketKeyEnabled: true,
        versioned: true,
        enforceSSL: true,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        removalPolicy: RemovalPolicy.RETAIN,
        lifecycleRules: landingLifecycle(this.landingExpiryDays),
      });
      this.logToAccessLogBucket(bucket, family);
      this.buckets.set(family, bucket);
      acknowledgeLandingBucket(bucket);
      tagStore(bucket);
      addServiceWrites(bucket, family, this.targets, sources);
      protectBucket(bucket, bucketName, breakGlass, deployers,
        [...readers, ...breakGlass, ...(siemRoleArn ? [siemRoleArn] : [])]);
      const alarm = replicateToVault(this, `${pascal(family)}ReplicationFailedAlarm`, bucket, bucketName, {
        role: replicationRole,
        destination: { vaultArn: this.targets.vaultBucketArn, vaultRegion: stack.region, vaultKeyArn: key.keyArn },
        storageClass: this.vaultStorageClass,
        kmsObjects: true,
        replicationTimeControl: props.replicationTimeControl ?? false,
        alarmTopic: props.alarmTopic,
      });
      (bucket.node.defaultChild as CfnResource).node.addDependency(vault);
      this.alarms.push(alarm);
      if (siem && queueKey) {
        const notifications = addSiemNotifications(this, pascal(family), bucket, {
          queueName: this.targets.notificationQueueName(family), bucketArn: this.targets.bucketArn(family), label: family,
        }, siem, queueKey, props.alarmTopic);
        this.queues.set(family, notifications.queue);
        this.deadLetterQueues.set(family, notifications.deadLetterQueue);
        this.alarms.push(...notifications.alarms);
      }
    }

    this.exportWriterRole = this.createExportWriterRole(sources);
    if (siem && queueKey) {
      this.siemRole = createSiemRole(this, this.targets, this.key, [...this.queues.values()], siem, queueKey);
    }
    if (props.recordObjectReads ?? true) {
      this.readAuditTrail = createReadAuditTrail(this, this.targets, key, this.buckets.get(LogFamily.CLOUDTRAIL)!);
      acknowledgeLogCollection(vault, 'LM-5',
        'The vault is not S3-access-logged: its access-log bucket would have to replicate into the vault, and S3 refuses to ' +
        'create either side before the other exists. Only S3 Replication writes into it; the read-audit trail records every ' +
        'read of it as a CloudTrail data event (LM-5).');
      acknowledgeInPacks(vault, { awsSolutions: ['AwsSolutions-S1'], nist: ['S3BucketLoggingEnabled'], guard: ['s3_bucket_logging_enabled_check'] },
        'The vault cannot be S3-access-logged: its access-log bucket would have to replicate into the vault, and S3 refuses to ' +
        'create either side before the other exists; the read-audit trail records every read of the vault as a CloudTrail data event.');
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
    const landing = [...this.buckets.values()];
    const stores = [...landing, this.vault];
    const name = LogArchive.IMPLEMENTS;
    recordEvidence(this, name, [...stores, this.accessLogBucket, ...(this.readAuditTrail ? [this.readAuditTrail] : [])],
      'Every landing bucket sends S3 server access logs to the access-log bucket (which replicates into the vault)' +
      (this.readAuditTrail ? ', and the read-audit trail records every object read, the vault\'s included, as a CloudTrail data event.' : '.'),
      { only: ['LM-5'] });
    recordEvidence(this, name, stores,
      'Bucket policies deny object reads to all but the named reader, SIEM and break-glass roles, and deny changing ' +
      'replication (which copies only into the vault) and other configuration to all but break-glass and deployment roles: ' +
      'analysis happens in situ.', { only: ['LM-6'] });
    if (this.siemRole) {
      recordEvidence(this, name, [...this.queues.values(), this.siemRole],
        'Each landing bucket notifies an SQS queue (dead-letter queue, age alarm) that the SOC SIEM reads in near real time ' +
        'through a role assumed with an external id.', { only: ['PU-1'] });
    }
    recordEvidence(this, name, [...stores, key],
      `S3 Replication copies every landing bucket into the vault, whose Object Lock keeps every log ${this.objectLockRetentionDays} ` +
      'days, and deletion of objects, object versions, buckets, bucket policies and the key is denied to all but the ' +
      'break-glass role, so privileged users cannot erase their own activity logs.', { only: ['PU-3'] });
    recordEvidence(this, name, stores,
      `Lifecycle rules expire landing copies after ${this.landingExpiryDays} days and vault copies at the retention period ` +
      `(${this.retentionDays} days), with Object Lock, versioning and noncurrent-version expiry managing archival and deletion.`,
      { only: ['PU-4'] });
  }

  /**
   * Server access logging on the L1 bucket with a bucket-policy grant to logging.s3.amazonaws.com (not the L2
   * serverAccessLogsBucket prop, which falls back to a LogDeliveryWrite ACL unless a feature flag is set).
   */
  private logToAccessLogBucket(bucket: s3.Bucket, prefix: string): void {
    const cfnBucket = bucket.node.defaultChild as s3.CfnBucket;
    cfnBucket.loggingConfiguration = { destinationBucketName: this.accessLogBucket.bucketName, logFilePrefix: `${prefix}/` };
    cfnBucket.node.addDependency(this.accessLogBucket.policy!.node.defaultChild as CfnResource);
  }

  /** The landing bucket of a log family (where the services write; replicated into the vault). */
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


  /**
   * The role workload exporters assume to write their exports. Each account may write only under its own prefix:
   * the trust policy requires a `source-account` session tag equal to the caller's account (`aws:PrincipalAccount`,
   * a policy variable in the condition value), and the write permission names the prefix by that tag
   * (`aws:PrincipalTag/source-account`). A member account that tags its session with another account's id is
   * refused at AssumeRole.
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html (sts:TagSession in the trust policy,
   * aws:RequestTag, session tags become aws:PrincipalTag) and
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html (variables in Resource and
   * in Condition values; aws:PrincipalAccount).
   */
  private createExportWriterRole(sources: ResolvedSourceScope): iam.Role {
    const stack = Stack.of(this);
    const ownPrefixOnly = {
      'StringEquals': { [`aws:RequestTag/${EXPORT_SOURCE_TAG}`]: '${aws:PrincipalAccount}' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': [EXPORT_SOURCE_TAG] },
    };
    const primary: iam.PrincipalBase = sources.organizationId !== undefined
      ? new iam.OrganizationPrincipal(sources.organizationId)
      : new iam.AccountPrincipal(sources.accounts[0]);
    const role = new iam.Role(this, 'ExportWriterRole', {
      roleName: this.targets.exportWriterRoleName,
      assumedBy: new iam.SessionTagsPrincipal(primary.withConditions(ownPrefixOnly)),
      maxSessionDuration: Duration.hours(1),
      description: 'Assumed by workload exporters (DNS zones, DHCP scopes) to write into the EXPORTS archive bucket',
    });
    const extraAccounts = sources.organizationId !== undefined ? [] : sources.accounts.slice(1);
    if (extraAccounts.length > 0) {
      role.assumeRolePolicy?.addStatements(new iam.PolicyStatement({
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        principals: extraAccounts.map((a) => new iam.AccountPrincipal(a)),
        conditions: ownPrefixOnly,
      }));
    }
    const bucketArn = this.targets.bucketArn(LogFamily.EXPORTS);
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'WriteExportsOfTheCallersAccountOnly',
      actions: ['s3:PutObject'],
      resources: [`${bucketArn}/exports/\${aws:PrincipalTag/${EXPORT_SOURCE_TAG}}/*`],
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
    acknowledgeNag(role, `AwsSolutions-IAM5[Resource::${bucketArn}/exports/<aws:PrincipalTag/${EXPORT_SOURCE_TAG}>/*]`,
      'Exporters write new objects each run under exports/<account>/ (keys carry the run date), so only the key prefix can be named, ' +
      'and the prefix is the caller\'s own account through its required session tag; ' +
      'Object Lock and versioning keep every earlier version, and the role can neither read nor delete.');
    return role;
  }
}

/** `vpc-flow` → `VpcFlow`, for construct ids. */
function pascal(family: LogFamily): string {
  return family.split('-').map((p) => p.charAt(0).toUpperCase() + p.slice(1)).join('');
}
