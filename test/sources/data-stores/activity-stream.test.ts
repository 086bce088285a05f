import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sns from 'aws-cdk-lib/aws-sns';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Construct } from 'constructs';
import { evidenceOf } from '../../../lib/core/evidence';
import { ServiceExposure } from '../../../lib/requirements/types';
import { DatabaseActivityStream } from '../../../lib/sources/data-stores/activity-stream';
import { ActivityStreamMode } from '../../../lib/sources/data-stores/activity-stream-support';
import { DataStoreAuditItem } from '../../../lib/sources/data-stores/audit-items';
import { central, DESTINATION, vpc, workloadStack } from './helpers';

function provisioned(scope: Construct, engine: rds.IClusterEngine, instanceType = ec2.InstanceType.of(ec2.InstanceClass.R7G, ec2.InstanceSize.LARGE)): rds.DatabaseCluster {
  return new rds.DatabaseCluster(scope, 'Db', {
    engine,
    writer: rds.ClusterInstance.provisioned('Writer', { instanceType }),
    vpc: vpc(scope),
    vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    clusterIdentifier: 'App-DB',
  });
}
const PG = rds.DatabaseClusterEngine.auroraPostgres({ version: rds.AuroraPostgresEngineVersion.VER_16_4 });

function synth(extra: Partial<ConstructorParameters<typeof DatabaseActivityStream>[2]> = {}) {
  const stack = workloadStack();
  const cluster = provisioned(stack, PG);
  const das = new DatabaseActivityStream(stack, 'Das', { central, exposure: ServiceExposure.EXTERNAL, cluster, ...extra });
  return { stack, cluster, das, template: Template.fromStack(stack) };
}

