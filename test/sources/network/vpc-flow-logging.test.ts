import { App, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CentralLogTargets } from '../../../lib/central/targets';
import { TRANSIT_GATEWAY_FLOW_LOG_FIELDS } from '../../../lib/sources/private/flow-log-fields';
import { awsSource } from '../../../lib/requirements/catalogue';
import { LogSourceName, MaturityTier } from '../../../lib/requirements/types';
import { VpcFlowLogging } from '../../../lib/sources/network/vpc-flow-logging';

const central = CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2' });
const FLOW_BUCKET_ARN = 'arn:aws:s3:::seclog-vpc-flow-111111111111-eu-west-2';

function catalogueFields(): string[] {
  return awsSource('HP-E1', LogSourceName.VPC_FLOW_LOGS).fields ?? [];
}

function format(fields: string[]): string {
  return fields.map((f) => `\${${f}}`).join(' ');
}

function setup() {
  const app = new App();
  const stack = new Stack(app, 'Workload', { env: { account: '222222222222', region: 'eu-west-2' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { natGateways: 0, subnetConfiguration: [] });
  return { app, stack, vpc };
}

describe('VpcFlowLogging', () => {
  test('delivers a VPC flow log straight to the central VPC_FLOW bucket with the catalogue format', () => {
    // GIVEN
    const { stack, vpc } = setup();

    // WHEN
    new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: [vpc] });

    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceType: 'VPC',
      ResourceId: { Ref: Match.stringLikeRegexp('^Vpc') },
      LogDestinationType: 's3',
      LogDestination: FLOW_BUCKET_ARN,
      LogFormat: format(catalogueFields()),
      MaxAggregationInterval: 60,
      DeliverLogsPermissionArn: Match.absent(),
      LogGroupName: Match.absent(),
    });
    template.resourceCountIs('AWS::Logs::LogGroup', 0);
    template.resourceCountIs('AWS::IAM::Role', 0);
  });

  test('flow log keeps only REJECT records at the Enhanced tier (the default)', () => {
    // GIVEN
    const { stack, vpc } = setup();

    // WHEN
    const flowLogs = new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: [vpc] });

    // THEN
    expect(flowLogs.tier).toBe(MaturityTier.ENHANCED);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
  });

  test('flow log keeps ALL records at the Baseline tier, to show resolver-bypassing DNS', () => {
    // GIVEN
    const { stack, vpc } = setup();

    // WHEN
    new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: [vpc], tier: MaturityTier.BASELINE });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
  });

  test('trafficType ALL overrides the tier default', () => {
    // GIVEN
    const { stack, vpc } = setup();

    // WHEN
    new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: [vpc], trafficType: ec2.FlowLogTrafficType.ALL });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
  });

  test('writes plain-text objects under hive-compatible, hourly prefixes by default (PascalCase options)', () => {
    // GIVEN
    const { stack, vpc } = setup();

    // WHEN
    new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: [vpc] });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', {
      DestinationOptions: { FileFormat: 'plain-text', HiveCompatiblePartitions: true, PerHourPartition: true },
    });
  });

  test('can write Parquet objects with daily, non-hive prefixes', () => {
    // GIVEN
    const { stack, vpc } = setup();

    // WHEN
    new VpcFlowLogging(stack, 'FlowLogs', {
      central,
      vpcs: [vpc],
      fileFormat: ec2.FlowLogFileFormat.PARQUET,
      hiveCompatiblePartitions: false,
      perHourPartition: false,
    });

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', {
      DestinationOptions: { FileFormat: 'parquet', HiveCompatiblePartitions: false, PerHourPartition: false },
    });
  });

  test('addVpc adds one flow log per VPC and flowLogs exposes them', () => {
    // GIVEN
    const { stack, vpc } = setup();
    const other = ec2.Vpc.fromVpcAttributes(stack, 'Other', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-2a'] });
    const flowLogs = new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: [vpc] });

    // WHEN
    flowLogs.addVpc(other);

    // THEN
    expect(flowLogs.flowLogs).toHaveLength(2);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 2);
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceId: 'vpc-0123456789abcdef0', ResourceType: 'VPC' });
  });

  test('extraFields are appended after the catalogue fields, without duplicates', () => {
    // GIVEN
    const { stack, vpc } = setup();
    const first = catalogueFields()[0];
    expect(catalogueFields()).not.toContain('ecs-task-id');

    // WHEN
    const flowLogs = new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: [vpc], extraFields: ['ecs-task-id', first] });

    // THEN
    expect(flowLogs.fields).toEqual([...catalogueFields(), 'ecs-task-id']);
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', { LogFormat: format(flowLogs.fields) });
  });

  test('tags every flow log', () => {
    // GIVEN
    const { stack, vpc } = setup();

    // WHEN
    const flowLogs = new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: [vpc], tags: { owner: 'soc' } });
    Tags.of(flowLogs).add('cost-centre', 'security');

    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', {
      Tags: Match.arrayWith([{ Key: 'cost-centre', Value: 'security' }, { Key: 'owner', Value: 'soc' }]),
    });
  });

  describe('transit gateways', () => {
    test('logs a transit gateway with its own field set, no TrafficType and a 60-second interval', () => {
      // GIVEN
      const { stack } = setup();

      // WHEN
      const flowLogs = new VpcFlowLogging(stack, 'FlowLogs', { central, transitGatewayIds: ['tgw-0123456789abcdef0'] });

      // THEN
      Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', {
        ResourceType: 'TransitGateway',
        ResourceId: 'tgw-0123456789abcdef0',
        TrafficType: Match.absent(),
        MaxAggregationInterval: 60,
        LogDestinationType: 's3',
        LogDestination: FLOW_BUCKET_ARN,
        LogFormat: flowLogs.transitGatewayLogFormat,
      });
      expect(flowLogs.transitGatewayFields.every((f) => TRANSIT_GATEWAY_FLOW_LOG_FIELDS.has(f))).toBe(true);
    });

    test('transit gateway format replaces action with the dropped-packet counters', () => {
      // GIVEN: the catalogue asks for the flow's verdict
      expect(catalogueFields()).toContain('action');
      const { stack } = setup();

      // WHEN
      const flowLogs = new VpcFlowLogging(stack, 'FlowLogs', { central, transitGatewayIds: ['tgw-0123456789abcdef0'] });

      // THEN
      expect(flowLogs.transitGatewayLogFormat).not.toContain('${action}');
      expect(flowLogs.transitGatewayFields).toEqual(expect.arrayContaining(['packets-lost-no-route', 'packets-lost-blackhole']));
    });

    test('transit-gateway-only extraFields stay out of the VPC format', () => {
      // GIVEN
      const { stack, vpc } = setup();

      // WHEN
      const flowLogs = new VpcFlowLogging(stack, 'FlowLogs', {
        central,
        vpcs: [vpc],
        transitGatewayIds: ['tgw-0123456789abcdef0'],
        extraFields: ['tgw-pair-attachment-id'],
      });

      // THEN
      expect(flowLogs.logFormat).not.toContain('tgw-pair-attachment-id');
      expect(flowLogs.transitGatewayLogFormat).toContain('${tgw-pair-attachment-id}');
      Template.fromStack(stack).resourceCountIs('AWS::EC2::FlowLog', 2);
    });

    test('rejects a transit gateway id that is not tgw-…', () => {
      // GIVEN
      const { stack } = setup();

      // THEN
      expect(() => new VpcFlowLogging(stack, 'FlowLogs', { central, transitGatewayIds: ['vpc-0123456789abcdef0'] }))
        .toThrow(/transit gateway id 'vpc-0123456789abcdef0' is not a transit gateway id; use 'tgw-'/);
    });

    test('rejects the same transit gateway twice', () => {
      // GIVEN
      const { stack } = setup();
      const flowLogs = new VpcFlowLogging(stack, 'FlowLogs', { central, transitGatewayIds: ['tgw-0123456789abcdef0'] });

      // THEN
      expect(() => flowLogs.addTransitGateway('tgw-0123456789abcdef0'))
        .toThrow(/transit gateway 'tgw-0123456789abcdef0' already has a flow log/);
    });
  });

  describe('bad input', () => {
    test('ACCEPT traffic type is an error: it would drop the DENY records', () => {
      // GIVEN
      const { stack, vpc } = setup();

      // THEN
      expect(() => new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: [vpc], trafficType: ec2.FlowLogTrafficType.ACCEPT }))
        .toThrow(/trafficType 'ACCEPT' would drop the REJECT \(firewall DENY\) records HP-E1 asks for; use FlowLogTrafficType.REJECT/);
    });

    test('no VPC and no transit gateway is an error at synth', () => {
      // GIVEN
      const { app, stack } = setup();

      // WHEN
      new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: [] });

      // THEN
      expect(() => app.synth()).toThrow(/VpcFlowLogging has nothing to log: pass vpcs or transitGatewayIds/);
    });

    test('a VPC added after construction satisfies the nothing-to-log check', () => {
      // GIVEN
      const { app, stack, vpc } = setup();
      const flowLogs = new VpcFlowLogging(stack, 'FlowLogs', { central });

      // WHEN
      flowLogs.addVpc(vpc);

      // THEN
      expect(() => app.synth()).not.toThrow();
      Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
    });

    test('the same VPC twice is an error', () => {
      // GIVEN
      const { stack, vpc } = setup();

      // THEN
      expect(() => new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: [vpc, vpc] }))
        .toThrow(/VPC 'Workload\/Vpc' .* already has a flow log/);
    });

    test('an unknown extra field name is an error naming it', () => {
      // GIVEN
      const { stack, vpc } = setup();

      // THEN
      expect(() => new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: [vpc], extraFields: ['src-addr'] }))
        .toThrow(/extraFields\[0\] 'src-addr' is not a VPC or transit gateway flow log field/);
    });

    test('an extra field wrapped in ${} is an error giving the bare name', () => {
      // GIVEN
      const { stack, vpc } = setup();

      // THEN
      expect(() => new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: [vpc], extraFields: ['${tcp-flags}'] }))
        .toThrow(/extraFields\[0\] '\$\{tcp-flags\}' is wrapped in \$\{\}; give the bare field name 'tcp-flags'/);
    });

    test('an aws: tag key is an error', () => {
      // GIVEN
      const { stack, vpc } = setup();

      // THEN
      expect(() => new VpcFlowLogging(stack, 'FlowLogs', { central, vpcs: [vpc], tags: { 'aws:owner': 'x' } }))
        .toThrow(/tag key 'aws:owner' is not allowed/);
    });
  });
});
