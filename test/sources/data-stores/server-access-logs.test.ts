import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Tags, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { evidenceOf } from '../../../lib/core/evidence';
import { ServiceExposure } from '../../../lib/requirements/types';
import { DataStoreAuditItem } from '../../../lib/sources/data-stores/audit-items';
import { DataStoreAuditLogging } from '../../../lib/sources/data-stores/data-store-audit-logging';
import { AuditTrail } from '../../../lib/sources/services/audit-trail';
import { central, workloadStack } from './helpers';

const EXTERNAL = ServiceExposure.EXTERNAL;
const VAULT = 'arn:aws:s3:::seclog-vault-999999999999-eu-west-2';

function accessLogBucketOf(t: Template): [string, any] {
  const found = Object.entries(t.findResources('AWS::S3::Bucket', { Properties: { ReplicationConfiguration: Match.anyValue() } }));
  expect(found).toHaveLength(1);
  return found[0];
}

describe('DataStoreAuditLogging: S3 server access logs of named data buckets', () => {
  test('an SSE-S3, versioned, private, retained access-log bucket receives the data bucket\'s logs under a partitioned prefix', () => {
    // GIVEN
    const stack = workloadStack();
    const uploads = new s3.Bucket(stack, 'Uploads');
    // WHEN
    const audit = new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, serverAccessLogBuckets: [uploads] });
    // THEN
    const t = Template.fromStack(stack);
    const [logId, logBucket] = accessLogBucketOf(t);
    expect(logBucket.DeletionPolicy).toBe('Retain');
    expect(logBucket.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: { Rules: [expect.objectContaining({ ExpirationInDays: 90, NoncurrentVersionExpiration: { NoncurrentDays: 1 } })] },
      Tags: [{ Key: 'security-log-store', Value: 'true' }],
    });
    // The access-log bucket does not log itself (no loop).
    expect(logBucket.Properties.LoggingConfiguration).toBeUndefined();
    t.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: {
        DestinationBucketName: { Ref: logId },
        LogFilePrefix: 'server-access-logs/',
        TargetObjectKeyFormat: { PartitionedPrefix: { PartitionDateSource: 'EventTime' } },
      },
    });
    expect(audit.accessLogBucket).toBeDefined();
    expect(audit.alarms).toHaveLength(1);
  });

  test('the access-log bucket policy lets S3 logging write for the named buckets of this account only, TLS only', () => {
    const stack = workloadStack();
    const uploads = new s3.Bucket(stack, 'Uploads');
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, serverAccessLogBuckets: [uploads] });
    const t = Template.fromStack(stack);
    const [logId] = accessLogBucketOf(t);
    const policy = Object.values(t.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: logId } } }))[0] as any;
    const statements = policy.Properties.PolicyDocument.Statement;
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({
        Sid: 'S3ServerAccessLogsPolicy',
        Effect: 'Allow',
        Principal: { Service: 'logging.s3.amazonaws.com' },
        Action: 's3:PutObject',
        Condition: {
          ArnLike: { 'aws:SourceArn': [{ 'Fn::GetAtt': [stack.getLogicalId(uploads.node.defaultChild as any), 'Arn'] }] },
          StringEquals: { 'aws:SourceAccount': '111111111111' },
        },
      }),
    ]));
  });

  test('the access-log bucket replicates into the central vault, under this account\'s prefix, with a failure alarm that has an action', () => {
    const stack = workloadStack();
    const uploads = new s3.Bucket(stack, 'Uploads');
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, serverAccessLogBuckets: [uploads] });
    const t = Template.fromStack(stack);
    const [logId, logBucket] = accessLogBucketOf(t);
    expect(logBucket.Properties.ReplicationConfiguration).toMatchObject({
      Rules: [{
        Id: 'CopyAccessLogsToVault', Status: 'Enabled', Filter: { Prefix: '' }, DeleteMarkerReplication: { Status: 'Disabled' },
        Destination: { Bucket: VAULT, StorageClass: 'GLACIER_IR', Metrics: { Status: 'Enabled' } },
      }],
    });
    t.hasResourceProperties('AWS::IAM::Role', {
      RoleName: Match.stringLikeRegexp('^seclog-access-log-replication-eu-west-1-[0-9a-f]{8}$'),
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 's3.amazonaws.com' } })] },
    });
    t.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({
        Sid: 'WriteVaultReplicas', Action: ['s3:ReplicateObject', 's3:ReplicateTags'],
        Resource: `${VAULT}/server-access-logs/111111111111/*`,
      })]) },
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'OperationsFailedReplication',
      Namespace: 'AWS/S3',
      Dimensions: Match.arrayWith([{ Name: 'RuleId', Value: 'CopyAccessLogsToVault' }, { Name: 'SourceBucket', Value: { Ref: logId } }]),
      AlarmActions: [{ Ref: Match.stringLikeRegexp('^SecurityLogAlarmTopic') }],
    });
  });

  test('the alarm takes the given actions', () => {
    const stack = workloadStack();
    const topic = new sns.Topic(stack, 'Pager');
    new DataStoreAuditLogging(stack, 'Audit', {
      central, exposure: EXTERNAL, serverAccessLogBuckets: [new s3.Bucket(stack, 'Uploads')], alarmActions: [new actions.SnsAction(topic)],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'OperationsFailedReplication', AlarmActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as any) }],
    });
  });

  test('a bucket with data events and server access logs carries all five CA-E2 items; the evidence says so', () => {
    const stack = workloadStack();
    const trail = new AuditTrail(stack, 'Trail', { central });
    const uploads = new s3.Bucket(stack, 'Uploads');
    const archive = new s3.Bucket(stack, 'Archive');
    const audit = new DataStoreAuditLogging(stack, 'Audit', {
      central, exposure: EXTERNAL, trail, buckets: [uploads, archive], serverAccessLogBuckets: [uploads],
    });
    const [withLogs, eventsOnly] = audit.stores;
    expect(withLogs).toMatchObject({ path: 'Workload/Uploads', missingItems: [], items: Object.values(DataStoreAuditItem) });
    expect(withLogs.logSource).toMatch(/^CloudTrail data events \(trail Workload\/Trail\) and S3 server access logs/);
    expect(eventsOnly.missingItems).toEqual([DataStoreAuditItem.RESPONSE_SIZE, DataStoreAuditItem.RESPONSE_TIME]);
    const notes = evidenceOf(audit).map((e) => e.note).join('\n');
    expect(notes).toContain('S3 bucket Workload/Uploads: CloudTrail data events (trail Workload/Trail) and S3 server access logs');
    expect(notes).toContain('carries store, credential, query, response size, response time; every CA-E2 item.');
    expect(notes).toContain('2 data store(s) audited, 0 by their own audit log, 1 by S3 server access logs and 1 by CloudTrail data events only');
  });

  test('server access logs alone need no trail', () => {
    const stack = workloadStack();
    const audit = new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, serverAccessLogBuckets: [new s3.Bucket(stack, 'Uploads')] });
    expect(audit.stores).toHaveLength(1);
    expect(audit.stores[0]).toMatchObject({ kind: 'S3 bucket', missingItems: [] });
    expect(audit.stores[0].logSource).toMatch(/^S3 server access logs/);
  });

  test('without serverAccessLogBuckets there is no access-log bucket, role or alarm', () => {
    const stack = workloadStack();
    const trail = new AuditTrail(stack, 'Trail', { central });
    const audit = new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, trail, buckets: [new s3.Bucket(stack, 'Uploads')] });
    expect(audit.accessLogBucket).toBeUndefined();
    expect(audit.accessLogReplicationRole).toBeUndefined();
    expect(audit.alarms).toEqual([]);
    expect(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: 'OperationsFailedReplication' } }))
      .toEqual({});
  });
});

