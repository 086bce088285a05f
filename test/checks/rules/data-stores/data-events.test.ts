import { App } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CheckCompliance } from '../../../../lib/checks';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../../../../lib/requirements/types';
import { DataStoreAuditLogging } from '../../../../lib/sources/data-stores/data-store-audit-logging';
import { AuditTrail, DataEventResourceType } from '../../../../lib/sources/services/audit-trail';
import { evaluate, resultOf } from '../../helpers';
import { central, workloadStack } from '../../../sources/data-stores/helpers';

const CA_ENHANCED = { tier: MaturityTier.ENHANCED, profile: LoggingProfile.CUSTOM_APPLICATION };
const DATA_EVENTS = 'LogCollection-CA-E2-DataEvents';
const ALL_BUCKETS = 'LogCollection-CA-E2-AllBuckets';

function table(stack: any, id = 'Orders'): dynamodb.Table {
  return new dynamodb.Table(stack, id, { partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING } });
}

describe(DATA_EVENTS, () => {
  test('a table and a bucket named to DataStoreAuditLogging are compliant; another table is an error naming it', () => {
    const app = new App();
    const stack = workloadStack(app);
    const trail = new AuditTrail(stack, 'Trail', { central });
    const bucket = new s3.Bucket(stack, 'Uploads');
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: ServiceExposure.EXTERNAL, trail, tables: [table(stack)], buckets: [bucket] });
    table(stack, 'Forgotten');
    const results = evaluate(app, CA_ENHANCED);
    expect(resultOf(results, DATA_EVENTS, 'Workload/Orders/Resource').compliance).toBe(CheckCompliance.COMPLIANT);
    expect(resultOf(results, DATA_EVENTS, 'Workload/Uploads/Resource').compliance).toBe(CheckCompliance.COMPLIANT);
    const forgotten = resultOf(results, DATA_EVENTS, 'Workload/Forgotten/Resource');
    expect(forgotten.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(forgotten.message).toMatch(/^DynamoDB table Workload\/Forgotten\/Resource has no data events: no trail of the app selects AWS::DynamoDB::Table data events for it/);
  });

  test('a literal ARN prefix on a basic event selector counts for a bucket with a literal name', () => {
    const app = new App();
    const stack = workloadStack(app);
    new s3.CfnBucket(stack, 'Reports', { bucketName: 'app-reports' });
    new cloudtrail.CfnTrail(stack, 'Trail', {
      isLogging: true, s3BucketName: 'trail-bucket',
      eventSelectors: [{ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::app-reports/'] }] }],
    });
    expect(resultOf(evaluate(app, CA_ENHANCED), DATA_EVENTS, 'Workload/Reports').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a log bucket is not judged', () => {
    const app = new App();
    const stack = workloadStack(app);
    const logs = new s3.Bucket(stack, 'AccessLogs');
    new s3.Bucket(stack, 'Data', { serverAccessLogsBucket: logs });
    const results = evaluate(app, CA_ENHANCED);
    expect(resultOf(results, DATA_EVENTS, 'Workload/AccessLogs/Resource').compliance).toBe(CheckCompliance.NOT_APPLICABLE);
    expect(resultOf(results, DATA_EVENTS, 'Workload/Data/Resource').compliance).toBe(CheckCompliance.NON_COMPLIANT);
  });
});

describe(ALL_BUCKETS, () => {
  test('S3 data events of named buckets are compliant; a trail without S3 data events is not judged', () => {
    const app = new App();
    const stack = workloadStack(app);
    const trail = new AuditTrail(stack, 'Trail', { central });
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: ServiceExposure.EXTERNAL, trail, buckets: [new s3.Bucket(stack, 'Uploads')] });
    new AuditTrail(workloadStack(app, 'Other'), 'Trail', { central });
    const results = evaluate(app, CA_ENHANCED);
    expect(resultOf(results, ALL_BUCKETS, 'Workload/Trail/Resource').compliance).toBe(CheckCompliance.COMPLIANT);
    expect(resultOf(results, ALL_BUCKETS, 'Other/Trail/Resource').compliance).toBe(CheckCompliance.NOT_APPLICABLE);
  });

  test('a selector over every bucket (even with the central buckets excluded) is an error', () => {
    const app = new App();
    const stack = workloadStack(app);
    new AuditTrail(stack, 'Trail', { central, dataEvents: [{ resourceType: DataEventResourceType.S3_OBJECT }] });
    const result = resultOf(evaluate(app, CA_ENHANCED), ALL_BUCKETS, 'Workload/Trail/Resource');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/^Trail Workload\/Trail\/Resource selects the S3 object events of every bucket \(but some excluded\), log buckets included/);
  });

  test('a basic selector with arn:aws:s3 is every bucket; a selector naming a log bucket is an error naming it', () => {
    const app = new App();
    const stack = workloadStack(app);
    new cloudtrail.CfnTrail(stack, 'Legacy', {
      isLogging: true, s3BucketName: 'trail-bucket',
      eventSelectors: [{ dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3'] }] }],
    });
    const logs = new s3.Bucket(stack, 'AccessLogs');
    new s3.Bucket(stack, 'Data', { serverAccessLogsBucket: logs });
    const trail = new AuditTrail(stack, 'Trail', { central });
    trail.addDataEvents({ resourceType: DataEventResourceType.S3_OBJECT, buckets: [logs] });
    const results = evaluate(app, CA_ENHANCED);
    expect(resultOf(results, ALL_BUCKETS, 'Workload/Legacy').compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(resultOf(results, ALL_BUCKETS, 'Workload/Trail/Resource').message)
      .toMatch(/^Trail Workload\/Trail\/Resource selects the S3 object events of log bucket Workload\/AccessLogs\/Resource/);
  });
});
