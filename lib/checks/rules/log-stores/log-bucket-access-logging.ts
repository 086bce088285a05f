import { CfnResource } from 'aws-cdk-lib';
import { ResourceType } from '../../app-index';
import { logStoreOf, notALogBucket } from '../../private/log-store';
import { fixedRequirements, LOG_STORE_CONSTRUCTS, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { field } from '../../../core/l1';

/**
 * LM-5 (all access to raw log data is itself logged): every log bucket has
 * S3 server access logging (LoggingConfiguration with a
 * DestinationBucketName). A bucket that itself receives server access logs
 * of other buckets is not judged (logging it into another access log bucket
 * would only move the question; record reads of it with CloudTrail S3 data
 * events, as the central archive does).
 */
export const logBucketAccessLogging: LogCollectionRule = {
  name: 'log-bucket-access-logging',
  requirementIds: fixedRequirements('LM-5'),
  resourceTypes: [ResourceType.BUCKET],
  fixedBy: LOG_STORE_CONSTRUCTS,
  summary: 'Every log bucket (other than a server access log target) has S3 server access logging.',
  check(bucket: CfnResource, context: RuleContext): RuleOutcome {
    if (!logStoreOf(bucket, context.index)) {
      return outcome.notApplicable(notALogBucket());
    }
    if (context.index.isAccessLogTarget(bucket)) {
      return outcome.notApplicable(
        `Log bucket ${bucket.node.path} receives server access logs of other buckets; record reads of it with CloudTrail S3 data events.`,
      );
    }
    const logging = context.index.resolve(bucket, (bucket as unknown as Record<string, unknown>).loggingConfiguration);
    const target = field(logging, 'destinationBucketName');
    if (target !== undefined && target !== '') {
      return outcome.compliant(`Log bucket ${bucket.node.path} sends server access logs to ${context.index.resolver.describe(target)}.`);
    }
    return outcome.nonCompliant(
      `Log bucket ${bucket.node.path} has no server access logging (LoggingConfiguration.DestinationBucketName), so reads of its logs ` +
      'are not recorded; set serverAccessLogsBucket.',
      { location: 'Properties/LoggingConfiguration' },
    );
  },
};