describe('DataStoreAuditLogging: server access log bad input', () => {
  test('an empty serverAccessLogBuckets', () => {
    const stack = workloadStack();
    expect(() => new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, serverAccessLogBuckets: [] }))
      .toThrow('serverAccessLogBuckets is empty, which would audit nothing; omit it, or name the serverAccessLogBuckets to audit.');
  });

  test('an imported bucket', () => {
    const stack = workloadStack();
    const imported = s3.Bucket.fromBucketName(stack, 'Imported', 'someone-elses-bucket');
    expect(() => new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, serverAccessLogBuckets: [imported] }))
      .toThrow(/^serverAccessLogBuckets\[0\] Workload\/Imported is an imported bucket: its LoggingConfiguration belongs to the stack that defines it/);
  });

  test('a bucket of another stack', () => {
    const app = new App();
    const other = new Stack(app, 'Other', { env: { account: '111111111111', region: 'eu-west-1' } });
    const stack = workloadStack(app);
    const bucket = new s3.Bucket(other, 'Data');
    expect(() => new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, serverAccessLogBuckets: [bucket] }))
      .toThrow(/^serverAccessLogBuckets\[0\] Other\/Data is in stack 'Other' but DataStoreAuditLogging 'Workload\/Audit' is in 'Workload'/);
  });

  test('a log bucket of the library named as a data bucket: another construct\'s access-log bucket', () => {
    const stack = workloadStack();
    const first = new DataStoreAuditLogging(stack, 'First', { central, exposure: EXTERNAL, serverAccessLogBuckets: [new s3.Bucket(stack, 'Data')] });
    expect(() => new DataStoreAuditLogging(stack, 'Second', {
      central, exposure: EXTERNAL, serverAccessLogBuckets: [first.accessLogBucket!],
    })).toThrow(/^serverAccessLogBuckets\[0\] Workload\/First\/AccessLogBucket is a log bucket of DataStoreAuditLogging, not a data bucket: .*Pass only the application's data buckets\./);
  });

  test('a bucket tagged as a log store is refused at synthesis', () => {
    const stack = workloadStack();
    const tagged = new s3.Bucket(stack, 'Logs');
    Tags.of(tagged).add('security-log-store', 'true');
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, serverAccessLogBuckets: [tagged] });
    expect(() => Template.fromStack(stack)).toThrow(/serverAccessLogBuckets\[0\] Workload\/Logs is tagged security-log-store=true, a log bucket/);
  });

  test('a bucket that already has server access logging', () => {
    const stack = workloadStack();
    const target = new s3.Bucket(stack, 'Target');
    const data = new s3.Bucket(stack, 'Data', { serverAccessLogsBucket: target });
    expect(() => new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, serverAccessLogBuckets: [data] }))
      .toThrow(/^serverAccessLogBuckets\[0\] Workload\/Data already has server access logging \(LoggingConfiguration/);
  });

  test('a retention outside the policy', () => {
    const stack = workloadStack();
    expect(() => new DataStoreAuditLogging(stack, 'Audit', {
      central, exposure: EXTERNAL, retentionDays: 30, serverAccessLogBuckets: [new s3.Bucket(stack, 'Data')],
    })).toThrow(/retentionDays of 30 days is below the 90-day minimum for EXTERNAL services \(LM-1\); use at least 90/);
  });
});


