import { CfnResource } from 'aws-cdk-lib';
import { dataSelectors } from '../../private/data-store';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { DataStoreAuditLogging } from '../../../sources';

/**
 * CA-E2, the cost and loop guard: no trail selects the S3 data events of
 * every bucket (an advanced selector on `AWS::S3::Object`, or on every data
 * type, without a `resources.ARN` StartsWith or Equals; a basic selector
 * with the value `arn:aws:s3`), and no S3 selector names a log bucket of
 * the app. Such a selector records every read of every bucket, log buckets
 * included: the trail's own deliveries and the SIEM's reads are logged
 * again, and the cost grows with every request. Name the data buckets
 * instead (DataStoreAuditLogging `buckets`). Trails without S3 data events
 * are not judged.
 */
export const dataEventsAllBuckets: LogCollectionRule = {
  name: 'data-events-all-buckets',
  requirementIds: fixedRequirements('CA-E2'),
  idSuffix: 'AllBuckets',
  resourceTypes: ['AWS::CloudTrail::Trail'],
  fixedBy: [DataStoreAuditLogging.IMPLEMENTS.construct],
  summary: 'No trail selects the S3 data events of every bucket, or of a log bucket; S3 data events name the data buckets.',
  check(trail: CfnResource, context: RuleContext): RuleOutcome {
    const index = context.index;
    const s3 = dataSelectors(trail, index).filter((s) => s.type === undefined || s.type === 'AWS::S3::Object');
    if (s3.length === 0) {
      return outcome.notApplicable(`Trail ${trail.node.path} records no S3 data events.`);
    }
    if (s3.some((s) => s.arns.length === 0)) {
      return outcome.nonCompliant(
        `Trail ${trail.node.path} selects the S3 object events of every bucket${s3.some((s) => s.arns.length === 0 && s.excludes) ? ' (but some excluded)' : ''}, ` +
        'log buckets included, so reads of the logs are logged again and the cost grows with every request; select the data buckets by ' +
        'ARN (resources.ARN StartsWith arn:aws:s3:::<bucket>/).',
        { location: 'Properties/AdvancedEventSelectors' },
      );
    }
    const logBuckets = s3.flatMap((s) => index.resolver.referencesIn(s.arns))
      .filter((r) => r.cfnResourceType === 'AWS::S3::Bucket' && (index.whyLogBucket(r).length > 0 || index.isAccessLogTarget(r)));
    if (logBuckets.length > 0) {
      return outcome.nonCompliant(
        `Trail ${trail.node.path} selects the S3 object events of log bucket ${[...new Set(logBuckets.map((b) => b.node.path))].join(', ')}, ` +
        'so every delivery and read of the logs is logged again; select only the data buckets.',
        { location: 'Properties/AdvancedEventSelectors' },
      );
    }
    return outcome.compliant(`Trail ${trail.node.path} records S3 data events of named buckets only.`);
  },
};
