import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../../lib/central/targets';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../../lib/requirements/types';
import { workloadSource } from '../../lib/workload/private/source-table';
import { LibraryConstructName } from '../../lib/workload/source-names';
import { WorkloadLogCollection } from '../../lib/workload/workload-log-collection';
import { WorkloadLogCollectionProps } from '../../lib/workload/workload-log-collection-props';

/** Bad input to WorkloadLogCollection that had no test of its own: each message names the value, the prop and the fix. */

const ACCOUNT = '111111111111';
const central = CentralLogTargets.fromAttributes({
  accountId: '999999999999',
  region: 'eu-west-2',
  archiveKeyArn: 'arn:aws:kms:eu-west-2:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab',
});

function collection(scope: Construct, props: Partial<WorkloadLogCollectionProps> = {}, id = 'SecurityLogs'): WorkloadLogCollection {
  return new WorkloadLogCollection(scope, id, {
    central, tier: MaturityTier.ENHANCED, profile: LoggingProfile.HOSTING_PLATFORM, exposure: ServiceExposure.INTERNAL, ...props,
  });
}

describe('WorkloadLogCollection messages', () => {
  test('an exclude entry that is not a construct is named by its position, with what to list', () => {
    const stack = new Stack(new App(), 'Workload', { env: { account: ACCOUNT, region: 'eu-west-2' } });
    expect(() => collection(stack, { exclude: [undefined as unknown as Construct] })).toThrow(
      'exclude[0] is undefined, not a construct; list the VPCs, clusters, user pools, pipelines, API stages or Client VPN endpoints to skip.');
  });

  test('a nested stack that already has a construct with the collection id is named, with the fix', () => {
    const stack = new Stack(new App(), 'Workload', { env: { account: ACCOUNT, region: 'eu-west-2' } });
    collection(stack);
    const nested = new NestedStack(stack, 'Network');
    new Construct(nested, 'SecurityLogs');
    new ec2.Vpc(nested, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }] });
    expect(() => Template.fromStack(stack)).toThrow(
      "Nested stack 'Workload/Network' already has a construct 'SecurityLogs', where WorkloadLogCollection 'Workload/SecurityLogs' " +
      "puts the sources of the nested stack's resources; give the WorkloadLogCollection another id.");
  });

  test('an EKS cluster in a stack without a region is named, with the fixes', () => {
    const stack = new Stack(new App(), 'Agnostic');
    collection(stack, { tier: MaturityTier.BASELINE, auditTrail: false, identityEvents: false, networkInventory: false });
    new eks.CfnCluster(stack, 'Cluster', {
      name: 'platform', roleArn: `arn:aws:iam::${ACCOUNT}:role/eks`, resourcesVpcConfig: { subnetIds: ['subnet-1', 'subnet-2'] },
    });
    expect(() => Template.fromStack(stack)).toThrow(
      "EKS cluster Agnostic/Cluster is in stack 'Agnostic', whose region is not known at synth, so the central CloudWatch Logs " +
      'destination of its region cannot be named; set env: { account, region } on the stack, or set eksAuditLogging: false.');
  });

  test('a source name that is not a workload-side source is named, with the ones there are', () => {
    expect(() => workloadSource('LogArchive' as LibraryConstructName)).toThrow(/^'LogArchive' is not a workload-side source; use one of .+\.$/);
  });
});
