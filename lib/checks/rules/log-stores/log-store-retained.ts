import { CfnDeletionPolicy, CfnResource } from 'aws-cdk-lib';
import { ResourceType } from '../../app-index';
import { logStoreOf, notALogBucket } from '../../private/log-store';
import { fixedRequirements, LOG_STORE_CONSTRUCTS, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';

/** Policies that keep the store when CloudFormation deletes the resource (RetainExceptOnCreate deletes only a store that never finished creating). */
const KEEPS = [CfnDeletionPolicy.RETAIN, CfnDeletionPolicy.RETAIN_EXCEPT_ON_CREATE];

/**
 * PU-3 (protection of log data): no stack operation erases logs. Every log
 * store has DeletionPolicy `Retain` (or `RetainExceptOnCreate`) and
 * UpdateReplacePolicy `Retain`, so neither deleting the stack nor a change
 * that replaces the resource deletes it (`RemovalPolicy.RETAIN` sets both).
 * Read from the resource's `cfnOptions`.
 */
export const logStoreRetained: LogCollectionRule = {
  name: 'log-store-retained',
  requirementIds: fixedRequirements('PU-3'),
  resourceTypes: [ResourceType.LOG_GROUP, ResourceType.BUCKET],
  fixedBy: LOG_STORE_CONSTRUCTS,
  summary: 'Every log group and log bucket has DeletionPolicy and UpdateReplacePolicy Retain (RemovalPolicy.RETAIN).',
  check(store: CfnResource, context: RuleContext): RuleOutcome {
    const kind = logStoreOf(store, context.index);
    if (!kind) {
      return outcome.notApplicable(notALogBucket());
    }
    const deletion = store.cfnOptions.deletionPolicy;
    const replace = store.cfnOptions.updateReplacePolicy;
    const problems: string[] = [];
    if (!deletion || !KEEPS.includes(deletion)) {
      problems.push(`DeletionPolicy is ${deletion ?? 'not set (Delete)'}`);
    }
    if (replace !== CfnDeletionPolicy.RETAIN) {
      problems.push(`UpdateReplacePolicy is ${replace ?? 'not set (Delete)'}`);
    }
    if (problems.length === 0) {
      return outcome.compliant(`The ${kind.kind} ${store.node.path} is retained on deletion and replacement.`);
    }
    return outcome.nonCompliant(
      `The ${kind.kind} ${store.node.path} would be deleted with its logs by a stack operation: ${problems.join('; ')}. ` +
      'Use removalPolicy: RemovalPolicy.RETAIN.',
      { location: 'DeletionPolicy' },
    );
  },
};
