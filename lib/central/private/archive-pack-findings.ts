import { IConstruct } from 'constructs';
import { acknowledgeInPacks } from '../../core/acknowledge';

// Findings of the common rule packs (cdk-nag AwsSolutions and NIST 800-53 R5, the Control Tower guard rules) that the
// central stores raise by design, acknowledged on the bucket with the reason, so every user of the constructs inherits them.

const SERVER_ACCESS_LOGS = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerLogs.html';
const OBJECT_LOCK = 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-configure.html';

/** A bucket that receives the S3 server access logs of the log buckets. */
export function acknowledgeAccessLogBucket(bucket: IConstruct): void {
  acknowledgeInPacks(bucket, { awsSolutions: ['AwsSolutions-S1'], nist: ['S3BucketLoggingEnabled'], guard: ['s3_bucket_logging_enabled_check'] },
    'An access-log bucket cannot log to itself: each delivery would write a further log record. It is TLS-only, private and versioned, ' +
    'and deletes are refused by its bucket policy.');
  acknowledgeInPacks(bucket, { nist: ['S3DefaultEncryptionKMS'], guard: ['s3_bucket_default_encryption_kms_check'] },
    `S3 server access logging delivers only to buckets whose default encryption is SSE-S3 (${SERVER_ACCESS_LOGS}).`);
  acknowledgeInPacks(bucket, { guard: ['s3_bucket_object_lock_enabled_check'] },
    `S3 server access logging cannot deliver to a bucket with Object Lock (${OBJECT_LOCK}); the bucket is versioned, retained on ` +
    'stack deletion, and its lifecycle expires logs only after the retention period.');
  acknowledgeInPacks(bucket, { guard: ['s3_event_notifications_enabled_check'] },
    'Server access logs are read in an investigation, not streamed: an event notification here would have no consumer.');
}

/** A landing bucket whose every object replicates into the Object Lock vault. */
export function acknowledgeLandingBucket(bucket: IConstruct): void {
  acknowledgeInPacks(bucket, { guard: ['s3_bucket_object_lock_enabled_check'] },
    'A landing bucket: services deliver here, and every object replicates (with a replication-failure alarm that has an action) into ' +
    'the Object Lock vault, which holds the locked copy for the retention period. Object Lock here would keep each landing copy ' +
    'as long again, beyond the landing expiry.');
}

/** The Object Lock vault: the replication destination of every landing bucket. */
export function acknowledgeVaultBucket(bucket: IConstruct): void {
  acknowledgeInPacks(bucket, { nist: ['S3BucketReplicationEnabled'] },
    'The vault is itself the replication destination of every landing bucket, and Object Lock keeps its copies from deletion and ' +
    'overwrite for the retention period.');
  acknowledgeInPacks(bucket, { guard: ['s3_event_notifications_enabled_check'] },
    'The vault receives only replicas of objects its landing buckets already announce (to the SIEM queues when a SIEM is configured); ' +
    'a notification here would announce each object twice.');
}

/**
 * The load balancer landing bucket of a region.
 *
 * @param sseS3 whether the bucket uses SSE-S3 (Application Load Balancers deliver to no other)
 * @param siemQueue whether the bucket notifies a SIEM queue
 */
export function acknowledgeLoadBalancerLanding(bucket: IConstruct, sseS3: boolean, siemQueue: boolean): void {
  if (sseS3) {
    acknowledgeInPacks(bucket, { nist: ['S3DefaultEncryptionKMS'], guard: ['s3_bucket_default_encryption_kms_check'] },
      'Application Load Balancer access logs are delivered only to SSE-S3 buckets ' +
      '(https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html); the vault holds the replicas under its own bucket policy and Object Lock.');
  }
  acknowledgeRegionalLanding(bucket, siemQueue);
}

/** A region-local landing bucket (load balancer logs, vended logs of another region): replicated into the vault; a SIEM queue or none. */
export function acknowledgeRegionalLanding(bucket: IConstruct, siemQueue: boolean): void {
  acknowledgeLandingBucket(bucket);
  if (!siemQueue) {
    acknowledgeInPacks(bucket, { guard: ['s3_event_notifications_enabled_check'] },
      'The SIEM hand-off of this region-local landing is off (siemNotifications: false, or the archive has no SIEM): its logs are ' +
      'archived in the vault and read on demand. Turn siemNotifications on to notify a SIEM queue of this region.');
  }
}