describe('DatabaseActivityStream', () => {
  test('starts the stream with a custom resource on the cluster ARN, a new key and async mode by default', () => {
    const { template } = synth();
    template.hasResourceProperties('Custom::DatabaseActivityStream', {
      ClusterArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':rds:eu-west-1:111111111111:cluster:$')])] },
      KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DasKey'), 'Arn'] },
      Mode: 'async',
    });
    template.hasResource('AWS::KMS::Key', { DeletionPolicy: 'Retain', Properties: { EnableKeyRotation: true, Description: Match.stringLikeRegexp('Database Activity Stream records') } });
    // The provider waits with isComplete, polling every 30 s for at most an hour.
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    // Aurora streams from the cluster's instances, so the start waits for them.
    const start = Object.values(template.findResources('Custom::DatabaseActivityStream'))[0];
    expect(start.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^DbWriter/)]));
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.isComplete', Runtime: 'nodejs22.x' });
    template.hasResourceProperties('AWS::Lambda::Function', { Handler: 'index.onEvent' });
  });

  test("the start role may only start and describe this cluster's stream and use its key; it cannot stop the stream", () => {
    const { stack, template } = synth();
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^DasStartRole') }] } });
    const statements = Object.values(policies).flatMap((p) => stack.resolve(p.Properties.PolicyDocument.Statement) as Array<Record<string, unknown>>);
    const actionsOf = statements.flatMap((s) => ([] as string[]).concat(s.Action as string[]));
    expect(actionsOf.sort()).toEqual(['kms:CreateGrant', 'kms:DescribeKey', 'logs:CreateLogStream', 'logs:PutLogEvents', 'rds:DescribeDBClusters', 'rds:StartActivityStream']);
    expect(actionsOf).not.toContain('rds:StopActivityStream');
    for (const s of statements) {
      expect(JSON.stringify(s.Resource)).not.toBe('"*"');
    }
    const rdsStatement = statements.find((s) => (s.Action as string[]).includes('rds:StartActivityStream'))!;
    expect(JSON.stringify(rdsStatement.Resource)).toMatch(/cluster:/);
  });

  test('a pipe reads the Kinesis stream from its oldest record into a retained, encrypted log group subscribed to the central destination', () => {
    const { template } = synth();
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      Source: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':kinesis:eu-west-1:111111111111:stream/$'), { 'Fn::GetAtt': [Match.stringLikeRegexp('^DasStart'), 'KinesisStreamName'] }])] },
      SourceParameters: { KinesisStreamParameters: {
        StartingPosition: 'TRIM_HORIZON', OnPartialBatchItemFailure: 'AUTOMATIC_BISECT', MaximumRetryAttempts: 10,
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DasDeadLetterQueue'), 'Arn'] } },
      } },
      Target: { 'Fn::GetAtt': [Match.stringLikeRegexp('^DasLogGroup'), 'Arn'] },
    });
    const pipe = Object.values(template.findResources('AWS::Pipes::Pipe'))[0];
    expect(pipe.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^DasStart/)]));
    template.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { LogGroupName: '/database-activity-stream/app-db', KmsKeyId: Match.anyValue(), DeletionProtectionEnabled: true },
    });
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', { DestinationArn: DESTINATION, LogGroupName: { Ref: Match.stringLikeRegexp('^DasLogGroup') } });
    template.hasResource('AWS::SQS::Queue', { DeletionPolicy: 'Retain', Properties: { KmsMasterKeyId: Match.anyValue(), MessageRetentionPeriod: 1209600 } });
  });

  test('the pipe role reads only the stream, writes only the log group and the dead-letter queue', () => {
    const { stack, template } = synth();
    const policies = template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: Match.stringLikeRegexp('^DasPipeRole') }] } });
    const statements = Object.values(policies).flatMap((p) => stack.resolve(p.Properties.PolicyDocument.Statement) as Array<Record<string, unknown>>);
    const read = statements.find((s) => s.Sid === 'ReadActivityStream')!;
    expect(read.Action).toEqual(['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards']);
    expect(JSON.stringify(read.Resource)).toContain('KinesisStreamName');
    // The log group's Arn attribute already ends in ':*' (its streams); nothing is appended to it.
    const write = statements.find((s) => s.Sid === 'WriteRecords')!;
    expect(write.Resource).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/^DasLogGroup/), 'Arn'] });
    expect(statements.flatMap((s) => ([] as string[]).concat(s.Action as string[]))).toEqual(expect.arrayContaining(['sqs:SendMessage', 'logs:PutLogEvents']));
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'pipes.amazonaws.com' }, Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } } })] },
    });
  });

  test('the key policy lets the central account decrypt by default, or the named reader accounts', () => {
    synth().template.hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ReadersDecryptActivityRecords', Action: 'kms:Decrypt',
        Principal: { AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::999999999999:root']] } } })]) },
    });
    const named = synth({ readerAccountIds: ['222222222222'] }).template;
    expect(JSON.stringify(named.toJSON())).toContain(':iam::222222222222:root');
  });

  test('alarms with an action on the first dead letter, on an hour of lag and on pipe failures', () => {
    const { template, das } = synth();
    expect(das.alarms).toHaveLength(3);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'GetRecords.IteratorAgeMilliseconds', Namespace: 'AWS/Kinesis', Threshold: 3600000, AlarmActions: [Match.anyValue()] });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible', Threshold: 1, AlarmActions: [Match.anyValue()] });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ExecutionFailed', Namespace: 'AWS/EventBridge/Pipes', AlarmActions: [Match.anyValue()] });
    const stack = workloadStack(new App(), 'Other');
    const topic = new sns.Topic(stack, 'Mine');
    new DatabaseActivityStream(stack, 'Das', { central, exposure: ServiceExposure.EXTERNAL, cluster: provisioned(stack, PG), alarmAction: new actions.SnsAction(topic) });
    for (const alarm of Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'))) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }]);
    }
  });

  test('sync mode, a given key and a start timeout are passed through', () => {
    const stack = workloadStack();
    const key = new kms.Key(stack, 'MyKey');
    new DatabaseActivityStream(stack, 'Das', { central, exposure: ServiceExposure.EXTERNAL, cluster: provisioned(stack, PG), mode: ActivityStreamMode.SYNC, activityStreamKey: key, startTimeout: Duration.minutes(45) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('Custom::DatabaseActivityStream', { Mode: 'sync', KmsKeyArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^MyKey'), 'Arn'] } });
    // 45 minutes of polling every 30 seconds.
    const machine = Object.values(template.findResources('AWS::StepFunctions::StateMachine'))[0];
    expect(JSON.stringify(machine.Properties.DefinitionString)).toContain('\\"MaxAttempts\\":90');
    template.hasResourceProperties('AWS::KMS::Key', { KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Sid: 'ReadersDecryptActivityRecords' })]) } });
  });

  test('an imported key is used as is, with a warning to grant decrypt in its key policy', () => {
    const stack = workloadStack();
    const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    new DatabaseActivityStream(stack, 'Das', { central, exposure: ServiceExposure.EXTERNAL, cluster: provisioned(stack, PG), activityStreamKey: key });
    Annotations.fromStack(stack).hasWarning('/Workload/Das', Match.stringLikeRegexp('key policy was not changed; let account\\(s\\) 999999999999 call kms:Decrypt'));
  });

  test('records CA-E2 evidence naming the cluster and the items the records carry', () => {
    const { das, cluster } = synth();
    expect(DatabaseActivityStream.IMPLEMENTS).toEqual({ construct: 'DatabaseActivityStream', requirementIds: ['CA-E2'] });
    expect(das.items).toEqual([DataStoreAuditItem.STORE, DataStoreAuditItem.CREDENTIAL, DataStoreAuditItem.QUERY, DataStoreAuditItem.RESPONSE_SIZE]);
    expect(das.missingItems).toEqual([DataStoreAuditItem.RESPONSE_TIME]);
    const [evidence] = evidenceOf(das);
    expect(evidence.requirementIds).toEqual(['CA-E2']);
    expect(evidence.resources).toEqual([cluster.node.defaultChild]);
    expect(evidence.note).toMatch(/^Aurora cluster Workload\/Db\/Resource: Database Activity Stream \(async\).*\/database-activity-stream\/app-db.*not response time/);
  });

  test('an Aurora MySQL 3 cluster and a CfnDBCluster are accepted', () => {
    const stack = workloadStack();
    const mysql = provisioned(stack, rds.DatabaseClusterEngine.auroraMysql({ version: rds.AuroraMysqlEngineVersion.VER_3_08_0 }));
    expect(() => new DatabaseActivityStream(stack, 'Das', { central, exposure: ServiceExposure.EXTERNAL, cluster: mysql })).not.toThrow();
    const cfn = new rds.CfnDBCluster(stack, 'Raw', { engine: 'aurora-postgresql', engineVersion: '15.4' });
    expect(() => new DatabaseActivityStream(stack, 'Das2', { central, exposure: ServiceExposure.EXTERNAL, cluster: cfn })).not.toThrow();
  });
});

