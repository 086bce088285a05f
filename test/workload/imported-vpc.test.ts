import { App, Fn, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../../lib/central/targets';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../../lib/requirements/types';
import { WorkloadLogCollection } from '../../lib/workload/workload-log-collection';
import { WorkloadLogCollectionProps } from '../../lib/workload/workload-log-collection-props';

/** Imported and looked-up VPCs handed to WorkloadLogCollection: covered by their id, or refused, never silent. */

const ACCOUNT = '111111111111';
const VPC_ID = 'vpc-0123456789abcdef0';
const central = CentralLogTargets.fromAttributes({
  accountId: '999999999999',
  region: 'eu-west-2',
  archiveKeyArn: 'arn:aws:kms:eu-west-2:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab',
});

function workloadStack(): Stack {
  return new Stack(new App(), 'Workload', { env: { account: ACCOUNT, region: 'eu-west-2' } });
}

function collection(scope: Construct, props: Partial<WorkloadLogCollectionProps> = {}): WorkloadLogCollection {
  return new WorkloadLogCollection(scope, 'SecurityLogs', {
    central,
    tier: MaturityTier.ENHANCED,
    profile: LoggingProfile.HOSTING_PLATFORM,
    exposure: ServiceExposure.INTERNAL,
    ...props,
  });
}

function errorsOf(stack: Stack): string[] {
  const app = stack.node.root as App;
  try {
    app.synth();
    return [];
  } catch (e) {
    return [(e as Error).message];
  }
}

describe('WorkloadLogCollection and imported VPCs', () => {
  test('a VPC imported with fromVpcAttributes gets a flow log and a Resolver association by its id', () => {
    // GIVEN
    const stack = workloadStack();
    ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: VPC_ID, availabilityZones: ['eu-west-2a'] });
    // WHEN
    const logs = collection(stack);
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', ResourceId: VPC_ID });
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', { ResourceId: VPC_ID });
    expect(logs.dnsQueryLogging).toBeDefined();
    Annotations.fromStack(stack).hasInfo('/Workload/SecurityLogs',
      Match.stringLikeRegexp(`imported VPC Workload/Imported \\(${VPC_ID}\\) gets Resolver query logging .* and a flow log`));
  });

  test('a VPC whose id is an import value is covered by that value', () => {
    // GIVEN
    const stack = workloadStack();
    ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: Fn.importValue('NetworkVpcId'), availabilityZones: ['eu-west-2a'] });
    // WHEN
    collection(stack);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', { ResourceId: { 'Fn::ImportValue': 'NetworkVpcId' } });
  });

  test('an imported VPC in exclude is left alone', () => {
    // GIVEN
    const stack = workloadStack();
    const imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: VPC_ID, availabilityZones: ['eu-west-2a'] });
    // WHEN
    collection(stack, { exclude: [imported] });
    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::EC2::FlowLog', 0);
    Annotations.fromStack(stack).hasNoWarning('/Workload/SecurityLogs', Match.stringLikeRegexp('exclude\\[0\\]'));
  });

  test('an imported VPC that already has a flow log in the stack keeps it', () => {
    // GIVEN
    const stack = workloadStack();
    const imported = ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: VPC_ID, availabilityZones: ['eu-west-2a'] });
    imported.addFlowLog('Own', { destination: ec2.FlowLogDestination.toS3(new s3.Bucket(stack, 'Bucket')) });
    // WHEN
    collection(stack);
    // THEN
    Template.fromStack(stack).resourceCountIs('AWS::EC2::FlowLog', 1);
    Annotations.fromStack(stack).hasInfo('/Workload/SecurityLogs', Match.stringLikeRegexp('Workload/Imported already has a flow log'));
  });

  test('a VPC owned by another account is refused with an error naming it and the fix', () => {
    // GIVEN a looked-up shared VPC owned by another account (the lookup answered from context)
    const stack = workloadStack();
    stack.node.setContext(
      `vpc-provider:account=${ACCOUNT}:filter.owner-id=222222222222:filter.vpc-id=${VPC_ID}:region=eu-west-2:returnAsymmetricSubnets=true`,
      { vpcId: VPC_ID, availabilityZones: [], ownerAccountId: '222222222222', subnetGroups: [] },
    );
    ec2.Vpc.fromLookup(stack, 'Shared', { vpcId: VPC_ID, ownerAccountId: '222222222222' });
    // WHEN
    collection(stack);
    // THEN
    const errors = errorsOf(stack);
    expect(errors.join('\n')).toMatch(
      new RegExp(`imported VPC Workload/Shared \\(${VPC_ID}\\) is owned by account 222222222222, not by stack 'Workload' ` +
        '\\(account 111111111111\\).*log it in its own account and region .*or list it in exclude'));
  });

  test('a VPC imported from another region is refused with an error naming the region', () => {
    // GIVEN
    const stack = workloadStack();
    ec2.Vpc.fromVpcAttributes(stack, 'Elsewhere', { vpcId: VPC_ID, availabilityZones: ['eu-west-1a'], region: 'eu-west-1' });
    // WHEN
    collection(stack);
    // THEN
    expect(errorsOf(stack).join('\n')).toMatch(/imported VPC Workload\/Elsewhere \(vpc-0123456789abcdef0\) is in region eu-west-1, not in stack 'Workload''s region eu-west-2/);
  });

  test('with flow logs and DNS query logging off, an imported VPC is not touched', () => {
    const stack = workloadStack();
    ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: VPC_ID, availabilityZones: ['eu-west-2a'] });
    collection(stack, { flowLogs: false, dnsQueryLogging: false });
    Template.fromStack(stack).resourceCountIs('AWS::EC2::FlowLog', 0);
  });
});
