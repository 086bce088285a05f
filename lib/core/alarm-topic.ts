import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';
import { stackSharedKey } from './stack-key';

/** The construct id of the stack-wide alarm topic (at the stack's root). */
export const STACK_ALARM_TOPIC_ID = 'SecurityLogAlarmTopic';

/**
 * The stack's alarm topic: where every alarm of the library notifies when the
 * user gave it no topic or action of their own, so that no alarm is without an
 * action. One per stack, made on first use: KMS-encrypted with a stack key that
 * CloudWatch of this account may use, TLS only. Subscribing a person (e-mail,
 * chat, pager) is the user's; the README says so.
 *
 * CloudWatch publishes to an encrypted topic only when the key policy lets
 * cloudwatch.amazonaws.com use the key:
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html
 * and https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
 */
export function stackAlarmTopic(scope: IConstruct): sns.ITopic {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(STACK_ALARM_TOPIC_ID) as sns.ITopic | undefined;
  if (existing) {
    return existing;
  }
  const key = stackSharedKey(scope, 'SecurityLogAlarmKey', {
    description: 'Encrypts the security log alarm topic (cdk-security-log-collection)',
  }, (s) => [cloudWatchAlarmKeyStatement(s)]);
  return new sns.Topic(stack, STACK_ALARM_TOPIC_ID, {
    displayName: 'Security log delivery alarms (cdk-security-log-collection)',
    masterKey: key,
    enforceSSL: true,
  });
}

/**
 * The key policy statement that lets CloudWatch alarms of the stack's account
 * publish to a topic encrypted with the key (see {@link stackAlarmTopic}).
 */
export function cloudWatchAlarmKeyStatement(stack: Stack): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid: 'AllowCloudWatchAlarmsOfThisAccount',
    principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
    actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
  });
}

/**
 * The actions an alarm of the library gets: the user's when given, otherwise
 * the stack's alarm topic ({@link stackAlarmTopic}).
 */
export function alarmActionsOrDefault(scope: IConstruct, given?: readonly cloudwatch.IAlarmAction[]): cloudwatch.IAlarmAction[] {
  return given && given.length > 0 ? [...given] : [new actions.SnsAction(stackAlarmTopic(scope))];
}
