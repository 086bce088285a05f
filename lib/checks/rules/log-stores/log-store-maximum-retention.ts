import { CfnResource } from 'aws-cdk-lib';
import { RETENTION_APPROVAL_TAG, ResourceType } from '../../app-index';
import { logStoreOf, notALogBucket, retentionApprovalOf, retentionOf } from '../../private/log-store';
import { fixedRequirements, LOG_STORE_CONSTRUCTS, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { RETENTION_POLICY } from '../../../requirements/retention';

/**
 * LM-3 (maximum retention): no log store keeps logs longer than 731 days,
 * and none keeps them for ever (a log group without RetentionInDays, a
 * bucket without a whole-bucket lifecycle expiration, a versioned bucket
 * whose noncurrent versions never expire), unless the CISO approval is
 * recorded as the tag `log-retention-approval` (any non-empty value, the
 * approval reference) on the store.
 */
export const logStoreMaximumRetention: LogCollectionRule = {
  name: 'log-store-maximum-retention',
  requirementIds: fixedRequirements('LM-3'),
  resourceTypes: [ResourceType.LOG_GROUP, ResourceType.BUCKET],
  fixedBy: LOG_STORE_CONSTRUCTS,
  summary:
    `Every log group and log bucket expires logs within ${RETENTION_POLICY.maximumDaysWithoutApproval} days ` +
    `(never-expire is non-compliant) unless tagged ${RETENTION_APPROVAL_TAG} with the CISO approval reference.`,
  check(store: CfnResource, context: RuleContext): RuleOutcome {
    const kind = logStoreOf(store, context.index);
    if (!kind) {
      return outcome.notApplicable(notALogBucket());
    }
    const max = RETENTION_POLICY.maximumDaysWithoutApproval;
    const retention = retentionOf(store, context.index);
    const location = store.cfnResourceType === ResourceType.LOG_GROUP ? 'Properties/RetentionInDays' : 'Properties/LifecycleConfiguration';
    const label = `${kind.kind === 'log group' ? 'Log group' : 'Log bucket'} ${store.node.path}`;
    if (retention.unknown) {
      return outcome.unknown(`${label}: ${retention.unknown}, so the ${max}-day maximum cannot be checked.`, { location });
    }
    const days = retention.totalDays;
    const approval = retentionApprovalOf(store, context.index);
    if (days !== undefined && days <= max) {
      return outcome.compliant(`${label} keeps logs ${days} days (maximum ${max}).`, { retentionDays: days, location });
    }
    const found = days === undefined ? retention.description : `it keeps logs ${days} days (${retention.description})`;
    if (approval) {
      return outcome.compliant(`${label}: ${found}, beyond ${max} days with CISO approval ${approval}.`, { retentionDays: days ?? 0, location });
    }
    return outcome.nonCompliant(
      `${label}: ${found}, beyond the ${max}-day maximum. Expire logs within ${max} days, or record the CISO approval ` +
      `reference as the tag ${RETENTION_APPROVAL_TAG} on it.`,
      { retentionDays: days ?? 0, location },
    );
  },
};
