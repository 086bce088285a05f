import { App, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Template } from 'aws-cdk-lib/assertions';
import { TamperAlerts } from '../../lib/central/tamper-alerts';
import { tamperPatterns } from '../../lib/core/events/tamper-patterns';

function centralStack(): Stack {
  return new Stack(new App(), 'Central', { env: { account: '111111111111', region: 'eu-west-2' } });
}

describe('TamperAlerts', () => {
  test('rules on the central bus send every tamper pattern to a KMS-encrypted topic, with retries and a dead-letter queue', () => {
    // GIVEN
    const stack = centralStack();
    const bus = new events.EventBus(stack, 'Bus', { eventBusName: 'seclog-security-events' });
    // WHEN
    const alerts = new TamperAlerts(stack, 'Tamper', { eventBus: bus });
    // THEN
    const template = Template.fromStack(stack);
    const topics = Object.values(template.findResources('AWS::SNS::Topic')) as any[];
    expect(topics).toHaveLength(1);
    expect(topics[0].Properties.KmsMasterKeyId).toBeDefined();
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as any[];
    expect(rules).toHaveLength(tamperPatterns({ signIns: true }).length);
    expect(alerts.rules).toHaveLength(rules.length);
    const patterns = JSON.stringify(rules.map((r) => r.Properties.EventPattern));
    expect(patterns).toContain('"MFAUsed":["No"]');
    expect(patterns).toContain('"type":["Root"]');
    for (const rule of rules) {
      expect(rule.Properties.Name).toMatch(/^seclog-/);
      expect(rule.Properties.EventBusName).toEqual({ Ref: expect.stringMatching(/^Bus/) });
      expect(rule.Properties.Targets).toEqual([expect.objectContaining({
        Arn: { Ref: expect.stringMatching(/^TamperTopic/) },
        DeadLetterConfig: expect.anything(),
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      })]);
    }
    const queue = Object.values(template.findResources('AWS::SQS::Queue'))[0] as any;
    expect(queue.Properties.KmsMasterKeyId).toBeDefined();
    expect(queue.DeletionPolicy).toBe('Retain');
  });

  test('every alarm it makes notifies the topic', () => {
    const stack = centralStack();
    const bus = new events.EventBus(stack, 'Bus');
    new TamperAlerts(stack, 'Tamper', { eventBus: bus });
    const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm')) as any[];
    expect(alarms.length).toBe(tamperPatterns({ signIns: true }).length + 1);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^TamperTopic/) }]);
    }
  });

  test('the key lets only this account\'s rules and alarms use it', () => {
    const stack = centralStack();
    new TamperAlerts(stack, 'Tamper', { eventBus: new events.EventBus(stack, 'Bus') });
    const key = Object.values(Template.fromStack(stack).findResources('AWS::KMS::Key'))[0] as any;
    const statements = key.Properties.KeyPolicy.Statement as any[];
    expect(statements.find((s) => s.Sid === 'AllowEventBridgeRulesOfThisAccount').Condition)
      .toEqual({ ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-2:111111111111:rule/*']] } } });
    expect(statements.find((s) => s.Sid === 'AllowCloudWatchAlarmsOfThisAccount').Condition)
      .toEqual({ StringEquals: { 'aws:SourceAccount': '111111111111' } });
  });

  test('a topic of the user\'s is used as given, and is the alarm action offered to other alarms', () => {
    const stack = centralStack();
    const topic = new sns.Topic(stack, 'Soc');
    const alerts = new TamperAlerts(stack, 'Tamper', { eventBus: new events.EventBus(stack, 'Bus'), alertTopic: topic });
    expect(alerts.alertTopic).toBe(topic);
    expect(stack.resolve(alerts.alarmAction.bind(stack, undefined as any).alarmActionArn)).toEqual({ Ref: expect.stringMatching(/^Soc/) });
    expect(Object.keys(Template.fromStack(stack).findResources('AWS::SNS::Topic'))).toHaveLength(1);
  });
});

describe('TamperAlerts input checks', () => {
  test('a name prefix rules cannot start is an error naming it', () => {
    const stack = centralStack();
    expect(() => new TamperAlerts(stack, 'Tamper', { eventBus: new events.EventBus(stack, 'Bus'), namePrefix: 'Sec_Log' }))
      .toThrow(/namePrefix 'Sec_Log' cannot start S3 bucket names \(nor rule and stream names\)/);
  });

});
