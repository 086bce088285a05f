import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { restrictKeyGrants } from '../stack-key';

/**
 * A KMS key (rotation on, retained) for the queues, tables and topics that
 * EventBridge rules of this account and region write to: their dead-letter
 * queues and targets. EventBridge may use it only for rules of this account
 * and region (`aws:SourceArn`, the confused-deputy guard;
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-rule-dlq.html).
 */
export function eventRuleKey(scope: Construct, id: string, description: string, sid: string): kms.Key {
  const stack = Stack.of(scope);
  const key = new kms.Key(scope, id, { description, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid,
    principals: [new iam.ServicePrincipal('events.amazonaws.com')],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    resources: ['*'],
    conditions: { ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:events:${stack.region}:${stack.account}:rule/*` } },
  }));
  restrictKeyGrants(key);
  return key;
}
