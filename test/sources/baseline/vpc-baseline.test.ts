import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnParameter, Stack, Validations } from 'aws-cdk-lib';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CentralLogTargets } from '../../../lib/central/targets';
import { evidenceOf } from '../../../lib/core/evidence';
import { SWEEP_INPUT, VPC_BASELINE_ENV } from '../../../lib/handlers/vpc-baseline/contract';
import { MaturityTier, ServiceExposure } from '../../../lib/requirements/types';
import { VpcBaseline, VpcBaselineProps } from '../../../lib/sources/baseline/vpc-baseline';
import { VpcFlowLogging } from '../../../lib/sources/network/vpc-flow-logging';
import * as ec2 from 'aws-cdk-lib/aws-ec2';

const central = CentralLogTargets.fromAttributes({ accountId: '999988887777', region: 'eu-west-2' });

function baseline(props: Partial<VpcBaselineProps> = {}, env = false): { stack: Stack; construct: VpcBaseline; template: Template } {
  const stack = new Stack(new App(), 'Baseline', env ? { env: { account: '111122223333', region: 'eu-west-2' } } : {});
  const construct = new VpcBaseline(stack, 'VpcBaseline', { central, exposure: ServiceExposure.INTERNAL, resolverQueryLogConfigId: 'rqlc-1111222233334444', ...props });
  return { stack, construct, template: Template.fromStack(stack) };
}

describe('VpcBaseline', () => {
  const { stack, construct, template } = baseline();

  test('the function gets the same flow log format as VpcFlowLogging (from the catalogue), the central bucket and the shared config id', () => {
    const vpcStack = new Stack(new App(), 'Vpc');
    const flowLogs = new VpcFlowLogging(vpcStack, 'FlowLogs', { central, vpcs: [new ec2.Vpc(vpcStack, 'Vpc', { maxAzs: 1, natGateways: 0 })] });
    expect(construct.logFormat).toBe(flowLogs.logFormat);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      DeadLetterConfig: { TargetArn: Match.anyValue() },
      Environment: {
        Variables: Match.objectLike({
          [VPC_BASELINE_ENV.flowLogFormat]: flowLogs.logFormat,
          [VPC_BASELINE_ENV.flowLogDestinationArn]: 'arn:aws:s3:::seclog-vpc-flow-999988887777-eu-west-2',
          [VPC_BASELINE_ENV.trafficType]: 'REJECT',
          [VPC_BASELINE_ENV.queryLogConfigId]: 'rqlc-1111222233334444',
          [VPC_BASELINE_ENV.accountId]: { Ref: 'AWS::AccountId' },
        }),
      },
    });
  });

  test('an EventBridge rule on CreateVpc, named with the protected prefix, invokes it with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Events::Rule', {
      Name: Match.stringLikeRegexp('^seclog-'),
      EventPattern: {
        'source': ['aws.ec2'],
        'detail-type': ['AWS API Call via CloudTrail'],
        'detail': { eventSource: ['ec2.amazonaws.com'], eventName: ['CreateVpc'] },
      },
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: Match.anyValue() })],
    });
  });

  test('a daily EventBridge Scheduler sweep invokes it with the sweep input, retries and the dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Name: Match.stringLikeRegexp('^seclog-'),
      ScheduleExpression: 'rate(1 day)',
      Target: Match.objectLike({
        Input: JSON.stringify(SWEEP_INPUT),
        DeadLetterConfig: { Arn: Match.anyValue() },
        RetryPolicy: Match.anyValue(),
      }),
    });
  });

  test('its log group is retained and encrypted, and both alarms have an action', () => {
    template.hasResource('AWS::Logs::LogGroup', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ KmsKeyId: Match.anyValue() }) });
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(2);
    for (const alarm of alarms) {
      expect((alarm as any).Properties.AlarmActions.length).toBeGreaterThan(0);
    }
  });

  test('the role may create flow logs and associate the query log config, and deliver to S3', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((s: any) => [s.Action].flat());
    expect(actions).toEqual(expect.arrayContaining([
      'ec2:CreateFlowLogs', 'ec2:DescribeFlowLogs', 'ec2:DescribeVpcs', 'logs:CreateLogDelivery',
      'route53resolver:AssociateResolverQueryLogConfig', 'route53resolver:ListResolverQueryLogConfigAssociations', 'lambda:InvokeFunction',
    ]));
  });

  test('records evidence for HP-E1 and HP-B3', () => {
    expect(evidenceOf(construct).flatMap((e) => e.requirementIds).sort()).toEqual(['HP-B3', 'HP-E1']);
    expect(stack.resolve(construct.trafficType)).toBe('REJECT');
  });

  test('BASELINE tier records ALL traffic; a parameter token is passed through', () => {
    expect(baseline({ tier: MaturityTier.BASELINE }).construct.trafficType).toBe('ALL');
    const s = new Stack(new App(), 'P');
    const param = new CfnParameter(s, 'TrafficType', { default: 'REJECT' });
    const c = new VpcBaseline(s, 'B', { central, exposure: ServiceExposure.INTERNAL, trafficType: param.valueAsString });
    expect(s.resolve(c.trafficType)).toEqual({ Ref: 'TrafficType' });
  });

  test('without a config id the function skips DNS and has no Resolver permissions', () => {
    const t = baseline({ resolverQueryLogConfigId: undefined }).template;
    t.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ [VPC_BASELINE_ENV.queryLogConfigId]: '' }) } });
    expect(JSON.stringify(t.findResources('AWS::IAM::Policy'))).not.toContain('route53resolver');
  });

  test('bad input: a config id that is not rqlc-, ACCEPT traffic, a bad schedule', () => {
    expect(() => baseline({ resolverQueryLogConfigId: 'qlc-123' })).toThrow(/resolverQueryLogConfigId 'qlc-123' is not a Resolver query logging configuration id/);
    expect(() => baseline({ trafficType: 'ACCEPT' })).toThrow(/trafficType 'ACCEPT' would drop the REJECT/);
    expect(() => baseline({ trafficType: 'SOME' })).toThrow(/trafficType 'SOME' is not a flow log traffic type/);
    expect(() => baseline({ sweepScheduleExpression: 'daily' })).toThrow(/sweepScheduleExpression 'daily' is not a rate/);
    expect(() => baseline({ extraFields: ['bogus-field'] })).toThrow(/bogus-field/);
  });
});

