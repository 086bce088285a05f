import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ResolvedSourceScope, serviceSourceConditions } from './source-scope';
import { CentralLogTargets, LogFamily } from '../targets';

/**
 * The archive key's policy statements: the log services may encrypt on behalf
 * of the sources, the reader and break-glass roles may decrypt through S3, and
 * nobody but the break-glass role may destroy or disable the key.
 */
export function addArchiveKeyPolicy(key: kms.Key, targets: CentralLogTargets, sources: ResolvedSourceScope,
  breakGlass: string[], readers: string[]): void {
  const stack = Stack.of(key);
  for (const block of serviceSourceConditions(sources)) {
    const trailArns = block.sidSuffix === 'Organization'
      ? [`arn:${stack.partition}:cloudtrail:*:*:trail/*`]
      : sources.accounts.map((a) => `arn:${stack.partition}:cloudtrail:*:${a}:trail/*`);
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: `AllowCloudTrailToEncryptFor${block.sidSuffix}`,
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:GenerateDataKey*'],
      resources: ['*'],
      // aws:SourceArn (the trail ARNs) besides the source block, as the CloudTrail key-policy page recommends:
      // https://docs.aws.amazon.com/awscloudtrail/latest/userguide/create-kms-key-policy-for-cloudtrail.html
      conditions: { ...block.conditions, StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': trailArns }, ArnLike: { 'aws:SourceArn': trailArns } },
    }));
    // DescribeKey carries no encryption context, so it needs a statement of its own: CloudTrail describes the key
    // when a trail is created or updated, and refuses the key (InsufficientEncryptionPolicyException) if it cannot.
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: `AllowCloudTrailToDescribeKeyFor${block.sidSuffix}`,
      principals: [new iam.ServicePrincipal('cloudtrail.amazonaws.com')],
      actions: ['kms:DescribeKey'],
      resources: ['*'],
      conditions: { ...block.conditions, ArnLike: { 'aws:SourceArn': trailArns } },
    }));
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: `AllowLogDeliveryToEncryptFor${block.sidSuffix}`,
      principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
      resources: ['*'],
      // Vended log delivery's documented source ARN, any region: arn:aws:logs:<region>:<account>:*
      // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html).
      conditions: {
        ...block.conditions,
        ArnLike: { 'aws:SourceArn': block.sidSuffix === 'Organization' ? [`arn:${stack.partition}:logs:*:*:*`] : sources.accounts.map((a) => `arn:${stack.partition}:logs:*:${a}:*`) },
      },
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
      StringLike: { 'kms:EncryptionContext:aws:s3:arn': [targets.bucketArn(LogFamily.CLOUDTRAIL), `${targets.bucketArn(LogFamily.CLOUDTRAIL)}/*`] },
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
  denyKeyDestruction(key, breakGlass);
}

/** Destroying or disabling a log key would erase every log it encrypts at once: denied to all but break-glass. */
export function denyKeyDestruction(key: kms.IKey, breakGlass: string[]): void {
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyKeyDestructionExceptBreakGlass',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:ScheduleKeyDeletion', 'kms:DisableKey'],
    resources: ['*'],
    conditions: breakGlass.length > 0 ? { ArnNotLike: { 'aws:PrincipalArn': breakGlass } } : undefined,
  }));
}
