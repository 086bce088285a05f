import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Template } from 'aws-cdk-lib/assertions';
import { createCentralAlarm } from '../../../lib/central/private/alarm';

const metric = new cloudwatch.Metric({ namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible' });

describe('createCentralAlarm', () => {
  test('notifies the topic on alarm and on recovery', () => {
    const stack = new Stack(new App(), 'Central', { env: { account: '111111111111', region: 'eu-west-2' } });
    const topic = new sns.Topic(stack, 'Topic');
    createCentralAlarm(stack, 'Alarm', {
      metric, threshold: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, description: 'd', topic,
    });
    const alarm = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))[0] as any;
    expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Topic/) }]);
    expect(alarm.Properties.OKActions).toEqual([{ Ref: expect.stringMatching(/^Topic/) }]);
  });

  test('a topic in another region than the alarm is an error naming both regions', () => {
    const app = new App();
    const stack = new Stack(app, 'Central', { env: { account: '111111111111', region: 'eu-west-2' } });
    const topic = new sns.Topic(new Stack(app, 'Elsewhere', { env: { account: '111111111111', region: 'us-east-1' } }), 'Soc');
    expect(() => createCentralAlarm(stack, 'Alarm', {
      metric, threshold: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, description: 'd', topic,
    })).toThrow(/alarmTopic is in us-east-1 but the alarm Central\/Alarm is in eu-west-2/);
  });
});
