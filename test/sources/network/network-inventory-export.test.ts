import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, FileSystem, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import { CentralLogTargets } from '../../../lib/central/targets';
import { evidenceOf } from '../../../lib/core/evidence';
import { DEFAULT_PURPOSE_TAG_KEYS, INVENTORY_ENV } from '../../../lib/handlers/network-inventory-export/contract';
import { ServiceExposure } from '../../../lib/requirements/types';
import { NetworkInventoryExport, NetworkInventoryExportProps } from '../../../lib/sources/network/network-inventory-export';

const KEY_ARN = 'arn:aws:kms:eu-west-2:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const central = CentralLogTargets.fromAttributes({ accountId: '999988887777', region: 'eu-west-2', archiveKeyArn: KEY_ARN });
const WRITER_ROLE = 'arn:aws:iam::999988887777:role/seclog-exports-writer';
const ACCOUNT = '111122223333';

function stackIn(env = true): Stack {
  return new Stack(new App(), 'Workload', env ? { env: { account: ACCOUNT, region: 'eu-west-2' } } : {});
}

function inventory(stack: Stack, props: Partial<NetworkInventoryExportProps> = {}): NetworkInventoryExport {
  return new NetworkInventoryExport(stack, 'Inventory', { central, exposure: ServiceExposure.INTERNAL, ...props });
}

/** Every statement of the policies attached to the exporter's role. */
function exporterStatements(stack: Stack, construct: NetworkInventoryExport): any[] {
  const role = stack.resolve((construct.exporter.role!.node.defaultChild as any).logicalId);
  return Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter((p: any) => JSON.stringify(p.Properties.Roles).includes(role))
    .flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('exporter function', () => {
  test('runs the pre-built handler bundle on nodejs22.x with a dead-letter queue, its own log group and the central targets', () => {
    // GIVEN a workload stack WHEN the construct is added with the defaults
    const stack = stackIn();
    const construct = inventory(stack);
    const template = Template.fromStack(stack);

    // THEN the function is configured to write to the central EXPORTS bucket under this account's prefix
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: 600,
      DeadLetterConfig: { TargetArn: stack.resolve(construct.deadLetterQueue.queueArn) },
      LoggingConfig: { LogGroup: stack.resolve(construct.logGroup.logGroupName) },
      Environment: {
        Variables: {
          [INVENTORY_ENV.writerRoleArn]: WRITER_ROLE,
          [INVENTORY_ENV.bucketName]: 'seclog-exports-999988887777-eu-west-2',
          [INVENTORY_ENV.objectPrefix]: `exports/${ACCOUNT}/`,
          [INVENTORY_ENV.centralAccountId]: '999988887777',
          [INVENTORY_ENV.centralRegion]: 'eu-west-2',
          [INVENTORY_ENV.archiveKeyArn]: KEY_ARN,
          [INVENTORY_ENV.sourceAccountId]: ACCOUNT,
          [INVENTORY_ENV.purposeTagKeys]: JSON.stringify(DEFAULT_PURPOSE_TAG_KEYS),
          [INVENTORY_ENV.zoneIds]: '[]',
        },
      },
    });
    expect(construct.objectPrefix).toBe(`exports/${ACCOUNT}/`);
    expect(construct.requirementIds).toEqual(['HP-E2', 'HP-E3']);
  });

  test('its code is the asset of dist/handlers/network-inventory-export', () => {
    const stack = stackIn();
    inventory(stack);

    const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0] as any;
    const bundle = path.join(__dirname, '..', '..', '..', 'dist', 'handlers', 'network-inventory-export');
    expect(fn.Properties.Code.S3Key).toBe(`${FileSystem.fingerprint(bundle)}.zip`);
  });

  test('retries failed runs twice, then sends them to the dead-letter queue', () => {
    const stack = stackIn();
    const construct = inventory(stack);

    expect(construct.exporter.node.tryFindChild('EventInvokeConfig')).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2 });
  });

  test('takes the account from the deployment when the stack has no concrete account', () => {
    const stack = stackIn(false);
    const construct = inventory(stack);

    const fn = Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0] as any;
    const vars = fn.Properties.Environment.Variables;
    expect(vars[INVENTORY_ENV.sourceAccountId]).toEqual({ Ref: 'AWS::AccountId' });
    expect(JSON.stringify(vars[INVENTORY_ENV.objectPrefix])).toContain('AWS::AccountId');
    expect(stack.resolve(construct.objectPrefix)).toEqual({ 'Fn::Join': ['', ['exports/', { Ref: 'AWS::AccountId' }, '/']] });
  });

  test('passes the purpose tag keys and zones to the handler', () => {
    const stack = stackIn();
    inventory(stack, { purposeTagKeys: ['Purpose', 'DataClassification'], zones: ['Z0123456789ABCDEFGHIJ'] });

    Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', {
      Environment: {
        Variables: Match.objectLike({
          [INVENTORY_ENV.purposeTagKeys]: '["Purpose","DataClassification"]',
          [INVENTORY_ENV.zoneIds]: '["Z0123456789ABCDEFGHIJ"]',
        }),
      },
    });
  });
});

