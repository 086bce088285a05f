import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { CentralLogTargets } from '../../../lib/central/targets';
import {
  CLOUDTRAIL_API_CALL_DETAIL_TYPE,
  CentralEventForwarder,
  cloudTrailPattern,
  eventBridgePattern,
  firstInSameEnvironment,
  trackPerEnvironment,
  groupCloudTrailSets,
  groupEventBridgeSets,
  ruleIdFor,
} from '../../../lib/sources/private/event-forwarding';

const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });
const PATTERN = { source: ['test.source'], detailType: ['Test Thing Happened'] };

function workloadStack(region = 'eu-west-2', app = new App()): Stack {
  return new Stack(app, `Workload${region.replace(/-/g, '')}`, { env: { account: '111111111111', region } });
}

function logicalId(stack: Stack, type: string, prefix = ''): string {
  const ids = Object.keys(Template.fromStack(stack).findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('CentralEventForwarder', () => {
  test('a forwarded rule targets the central bus with the role, retry policy and dead-letter queue', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    const forwarder = new CentralEventForwarder(stack, 'Fwd', { central, purpose: 'test events (T-1)' });
    forwarder.forward('TestEvents', PATTERN);
    // THEN
    const template = Template.fromStack(stack);
    const queueId = logicalId(stack, 'AWS::SQS::Queue');
    const roleId = logicalId(stack, 'AWS::IAM::Role');
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'source': ['test.source'], 'detail-type': ['Test Thing Happened'] },
      State: 'ENABLED',
      Targets: [{
        Id: Match.anyValue(),
        Arn: central.eventBusArn,
        RoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [queueId, 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      }],
    });
    expect(forwarder.rules).toHaveLength(1);
  });

  test('events are forwarded whole: no input, input path or transformer on the target', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new CentralEventForwarder(stack, 'Fwd', { central, purpose: 'test events' }).forward('TestEvents', PATTERN);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ Input: Match.absent(), InputPath: Match.absent(), InputTransformer: Match.absent() })],
    });
  });

  test('the role may put events on the central bus and nothing else, and only EventBridge of this account assumes it', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new CentralEventForwarder(stack, 'Fwd', { central, purpose: 'test events' }).forward('TestEvents', PATTERN);
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: central.eventBusArn }] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Principal: { Service: 'events.amazonaws.com' },
          Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
        })],
      },
    });
  });

  test('the dead-letter queue is KMS-encrypted, TLS-only, kept 14 days, retained, and writable by the rule only', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new CentralEventForwarder(stack, 'Fwd', { central, purpose: 'test events' }).forward('TestEvents', PATTERN);
    // THEN
    const template = Template.fromStack(stack);
    const keyId = logicalId(stack, 'AWS::KMS::Key', 'SecurityEventDeadLetterKey');
    const ruleId = logicalId(stack, 'AWS::Events::Rule');
    template.hasResource('AWS::SQS::Queue', {
      Properties: { KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, MessageRetentionPeriod: 1209600 },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'events.amazonaws.com' },
            Action: 'sqs:SendMessage',
            Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } } },
          }),
        ]),
      },
    });
  });

  test('the dead-letter key rotates, is retained, and lets EventBridge of this account write dead letters', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new CentralEventForwarder(stack, 'Fwd', { central, purpose: 'test events' }).forward('TestEvents', PATTERN);
    // THEN
    Template.fromStack(stack).hasResource('AWS::KMS::Key', {
      Properties: {
        EnableKeyRotation: true,
        KeyPolicy: {
          Statement: Match.arrayWith([Match.objectLike({
            Principal: { Service: 'events.amazonaws.com' },
            Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
            Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
          })]),
        },
      },
      DeletionPolicy: 'Retain',
    });
  });

  test('two forwarders in one stack share one dead-letter key but have their own queues', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new CentralEventForwarder(stack, 'A', { central, purpose: 'a' }).forward('One', PATTERN);
    new CentralEventForwarder(stack, 'B', { central, purpose: 'b' }).forward('Two', PATTERN);
    // THEN
    const template = Template.fromStack(stack);
    expect(Object.keys(template.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('SecurityEventDeadLetterKey'))).toHaveLength(1);
    template.resourceCountIs('AWS::SQS::Queue', 2);
  });

  test('an alarm fires when an event waits in the dead-letter queue, and one per rule when an event is lost', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    const forwarder = new CentralEventForwarder(stack, 'Fwd', { central, purpose: 'test events' });
    forwarder.forward('One', PATTERN);
    forwarder.forward('Two', { source: ['other.source'] });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 3);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    const lost = template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { Namespace: 'AWS/Events', MetricName: 'InvocationsFailedToBeSentToDlq', Threshold: 1 },
    });
    expect(Object.keys(lost)).toHaveLength(2);
    for (const alarm of Object.values(lost)) {
      expect(alarm.Properties.Dimensions).toEqual([{ Name: 'RuleName', Value: { Ref: expect.any(String) } }]);
    }
  });

  test('alarm actions go on every alarm', () => {
    // GIVEN
    const stack = workloadStack();
    const topic = new sns.Topic(stack, 'Soc');
    // WHEN
    new CentralEventForwarder(stack, 'Fwd', {
      central, purpose: 'test events', alarmActions: [new cwActions.SnsAction(topic)],
    }).forward('One', PATTERN);
    // THEN
    const alarms = Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm');
    expect(Object.keys(alarms)).toHaveLength(2);
    for (const alarm of Object.values(alarms)) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Soc/) }]);
    }
  });

  test('without alarm actions, every alarm notifies the stack\'s encrypted alarm topic, made once for the stack', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new CentralEventForwarder(stack, 'A', { central, purpose: 'a' }).forward('One', PATTERN);
    new CentralEventForwarder(stack, 'B', { central, purpose: 'b' }).forward('Two', PATTERN);
    // THEN
    const template = Template.fromStack(stack);
    const topicId = logicalId(stack, 'AWS::SNS::Topic');
    expect(topicId).toMatch(/^SecurityLogAlarmTopic/);
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^SecurityLogAlarmKey'), 'Arn'] } });
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
      })]) },
    });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(4);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    }
  });

  test('a shorter retry policy is rendered as given', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new CentralEventForwarder(stack, 'Fwd', {
      central, purpose: 'test events', retryAttempts: 10, maxEventAge: Duration.hours(2),
    }).forward('One', PATTERN);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 7200 } })],
    });
  });

  test.each([186, -1, 1.5])('retryAttempts of %p is refused', (retryAttempts) => {
    // GIVEN
    const stack = workloadStack();
    // WHEN / THEN
    expect(() => new CentralEventForwarder(stack, 'Fwd', { central, purpose: 'x', retryAttempts }))
      .toThrow(new RegExp(`retryAttempts of ${String(retryAttempts).replace('.', '\\.')} is not allowed; use a whole number from 0 to 185`));
  });

  test.each([
    [Duration.seconds(30), /maxEventAge of 30 seconds is not allowed; use from 60 to 86400 seconds/],
    [Duration.hours(25), /maxEventAge of 90000 seconds is not allowed/],
  ])('maxEventAge of %s is refused', (maxEventAge, message) => {
    // GIVEN
    const stack = workloadStack();
    // WHEN / THEN
    expect(() => new CentralEventForwarder(stack, 'Fwd', { central, purpose: 'x', maxEventAge })).toThrow(message);
  });

  test('forwarding IAM API calls outside us-east-1 warns that they arrive in us-east-1 only', () => {
    // GIVEN
    const stack = workloadStack('eu-west-2');
    // WHEN
    new CentralEventForwarder(stack, 'Fwd', { central, purpose: 'identity' })
      .forward('Iam', cloudTrailPattern({ eventSource: 'iam.amazonaws.com', eventNames: ['CreateUser'] }));
    // THEN
    Annotations.fromStack(stack).hasWarning('/Workloadeuwest2/Fwd/Iam', Match.stringLikeRegexp('iam.amazonaws.com events are global.*us-east-1'));
  });

  test('forwarding IAM API calls in us-east-1 does not warn', () => {
    // GIVEN
    const stack = workloadStack('us-east-1');
    // WHEN
    new CentralEventForwarder(stack, 'Fwd', { central, purpose: 'identity' })
      .forward('Iam', cloudTrailPattern({ eventSource: 'iam.amazonaws.com', eventNames: ['CreateUser'] }));
    // THEN
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('events are global'));
  });
});

