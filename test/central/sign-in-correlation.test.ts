import { Duration } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SignInCorrelation, SignInCorrelationProps } from '../../lib/central';
import { CENTRAL_CORRELATOR_ENV } from '../../lib/handlers/sign-in-correlator/contract';
import { CENTRAL_ACCOUNT, CENTRAL_REGION, centralStack, resourcesOfType } from './helpers';

function correlation(props: Partial<SignInCorrelationProps> = {}) {
  const stack = centralStack();
  const eventBus = new events.EventBus(stack, 'Bus', { eventBusName: 'seclog-security-events' });
  const made = new SignInCorrelation(stack, 'SignIn', { eventBus, ...props });
  return { stack, made, template: Template.fromStack(stack) };
}

describe('SignInCorrelation', () => {
  test('rules on the central bus send console, Identity Center and Cognito sign-in events to the correlator', () => {
    // GIVEN / WHEN
    const { template } = correlation();

    // THEN
    const rules = resourcesOfType(template, 'AWS::Events::Rule').map(([, r]) => r.Properties);
    const onBus = rules.filter((r) => JSON.stringify(r.EventBusName ?? '').includes('Bus'));
    expect(onBus).toHaveLength(rules.length);
    const patterns = rules.map((r) => r.EventPattern).filter((p) => p.detail);
    const sources = patterns.flatMap((p) => p.detail.eventSource);
    expect(sources).toEqual(expect.arrayContaining(['signin.amazonaws.com', 'cognito-idp.amazonaws.com']));
    const signIn = patterns.find((p) => p.detail.eventSource[0] === 'signin.amazonaws.com');
    expect(signIn.detail.eventName).toEqual(expect.arrayContaining(['ConsoleLogin', 'CredentialVerification', 'UserAuthentication']));
    expect(signIn['detail-type']).toEqual(['AWS Console Sign In via CloudTrail', 'AWS Service Event via CloudTrail']);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { detail: { eventSource: ['signin.amazonaws.com'] } },
      Targets: [Match.objectLike({
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Correlator'), 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('SignInDeadLetterQueue'), 'Arn'] } },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      })],
    });
  });

  test('the correlation event goes from the bus to a KMS-encrypted alert topic, with a dead-letter queue', () => {
    const { template } = correlation();
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['security-log-collection.identity'], 'detail-type': ['Authentication Success After Failure'] },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('AlertTopic') }, DeadLetterConfig: Match.anyValue() })],
    });
  });

  test('a topic the user gives receives the alerts and no topic is made', () => {
    const stack = centralStack();
    const eventBus = new events.EventBus(stack, 'Bus');
    const topic = sns.Topic.fromTopicArn(stack, 'Soc', `arn:aws:sns:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:soc-alerts`);
    new SignInCorrelation(stack, 'SignIn', { eventBus, alertTopic: topic });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ Arn: `arn:aws:sns:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:soc-alerts` })],
    });
  });

  test('the table is encrypted, retained, has TTL and point-in-time recovery', () => {
    const { template } = correlation();
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: Match.objectLike({ SSEEnabled: true, SSEType: 'KMS' }),
      }),
    });
  });

  test('the function gets the window, the minimum and the bus, and may put events on that bus only', () => {
    const { template } = correlation({ correlationWindow: Duration.minutes(30), minimumFailures: 3 });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({
        [CENTRAL_CORRELATOR_ENV.windowSeconds]: '1800',
        [CENTRAL_CORRELATOR_ENV.minimumFailures]: '3',
        [CENTRAL_CORRELATOR_ENV.eventBusArn]: { 'Fn::GetAtt': [Match.stringLikeRegexp('Bus'), 'Arn'] },
      }) },
      DeadLetterConfig: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('Bus'), 'Arn'] },
      })]) },
    });
  });

  test('every alarm has the alarm topic as its action', () => {
    const stack = centralStack();
    const alarmTopic = new sns.Topic(stack, 'Alarms');
    new SignInCorrelation(stack, 'SignIn', { eventBus: new events.EventBus(stack, 'Bus'), alarmTopic });
    const template = Template.fromStack(stack);
    const topicId = Object.keys(template.findResources('AWS::SNS::Topic')).find((id) => id.startsWith('Alarms'));
    const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThanOrEqual(4);
    for (const [, alarm] of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    }
  });

  test.each([
    [{ correlationWindow: Duration.seconds(59) }, /correlationWindow of 59 seconds .*outside 1 minute to 1 day/],
    [{ correlationWindow: Duration.hours(25) }, /correlationWindow of 1 day 1 hour \(90000 seconds\) is outside 1 minute to 1 day/],
    [{ minimumFailures: 0 }, /minimumFailures of 0 is not a whole number of at least 1/],
    [{ minimumFailures: 1.5 }, /minimumFailures of 1.5/],
  ])('bad input %o fails naming the value', (props, message) => {
    expect(() => correlation(props)).toThrow(message);
  });

  test('a bus in another account is refused: the correlator belongs in the central account', () => {
    const stack = centralStack(CENTRAL_REGION, '222222222222');
    const eventBus = events.EventBus.fromEventBusArn(stack, 'Bus', `arn:aws:events:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:event-bus/seclog-security-events`);
    expect(() => new SignInCorrelation(stack, 'SignIn', { eventBus }))
      .toThrow(/in account 222222222222 but its event bus .* is in account 111111111111; deploy the correlator in the central account/);
  });
});