test('AWS Solutions: every finding on the construct is acknowledged with a reason', () => {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'das-nag-')) });
  const stack = workloadStack(app);
  new DatabaseActivityStream(stack, 'Das', { central, exposure: ServiceExposure.EXTERNAL, cluster: provisioned(stack, PG) });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  let text: string;
  try {
    const assembly = app.synth();
    text = fs.readFileSync(path.join(assembly.directory, VALIDATION_REPORT_FILE), 'utf8');
  } catch (e) {
    text = String(e); // the cluster's own findings (not this construct's) fail the synth under jest
  }
  const open = text.split('\n').filter((l) => /Workload\/Das\//.test(l));
  expect(open).toEqual([]);
  expect(text).toMatch(/AwsSolutions/);
});

describe('DatabaseActivityStream bad input', () => {
  const make = (stack: Stack, cluster: Construct, extra = {}) =>
    new DatabaseActivityStream(stack, 'Das', { central, exposure: ServiceExposure.EXTERNAL, cluster, ...extra });

  test('a non-Aurora resource is an error naming it', () => {
    const stack = workloadStack();
    expect(() => make(stack, new cloudwatch.Dashboard(stack, 'Board'))).toThrow(/^cluster Workload\/Board is not an Aurora DB cluster \(it has a AWS::CloudWatch::Dashboard resource\); pass an aws-rds DatabaseCluster/);
  });

  test('a start timeout over the provider framework\'s hour is an error naming it', () => {
    const stack = workloadStack();
    expect(() => make(stack, provisioned(stack, PG), { startTimeout: Duration.hours(2) }))
      .toThrow('startTimeout of 2 hours is outside what the custom resource provider framework allows for waiting; pass 1 minute to 1 hour');
  });

  test('a non-Aurora engine is an error naming the engine', () => {
    const stack = workloadStack();
    const multiAz = new rds.CfnDBCluster(stack, 'MultiAz', { engine: 'postgres', engineVersion: '16.4' });
    expect(() => make(stack, multiAz)).toThrow(/cluster Workload\/MultiAz runs engine 'postgres'; Database Activity Streams .*need Aurora PostgreSQL or Aurora MySQL.*DataStoreAuditLogging/);
  });

  test('an unsupported engine version is an error naming the version and the minimum', () => {
    const stack = workloadStack();
    const old = new rds.CfnDBCluster(stack, 'Old', { engine: 'aurora-mysql', engineVersion: '5.7.mysql_aurora.2.10.2' });
    expect(() => make(stack, old)).toThrow(/runs Aurora MySQL 5\.7\.mysql_aurora\.2\.10\.2; activity streams need Aurora MySQL 2\.11 or higher/);
    const oldPg = new rds.CfnDBCluster(stack, 'OldPg', { engine: 'aurora-postgresql', engineVersion: '10.5' });
    expect(() => new DatabaseActivityStream(stack, 'Das2', { central, exposure: ServiceExposure.EXTERNAL, cluster: oldPg })).toThrow(/runs Aurora PostgreSQL 10\.5; activity streams need Aurora PostgreSQL 10\.7/);
  });

  test('Serverless v1 and Serverless v2 instances are errors naming them', () => {
    const stack = workloadStack();
    const v1 = new rds.CfnDBCluster(stack, 'V1', { engine: 'aurora-postgresql', engineMode: 'serverless' });
    expect(() => make(stack, v1)).toThrow(/Aurora Serverless v1 \(EngineMode 'serverless'\)/);
    const stack2 = workloadStack(new App());
    const v2 = new rds.DatabaseCluster(stack2, 'Db', {
      engine: PG, writer: rds.ClusterInstance.serverlessV2('Writer'), vpc: vpc(stack2), vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
    });
    expect(() => make(stack2, v2)).toThrow(/^Instance Workload\/Db\/Writer\/Resource of cluster Workload\/Db\/Resource is an Aurora Serverless v2 instance \(db\.serverless\).*db\.r7g\.large/);
  });

  test('a burstable instance class is a warning naming it', () => {
    const stack = workloadStack();
    make(stack, provisioned(stack, PG, ec2.InstanceType.of(ec2.InstanceClass.T4G, ec2.InstanceSize.MEDIUM)));
    Annotations.fromStack(stack).hasWarning('/Workload/Db/Writer/Resource', Match.stringLikeRegexp('burstable class db\\.t4g\\.medium'));
  });

  test('a key of another Region or an alias is an error naming it', () => {
    const stack = workloadStack();
    const cluster = provisioned(stack, PG);
    const other = kms.Key.fromKeyArn(stack, 'Other', 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    expect(() => make(stack, cluster, { activityStreamKey: other })).toThrow(/activityStreamKey 'arn:aws:kms:us-east-1:111111111111:key\/.*' is in 111111111111\/us-east-1, not in the cluster's account and Region 111111111111\/eu-west-1/);
    const alias = kms.Key.fromKeyArn(stack, 'Alias', 'arn:aws:kms:eu-west-1:111111111111:alias/das');
    expect(() => new DatabaseActivityStream(stack, 'Das2', { central, exposure: ServiceExposure.EXTERNAL, cluster, activityStreamKey: alias })).toThrow(/is an alias; pass the key ARN/);
  });

  test('a second stream on a cluster, a cluster in another stack, empty readers and a bad mode are errors', () => {
    const app = new App();
    const stack = workloadStack(app);
    const cluster = provisioned(stack, PG);
    make(stack, cluster);
    expect(() => new DatabaseActivityStream(stack, 'Again', { central, exposure: ServiceExposure.EXTERNAL, cluster })).toThrow(/already has DatabaseActivityStream 'Workload\/Das'/);
    const other = workloadStack(app, 'Other');
    expect(() => make(other, cluster)).toThrow(/is in stack 'Other' but the cluster Workload\/Db\/Resource is in stack 'Workload'/);
    const s3 = workloadStack(new App());
    expect(() => make(s3, provisioned(s3, PG), { readerAccountIds: [] })).toThrow(/readerAccountIds is empty/);
    const s4 = workloadStack(new App());
    expect(() => make(s4, provisioned(s4, PG), { mode: 'fast' as ActivityStreamMode })).toThrow(/mode.*'fast'/);
  });
});