describe('DataStoreAuditLogging server access logs: the AWS Solutions pack', () => {
  test('finds nothing unacknowledged on the access-log bucket and the replication role', () => {
    // GIVEN an app with the AWS Solutions pack as a validation plugin
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'access-log-nag-')) });
    const stack = workloadStack(app);
    const uploads = new s3.Bucket(stack, 'Uploads', { enforceSSL: true });
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, serverAccessLogBuckets: [uploads] });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
    // WHEN
    const assembly = app.synth();
    // THEN the only violations left are the test's own data bucket (it logs now, so not S1) and none of the construct's
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, VALIDATION_REPORT_FILE), 'utf8'));
    const nag = report.pluginReports.find((r: any) => r.pluginName === 'AwsSolutions');
    expect(nag.violations.filter((v: any) => v.violatingConstructs.some((c: any) => c.constructPath.includes('/Audit/')))).toEqual([]);
    expect(nag.violations.filter((v: any) => v.ruleName === 'AwsSolutions-S1')).toEqual([]);
    for (const v of nag.suppressedViolations) {
      expect(v.reason.length).toBeGreaterThan(40);
    }
  });
});

describe('DataStoreAuditLogging: the access-log target of another bucket is a log bucket', () => {
  test('is refused at synthesis, naming the bucket it logs for', () => {
    const stack = workloadStack();
    const target = new s3.Bucket(stack, 'Target');
    new s3.Bucket(stack, 'Data', { serverAccessLogsBucket: target });
    new DataStoreAuditLogging(stack, 'Audit', { central, exposure: EXTERNAL, serverAccessLogBuckets: [target] });
    expect(() => Template.fromStack(stack))
      .toThrow(/serverAccessLogBuckets\[0\] Workload\/Target receives the server access logs of Workload\/Data\/Resource, a log bucket, not a data bucket/);
  });
});
