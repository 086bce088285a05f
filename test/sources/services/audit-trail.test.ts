import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CentralLogTargets } from '../../../lib/central/targets';
import { ServiceExposure } from '../../../lib/requirements/types';
import { AuditTrail, DataEventResourceType, TrailInsightType } from '../../../lib/sources/services/audit-trail';

const KEY_ARN = 'arn:aws:kms:eu-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const central = CentralLogTargets.fromAttributes({
  accountId: '111111111111',
  region: 'eu-west-2',
  organizationId: 'o-a1b2c3d4e5',
  archiveKeyArn: KEY_ARN,
});
const CENTRAL_OBJECT_PREFIXES = [
  'arn:aws:s3:::seclog-cloudtrail-111111111111-eu-west-2/',
  'arn:aws:s3:::seclog-vpc-flow-111111111111-eu-west-2/',
  'arn:aws:s3:::seclog-dns-query-111111111111-eu-west-2/',
  'arn:aws:s3:::seclog-cloudwatch-111111111111-eu-west-2/',
  'arn:aws:s3:::seclog-events-111111111111-eu-west-2/',
  'arn:aws:s3:::seclog-exports-111111111111-eu-west-2/',
  'arn:aws:s3:::seclog-access-logs-111111111111-eu-west-2/',
];
const MANAGEMENT_SELECTOR = { Name: Match.anyValue(), FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };

function setup() {
  const app = new App();
  const stack = new Stack(app, 'Workload', { env: { account: '222222222222', region: 'eu-west-2' } });
  return { app, stack };
}

