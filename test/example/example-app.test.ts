import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { StackSetStack } from 'cdk-stacksets';
import { readSettings } from '../../bin/context';
import * as rulePacks from '../../bin/rule-packs';
import { buildExampleApp, ExampleApp } from '../../bin/example-app';
import { LogFamily } from '../../lib';
import { hasJq, runGate } from '../ci-gate';
import { CONTEXT, example, report, requirementOf } from './example-helpers';

// The framework prints the validation report on failure; keep test output readable.
beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

describe('the example app', () => {
  let built: ExampleApp & { outdir: string };
  beforeAll(() => {
    // This one synthesis runs aws-cdk-lib's built-in CloudFormation schema check, which global-setup.js turns off
    // for the rest of the tests (it costs about 3 s a synthesis), and the common rule packs, as `npx cdk synth -c commonRulePacks=true` (CI) does.
    // cdk-nag's event bus rules read a property aws-cdk-lib marks deprecated: keep that jsii notice out of the output.
    const validation = process.env.CDK_VALIDATION;
    const deprecated = process.env.JSII_DEPRECATED;
    delete process.env.CDK_VALIDATION;
    process.env.JSII_DEPRECATED = 'quiet';
    // The report it prints (cdk-stacksets' warning, see below) is read from the file instead.
    const print = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      built = example({}, true);
      built.app.synth();
    } finally {
      print.mockRestore();
      process.env.CDK_VALIDATION = validation;
      if (deprecated === undefined) {
        delete process.env.JSII_DEPRECATED;
      } else {
        process.env.JSII_DEPRECATED = deprecated;
      }
    }
  });

  test('every template passes aws-cdk-lib\'s built-in CloudFormation schema check: no error, no unacknowledged warning', () => {
    const validation = JSON.parse(fs.readFileSync(path.join(built.outdir, 'validation-report.json'), 'utf8'));
    const schema = validation.pluginReports.filter((p: any) => p.pluginName === 'CloudFormation Validate');
    expect(schema.length).toBeGreaterThan(0);
    expect(schema.flatMap((p: any) => p.violations)).toEqual([]);
    // W3010 (hard-coded availability zones) comes from ec2.Vpc itself: with an explicit account and region and no
    // context lookups (the example is offline), the VPC names its zones (and the bastion group names them for CT.AUTOSCALING.PR.2); bin/rule-packs.ts acknowledges it there.
    const acknowledged = schema.flatMap((p: any) => p.suppressedViolations ?? []);
    expect([...new Set(acknowledged.map((v: any) => `${v.ruleName} ${v.acknowledgedAt}`))].sort()).toEqual([
      'W3010 CustomApplication/Regional/Vpc', 'W3010 HostingPlatform/Regional/GuestSources/Bastions', 'W3010 HostingPlatform/Regional/Vpc',
      'W9009 HostingPlatform/Regional/Cluster',
    ]);
  });

  test('runs with a new project\'s feature flags: none left unconfigured, so the CLI has no flag notice to print', () => {
    // The CLI's notice counts the flags of the cloud assembly's flag report that have no value and whose unset
    // behaviour differs from aws-cdk-lib's recommendation.
    const manifest = JSON.parse(fs.readFileSync(path.join(built.outdir, 'manifest.json'), 'utf8'));
    const flags = Object.values(manifest.artifacts).find((a: any) => a.type === 'cdk:feature-flag-report') as any;
    const entries = Object.entries(flags.properties.flags) as Array<[string, any]>;
    expect(entries.length).toBeGreaterThan(80);
    const unconfigured = entries.filter(([, f]) => f.userValue === undefined && (f.unconfiguredBehavesLike?.v2 ?? false) !== f.recommendedValue);
    expect(unconfigured.map(([name]) => name)).toEqual([]);
  });

  test('no warning annotation is left (cdk-stacksets\' one about imported asset buckets included: the library copies its own code)', () => {
    // aws-cdk-lib lists every construct's warnings in the report (@aws-cdk/core:annotationsInValidationReport), those of
    // the StackSet templates included, which are not stack artifacts.
    const validation = JSON.parse(fs.readFileSync(path.join(built.outdir, 'validation-report.json'), 'utf8'));
    expect(validation.pluginReports.length).toBeGreaterThan(0);
    const annotations = validation.pluginReports.filter((p: any) => p.pluginName === 'Construct Annotations');
    expect(annotations.flatMap((p: any) => p.violations.map((v: any) => [v.description, v.violatingConstructs.map((c: any) => c.constructPath)])))
      .toEqual([]);
  });

  describe('under the rule packs users run beside ours (bin/rule-packs.ts)', () => {
    const reportOf = (name: string) => {
      const validation = JSON.parse(fs.readFileSync(path.join(built.outdir, 'validation-report.json'), 'utf8'));
      return validation.pluginReports.find((p: any) => p.pluginName === name);
    };

    test.each(['AwsSolutions', 'NIST.800.53.R5', 'cdk-validator-cfnguard'])('%s runs on every stack and leaves no unsuppressed finding', (name) => {
      const pack = reportOf(name);
      expect(pack).toBeDefined();
      expect(pack.conclusion).toBe('success');
      expect(pack.violations).toEqual([]);
      // It did judge the app: its by-design findings are there, suppressed.
      expect((pack.suppressedViolations ?? []).length).toBeGreaterThan(0);
    });

    test('every suppression of the three packs names where it was made and carries a reason of some length', () => {
      const suppressed = ['AwsSolutions', 'NIST.800.53.R5', 'cdk-validator-cfnguard'].flatMap((name) => reportOf(name).suppressedViolations);
      expect(suppressed.length).toBeGreaterThan(50);
      for (const s of suppressed) {
        expect({ rule: s.ruleName, at: s.acknowledgedAt, reason: s.reason.length > 40 }).toEqual({ rule: s.ruleName, at: expect.any(String), reason: true });
      }
    });

    test('the library\'s constructs acknowledge their by-design findings themselves; the example only its own stand-ins', () => {
      const suppressed = ['AwsSolutions', 'NIST.800.53.R5', 'cdk-validator-cfnguard'].flatMap((name) => reportOf(name).suppressedViolations);
      const at = (rule: string, construct: string) => suppressed.find((s: any) => s.ruleName === rule && s.acknowledgedAt === construct);
      expect(at('s3_bucket_logging_enabled_check', 'LogPlatform/Central/Central/Archive/AccessLogBucket').reason).toMatch(/cannot log to itself/);
      expect(at('sqs_dlq_check', 'HostingPlatform/Regional/TamperEvents/Forwarder/DeadLetterQueue').reason).toMatch(/itself the dead-letter queue/);
      expect(at('s3_bucket_object_lock_enabled_check', 'LogPlatform/Central/Central/Archive/CloudtrailBucket').reason).toMatch(/Object Lock vault/);
      // Suppressions made in bin/ are about the example's VPCs (and aws-cdk-lib's custom resource that closes their default
      // security groups), load balancer, cluster and pipeline only.
      const fromExample = suppressed.filter((s: any) => /bin\/rule-packs/.test(s.acknowledgedStackTrace ?? ''));
      expect(fromExample.length).toBeGreaterThan(0);
      for (const s of fromExample) {
        expect(s.acknowledgedAt).toMatch(/\/(Vpc|Custom::VpcRestrictDefaultSGCustomResourceProvider|LoadBalancer|Cluster|Pipeline|Deploy|SourceBucket|Pipeline\/ArtifactsBucket|Bastions|Database|Orders|Uploads)$/);
      }
    });

    test('no KMS key lets a principal create grants except for an AWS resource or as an AWS service (CT.KMS.PR.3, fixed, not suppressed)', () => {
      let keys = 0;
      for (const stack of built.app.node.findAll().filter((c): c is Stack => Stack.isStack(c))) {
        // A StackSet's template is a file of the parent's assembly, not an artifact of its own.
        const template = stack instanceof StackSetStack
          ? Template.fromJSON(JSON.parse(fs.readFileSync(path.join(built.outdir, stack.templateFile), 'utf8')))
          : Template.fromStack(stack);
        for (const key of Object.values(template.findResources('AWS::KMS::Key')) as any[]) {
          keys += 1;
          expect(key.Properties.KeyPolicy.Statement).toContainEqual(expect.objectContaining({
            Effect: 'Deny',
            Action: 'kms:CreateGrant',
            Principal: { AWS: '*' },
            Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
          }));
        }
      }
      expect(keys).toBeGreaterThan(20);
    });
  });

  const withJq = hasJq() ? test : test.skip;
  withJq('the README\'s CI gate passes on the example\'s report, and the summary beside it fits a pull-request comment', () => {
    // The hosting platform's report-level gate accepts the example's gaps, so synth passed (beforeAll); the README's
    // workflow step then reads cdk.out/log-collection-report.json of the project directory.
    expect(runGate(path.dirname(built.outdir))).toEqual({ code: 0, output: '' });
    expect(fs.readFileSync(path.join(built.outdir, 'log-collection-report-summary.md'), 'utf8').length).toBeLessThanOrEqual(65536);
  });

  test('synthesises with every declaration passing its checks (no unacknowledged error)', () => {
    const validation = JSON.parse(fs.readFileSync(path.join(built.outdir, 'validation-report.json'), 'utf8'));
    const packs = validation.pluginReports.filter((p: any) => p.pluginName === 'LogCollection');
    expect(packs.length).toBeGreaterThan(0);
    for (const pack of packs) {
      expect(pack.conclusion).toBe('success');
      expect(pack.violations.filter((v: any) => v.severity === 'error')).toEqual([]);
    }
  });

  test('central stack: landing buckets without Object Lock replicate into one Object Lock vault; a queue and dead-letter queue per landing bucket; destination, Firehose and an organisation-scoped bus', () => {
    const template = Template.fromStack(built.central);
    const locked = template.findResources('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: true } });
    expect(Object.values(locked).map((b: any) => b.Properties.BucketName)).toEqual(['seclog-vault-111111111111-eu-west-2']);
    const vault = Object.values(locked)[0] as any;
    expect(vault.DeletionPolicy).toBe('Retain');
    expect(vault.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
    expect(vault.Properties.ObjectLockConfiguration.Rule.DefaultRetention).toEqual({ Mode: 'COMPLIANCE', Days: 400 });
    // The six archive landing buckets and the region's load balancer landing notify SIEM queues.
    const notified = Object.values(template.findResources('AWS::S3::Bucket', { Properties: { NotificationConfiguration: Match.anyValue() } })) as any[];
    expect(notified).toHaveLength(7);
    const landing = notified.filter((b) => !b.Properties.BucketName.startsWith('seclog-elb-landing-'));
    expect(landing).toHaveLength(6);
    for (const bucket of landing) {
      expect(bucket.DeletionPolicy).toBe('Retain');
      expect(bucket.Properties.ObjectLockEnabled).toBeUndefined();
      expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('aws:kms');
      expect(bucket.Properties.NotificationConfiguration.QueueConfigurations).toHaveLength(1);
      const [rule] = bucket.Properties.ReplicationConfiguration.Rules;
      expect(rule.Destination).toMatchObject({ Bucket: 'arn:aws:s3:::seclog-vault-111111111111-eu-west-2', StorageClass: 'GLACIER_IR' });
      expect(rule.SourceSelectionCriteria).toEqual({ SseKmsEncryptedObjects: { Status: 'Enabled' } });
    }
    // Seven SIEM queues (six archive families, the load balancer landing), each with a dead-letter queue (plus the
    // event bus target's dead-letter queue).
    const queues = Object.values(template.findResources('AWS::SQS::Queue')) as any[];
    const withDlq = queues.filter((q) => q.Properties.RedrivePolicy);
    expect(withDlq).toHaveLength(7);
    expect(new Set(withDlq.map((q) => JSON.stringify(q.Properties.RedrivePolicy.deadLetterTargetArn))).size).toBe(7);
    expect(withDlq.map((q) => q.Properties.QueueName)).toContain('seclog-elb-landing-objects');
    template.resourceCountIs('AWS::Logs::Destination', 1);
    template.resourceCountIs('AWS::KinesisFirehose::DeliveryStream', 2);
    template.hasResourceProperties('AWS::Events::EventBus', { Name: 'seclog-security-events' });
    expect(JSON.stringify(template.findResources('AWS::Events::EventBusPolicy')) + JSON.stringify(template.findResources('AWS::Events::EventBus')))
      .toContain('"aws:PrincipalOrgID":"o-exampleorg1"');
  });

  test('hosting platform: query logging for every VPC, REJECT flow logs to the central bucket, trail, rules to the central bus, EKS audit logs', () => {
    const template = Template.fromStack(built.hostingPlatform);
    const vpcs = Object.keys(template.findResources('AWS::EC2::VPC'));
    expect(vpcs.length).toBeGreaterThan(0);
    for (const vpc of vpcs) {
      template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', { ResourceId: { Ref: vpc } });
      template.hasResourceProperties('AWS::EC2::FlowLog', {
        ResourceId: { Ref: vpc },
        TrafficType: 'REJECT',
        LogDestinationType: 's3',
        LogDestination: `arn:aws:s3:::seclog-${LogFamily.VPC_FLOW}-111111111111-eu-west-2`,
        LogFormat: Match.stringLikeRegexp('\\$\\{action\\}'),
      });
    }
    template.hasResourceProperties('AWS::CloudTrail::Trail', {
      IsMultiRegionTrail: true,
      EnableLogFileValidation: true,
      KMSKeyId: CONTEXT.centralArchiveKeyArn,
    });
    const busArn = 'arn:aws:events:eu-west-2:111111111111:event-bus/seclog-security-events';
    const rules = Object.values(template.findResources('AWS::Events::Rule')) as any[];
    const toBus = rules.filter((r) => (r.Properties.Targets ?? []).some((t: any) => t.Arn === busArn));
    const sources = JSON.stringify(toBus.map((r) => r.Properties.EventPattern));
    expect(sources).toContain('aws.codepipeline');
    expect(sources).toContain('sso.amazonaws.com');
    template.hasResourceProperties('AWS::EKS::Cluster', {
      Logging: { ClusterLogging: { EnabledTypes: Match.arrayWith([{ Type: 'api' }, { Type: 'audit' }, { Type: 'authenticator' }]) } },
    });
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      DestinationArn: 'arn:aws:logs:eu-west-2:111111111111:destination:seclog-cloudwatch-destination',
    });
  });

  test('IAM events are forwarded from us-east-1; console sign-ins from each of the four sign-in regions, once', () => {
    expect(built.hostingPlatformIam.region).toBe('us-east-1');
    const patternsOf = (stack: Stack) => JSON.stringify(Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule'))
      .map((r: any) => r.Properties.EventPattern));
    expect(patternsOf(built.hostingPlatformIam)).toContain('iam.amazonaws.com');
    expect(patternsOf(built.hostingPlatformIam)).not.toContain('ConsoleLogin');
    for (const signIn of [built.hostingPlatformSignIn, built.customApplicationSignIn]) {
      expect(signIn.stacks.map((st) => st.region)).toEqual(['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2']);
      for (const stack of signIn.stacks) {
        expect(patternsOf(stack)).toContain('ConsoleLogin');
        Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
          Targets: [Match.objectLike({ Arn: 'arn:aws:events:eu-west-2:111111111111:event-bus/seclog-security-events', RoleArn: Match.anyValue() })],
        });
      }
    }
  });

  test('the one sign-in correlator runs in the central stack, fed by a rule on the central bus', () => {
    const template = Template.fromStack(built.central);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventBusName: Match.anyValue(),
      EventPattern: Match.objectLike({ detail: Match.objectLike({ eventSource: ['signin.amazonaws.com'] }) }),
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('SignInCorrelationCorrelator'), 'Arn'] } })],
    });
    for (const stack of [built.hostingPlatform, built.hostingPlatformIam]) {
      Template.fromStack(stack).resourceCountIs('AWS::DynamoDB::Table', 0);
    }
    // The custom application's only table is its own Orders table.
    expect(Object.keys(Template.fromStack(built.customApplication).findResources('AWS::DynamoDB::Table'))).toEqual([
      expect.stringMatching(/^Orders/),
    ]);
  });

  test('custom application: the Plus-plan user pool delivers userAuthEvents to the central account', () => {
    const template = Template.fromStack(built.customApplication);
    template.hasResourceProperties('AWS::Cognito::UserPool', { UserPoolTier: 'PLUS' });
    template.hasResourceProperties('AWS::Cognito::LogDeliveryConfiguration', {
      LogConfigurations: Match.arrayWith([Match.objectLike({
        EventSource: 'userAuthEvents',
        S3Configuration: { BucketArn: `arn:aws:s3:::seclog-${LogFamily.EXPORTS}-111111111111-eu-west-2` },
      })]),
    });
  });

  test('custom application (CA-E2): the Aurora cluster exports its pgAudit log to a retained log group subscribed to the central destination', () => {
    const template = Template.fromStack(built.customApplication);
    template.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-postgresql16',
      Parameters: Match.objectLike({ 'shared_preload_libraries': 'pgaudit', 'pgaudit.log': 'read,write,role,ddl', 'log_connections': '1' }),
    });
    const [groupId] = Object.keys(template.findResources('AWS::RDS::DBClusterParameterGroup'));
    template.hasResourceProperties('AWS::RDS::DBCluster', {
      DBClusterIdentifier: 'custom-application-db',
      DBClusterParameterGroupName: { Ref: groupId },
      EnableCloudwatchLogsExports: ['postgresql'],
    });
    const logGroups = template.findResources('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/aws/rds/cluster/custom-application-db/postgresql' },
    });
    const [[logGroupId, logGroup]] = Object.entries(logGroups) as [string, any][];
    expect(logGroup.DeletionPolicy).toBe('Retain');
    expect(logGroup.Properties).toEqual(expect.objectContaining({ RetentionInDays: 90, DeletionProtectionEnabled: true, KmsKeyId: expect.anything() }));
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: { Ref: logGroupId },
      DestinationArn: 'arn:aws:logs:eu-west-2:111111111111:destination:seclog-cloudwatch-destination',
    });
  });

  test('custom application (CA-E2): the trail selects DynamoDB and S3 data events scoped to the named table and bucket', () => {
    const template = Template.fromStack(built.customApplication);
    const [trail] = Object.values(template.findResources('AWS::CloudTrail::Trail')) as any[];
    const data = trail.Properties.AdvancedEventSelectors.filter((s: any) => s.FieldSelectors.some((f: any) => f.Field === 'eventCategory' && f.Equals[0] === 'Data'));
    const scope = (type: string) => data.find((s: any) => s.FieldSelectors.some((f: any) => f.Field === 'resources.type' && f.Equals[0] === type))
      ?.FieldSelectors.find((f: any) => f.Field === 'resources.ARN');
    const [tableId] = Object.keys(template.findResources('AWS::DynamoDB::Table'));
    const [bucketId] = Object.keys(template.findResources('AWS::S3::Bucket', { Properties: { VersioningConfiguration: Match.anyValue() } }));
    expect(scope('AWS::DynamoDB::Table').StartsWith).toEqual([{ 'Fn::GetAtt': [tableId, 'Arn'] }]);
    expect(scope('AWS::S3::Object').StartsWith).toEqual([{ 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId, 'Arn'] }, '/']] }]);
  });

  test('custom application (CA-E2): the uploads bucket sends S3 server access logs to an SSE-S3 bucket that replicates into the vault', () => {
    const template = Template.fromStack(built.customApplication);
    const [logId, logBucket] = Object.entries(template.findResources('AWS::S3::Bucket', {
      Properties: { ReplicationConfiguration: Match.anyValue() },
    }))[0] as [string, any];
    expect(logBucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(logBucket.Properties.ReplicationConfiguration.Rules[0].Destination.Bucket)
      .toBe(`arn:aws:s3:::seclog-vault-${built.central.account}-${built.central.region}`);
    template.hasResourceProperties('AWS::S3::Bucket', { LoggingConfiguration: { DestinationBucketName: { Ref: logId } } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'OperationsFailedReplication', AlarmActions: Match.anyValue() });
  });

  test('the report shows CA-E2 applicable and PARTIAL for the custom application, its evidence naming the database audit log', () => {
    const caE2 = requirementOf(report(built.outdir), 'CustomApplication', 'CA-E2');
    expect(['MET', 'PARTIAL']).toContain(caE2.status);
    expect(caE2.findings).toEqual([]);
    expect(caE2.resources.map((r: any) => r.type)).toEqual(expect.arrayContaining(['AWS::RDS::DBCluster', 'AWS::DynamoDB::Table', 'AWS::S3::Bucket']));
    const notes = caE2.evidence.map((e: any) => e.note).join('\n');
    expect(notes).toContain('Aurora PostgreSQL cluster CustomApplication/Regional/Database/Resource: pgAudit and PostgreSQL connection and duration logging');
    expect(notes).toContain('3 data store(s) audited, 1 by their own audit log, 1 by S3 server access logs and 1 by CloudTrail data events only');
    // The uploads bucket's server access logs carry the response size and time that data events lack.
    expect(notes).toMatch(/S3 bucket CustomApplication\/Regional\/Uploads: CloudTrail data events \(trail [^)]*\) and S3 server access logs .*every CA-E2 item\./);
  });

  test('the coverage report lists every applicable requirement of each declaration with a status', () => {
    const doc = report(built.outdir);
    expect(doc.declarations.map((d: any) => d.scope).sort()).toEqual(['CustomApplication', 'HostingPlatform', 'LogPlatform']);
    const statuses = ['MET', 'PARTIAL', 'NOT_MET', 'NOT_POSSIBLE_ON_AWS', 'NOT_APPLICABLE'];
    for (const d of doc.declarations) {
      expect(d.requirements).toHaveLength(30);
      for (const r of d.requirements) {
        expect(statuses).toContain(r.status);
      }
    }
    expect(requirementOf(doc, 'HostingPlatform', 'HP-E1').status).toBe('PARTIAL');
    expect(requirementOf(doc, 'HostingPlatform', 'HP-E1').resources).toEqual([
      expect.objectContaining({ constructPath: 'HostingPlatform/Regional/GuestSources/FirewallLogging/Resource', type: 'AWS::NetworkFirewall::LoggingConfiguration' }),
      expect.objectContaining({ stack: 'HostingPlatform', constructPath: 'HostingPlatform/Regional/Vpc/Resource', type: 'AWS::EC2::VPC' }),
    ]);
  });

  test('guest-level sources: HP-B2, HP-B4, HP-E5 and PU-2 are not NOT_MET, each with its evidence', () => {
    const doc = report(built.outdir);
    const expected: Record<string, RegExp> = {
      'HP-B2': /sshd LogLevel VERBOSE/,
      'HP-B4': /delivers ALERT, FLOW logs/,
      'HP-E5': /Logging Made Easy event set/,
      'PU-2': /synchronises to 169\.254\.169\.123/,
    };
    for (const [id, note] of Object.entries(expected)) {
      const r = requirementOf(doc, 'HostingPlatform', id);
      expect([id, r.status]).not.toEqual([id, 'NOT_MET']);
      expect(['MET', 'PARTIAL']).toContain(r.status);
      expect(r.evidence.map((e: any) => e.note).join('\n')).toMatch(note);
    }
  });

  test('guest-level sources: the agent configurations carry the LME event ids, the Linux auth logs and chrony; the firewall logs ALERT and FLOW centrally', () => {
    const template = Template.fromStack(built.hostingPlatform).toJSON();
    const resources = Object.values(template.Resources) as any[];
    const configs = resources.filter((r) => r.Type === 'AWS::SSM::Parameter' && /^AmazonCloudWatch-/.test(r.Properties.Name))
      .map((r) => JSON.parse(r.Properties.Value).logs.logs_collected);
    const security = configs.flatMap((c) => c.windows_events?.collect_list ?? []).find((e: any) => e.event_name === 'Security');
    expect(security.event_ids).toEqual(expect.arrayContaining([4624, 4625, 4720, 4732, 1102]));
    const files = configs.flatMap((c) => c.files?.collect_list ?? []).map((f: any) => f.file_path);
    expect(files).toEqual(expect.arrayContaining(['/var/log/secure', '/var/log/auth.log', '/var/log/chrony/tracking.log']));
    const logging = resources.find((r) => r.Type === 'AWS::NetworkFirewall::LoggingConfiguration');
    expect(logging.Properties.LoggingConfiguration.LogDestinationConfigs.map((d: any) => [d.LogType, d.LogDestination.bucketName])).toEqual([
      ['ALERT', expect.stringMatching(/^seclog-vpc-flow-\d{12}-/)],
      ['FLOW', expect.stringMatching(/^seclog-vpc-flow-\d{12}-/)],
    ]);
  });

  test('an acknowledged finding appears in the report with its reason', () => {
    const lm4 = requirementOf(report(built.outdir), 'LogPlatform', 'LM-4');
    expect(lm4.acknowledgements.filter((a: any) => a.constructPath.startsWith('LogPlatform/Central/'))).toEqual([
      expect.objectContaining({
        ruleId: 'LogCollection-LM-4-Encryption',
        constructPath: 'LogPlatform/Central/Central/Archive/AccessLogBucket/Resource',
        reason: expect.stringMatching(/server access logging delivers only to buckets whose default encryption is SSE-S3/),
      }),
      expect.objectContaining({
        constructPath: 'LogPlatform/Central/LoadBalancerLogs/AccessLogBucket/Resource',
        reason: expect.stringMatching(/S3 server access logging delivers only to SSE-S3 buckets/),
      }),
      expect.objectContaining({
        constructPath: 'LogPlatform/Central/LoadBalancerLogs/Bucket/Resource',
        reason: expect.stringMatching(/Application Load Balancer access logs are delivered only to SSE-S3 buckets/),
      }),
    ]);
  });

  test('custom application: the ALB writes access logs to the SSE-S3 landing bucket of its region, which replicates into the vault', () => {
    const app = Template.fromStack(built.customApplication);
    const bucketName = `seclog-elb-landing-111111111111-${CONTEXT.centralRegion}`;
    app.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Type: 'application',
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: bucketName },
      ]),
    });
    expect(built.customApplication.region).toBe(built.central.region);
    expect(built.customApplication.dependencies).toContain(built.central);
    const central = Template.fromStack(built.central);
    const [landing] = Object.values(central.findResources('AWS::S3::Bucket', { Properties: { BucketName: bucketName } })) as any[];
    expect(landing.Properties.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(landing.Properties.ReplicationConfiguration.Rules[0].Destination.Bucket).toBe('arn:aws:s3:::seclog-vault-111111111111-eu-west-2');
  });

  test('central stack: every alarm of the archive and the load balancer landing, replication failures included, notifies the alarm topic', () => {
    const alarms = Object.entries(Template.fromStack(built.central).findResources('AWS::CloudWatch::Alarm'))
      .filter(([id]) => /^(CentralArchive|LoadBalancerLogs)/.test(id)).map(([, alarm]) => alarm) as any[];
    // six landing buckets and the access-log bucket; the load balancer landing and its access-log bucket
    expect(alarms.filter((a) => a.Properties.MetricName === 'OperationsFailedReplication')).toHaveLength(9);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^AlarmTopic/) }]);
    }
  });

  test('Resolver query logging: one shared configuration per region, the central region\'s into the archive\'s DNS bucket; the hosting platform associates with it', () => {
    const orgArn = `arn:aws:organizations::${CONTEXT.managementAccount}:organization/${CONTEXT.organizationId}`;
    const central = Template.fromStack(built.central);
    central.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig', {
      DestinationArn: `arn:aws:s3:::seclog-dns-query-111111111111-${CONTEXT.centralRegion}`,
    });
    central.hasResourceProperties('AWS::RAM::ResourceShare', { Principals: [orgArn], AllowExternalPrincipals: false });
    const hosting = Template.fromStack(built.hostingPlatform);
    hosting.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfig', 0);
    hosting.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', {
      ResolverQueryLogConfigId: CONTEXT.centralResolverQueryLogConfigId,
    });
  });

  test('second region: the central account\'s landing buckets, shared Resolver configuration, destination and alarms, deployed after the central stack', () => {
    const second = built.centralSecondRegion!;
    expect(second.region).toBe(CONTEXT.secondRegion);
    expect(second.account).toBe(CONTEXT.centralAccount);
    expect(second.dependencies).toContain(built.central);
    const template = Template.fromStack(second);
    const dnsLanding = `seclog-dns-query-landing-111111111111-${CONTEXT.secondRegion}`;
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig', { DestinationArn: `arn:aws:s3:::${dnsLanding}` });
    template.resourceCountIs('AWS::RAM::ResourceShare', 1);
    template.resourceCountIs('AWS::Logs::Destination', 1);
    const buckets = Object.values(template.findResources('AWS::S3::Bucket')) as any[];
    expect(buckets.map((b) => b.Properties.BucketName).sort()).toEqual([
      `seclog-dns-query-access-111111111111-${CONTEXT.secondRegion}`, dnsLanding,
      `seclog-elb-access-logs-111111111111-${CONTEXT.secondRegion}`, `seclog-elb-landing-111111111111-${CONTEXT.secondRegion}`,
    ].sort());
    for (const bucket of buckets) {
      expect(bucket.Properties.ObjectLockEnabled).toBeUndefined();
      expect(bucket.Properties.ReplicationConfiguration.Rules[0].Destination.Bucket).toBe('arn:aws:s3:::seclog-vault-111111111111-eu-west-2');
    }
    // The SIEM hand-off follows the archive's: both landings notify a queue of this region.
    expect(second.dnsLanding.siemQueue).toBeDefined();
    expect(second.loadBalancerLogs.siemQueue).toBeDefined();
    const notified = buckets.filter((b) => b.Properties.NotificationConfiguration).map((b) => b.Properties.BucketName).sort();
    expect(notified).toEqual([dnsLanding, `seclog-elb-landing-111111111111-${CONTEXT.secondRegion}`].sort());
  });

  test('issue 12 "done when": in every central-account stack, each bucket but the vault is unlocked and replicates into the locked vault (non-STANDARD class, SSE-KMS selected), and every bucket denies version deletion and policy changes to all but break-glass', () => {
    const vault = `seclog-vault-111111111111-${CONTEXT.centralRegion}`;
    const stacks = built.app.node.findAll().filter((c): c is Stack => Stack.isStack(c) && c.account === CONTEXT.centralAccount);
    expect(stacks.length).toBe(2);
    let checked = 0;
    for (const stack of stacks) {
      const template = Template.fromStack(stack);
      const policies = Object.values(template.findResources('AWS::S3::BucketPolicy')) as any[];
      for (const [id, bucket] of Object.entries(template.findResources('AWS::S3::Bucket')) as Array<[string, any]>) {
        checked++;
        const props = bucket.Properties;
        if (props.BucketName === vault) {
          expect(props.ObjectLockConfiguration.Rule.DefaultRetention).toMatchObject({ Mode: 'COMPLIANCE' });
        } else {
          expect(props.ObjectLockEnabled).toBeUndefined();
          const [rule] = props.ReplicationConfiguration.Rules;
          expect(rule).toMatchObject({ Status: 'Enabled', Filter: { Prefix: '' }, Destination: { Bucket: `arn:aws:s3:::${vault}` } });
          expect(['GLACIER_IR', 'STANDARD_IA', 'INTELLIGENT_TIERING', 'GLACIER', 'DEEP_ARCHIVE']).toContain(rule.Destination.StorageClass);
          const sse = props.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm;
          if (sse === 'aws:kms') {
            expect(rule.SourceSelectionCriteria).toEqual({ SseKmsEncryptedObjects: { Status: 'Enabled' } });
          }
        }
        const policy = policies.find((p) => p.Properties.Bucket.Ref === id);
        const deny = policy.Properties.PolicyDocument.Statement.find((st: any) => st.Sid === 'DenyLogDeletionAndPolicyChangesExceptBreakGlass');
        expect(deny.Action).toEqual(expect.arrayContaining(['s3:DeleteObjectVersion', 's3:PutBucketPolicy', 's3:DeleteBucketPolicy']));
        expect(deny.Condition.ArnNotLike['aws:PrincipalArn']).toEqual([`arn:aws:iam::111111111111:role/${CONTEXT.breakGlassRoleName}`]);
      }
    }
    expect(checked).toBe(14); // central: 6 landing, access logs, vault, ELB landing and its access logs; second region: 4
  });

  test('management account: a service-managed StackSet with automatic deployment to the OU in two regions, whose template carries the account-level sources', () => {
    Template.fromStack(built.organization).hasResourceProperties('AWS::CloudFormation::StackSet', {
      PermissionModel: 'SERVICE_MANAGED',
      AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: true },
      StackInstancesGroup: [Match.objectLike({
        DeploymentTargets: Match.objectLike({ OrganizationalUnitIds: CONTEXT.baselineOrganizationalUnitIds.split(',') }),
        Regions: CONTEXT.baselineRegions.split(','),
      })],
      OperationPreferences: Match.objectLike({ FailureTolerancePercentage: 10, MaxConcurrentPercentage: 25 }),
    });
    const baseline = JSON.parse(fs.readFileSync(path.join(built.outdir, built.organization.baseline.template.templateFile), 'utf8'));
    const types = new Set(Object.values(baseline.Resources).map((r: any) => r.Type));
    for (const type of ['AWS::Logs::AccountPolicy', 'AWS::Scheduler::Schedule', 'AWS::Lambda::Function', 'AWS::Events::Rule']) {
      expect(types).toContain(type);
    }
    const ids = Object.keys(baseline.Resources).join(' ');
    for (const source of ['IdentityEvents', 'PipelineEvents', 'ComputeEvents', 'SecurityFindings', 'TamperEvents', 'VpcBaseline', 'AllLogGroups']) {
      expect(ids).toContain(source);
    }
    // Its Lambda code is copied into an asset bucket in each region, made by a stack the organisation stack depends on.
    expect(built.organization.baselineAssets.map((st) => st.region)).toEqual(CONTEXT.baselineRegions.split(','));
    for (const assets of built.organization.baselineAssets) {
      expect(built.organization.dependencies).toContain(assets);
    }
  });

  test('every CloudWatch alarm of every stack has an action: an SNS topic of its own stack, account and region (PU-3, #13)', () => {
    const stacks = built.app.node.findAll().filter((c): c is Stack => Stack.isStack(c));
    let count = 0;
    for (const stack of stacks) {
      // A StackSet's template is a file asset of its parent, not a stack artifact of the assembly.
      const template = stack instanceof StackSetStack
        ? Template.fromJSON(JSON.parse(fs.readFileSync(path.join(built.outdir, stack.templateFile), 'utf8')))
        : Template.fromStack(stack);
      const topics = Object.keys(template.findResources('AWS::SNS::Topic'));
      for (const [id, alarm] of Object.entries(template.findResources('AWS::CloudWatch::Alarm')) as [string, any][]) {
        count += 1;
        const actions = alarm.Properties.AlarmActions ?? [];
        expect({ alarm: `${stack.stackName}/${id}`, actions: actions.length }).toEqual({ alarm: `${stack.stackName}/${id}`, actions: 1 });
        expect(topics).toContain(actions[0].Ref);
      }
    }
    expect(count).toBeGreaterThan(40);
  });

  // Issue 19, "Done when": the example's central stack analyses the archive in place, and the report names it.
  describe('its archive analysis', () => {
    test('the central stack has the workgroup (archive key, enforced, scan limit), projected tables, named queries and the monthly schedule', () => {
      const template = Template.fromStack(built.central);
      template.hasResourceProperties('AWS::Athena::WorkGroup', {
        WorkGroupConfiguration: Match.objectLike({
          EnforceWorkGroupConfiguration: true,
          BytesScannedCutoffPerQuery: Match.anyValue(),
          ResultConfiguration: Match.objectLike({ EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: Match.anyValue() } }),
        }),
      });
      const tables = Object.values(template.findResources('AWS::Glue::Table'))
        .filter((t: any) => t.Properties.TableInput.Parameters['projection.enabled'] === 'true');
      expect(tables.length).toBeGreaterThanOrEqual(4);
      expect(Object.keys(template.findResources('AWS::Athena::NamedQuery')).length).toBeGreaterThanOrEqual(6);
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: Match.stringLikeRegexp('^cron\\(0 6 ([1-9]|1[0-9]|2[0-8]) \\* \\? \\*\\)$'),
        Target: Match.objectLike({ Input: '{"kind":"monthly-review"}' }),
      });
    });

    test('the analyst and the review function may read the archive (its readers)', () => {
      expect(built.central.central.archive.readerRoleArns).toEqual([
        `arn:aws:iam::${CONTEXT.centralAccount}:role/SecurityAnalyst`,
        `arn:aws:iam::${CONTEXT.centralAccount}:role/seclog-archive-review`,
      ]);
    });

    test('the report\'s LM-6, PU-1 and PU-3 evidence names the workgroup, tables, schedules and queries', () => {
      const platform = report(built.outdir).declarations.find((d: any) => d.scope === 'LogPlatform');
      const types = (id: string) => new Set(platform.requirements.find((r: any) => r.id === id).resources
        .filter((r: any) => r.constructPath.includes('/Analysis/')).map((r: any) => r.type));
      expect([...types('LM-6')]).toEqual(expect.arrayContaining(['AWS::Athena::WorkGroup', 'AWS::Glue::Table']));
      expect([...types('PU-1')]).toEqual(expect.arrayContaining(['AWS::Scheduler::Schedule', 'AWS::Athena::NamedQuery']));
      expect([...types('PU-3')]).toEqual(expect.arrayContaining(['AWS::Scheduler::Schedule', 'AWS::Athena::NamedQuery', 'AWS::Lambda::Function']));
    });

    test('the Markdown report lists the detections with their requirement ids', () => {
      const markdown = fs.readFileSync(path.join(built.outdir, 'log-collection-report.md'), 'utf8');
      for (const name of ['root-and-break-glass-use (PU-3)', 'flow-rejects-to-sensitive-ports (HP-E1)', 'signin-success-after-failures (HP-B1, CA-B1)']) {
        expect(markdown).toContain(name);
      }
    });

    test('the LM-4 workgroup rule finds the example\'s workgroup compliant', () => {
      const validation = JSON.parse(fs.readFileSync(path.join(built.outdir, 'validation-report.json'), 'utf8'));
      const findings = validation.pluginReports.flatMap((p: any) => p.violations ?? [])
        .filter((v: any) => String(v.ruleName).includes('AthenaWorkgroup'));
      expect(findings).toEqual([]);
    });
  });

  test('a second synthesis, without the common rule packs, gives byte-identical report files: the report is deterministic, and the common packs do not change it', () => {
    const second = example();
    second.app.synth();
    for (const file of ['log-collection-report.json', 'log-collection-report.md']) {
      // As text: jest compares strings at once, but a Buffer byte by byte through its generic equality (seconds per MB).
      expect(fs.readFileSync(path.join(second.outdir, file), 'utf8')).toBe(fs.readFileSync(path.join(built.outdir, file), 'utf8'));
    }
  });
});

