import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ResolvedSourceScope, serviceSourceConditions, SourceConditionBlock } from './source-scope';
import { CentralLogTargets, LOG_FAMILIES, LogFamily } from '../targets';

/** The actions that read an archived object. */
export const S3_READ_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion'];
/**
 * Denied to all but the break-glass role: erasing logs, and rewriting the bucket
 * policy (a principal that could rewrite it could remove every other deny, so
 * not even the deployment roles may).
 */
export const S3_BREAK_GLASS_ONLY_ACTIONS = [
  's3:DeleteObject',
  's3:DeleteObjectVersion',
  's3:BypassGovernanceRetention',
  's3:PutObjectRetention',
  's3:DeleteBucket',
  's3:PutBucketPolicy',
  's3:DeleteBucketPolicy',
];
/** Denied to all but the break-glass and deployment roles: the bucket's protective configuration. */
export const S3_PROTECTED_CONFIGURATION_ACTIONS = [
  's3:PutBucketNotification',
  's3:PutLifecycleConfiguration',
  's3:PutBucketVersioning',
  's3:PutBucketObjectLockConfiguration',
  's3:PutReplicationConfiguration',
  's3:PutEncryptionConfiguration',
  's3:PutBucketLogging',
];
/** Key prefix of the read-audit trail's own files in the CloudTrail bucket. */
export const READ_AUDIT_PREFIX = 'archive-reads';

/**
 * The source conditions of one block, with `aws:SourceArn` added (region wildcard): for the named-accounts block
 * the trails of those accounts (an organisation trail's source is the management account, so name it in
 * `sourceAccounts`) or their CloudWatch Logs vended delivery (`arn:aws:logs:*:<account>:*`,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html; CloudTrail:
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-s3-bucket-policy-for-cloudtrail.html, not read
 * for this release: unverified; its key-policy page recommends aws:SourceArn); for the
 * organisation block the same ARN with an account wildcard beside `aws:SourceOrgID`, so that only that service's
 * own kind of source (a trail, a log delivery) of a member account is admitted. `aws:SourceOrgID` support by these
 * services is unverified; `aws:PrincipalOrgID` is never used for a service principal (it is set only for
 * principals that belong to an organisation).
 */
export function withSourceArn(block: SourceConditionBlock, sources: ResolvedSourceScope, arnFor: (account: string) => string): SourceConditionBlock {
  const arns = block.sidSuffix === 'Accounts' ? sources.accounts.map(arnFor) : [arnFor('*')];
  return { ...block, conditions: { ...block.conditions, ArnLike: { 'aws:SourceArn': arns } } };
}