describe('cdk-nag', () => {
  // The VPC and flow log ARNs name the stack's partition, region and account: Refs in a stack without an environment,
  // literals in one with an environment (the partition too under @aws-cdk/core:enablePartitionLiterals). The
  // acknowledgements must match the finding in each.
  test.each([
    ['a stack without an environment', false, {}, 'arn:<AWS::Partition>:ec2:<AWS::Region>:<AWS::AccountId>'],
    ['a stack with an environment', true, {}, 'arn:<AWS::Partition>:ec2:eu-west-2:111122223333'],
    ['a stack with an environment and partition literals', true, { '@aws-cdk/core:enablePartitionLiterals': true }, 'arn:aws:ec2:eu-west-2:111122223333'],
  ])('AWS Solutions finds nothing unacknowledged in %s', (_name, env, context, prefix) => {
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'vpc-baseline-nag-')), context });
    const stack = new Stack(app, 'Baseline', env ? { env: { account: '111122223333', region: 'eu-west-2' } } : {});
    new VpcBaseline(stack, 'VpcBaseline', { central, exposure: ServiceExposure.INTERNAL, resolverQueryLogConfigId: 'rqlc-1111222233334444' });
    Validations.of(app).addPlugins(new AwsSolutionsChecks(app));

    const report = JSON.parse(fs.readFileSync(path.join(app.synth().directory, VALIDATION_REPORT_FILE), 'utf8'));

    const nag = report.pluginReports.find((r: any) => r.pluginName === 'AwsSolutions');
    expect(nag.violations).toEqual([]);
    expect(nag.suppressedViolations.map((v: any) => v.ruleName)).toEqual(expect.arrayContaining([
      `AwsSolutions-IAM5[Resource::${prefix}:vpc/*]`,
      `AwsSolutions-IAM5[Resource::${prefix}:vpc-flow-log/*]`,
    ]));
  });
});
