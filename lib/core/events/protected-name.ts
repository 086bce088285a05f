import { Names } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { IConstruct } from 'constructs';

/** EventBridge rule names: 1 to 64 of `[.\-_A-Za-z0-9]`. https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html */
const RULE_NAME_MAX = 64;

/**
 * A physical name that starts with the central name prefix, so the
 * organisation's log protection SCP (which names `<prefix>-*`) protects the
 * resource, and is unique in the account and region: the rest is the
 * construct's path, shortened with a hash where needed.
 */
export function protectedName(construct: IConstruct, prefix: string, maxLength: number): string {
  return `${prefix}-${Names.uniqueResourceName(construct, { maxLength: maxLength - prefix.length - 1, separator: '-' })}`;
}

/** Name an EventBridge rule with the central name prefix (see {@link protectedName}). */
export function nameProtectedRule(rule: events.Rule, prefix: string): events.Rule {
  (rule.node.defaultChild as events.CfnRule).name = protectedName(rule, prefix, RULE_NAME_MAX);
  return rule;
}
