import { RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * Tag that marks an S3 bucket as a log store for the `LogCollectionChecks`
 * retention and protection rules when nothing in the app sends logs to it
 * (for example a bucket that another account or app writes to). Value `true`.
 *
 * Buckets that a flow log, trail, Resolver query logging configuration,
 * Firehose stream, Cognito log delivery or CloudWatch Logs delivery writes
 * to, and server access log targets, are recognised without it.
 */
export const LOG_STORE_TAG = 'security-log-store';

/**
 * Tag that records the CISO approval reference allowing a log store to keep
 * logs longer than 731 days, or for ever (LM-3). Any non-empty value: the
 * approval reference. Constructs that take a `retentionApproval` prop should
 * set it on the stores they create.
 */
export const RETENTION_APPROVAL_TAG = 'log-retention-approval';

/**
 * An S3 server access-log bucket: SSE-S3, since S3 server access logging delivers only to SSE-S3 buckets
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html), versioned, TLS only, private, owner-enforced,
 * retained on stack deletion and tagged as a log store (LOG_STORE_TAG). The caller adds the delivery's bucket policy
 * and its acknowledgements. Not public API.
 */
export function accessLogStoreBucket(scope: Construct, props: { bucketName?: string; lifecycleRules: s3.LifecycleRule[] }): s3.Bucket {
  const bucket = new s3.Bucket(scope, 'AccessLogBucket', {
    bucketName: props.bucketName,
    encryption: s3.BucketEncryption.S3_MANAGED,
    versioned: true,
    enforceSSL: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    removalPolicy: RemovalPolicy.RETAIN,
    lifecycleRules: props.lifecycleRules,
  });
  Tags.of(bucket).add(LOG_STORE_TAG, 'true');
  return bucket;
}