describe('pattern helpers', () => {
  test('EventBridge sets are merged by source, each detail-type once, in first-seen order', () => {
    // WHEN
    const grouped = groupEventBridgeSets([
      { source: 'aws.a', detailTypes: ['One', 'Two'] },
      { source: 'aws.b', detailTypes: ['Three'] },
      { source: 'aws.a', detailTypes: ['Two', 'Four'] },
      { source: 'aws.c', detailTypes: [] },
    ]);
    // THEN
    expect(grouped).toEqual([
      { source: 'aws.a', detailTypes: ['One', 'Two', 'Four'] },
      { source: 'aws.b', detailTypes: ['Three'] },
    ]);
  });

  test('CloudTrail sets are merged by event source, each name once', () => {
    // WHEN
    const grouped = groupCloudTrailSets([
      { eventSource: 'ec2.amazonaws.com', eventNames: ['RunInstances'] },
      { eventSource: 'ec2.amazonaws.com', eventNames: ['RunInstances', 'StopInstances'] },
    ]);
    // THEN
    expect(grouped).toEqual([{ eventSource: 'ec2.amazonaws.com', eventNames: ['RunInstances', 'StopInstances'] }]);
  });

  test('a CloudTrail pattern matches the API-call detail-type, the event source and the names', () => {
    // WHEN
    const pattern = cloudTrailPattern({ eventSource: 'ec2.amazonaws.com', eventNames: ['RunInstances'] });
    // THEN
    expect(pattern).toEqual({
      detailType: [CLOUDTRAIL_API_CALL_DETAIL_TYPE],
      detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['RunInstances'] },
    });
    expect(eventBridgePattern({ source: 'aws.ec2', detailTypes: ['X'] })).toEqual({ source: ['aws.ec2'], detailType: ['X'] });
  });

  test('rule ids are derived from the source', () => {
    expect(ruleIdFor('aws.codepipeline', 'Events')).toBe('CodepipelineEvents');
    expect(ruleIdFor('codebuild.amazonaws.com', 'ApiCalls')).toBe('CodebuildApiCalls');
    expect(ruleIdFor('cognito-idp.amazonaws.com', 'ApiCalls')).toBe('CognitoIdpApiCalls');
  });

  test('the first of a kind in an account and region is found across stacks, among the tracked constructs', () => {
    // GIVEN an untracked dashboard first in tree order, then three tracked ones (registered in reverse tree order)
    const app = new App();
    const env = { account: '111111111111', region: 'eu-west-2' };
    const untracked = new cloudwatch.Dashboard(new Stack(app, 'Untracked', { env }), 'D');
    const first = new cloudwatch.Dashboard(new Stack(app, 'A', { env }), 'D');
    const second = new cloudwatch.Dashboard(new Stack(app, 'B', { env }), 'D');
    const elsewhere = new cloudwatch.Dashboard(new Stack(app, 'C', { env: { ...env, region: 'eu-west-1' } }), 'D');
    [elsewhere, second, first].forEach((d) => trackPerEnvironment(d));
    const isDashboard = (x: unknown) => x instanceof cloudwatch.Dashboard;
    // WHEN / THEN the first tracked one in tree order wins, whatever the registration order
    expect(firstInSameEnvironment(second, isDashboard)).toBe(first);
    expect(firstInSameEnvironment(first, isDashboard)).toBe(first);
    expect(firstInSameEnvironment(elsewhere, isDashboard)).toBe(elsewhere);
    // AND an untracked construct is never returned as another's peer
    expect(firstInSameEnvironment(untracked, isDashboard)).toBe(untracked);
  });
});