describe('schedule', () => {
  test('runs daily by default, with EventBridge retries and the dead-letter queue', () => {
    const stack = stackIn();
    const construct = inventory(stack);

    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 day)',
      State: 'ENABLED',
      Targets: [Match.objectLike({
        Arn: stack.resolve(construct.exporter.functionArn),
        DeadLetterConfig: { Arn: stack.resolve(construct.deadLetterQueue.queueArn) },
        RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
      })],
    });
    expect(construct.schedule.expressionString).toBe('rate(1 day)');
  });

  test('takes a schedule from the prop', () => {
    const stack = stackIn();
    inventory(stack, { schedule: events.Schedule.cron({ minute: '30', hour: '2' }) });

    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(30 2 * * ? *)' });
  });

  test('accepts hourly but refuses a rate more frequent than hourly', () => {
    expect(() => inventory(stackIn(), { schedule: events.Schedule.rate(Duration.hours(1)) })).not.toThrow();
    expect(() => inventory(stackIn(), { schedule: events.Schedule.rate(Duration.minutes(15)) }))
      .toThrow(/schedule 'rate\(15 minutes\)' runs the export more often than hourly.*Schedule\.rate\(Duration\.hours\(1\)\)/);
  });
});

describe('permissions', () => {
  test('reads inventory, reads zones, assumes only the central export writer role, and has no S3 access', () => {
    const stack = stackIn();
    const construct = inventory(stack);

    const statements = exporterStatements(stack, construct);
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Sid: 'ReadNetworkInventory',
        Action: ['ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeDhcpOptions', 'route53:ListHostedZonesByVPC'],
        Resource: '*',
      }),
      expect.objectContaining({
        Sid: 'ReadPrivateHostedZones',
        Action: ['route53:GetHostedZone', 'route53:ListResourceRecordSets'],
        Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/*']] },
      }),
      expect.objectContaining({ Sid: 'AssumeCentralExportWriter', Action: ['sts:AssumeRole', 'sts:TagSession'], Resource: WRITER_ROLE }),
    ]));
    const actions = statements.flatMap((s) => [s.Action].flat());
    expect(actions.filter((a: string) => a.startsWith('s3:') || a.startsWith('route53:Change') || a.startsWith('ec2:Create'))).toEqual([]);
    // The only statement on '*' is the one whose actions support no resource-level permissions.
    expect(statements.filter((s) => s.Resource === '*').map((s) => s.Sid)).toEqual(['ReadNetworkInventory']);
  });

  test('has no AWS managed policy: it may write only to its own log group', () => {
    const stack = stackIn();
    const construct = inventory(stack);
    const template = Template.fromStack(stack);

    const role = (construct.exporter.role!.node.defaultChild as any).logicalId;
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })] }),
      ManagedPolicyArns: Match.absent(),
    });
    expect(Object.keys(template.findResources('AWS::IAM::Role'))).toContain(stack.resolve(role));
    expect(exporterStatements(stack, construct)).toEqual(expect.arrayContaining([
      expect.objectContaining({
        Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        Resource: stack.resolve(construct.logGroup.logGroupArn),
      }),
    ]));
  });

  test('narrows zone reads to the listed zones', () => {
    const stack = stackIn();
    const construct = inventory(stack, { zones: ['Z0123456789ABCDEFGHIJ', 'ZSECOND1'] });

    const zoneReads = exporterStatements(stack, construct).find((s) => s.Sid === 'ReadPrivateHostedZones');
    expect(stack.resolve(zoneReads.Resource)).toEqual([
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/Z0123456789ABCDEFGHIJ']] },
      { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':route53:::hostedzone/ZSECOND1']] },
    ]);
    expect(construct.zones).toEqual(['Z0123456789ABCDEFGHIJ', 'ZSECOND1']);
  });
});

describe('log group, dead-letter queue, alarms', () => {
  test('the log group is KMS-encrypted, retained and kept for the exposure class minimum', () => {
    const internal = stackIn();
    inventory(internal);
    const external = stackIn();
    inventory(external, { exposure: ServiceExposure.EXTERNAL });

    Template.fromStack(internal).hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({ RetentionInDays: 400, KmsKeyId: Match.anyValue() }),
    });
    Template.fromStack(external).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('the dead-letter queue is retained, TLS-only and encrypted with a rotated, retained key EventBridge may use', () => {
    const stack = stackIn();
    const construct = inventory(stack);
    const template = Template.fromStack(stack);

    template.hasResource('AWS::SQS::Queue', {
      DeletionPolicy: 'Retain',
      Properties: { KmsMasterKeyId: stack.resolve(construct.encryptionKey.keyArn), MessageRetentionPeriod: 1209600 },
    });
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
    template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        EnableKeyRotation: true,
        KeyPolicy: Match.objectLike({
          Statement: Match.arrayWith([Match.objectLike({
            Sid: 'AllowEventBridgeRulesToWriteDeadLetters',
            Principal: { Service: 'events.amazonaws.com' },
          })]),
        }),
      }),
    });
  });

  test('alarms on exporter errors and on dead letters, with the alarm action', () => {
    const stack = stackIn();
    const topic = new sns.Topic(stack, 'Ops');
    const construct = inventory(stack, { alarmAction: new actions.SnsAction(topic) });
    const template = Template.fromStack(stack);

    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Errors',
      Namespace: 'AWS/Lambda',
      Dimensions: [{ Name: 'FunctionName', Value: stack.resolve(construct.exporter.functionName) }],
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [stack.resolve(topic.topicArn)],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: stack.resolve(construct.deadLetterQueue.queueName) }],
      AlarmActions: [stack.resolve(topic.topicArn)],
    });
    expect(construct.alarms).toHaveLength(2);
    expect(construct.alarms.every((a) => a instanceof cloudwatch.Alarm)).toBe(true);
  });
});

describe('evidence', () => {
  test('records HP-E2 and HP-E3 with the function and the rule', () => {
    const stack = stackIn();
    const construct = inventory(stack);

    const [evidence] = evidenceOf(construct);
    expect(evidence.requirementIds).toEqual(['HP-E2', 'HP-E3']);
    expect(evidence.resources).toEqual([construct.exporter, construct.rule]);
    expect(evidence.note).toMatch(/RFC 1035 master file.*DHCP scopes.*exports\/111122223333\//);
  });
});

describe('cdk-nag', () => {
  // The zone ARN's partition is a Ref by default and literal under @aws-cdk/core:enablePartitionLiterals (a new
  // project's flag): the acknowledgement must match the finding either way.
  test.each([
    ['no feature flags', {}, '<AWS::Partition>'],
    ['partition literals', { '@aws-cdk/core:enablePartitionLiterals': true }, 'aws'],
  ])('the AWS Solutions pack finds nothing unacknowledged, and the acknowledgements say why (%s)', (_name, context, partition) => {
    // GIVEN an app with the AWS Solutions pack as a validation plugin
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'inventory-nag-')), context });
    const stack = new Stack(app, 'Workload', { env: { account: ACCOUNT, region: 'eu-west-2' } });
    inventory(stack);
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    // WHEN it is synthesised (under jest a failing validation throws with the report text)
    const assembly = app.synth();

    // THEN only the findings this construct makes on purpose are there, acknowledged with a reason
    const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, VALIDATION_REPORT_FILE), 'utf8'));
    const nag = report.pluginReports.find((r: any) => r.pluginName === 'AwsSolutions');
    expect(nag.violations).toEqual([]);
    expect(nag.suppressedViolations.map((v: any) => v.ruleName).sort()).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      `AwsSolutions-IAM5[Resource::arn:${partition}:route53:::hostedzone/*]`,
      'AwsSolutions-L1',
    ]);
    for (const v of nag.suppressedViolations) {
      expect(v.reason.length).toBeGreaterThan(40);
    }
  });
});

describe('bad input', () => {
  test('central targets without the archive key', () => {
    const noKey = CentralLogTargets.fromAttributes({ accountId: '999988887777', region: 'eu-west-2' });

    expect(() => inventory(stackIn(), { central: noKey })).toThrow(/has no archiveKeyArn; pass archiveKeyArn \(the central stack's ArchiveKeyArn output\)/);
  });

  test('purpose tag keys: empty, duplicated, reserved', () => {
    expect(() => inventory(stackIn(), { purposeTagKeys: [] })).toThrow(/purposeTagKeys is an empty list.*leave purposeTagKeys out/);
    expect(() => inventory(stackIn(), { purposeTagKeys: ['Name', 'Name'] })).toThrow(/purposeTagKeys lists Name more than once/);
    expect(() => inventory(stackIn(), { purposeTagKeys: ['aws:cloudformation:stack-name'] }))
      .toThrow(/'aws:cloudformation:stack-name', which is not a tag key you can set/);
  });

  test('zones: empty, prefixed, malformed, duplicated', () => {
    expect(() => inventory(stackIn(), { zones: [] })).toThrow(/zones is an empty list/);
    expect(() => inventory(stackIn(), { zones: ['/hostedzone/Z0123456789ABCDEFGHIJ'] }))
      .toThrow(/'\/hostedzone\/Z0123456789ABCDEFGHIJ', which is not a hosted zone id; use the id alone \('Z0123456789ABCDEFGHIJ', without '\/hostedzone\/'\)/);
    expect(() => inventory(stackIn(), { zones: ['corp.example.internal'] })).toThrow(/'corp\.example\.internal', which is not a hosted zone id/);
    expect(() => inventory(stackIn(), { zones: ['ZA1', 'ZA1'] })).toThrow(/zones lists ZA1 more than once/);
  });

  test('a log retention under the exposure class minimum', () => {
    expect(() => inventory(stackIn(), { retentionDays: 30 })).toThrow(/retentionDays of 30 days is below the 400-day minimum for INTERNAL services/);
  });
});