describe('the commonRulePacks context value', () => {
  test('-c commonRulePacks=true turns the common packs on; absent, they are off; hostingFlowLogs is on when absent', () => {
    expect(readSettings(new App({ context: { ...CONTEXT, commonRulePacks: 'true' } })).commonRulePacks).toBe(true);
    expect(readSettings(new App({ context: CONTEXT })).commonRulePacks).toBe(false);
    expect(readSettings(new App({ context: CONTEXT })).hostingFlowLogs).toBe(true);
    expect(readSettings(new App({ context: { ...CONTEXT, hostingFlowLogs: false } })).hostingFlowLogs).toBe(false);
  });

  test('with the context value on, the app registers the three packs beside ours', () => {
    const register = jest.spyOn(rulePacks, 'addCommonRulePacks');
    const { app } = buildExampleApp(new App({ context: { ...CONTEXT, commonRulePacks: 'true' } }));
    expect(register).toHaveBeenCalledWith(app);
    register.mockClear();
    buildExampleApp(new App({ context: CONTEXT }));
    expect(register).not.toHaveBeenCalled();
  });

  test('a value that is not a boolean is an error naming it and the fix', () => {
    expect(() => buildExampleApp(new App({ context: { ...CONTEXT, commonRulePacks: 'maybe' } })))
      .toThrow("commonRulePacks 'maybe' is not a boolean; pass -c commonRulePacks=true or leave it out.");
  });
});
