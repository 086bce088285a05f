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
