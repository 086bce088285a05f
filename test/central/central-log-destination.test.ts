import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CentralLogDestination, CentralLogDestinationProps, CentralLogTargets, ILogArchive, LogArchive, LogFamily } from '../../lib/central';
import { ServiceExposure } from '../../lib/requirements/types';
import { CENTRAL_ACCOUNT, CENTRAL_REGION, ORG_ID, centralStack, resourcesOfType, statementsOf } from './helpers';

const KEY_ARN = `arn:aws:kms:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
const targets = CentralLogTargets.fromAttributes({
  accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, organizationId: ORG_ID, archiveKeyArn: KEY_ARN,
});

function destination(props: Partial<CentralLogDestinationProps> = {}, stack: Stack = centralStack()):
{ stack: Stack; destination: CentralLogDestination; template: Template; archive: ILogArchive } {
  const archive = props.archive ?? LogArchive.fromLogArchiveAttributes(stack, 'Archive', targets);
  const made = new CentralLogDestination(stack, 'Destination', { ...props, archive });
  return { stack, destination: made, template: Template.fromStack(stack), archive };
}

function firehoseDestination(template: Template): any {
  const [[, stream]] = resourcesOfType(template, 'AWS::KinesisFirehose::DeliveryStream');
  return stream.Properties.ExtendedS3DestinationConfiguration;
}

describe('CentralLogDestination', () => {
  test('creates the destination under the deterministic name, pointing at a Firehose stream through a role', () => {
    // GIVEN / WHEN
    const { template, destination: made } = destination();

    // THEN
    template.hasResourceProperties('AWS::Logs::Destination', {
      DestinationName: targets.logDestinationName,
      TargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeliveryStream'), 'Arn'] },
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DestinationRole'), 'Arn'] },
    });
    expect(made.destinationArn).toBe(targets.logDestinationArn(CENTRAL_REGION));
  });

  test('the destination policy lets only the organisation put subscription filters and account policies', () => {
    // GIVEN / WHEN
    const { template } = destination();

    // THEN
    const [[, dest]] = resourcesOfType(template, 'AWS::Logs::Destination');
    const policy = JSON.parse(dest.Properties.DestinationPolicy);
    const org = policy.Statement.find((s: any) => s.Sid === 'AllowOrganizationSubscriptions');
    expect(org).toEqual({
      Sid: 'AllowOrganizationSubscriptions',
      Effect: 'Allow',
      Principal: '*',
      Action: ['logs:PutSubscriptionFilter', 'logs:PutAccountPolicy'],
      Resource: targets.logDestinationArn(CENTRAL_REGION),
      Condition: { StringEquals: { 'aws:PrincipalOrgID': [ORG_ID] } },
    });
    const named = policy.Statement.find((s: any) => s.Sid === 'AllowNamedAccountSubscriptions');
    expect(named.Principal).toEqual({ AWS: [CENTRAL_ACCOUNT] });
  });

  test('with named accounts only, the policy names them and nobody else', () => {
    // GIVEN
    const stack = centralStack();
    const noOrg = CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, archiveKeyArn: KEY_ARN });

    // WHEN
    const { template } = destination({
      archive: LogArchive.fromLogArchiveAttributes(stack, 'Archive', noOrg),
      sourceAccounts: ['222222222222'],
    }, stack);

    // THEN
    const [[, dest]] = resourcesOfType(template, 'AWS::Logs::Destination');
    const policy = JSON.parse(dest.Properties.DestinationPolicy);
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Principal).toEqual({ AWS: ['222222222222', CENTRAL_ACCOUNT] });
  });

  test('CloudWatch Logs may assume the destination role only for the organisation or the named accounts, to put records into this stream', () => {
    // GIVEN / WHEN
    const { template } = destination();

    // THEN
    const [[, role]] = resourcesOfType(template, 'AWS::IAM::Role').filter(([id]) => id.includes('DestinationRole'));
    const trust = statementsOf(role, ['Properties', 'AssumeRolePolicyDocument']);
    expect(trust).toContainEqual(expect.objectContaining({
      Principal: { Service: 'logs.amazonaws.com' },
      Condition: {
        StringEquals: { 'aws:SourceOrgID': ORG_ID },
        StringLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:${CENTRAL_REGION}:*:*`]] } },
      },
    }));
    expect(JSON.stringify(trust)).not.toContain('PrincipalOrgID');
    expect(trust).toContainEqual(expect.objectContaining({
      Condition: { StringLike: { 'aws:SourceArn': [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:logs:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:*`]] }] } },
    }));
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [{
        Sid: 'PutIntoArchiveStream',
        Action: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeliveryStream'), 'Arn'] },
      }] },
    });
  });

  test('Firehose decompresses, partitions by sender account, region and log group, and keeps an error prefix', () => {
    // GIVEN / WHEN
    const { template, destination: made } = destination();

    // THEN
    template.hasResourceProperties('AWS::KinesisFirehose::DeliveryStream', {
      DeliveryStreamName: 'seclog-cloudwatch-to-archive',
      DeliveryStreamType: 'DirectPut',
      DeliveryStreamEncryptionConfigurationInput: { KeyType: 'CUSTOMER_MANAGED_CMK', KeyARN: KEY_ARN },
    });
    const s3 = firehoseDestination(template);
    expect(s3.BucketARN).toBe(targets.bucketArn(LogFamily.CLOUDWATCH));
    expect(s3.Prefix).toBe(`cloudwatch/!{partitionKeyFromQuery:owner}/${CENTRAL_REGION}/!{partitionKeyFromQuery:logGroup}/!{timestamp:yyyy/MM/dd}/`);
    expect(s3.ErrorOutputPrefix).toBe('errors/cloudwatch/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/');
    expect(made.errorOutputPrefix).toBe(s3.ErrorOutputPrefix);
    expect(s3.DynamicPartitioningConfiguration).toEqual({ Enabled: true, RetryOptions: { DurationInSeconds: 300 } });
    expect(s3.EncryptionConfiguration).toEqual({ KMSEncryptionConfig: { AWSKMSKeyARN: KEY_ARN } });
    expect(s3.CompressionFormat).toBe('GZIP');
    const processors = s3.ProcessingConfiguration.Processors;
    expect(processors.map((p: any) => p.Type)).toEqual(['Decompression', 'MetadataExtraction', 'AppendDelimiterToRecord']);
    expect(processors[0].Parameters).toEqual([{ ParameterName: 'CompressionFormat', ParameterValue: 'GZIP' }]);
    expect(processors[1].Parameters).toEqual([
      { ParameterName: 'MetadataExtractionQuery', ParameterValue: expect.stringMatching(/^\{owner: \.owner, logGroup: .*ltrimstr\("\/"\)/) },
      { ParameterName: 'JsonParsingEngine', ParameterValue: 'JQ-1.6' },
    ]);
  });

  test('buffers 300 seconds and 64 MiB by default (the dynamic-partitioning minimum size)', () => {
    // GIVEN / WHEN
    const { template } = destination();

    // THEN
    expect(firehoseDestination(template).BufferingHints).toEqual({ IntervalInSeconds: 300, SizeInMBs: 64 });
  });

  test('buffering can be changed within the Firehose limits', () => {
    // GIVEN / WHEN
    const { template } = destination({ bufferingInterval: Duration.seconds(60), bufferingSize: Size.mebibytes(128) });

    // THEN
    expect(firehoseDestination(template).BufferingHints).toEqual({ IntervalInSeconds: 60, SizeInMBs: 128 });
  });

  test('the Firehose role may write only under cloudwatch/ and errors/cloudwatch/ and cannot delete', () => {
    // GIVEN / WHEN
    const { template } = destination();

    // THEN
    const [[, policy]] = resourcesOfType(template, 'AWS::IAM::Policy').filter(([id]) => id.includes('DeliveryStreamRole'));
    const statements = statementsOf(policy);
    const write = statements.find((s: any) => s.Sid === 'WriteArchiveObjects');
    expect(write.Action).toEqual(['s3:PutObject', 's3:AbortMultipartUpload']);
    expect(write.Resource).toEqual([
      `${targets.bucketArn(LogFamily.CLOUDWATCH)}/cloudwatch/*`,
      `${targets.bucketArn(LogFamily.CLOUDWATCH)}/errors/cloudwatch/*`,
    ]);
    expect(statements.flatMap((s: any) => [s.Action].flat()).filter((a: string) => /Delete/.test(a))).toEqual([]);
  });

  test('Firehose errors go to a retained, KMS-encrypted log group', () => {
    // GIVEN / WHEN
    const { template } = destination();

    // THEN
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: {
        LogGroupName: '/aws/kinesisfirehose/seclog-cloudwatch-to-archive',
        KmsKeyId: Match.anyValue(),
        RetentionInDays: 400,
      },
    });
    template.hasResource('AWS::Logs::LogStream', { DeletionPolicy: 'Retain' });
    expect(firehoseDestination(template).CloudWatchLoggingOptions).toEqual(expect.objectContaining({ Enabled: true }));
  });

  test('alarms watch delivery failures, freshness, throttling and the partition limit', () => {
    // GIVEN / WHEN
    const { template, destination: made } = destination();

    // THEN
    expect(made.alarms).toHaveLength(4);
    for (const [metricName, threshold] of [
      ['DeliveryToS3.DataFreshness', 900], ['DeliveryToS3.Success', 1], ['ThrottledRecords', 0], ['PartitionCountExceeded', 1],
    ] as const) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Firehose',
        MetricName: metricName,
        Threshold: threshold,
        Dimensions: [{ Name: 'DeliveryStreamName', Value: 'seclog-cloudwatch-to-archive' }],
      });
    }
  });

  test('in another region it encrypts the stream with a new retained key and still writes to the archive region bucket', () => {
    // GIVEN
    const stack = centralStack('us-east-1');

    // WHEN
    const { template } = destination({}, stack);

    // THEN
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true } });
    const [[, stream]] = resourcesOfType(template, 'AWS::KinesisFirehose::DeliveryStream');
    expect(stream.Properties.DeliveryStreamEncryptionConfigurationInput.KeyARN).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/StreamKey/), 'Arn'] });
    expect(firehoseDestination(template).Prefix).toContain('/us-east-1/');
    expect(firehoseDestination(template).BucketARN).toBe(targets.bucketArn(LogFamily.CLOUDWATCH));
  });

  test('works with a LogArchive made in the same stack', () => {
    // GIVEN
    const stack = centralStack();
    const archive = new LogArchive(stack, 'Archive', { exposure: ServiceExposure.INTERNAL, organizationId: ORG_ID });

    // WHEN
    const { template } = destination({ archive }, stack);

    // THEN
    template.resourceCountIs('AWS::Logs::Destination', 1);
    const [[, stream]] = resourcesOfType(template, 'AWS::KinesisFirehose::DeliveryStream');
    expect(stream.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^ArchiveCloudwatchBucket/)]));
  });
});

describe('CentralLogDestination input checks', () => {
  test('a buffer below 64 MiB is rejected: dynamic partitioning needs at least 64 MiB', () => {
    expect(() => destination({ bufferingSize: Size.mebibytes(5) })).toThrow(/bufferingSize of 5 MiB .* use 64 to 128 MiB/);
  });

  test('a buffering interval over 900 seconds is rejected', () => {
    expect(() => destination({ bufferingInterval: Duration.minutes(20) })).toThrow(/bufferingInterval of 1200 seconds .* use 60 to 900 seconds/);
  });

  test('a stack in another account than the archive is rejected', () => {
    expect(() => destination({}, centralStack(CENTRAL_REGION, '999999999999')))
      .toThrow(/CentralLogDestination is in account 999999999999 but the archive is in 111111111111/);
  });

  test('a stack without a concrete account and region is rejected', () => {
    expect(() => destination({}, new Stack(new App(), 'Agnostic'))).toThrow(/has no concrete account and region.*set env/);
  });

  test('no organisation and no accounts is rejected', () => {
    // GIVEN
    const stack = centralStack();
    const noOrg = CentralLogTargets.fromAttributes({ accountId: CENTRAL_ACCOUNT, region: CENTRAL_REGION, archiveKeyArn: KEY_ARN });

    // THEN
    expect(() => destination({ archive: LogArchive.fromLogArchiveAttributes(stack, 'Archive', noOrg) }, stack))
      .toThrow(/CentralLogDestination needs organizationId or sourceAccounts/);
  });

  test('a bad source account is rejected, naming it', () => {
    expect(() => destination({ sourceAccounts: ['12345678901'] })).toThrow(/sourceAccounts\[0\] '12345678901' is not an AWS account id/);
  });
});
