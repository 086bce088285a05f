import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { acknowledgeInPacks } from '../../core/acknowledge';
import { validateOrganizationId } from '../../core/validate';

/** Props for {@link StackSetAssetBucket}. */
export interface StackSetAssetBucketProps {
  /** The prefix the StackSet is given (`assetBucketPrefix`); the bucket is `<prefix>-<this stack's region>`. */
  readonly assetBucketPrefix: string;
  /** The organisation (`o-…`) whose accounts may read the assets. */
  readonly organizationId: string;
}

/**
 * The bucket that holds the baseline's Lambda code in one region, in the
 * account that deploys the StackSet: `<prefix>-<region>`, versioned,
 * SSE-S3, TLS only, readable (`s3:GetObject`) by principals of the
 * organisation only (`aws:PrincipalOrgID`), so CloudFormation in each member
 * account can create the functions. Deploy one per target region (a stack per
 * region), before the StackSet.
 *
 * Lambda reads function code from a bucket in the function's own region
 * (https://docs.aws.amazon.com/lambda/latest/api/API_FunctionCode.html), hence one bucket per region.
 *
 * @example
 * new StackSetAssetBucket(this, 'BaselineAssets', {
 *   assetBucketPrefix: 'seclog-baseline-assets-555555555555',
 *   organizationId: 'o-a1b2c3d4e5',
 * });
 */
export class StackSetAssetBucket extends Construct {
  /** The bucket. */
  public readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: StackSetAssetBucketProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (Token.isUnresolved(stack.region)) {
      throw new Error(
        `Stack '${stack.stackName}' has no concrete region, so the asset bucket cannot be named '${props.assetBucketPrefix}-<region>'; ` +
        'set env: { account, region } on the stack (one stack per target region).',
      );
    }
    const organizationId = validateOrganizationId('organizationId', props.organizationId);
    this.bucket = new s3.Bucket(this, 'Bucket', {
      bucketName: `${props.assetBucketPrefix}-${stack.region}`,
      versioned: true,
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
      // Every deployment writes new code objects; superseded versions go after 90 days.
      lifecycleRules: [{ id: 'ExpireSupersededCode', noncurrentVersionExpiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
    });
    this.bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'OrganizationReadsBaselineAssets',
      principals: [new iam.AnyPrincipal()],
      actions: ['s3:GetObject', 's3:GetObjectVersion'],
      resources: [this.bucket.arnForObjects('*')],
      conditions: { StringEquals: { 'aws:PrincipalOrgID': organizationId } },
    }));
    acknowledgeInPacks(this.bucket, {
      awsSolutions: ['AwsSolutions-S1'], nist: ['S3BucketLoggingEnabled', 'S3BucketReplicationEnabled'],
      guard: ['s3_bucket_logging_enabled_check', 's3_bucket_object_lock_enabled_check', 's3_event_notifications_enabled_check'],
    }, 'The bucket holds deployment artefacts (the baseline\'s Lambda code, rewritten by every deployment), not logs: CloudTrail ' +
      'records its management events, every deployment can recreate its content, and nothing consumes its object events.');
    acknowledgeInPacks(this.bucket, { nist: ['S3DefaultEncryptionKMS'], guard: ['s3_bucket_default_encryption_kms_check'] },
      'Lambda in every member account reads the code from here when the StackSet deploys: SSE-S3 needs no key policy naming each ' +
      'account; the bucket policy limits reads to the organisation (aws:PrincipalOrgID), and the content is code, not log data.');
  }
}
