import { CfnResource } from 'aws-cdk-lib';
import { ResourceType } from '../../app-index';
import { logStoreOf, notALogBucket } from '../../private/log-store';
import { fixedRequirements, LOG_STORE_CONSTRUCTS, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { asBoolean, field } from '../../../core/l1';

const SETTINGS = ['blockPublicAcls', 'blockPublicPolicy', 'ignorePublicAcls', 'restrictPublicBuckets'];

/**
 * LM-4 (only the service's operators and the security team can read logs),
 * public access part: every log bucket sets all four
 * PublicAccessBlockConfiguration settings to true. An absent configuration is
 * non-compliant even though S3 blocks public access on new buckets by
 * default: the template must say so, so that the setting is reviewed and
 * drift is visible.
 */
export const logBucketPublicAccess: LogCollectionRule = {
  name: 'log-bucket-public-access',
  requirementIds: fixedRequirements('LM-4'),
  idSuffix: 'PublicAccess',
  resourceTypes: [ResourceType.BUCKET],
  fixedBy: LOG_STORE_CONSTRUCTS,
  summary: 'Every log bucket blocks all public access (all four PublicAccessBlockConfiguration settings true).',
  check(bucket: CfnResource, context: RuleContext): RuleOutcome {
    if (!logStoreOf(bucket, context.index)) {
      return outcome.notApplicable(notALogBucket());
    }
    const config = context.index.resolve(bucket, (bucket as unknown as Record<string, unknown>).publicAccessBlockConfiguration);
    const off = SETTINGS.filter((s) => asBoolean(field(config, s)) !== true);
    if (off.length === 0) {
      return outcome.compliant(`Log bucket ${bucket.node.path} blocks all public access.`);
    }
    const names = off.map((s) => s.charAt(0).toUpperCase() + s.slice(1));
    return outcome.nonCompliant(
      `Log bucket ${bucket.node.path} does not block all public access: ${config === undefined ? 'no PublicAccessBlockConfiguration' : `${names.join(', ')} not true`}; ` +
      'use blockPublicAccess: BlockPublicAccess.BLOCK_ALL.',
      { location: 'Properties/PublicAccessBlockConfiguration' },
    );
  },
};