/** Bucket policy statements that let the AWS log services write on behalf of the sources. */
export function addServiceWrites(bucket: s3.Bucket, family: LogFamily, targets: CentralLogTargets, sources: ResolvedSourceScope): void {
  const bucketArn = targets.bucketArn(family);
  const account = Stack.of(bucket).account;
  if (family === LogFamily.CLOUDTRAIL) {
    for (const plain of serviceSourceConditions(sources)) {
      const block = withSourceArn(plain, sources, (a) => `arn:aws:cloudtrail:*:${a}:trail/*`);
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
    for (const plain of serviceSourceConditions(sources)) {
      const block = withSourceArn(plain, sources, (a) => `arn:aws:logs:*:${a}:*`);
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
export function protectBucket(bucket: s3.Bucket, bucketName: string, breakGlass: string[], deployers: string[], readers: string[]): void {
  const resources = [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`];
  const except = (arns: string[]) => (arns.length > 0 ? { ArnNotLike: { 'aws:PrincipalArn': arns } } : undefined);
  bucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyLogDeletionAndPolicyChangesExceptBreakGlass',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: S3_BREAK_GLASS_ONLY_ACTIONS,
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

/**
 * The vault takes new objects only from S3 Replication: every other writer is
 * denied `s3:PutObject` and `s3:ReplicateObject`, so nobody can plant or
 * overwrite a replica.
 */
export function denyVaultWritesExceptReplication(vault: s3.Bucket, vaultName: string, replicationRoles: string[], breakGlass: string[]): void {
  vault.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyWritesExceptReplication',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['s3:PutObject', 's3:ReplicateObject', 's3:ReplicateTags'],
    resources: [`arn:aws:s3:::${vaultName}/*`],
    conditions: { ArnNotLike: { 'aws:PrincipalArn': [...replicationRoles, ...breakGlass] } },
  }));
}

/** The access-log bucket's grant to S3 server access logging, for the archive's landing buckets only. */
export function allowServerAccessLogs(accessLogBucket: s3.Bucket, targets: CentralLogTargets): void {
  const stack = Stack.of(accessLogBucket);
  accessLogBucket.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'S3ServerAccessLogsPolicy',
    principals: [new iam.ServicePrincipal('logging.s3.amazonaws.com')],
    actions: ['s3:PutObject'],
    resources: [`arn:aws:s3:::${targets.accessLogBucketName}/*`],
    conditions: {
      // The landing buckets only: the vault is not access-logged (see LogArchive), and nothing else may log here.
      ArnLike: { 'aws:SourceArn': LOG_FAMILIES.map((f) => targets.bucketArn(f)) },
      StringEquals: { 'aws:SourceAccount': stack.account },
    },
  }));
}

/** The role ARN pattern of the workload access-log replication roles (any account; the allow below names which). */
export function workloadReplicationRolePattern(targets: CentralLogTargets): string {
  return `arn:aws:iam::*:role/${targets.accessLogReplicationRolePrefix}*`;
}

/**
 * Let the S3 server access logs of workload data buckets (DataStoreAuditLogging `serverAccessLogBuckets`) replicate
 * into the vault: a replication role named `<prefix>-access-log-replication-*` in a source account may write replicas
 * (and their tags) under `server-access-logs/<its own account>/` only, and read the vault's versioning state. A
 * destination owned by another account must grant this in its bucket policy
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-walkthrough-2.html); with the vault's
 * BucketOwnerEnforced ownership the replicas belong to the central account without an owner override
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/replication-change-owner.html). One statement per way a
 * source is recognised: `aws:PrincipalOrgID` for the organisation (an IAM principal's key), the named accounts as
 * principals. Unverified: that S3 Replication needs `s3:GetBucketVersioning` on the destination (the walkthrough's
 * policy grants it), and that `${aws:PrincipalAccount}` is substituted in the Resource of a bucket policy for
 * replication requests (IAM documents it for global single-valued keys).
 */
export function allowWorkloadAccessLogReplication(vault: s3.Bucket, vaultName: string, targets: CentralLogTargets,
  sources: ResolvedSourceScope): void {
  const roles = { ArnLike: { 'aws:PrincipalArn': workloadReplicationRolePattern(targets) } };
  const blocks: Array<{ sid: string; principals: iam.IPrincipal[]; conditions: Record<string, Record<string, unknown>> }> = [];
  if (sources.organizationId !== undefined) {
    blocks.push({
      sid: 'Organization',
      principals: [new iam.AnyPrincipal()],
      conditions: { ...roles, StringEquals: { 'aws:PrincipalOrgID': sources.organizationId } },
    });
  }
  blocks.push({ sid: 'Accounts', principals: sources.accounts.map((a) => new iam.AccountPrincipal(a)), conditions: roles });
  for (const block of blocks) {
    vault.addToResourcePolicy(new iam.PolicyStatement({
      sid: `AllowWorkloadAccessLogReplicas${block.sid}`,
      principals: block.principals,
      actions: ['s3:ReplicateObject', 's3:ReplicateTags'],
      resources: [`arn:aws:s3:::${vaultName}/${targets.serverAccessLogPrefix}\${aws:PrincipalAccount}/*`],
      conditions: block.conditions,
    }));
    vault.addToResourcePolicy(new iam.PolicyStatement({
      sid: `AllowWorkloadAccessLogReplicationCheck${block.sid}`,
      principals: block.principals,
      actions: ['s3:GetBucketVersioning'],
      resources: [`arn:aws:s3:::${vaultName}`],
      conditions: block.conditions,
    }));
  }
}
