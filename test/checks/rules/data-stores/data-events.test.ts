import { App } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { PipelineEventForwarding } from '../../../../lib/sources/events/pipeline-event-forwarding';
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

describe(`${DATA_EVENTS}: SQS queues`, () => {
  test('a queue named to DataStoreAuditLogging is compliant; another application queue is an error naming it and the fix', () => {
    const app = new App();
    const stack = workloadStack(app);
    const trail = new AuditTrail(stack, 'Trail', { central });
    const orders = new sqs.Queue(stack, 'OrderQueue');
    new sqs.Queue(stack, 'Invoices');
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: ServiceExposure.EXTERNAL, trail, queues: [orders] });
    const results = evaluate(app, CA_ENHANCED);
    const compliant = resultOf(results, DATA_EVENTS, 'Workload/OrderQueue/Resource');
    expect(compliant.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(compliant.message).toBe('SQS queue Workload/OrderQueue/Resource: trail Workload/Trail/Resource records its AWS::SQS::Queue data events.');
    const forgotten = resultOf(results, DATA_EVENTS, 'Workload/Invoices/Resource');
    expect(forgotten.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(forgotten.message).toMatch(
      /^SQS queue Workload\/Invoices\/Resource has no data events: no trail of the app selects AWS::SQS::Queue data events for it, .*add it to the queues of DataStoreAuditLogging with an AuditTrail\./);
  });

  test('an advanced selector on AWS::SQS::Queue with the literal ARN of a named queue counts', () => {
    const app = new App();
    const stack = workloadStack(app);
    new sqs.CfnQueue(stack, 'Payments', { queueName: 'payments' });
    new cloudtrail.CfnTrail(stack, 'Trail', {
      isLogging: true, s3BucketName: 'trail-bucket',
      advancedEventSelectors: [{ fieldSelectors: [
        { field: 'eventCategory', equalTo: ['Data'] },
        { field: 'resources.type', equalTo: ['AWS::SQS::Queue'] },
        { field: 'resources.ARN', equalTo: ['arn:aws:sqs:eu-west-1:111111111111:payments'] },
      ] }],
    });
    expect(resultOf(evaluate(app, CA_ENHANCED), DATA_EVENTS, 'Workload/Payments').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a selector for another type does not count for a queue', () => {
    const app = new App();
    const stack = workloadStack(app);
    const trail = new AuditTrail(stack, 'Trail', { central });
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: ServiceExposure.EXTERNAL, trail, tables: [table(stack)] });
    new sqs.Queue(stack, 'Work');
    expect(resultOf(evaluate(app, CA_ENHANCED), DATA_EVENTS, 'Workload/Work/Resource').compliance).toBe(CheckCompliance.NON_COMPLIANT);
  });

  test('queues that carry no application messages are not judged: dead-letter queues, the library\'s own, log-store-tagged', () => {
    const app = new App();
    const stack = workloadStack(app);
    const dlq = new sqs.Queue(stack, 'WorkDlq');
    new sqs.Queue(stack, 'Work', { deadLetterQueue: { queue: dlq, maxReceiveCount: 3 } });
    new sqs.CfnQueue(stack, 'Tagged', { tags: [{ key: 'security-log-store', value: 'true' }] });
    const forwarding = new PipelineEventForwarding(stack, 'Pipelines', { central });
    const results = evaluate(app, CA_ENHANCED);
    const dead = resultOf(results, DATA_EVENTS, 'Workload/WorkDlq/Resource');
    expect(dead.compliance).toBe(CheckCompliance.NOT_APPLICABLE);
    expect(dead.message).toBe('SQS queue Workload/WorkDlq/Resource carries no application messages: the dead-letter queue of a queue (Workload/Work/Resource).');
    expect(resultOf(results, DATA_EVENTS, 'Workload/Tagged').message).toMatch(/tagged security-log-store=true\.$/);
    const own = forwarding.node.findAll().find((c) => c instanceof sqs.CfnQueue)!;
    const ownResult = resultOf(results, DATA_EVENTS, own.node.path);
    expect(ownResult.compliance).toBe(CheckCompliance.NOT_APPLICABLE);
    expect(ownResult.message).toMatch(/a queue of PipelineEventForwarding \(this library\)\.$/);
    // The queue that feeds the dead-letter queue is an application queue.
    expect(resultOf(results, DATA_EVENTS, 'Workload/Work/Resource').compliance).toBe(CheckCompliance.NON_COMPLIANT);
  });
});

describe(`${DATA_EVENTS}: SIEM notification queues`, () => {
  test('a queue a log bucket notifies (a SIEM feed) is not judged; a queue a data bucket notifies is', () => {
    const app = new App();
    const stack = workloadStack(app);
    const logs = new s3.Bucket(stack, 'AccessLogs');
    new s3.Bucket(stack, 'Data', { serverAccessLogsBucket: logs });
    const siemFeed = new sqs.Queue(stack, 'SiemFeed');
    logs.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(siemFeed));
    const uploads = new s3.Bucket(stack, 'Uploads');
    const work = new sqs.Queue(stack, 'UploadWork');
    uploads.addEventNotification(s3.EventType.OBJECT_CREATED, new s3n.SqsDestination(work));
    const results = evaluate(app, CA_ENHANCED);
    const feed = resultOf(results, DATA_EVENTS, 'Workload/SiemFeed/Resource');
    expect(feed.compliance).toBe(CheckCompliance.NOT_APPLICABLE);
    expect(feed.message).toMatch(/carries no application messages: notified by a log bucket/);
    expect(resultOf(results, DATA_EVENTS, 'Workload/UploadWork/Resource').compliance).toBe(CheckCompliance.NON_COMPLIANT);
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
