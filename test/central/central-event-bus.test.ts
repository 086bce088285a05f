import { Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CentralEventBus, CentralEventBusProps, CentralLogTargets, LogArchive, LogFamily } from '../../lib/central';
import { CENTRAL_ACCOUNT, CENTRAL_REGION, ORG_ID, centralStack, resourcesOfType, statementsOf } from './helpers';

const KEY_ARN = `arn:aws:kms:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const targets = CentralLogTargets.fromAttributes({
  accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, organizationId: ORG_ID, archiveKeyArn: KEY_ARN,
});
const RULE_NAME = 'seclog-archive-all-events';
const RULE_ARN = {
  'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:events:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:rule/${targets.eventBusName}/${RULE_NAME}`]],
};

function bus(props: Partial<CentralEventBusProps> = {}, stack: Stack = centralStack()): { bus: CentralEventBus; template: Template } {
  const archive = props.archive ?? LogArchive.fromLogArchiveAttributes(stack, 'Archive', targets);
  const made = new CentralEventBus(stack, 'Bus', { ...props, archive });
  return { bus: made, template: Template.fromStack(stack) };
}

describe('CentralEventBus', () => {
  test('creates the bus under the deterministic name', () => {
    // GIVEN / WHEN
    const { template } = bus();

    // THEN
    template.hasResourceProperties('AWS::Events::EventBus', { Name: targets.eventBusName });
  });

  test('the bus policy lets the organisation put events', () => {
    // GIVEN / WHEN
    const { template } = bus();

    // THEN
    template.hasResourceProperties('AWS::Events::EventBusPolicy', {
      StatementId: 'cdk-AllowOrganizationPutEvents',
      Statement: {
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'events:PutEvents',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
      },
    });
  });

  test('with named accounts only, there is no organisation statement', () => {
    // GIVEN
    const stack = centralStack();
    const noOrg = CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, archiveKeyArn: KEY_ARN });

    // WHEN
    const { template } = bus({ archive: LogArchive.fromLogArchiveAttributes(stack, 'Archive', noOrg), sourceAccounts: ['222222222222'] }, stack);

    // THEN
    template.resourceCountIs('AWS::Events::EventBusPolicy', 1);
    const [[, policy]] = resourcesOfType(template, 'AWS::Events::EventBusPolicy');
    expect(JSON.stringify(policy.Properties.Statement.Principal)).toContain(':iam::222222222222:root');
    expect(policy.Properties.Statement.Condition).toBeUndefined();
  });

  test('one rule matches every event on the bus and targets Firehose with a retry policy and a dead-letter queue', () => {
    // GIVEN / WHEN
    const { template } = bus();

    // THEN
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: RULE_NAME,
      EventBusName: { Ref: Match.stringLikeRegexp('Bus') },
      EventPattern: { source: [{ prefix: '' }] },
      State: 'ENABLED',
      Targets: [{
        Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeliveryStream'), 'Arn'] },
        RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('TargetRole'), 'Arn'] },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeadLetterQueue'), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
        Id: Match.anyValue(),
      }],
    });
  });

  test('the dead-letter queue is KMS-encrypted, TLS-only, takes messages only from the rule, and its key lets EventBridge use it', () => {
    // GIVEN / WHEN
    const { template } = bus();

    // THEN
    template.hasResourceProperties('AWS::SQS::Queue', {
      QueueName: 'seclog-events-archive-dlq',
      KmsMasterKeyId: Match.anyValue(),
      MessageRetentionPeriod: 1209600,
    });
    const [[, queuePolicy]] = resourcesOfType(template, 'AWS::SQS::QueuePolicy');
    const statements = statementsOf(queuePolicy);
    expect(statements).toContainEqual(expect.objectContaining({
      Sid: 'AllowArchiveRuleDeadLetters',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Condition: { ArnEquals: { 'aws:SourceArn': RULE_ARN } },
    }));
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({
        Sid: 'AllowEventBridgeToDeadLetterArchiveEvents',
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': RULE_ARN } },
      })]) },
    });
  });

  test('alarms fire on dead-lettered events, on events that could not even be dead-lettered, and on Firehose delivery', () => {
    // GIVEN / WHEN
    const { template, bus: made } = bus();

    // THEN
    expect(made.alarms).toHaveLength(6);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Events',
      MetricName: 'InvocationsFailedToBeSentToDlq',
      Dimensions: Match.arrayWith([{ Name: 'RuleName', Value: RULE_NAME }]),
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'DeliveryToS3.DataFreshness' });
  });

  test('Firehose partitions events by sender account into the EVENTS bucket with an error prefix and no decompression', () => {
    // GIVEN / WHEN
    const { template, bus: made } = bus();

    // THEN
    const [[, stream]] = resourcesOfType(template, 'AWS::KinesisFirehose::DeliveryStream');
    const s3 = stream.Properties.ExtendedS3DestinationConfiguration;
    expect(stream.Properties.DeliveryStreamName).toBe('seclog-events-to-archive');
    expect(s3.BucketARN).toBe(targets.bucketArn(LogFamily.EVENTS));
    expect(s3.Prefix).toBe('events/!{partitionKeyFromQuery:account}/!{timestamp:yyyy/MM/dd}/');
    expect(s3.ErrorOutputPrefix).toBe('errors/events/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/');
    expect(made.errorOutputPrefix).toBe(s3.ErrorOutputPrefix);
    expect(s3.ProcessingConfiguration.Processors.map((p: any) => p.Type)).toEqual(['MetadataExtraction', 'AppendDelimiterToRecord']);
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  test('the target role trusts EventBridge of this account and may only put records into the stream', () => {
    // GIVEN / WHEN
    const { template } = bus();

    // THEN
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': CENTRAL_ACCOUNT } },
      })] },
    });
    const [[, policy]] = resourcesOfType(template, 'AWS::IAM::Policy').filter(([id]) => id.includes('TargetRole'));
    expect(statementsOf(policy)).toEqual([expect.objectContaining({ Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'] })]);
  });

  test('the retry policy can be shortened', () => {
    // GIVEN / WHEN
    const { template } = bus({ retryAttempts: 10, maxEventAge: Duration.hours(2) });

    // THEN
    template.hasResourceProperties('AWS::Events::Rule', {
      Targets: [Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 7200 } })],
    });
  });
});

describe('CentralEventBus input checks', () => {
  test('a region other than the archive region is rejected: workloads address the bus in the archive region', () => {
    expect(() => bus({}, centralStack('us-east-1'))).toThrow(/CentralEventBus is in region us-east-1 but the archive is in eu-west-2/);
  });

  test('more retries than EventBridge allows are rejected', () => {
    expect(() => bus({ retryAttempts: 200 })).toThrow(/retryAttempts of 200 is outside what EventBridge accepts; use a whole number from 0 to 185/);
  });

  test('an event age over 24 hours is rejected', () => {
    expect(() => bus({ maxEventAge: Duration.hours(48) })).toThrow(/maxEventAge of 172800 seconds is outside what EventBridge accepts/);
  });

  test('a bad organisation id is rejected, naming it', () => {
    expect(() => bus({ organizationId: 'o-bad' })).toThrow(/organizationId 'o-bad' is not an AWS Organizations id/);
  });
});
