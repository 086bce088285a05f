import { Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { stackAlarmTopic } from '../../core/alarm-topic';

/** Options for {@link createCentralAlarm}. */
export interface CentralAlarmOptions {
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  readonly comparisonOperator: cloudwatch.ComparisonOperator;
  readonly description: string;
  readonly evaluationPeriods?: number;
  readonly topic?: sns.ITopic;
}

/**
 * An alarm on one hop of the log delivery path. Missing data is not
 * breaching: the metrics used here are only emitted when there is traffic,
 * and silence is watched by the freshness alarms instead.
 */
export function createCentralAlarm(scope: Construct, id: string, options: CentralAlarmOptions): cloudwatch.Alarm {
  if (options.topic) {
    // An alarm is given a topic of its own region: no AWS page found documents an alarm action on a topic of
    // another region (unverified; https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html).
    const alarmRegion = Stack.of(scope).region;
    const topicRegion = options.topic.env.region;
    if (!Token.isUnresolved(alarmRegion) && !Token.isUnresolved(topicRegion) && topicRegion !== alarmRegion) {
      throw new Error(
        `alarmTopic is in ${topicRegion} but the alarm ${Stack.of(scope).stackName}/${id} is in ${alarmRegion}: CloudWatch alarms ` +
        `notify topics of their own region; pass a topic of ${alarmRegion}.`,
      );
    }
  }
  const alarm = new cloudwatch.Alarm(scope, id, {
    metric: options.metric,
    threshold: options.threshold,
    comparisonOperator: options.comparisonOperator,
    evaluationPeriods: options.evaluationPeriods ?? 1,
    alarmDescription: options.description,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  // No alarm without an action: the user's topic, or the stack's alarm topic.
  const topic = options.topic ?? stackAlarmTopic(scope);
  alarm.addAlarmAction(new actions.SnsAction(topic));
  alarm.addOkAction(new actions.SnsAction(topic));
  return alarm;
}