describe('AuditTrail', () => {
  test('is a multi-region, validated, KMS-encrypted trail to the central CLOUDTRAIL bucket recording all management events', () => {
    // GIVEN
    const { stack } = setup();

    // WHEN
    const trail = new AuditTrail(stack, 'Trail', { central });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
      TrailName: 'seclog-account-trail',
      IsLogging: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      IsOrganizationTrail: false,
      S3BucketName: 'seclog-cloudtrail-111111111111-eu-west-2',
      KMSKeyId: KEY_ARN,
      AdvancedEventSelectors: [MANAGEMENT_SELECTOR],
      EventSelectors: Match.absent(),
      InsightSelectors: Match.absent(),
      CloudWatchLogsLogGroupArn: Match.absent(),
    });
    expect(trail.organizationTrail).toBe(false);
    expect(trail.kmsKeyArn).toBe(KEY_ARN);
  });

  test('organisation trail mode for the management account', () => {
    // GIVEN
    const { stack } = setup();

    // WHEN
    new AuditTrail(stack, 'Trail', { central, organizationTrail: true });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
      IsOrganizationTrail: true,
      TrailName: 'seclog-organization-trail',
    });
  });

  test('encryptionKey replaces the central archive key', () => {
    // GIVEN
    const { stack } = setup();
    const key = kms.Key.fromKeyArn(stack, 'Key', 'arn:aws:kms:eu-west-2:222222222222:key/abcd1234-12ab-34cd-56ef-1234567890ab');

    // WHEN
    new AuditTrail(stack, 'Trail', { central, encryptionKey: key });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
      KMSKeyId: 'arn:aws:kms:eu-west-2:222222222222:key/abcd1234-12ab-34cd-56ef-1234567890ab',
    });
  });

  describe('data events', () => {
    test('an S3 selector over every bucket excludes every central bucket with NotStartsWith', () => {
      // GIVEN
      const { stack } = setup();
      const trail = new AuditTrail(stack, 'Trail', { central });

      // WHEN
      trail.addDataEvents({ resourceType: DataEventResourceType.S3_OBJECT });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
        AdvancedEventSelectors: [
          MANAGEMENT_SELECTOR,
          {
            Name: Match.anyValue(),
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
              { Field: 'resources.ARN', NotStartsWith: CENTRAL_OBJECT_PREFIXES },
            ],
          },
        ],
      });
    });

    test('named buckets (literal ARNs) are selected with StartsWith', () => {
      // GIVEN
      const { stack } = setup();
      const bucket = s3.Bucket.fromBucketName(stack, 'Data', 'workload-data');

      // WHEN
      new AuditTrail(stack, 'Trail', {
        central,
        dataEvents: [{ resourceType: DataEventResourceType.S3_OBJECT, buckets: [bucket], readWriteType: cloudtrail.ReadWriteType.WRITE_ONLY }],
      });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
        AdvancedEventSelectors: Match.arrayWith([{
          Name: Match.anyValue(),
          FieldSelectors: [
            { Field: 'eventCategory', Equals: ['Data'] },
            { Field: 'resources.type', Equals: ['AWS::S3::Object'] },
            { Field: 'readOnly', Equals: ['false'] },
            { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::workload-data/'] },
          ],
        }]),
      });
    });

    test('a bucket whose ARN is a token also gets the central exclusions', () => {
      // GIVEN
      const { stack } = setup();
      const bucket = new s3.Bucket(stack, 'Data');
      const trail = new AuditTrail(stack, 'Trail', { central });

      // WHEN
      trail.addDataEvents({ resourceType: DataEventResourceType.S3_OBJECT, buckets: [bucket] });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
        AdvancedEventSelectors: Match.arrayWith([Match.objectLike({
          FieldSelectors: Match.arrayWith([{
            Field: 'resources.ARN',
            StartsWith: [{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('^Data'), 'Arn'] }, '/']] }],
            NotStartsWith: CENTRAL_OBJECT_PREFIXES,
          }]),
        })]),
      });
    });

    test('DynamoDB read-only data events for every table', () => {
      // GIVEN
      const { stack } = setup();
      const trail = new AuditTrail(stack, 'Trail', { central });

      // WHEN
      trail.addDataEvents({ resourceType: DataEventResourceType.DYNAMODB_TABLE, readWriteType: cloudtrail.ReadWriteType.READ_ONLY });

      // THEN
      expect(trail.dataEventSelectors).toHaveLength(1);
      Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
        AdvancedEventSelectors: [
          MANAGEMENT_SELECTOR,
          {
            Name: Match.anyValue(),
            FieldSelectors: [
              { Field: 'eventCategory', Equals: ['Data'] },
              { Field: 'resources.type', Equals: ['AWS::DynamoDB::Table'] },
              { Field: 'readOnly', Equals: ['true'] },
            ],
          },
        ],
      });
    });

    test('selecting a central bucket is an error', () => {
      // GIVEN
      const { stack } = setup();
      const trail = new AuditTrail(stack, 'Trail', { central });

      // THEN
      expect(() => trail.addDataEvents({
        resourceType: DataEventResourceType.S3_OBJECT,
        resourceArnPrefixes: ['arn:aws:s3:::seclog-cloudtrail-111111111111-eu-west-2/AWSLogs/'],
      })).toThrow(/resourceArnPrefixes\[0\] 'arn:aws:s3:::seclog-cloudtrail-111111111111-eu-west-2\/AWSLogs\/' selects objects of the central log bucket 'seclog-cloudtrail-111111111111-eu-west-2'/);
    });

    test('a central bucket passed as an IBucket is an error', () => {
      // GIVEN
      const { stack } = setup();
      const bucket = s3.Bucket.fromBucketName(stack, 'Central', 'seclog-access-logs-111111111111-eu-west-2');

      // THEN
      expect(() => new AuditTrail(stack, 'Trail', {
        central,
        dataEvents: [{ resourceType: DataEventResourceType.S3_OBJECT, buckets: [bucket] }],
      })).toThrow(/dataEvents\[0\]\.resourceArnPrefixes\[0\] .* central log bucket 'seclog-access-logs-111111111111-eu-west-2'.*feedback loop/);
    });

    test('a prefix broad enough to cover a central bucket is an error', () => {
      // GIVEN
      const { stack } = setup();
      const trail = new AuditTrail(stack, 'Trail', { central });

      // THEN
      expect(() => trail.addDataEvents({ resourceType: DataEventResourceType.S3_OBJECT, resourceArnPrefixes: ['arn:aws:s3:::seclog-'] }))
        .toThrow(/'arn:aws:s3:::seclog-' selects objects of the central log bucket/);
    });

    test('a bucket whose name merely starts like a central bucket is allowed', () => {
      // GIVEN
      const { stack } = setup();
      const trail = new AuditTrail(stack, 'Trail', { central });

      // WHEN
      trail.addDataEvents({
        resourceType: DataEventResourceType.S3_OBJECT,
        resourceArnPrefixes: ['arn:aws:s3:::seclog-cloudtrail-111111111111-eu-west-2-copy/'],
      });

      // THEN
      expect(trail.dataEventSelectors).toHaveLength(1);
    });

    test('an S3 prefix that is not an S3 ARN is an error', () => {
      // GIVEN
      const { stack } = setup();
      const trail = new AuditTrail(stack, 'Trail', { central });

      // THEN
      expect(() => trail.addDataEvents({ resourceType: DataEventResourceType.S3_OBJECT, resourceArnPrefixes: ['workload-data'] }))
        .toThrow(/'workload-data' is not an S3 object ARN prefix/);
    });

    test('buckets with a non-S3 resource type is an error', () => {
      // GIVEN
      const { stack } = setup();
      const trail = new AuditTrail(stack, 'Trail', { central });
      const bucket = s3.Bucket.fromBucketName(stack, 'Data', 'workload-data');

      // THEN
      expect(() => trail.addDataEvents({ resourceType: DataEventResourceType.LAMBDA_FUNCTION, buckets: [bucket] }))
        .toThrow(/buckets only applies to DataEventResourceType.S3_OBJECT, not 'AWS::Lambda::Function'/);
    });

    test('ReadWriteType.NONE is an error', () => {
      // GIVEN
      const { stack } = setup();
      const trail = new AuditTrail(stack, 'Trail', { central });

      // THEN
      expect(() => trail.addDataEvents({ resourceType: DataEventResourceType.LAMBDA_FUNCTION, readWriteType: cloudtrail.ReadWriteType.NONE }))
        .toThrow(/readWriteType 'None' records no data events/);
    });

    test('an empty resourceArnPrefixes list is an error', () => {
      // GIVEN
      const { stack } = setup();
      const trail = new AuditTrail(stack, 'Trail', { central });

      // THEN
      expect(() => trail.addDataEvents({ resourceType: DataEventResourceType.SQS_QUEUE, resourceArnPrefixes: [] }))
        .toThrow(/resourceArnPrefixes is empty, which would select nothing/);
    });

    test('more than 500 selector values is an error at synth', () => {
      // GIVEN
      const { app, stack } = setup();
      const trail = new AuditTrail(stack, 'Trail', { central });

      // WHEN
      trail.addDataEvents({
        resourceType: DataEventResourceType.LAMBDA_FUNCTION,
        resourceArnPrefixes: Array.from({ length: 500 }, (_, i) => `arn:aws:lambda:eu-west-2:222222222222:function:f${i}`),
      });

      // THEN
      expect(() => app.synth()).toThrow(/advanced event selectors use 503 values; CloudTrail allows 500/);
    });
  });

  test('Insights selectors when asked for', () => {
    // GIVEN
    const { stack } = setup();

    // WHEN
    new AuditTrail(stack, 'Trail', { central, insightTypes: [TrailInsightType.API_CALL_RATE, TrailInsightType.API_ERROR_RATE] });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
      InsightSelectors: [{ InsightType: 'ApiCallRateInsight' }, { InsightType: 'ApiErrorRateInsight' }],
    });
  });

  describe('CloudWatch Logs copy', () => {
    test('is off by default', () => {
      // GIVEN
      const { stack } = setup();

      // WHEN
      const trail = new AuditTrail(stack, 'Trail', { central });

      // THEN
      expect(trail.logGroup).toBeUndefined();
      Template.fromStack(stack).resourceCountIs('AWS::Logs::LogGroup', 0);
    });

    test('when on, uses a retained, encrypted log group with the exposure minimum and a scoped role', () => {
      // GIVEN
      const { stack } = setup();

      // WHEN
      new AuditTrail(stack, 'Trail', { central, sendToCloudWatchLogs: true, exposure: ServiceExposure.EXTERNAL });

      // THEN
      const template = Template.fromStack(stack);
      template.hasResource('AWS::Logs::LogGroup', {
        Properties: { RetentionInDays: 90, KmsKeyId: Match.anyValue() },
        DeletionPolicy: 'Retain',
      });
      template.hasResourceProperties('AWS::CloudTrail::Trail', {
        CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TrailLogGroup'), 'Arn'] },
        CloudWatchLogsRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^TrailCloudWatchLogsRole'), 'Arn'] },
      });
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [Match.objectLike({
            Principal: { Service: 'cloudtrail.amazonaws.com' },
            Condition: { StringEquals: { 'aws:SourceAccount': '222222222222' } },
          })],
        },
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: [Match.objectLike({
            Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            Resource: Match.arrayWith([{ 'Fn::GetAtt': [Match.stringLikeRegexp('^TrailLogGroup'), 'Arn'] }]),
          })],
        },
      });
      template.hasResource('AWS::CloudTrail::Trail', {
        DependsOn: Match.arrayWith([Match.stringLikeRegexp('^TrailCloudWatchLogsRoleDefaultPolicy')]),
      });
    });

    test('defaults to the internal (longer) retention minimum', () => {
      // GIVEN
      const { stack } = setup();

      // WHEN
      const trail = new AuditTrail(stack, 'Trail', { central, sendToCloudWatchLogs: true });

      // THEN
      expect(trail.exposure).toBe(ServiceExposure.INTERNAL);
      Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 400 });
    });

    test('retention below the policy minimum is an error', () => {
      // GIVEN
      const { stack } = setup();

      // THEN
      expect(() => new AuditTrail(stack, 'Trail', {
        central, sendToCloudWatchLogs: true, exposure: ServiceExposure.EXTERNAL, cloudWatchLogsRetentionDays: 30,
      })).toThrow(/retentionDays of 30 days is below the 90-day minimum/);
    });

    test('CloudWatch-only props without sendToCloudWatchLogs are an error', () => {
      // GIVEN
      const { stack } = setup();

      // THEN
      expect(() => new AuditTrail(stack, 'Trail', { central, cloudWatchLogsRetentionDays: 400 }))
        .toThrow(/cloudWatchLogsRetentionDays only apply to the CloudWatch Logs copy, which is off/);
    });
  });

  describe('bad input', () => {
    test('missing archive key when the central key is the default', () => {
      // GIVEN
      const { stack } = setup();
      const noKey = CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2' });

      // THEN
      expect(() => new AuditTrail(stack, 'Trail', { central: noKey }))
        .toThrow(/CentralLogTargets has no archiveKeyArn; pass archiveKeyArn .* or pass encryptionKey/);
    });

    test('organisation trail without an organisation id', () => {
      // GIVEN
      const { stack } = setup();
      const noOrg = CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2', archiveKeyArn: KEY_ARN });

      // THEN
      expect(() => new AuditTrail(stack, 'Trail', { central: noOrg, organizationTrail: true }))
        .toThrow(/organizationTrail is true but CentralLogTargets has no organizationId/);
    });

    test('an invalid trail name', () => {
      // GIVEN
      const { stack } = setup();

      // THEN
      expect(() => new AuditTrail(stack, 'Trail', { central, trailName: 'my--trail' })).toThrow(/trailName 'my--trail' is not a valid trail name/);
      expect(() => new AuditTrail(stack, 'Trail2', { central, trailName: 'ab' })).toThrow(/trailName 'ab' is not a valid/);
    });

    test('the same Insights type twice', () => {
      // GIVEN
      const { stack } = setup();

      // THEN
      expect(() => new AuditTrail(stack, 'Trail', { central, insightTypes: [TrailInsightType.API_CALL_RATE, TrailInsightType.API_CALL_RATE] }))
        .toThrow(/insightTypes lists 'ApiCallRateInsight' twice/);
    });
  });
});
