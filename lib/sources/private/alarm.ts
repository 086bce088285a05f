import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { alarmActionsOrDefault } from '../../core/alarm-topic';

/**
 * An alarm that fires on the first occurrence (a count of at least 1 in one
 * period: an error, a dead letter). Missing data is not breaching: the
 * metrics used here are only emitted when something happens.
 */
export function firstOccurrenceAlarm(scope: Construct, id: string, metric: cloudwatch.IMetric, description: string,
  action?: cloudwatch.IAlarmAction): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    metric,
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    alarmDescription: description,
  });
  // No alarm without an action: the user's, or the stack's alarm topic.
  alarm.addAlarmAction(...alarmActionsOrDefault(scope, action ? [action] : undefined));
  return alarm;
}
