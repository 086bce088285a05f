import { App, Lazy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import { CentralLogTargets } from '../../../lib/central/targets';
import { ServiceExposure } from '../../../lib/requirements/types';
import { ClientVpnConnectionLogging } from '../../../lib/sources/network/client-vpn-connection-logging';
import { NetworkInventoryExport, NetworkInventoryExportProps } from '../../../lib/sources/network/network-inventory-export';
import { VpcFlowLogging } from '../../../lib/sources/network/vpc-flow-logging';

/** Bad input to the network sources: each message names the value as written, the prop and the fix. */

const KEY_ARN = 'arn:aws:kms:eu-west-2:999988887777:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const central = CentralLogTargets.fromAttributes({ accountId: '999988887777', region: 'eu-west-2', archiveKeyArn: KEY_ARN });

function inventory(props: Partial<NetworkInventoryExportProps> = {}, env: { account?: string; region?: string } = { account: '111122223333', region: 'eu-west-2' }) {
  const stack = new Stack(new App(), 'Workload', { env });
  return () => new NetworkInventoryExport(stack, 'Inventory', { central, exposure: ServiceExposure.INTERNAL, ...props });
}

describe('NetworkInventoryExport messages', () => {
  test("a malformed env.account is named as the stack's env.account (the export prefix is derived from it)", () => {
    expect(inventory({}, { account: '1111-2222-3333', region: 'eu-west-2' })).toThrow(
      "env.account of stack 'Workload': '1111-2222-3333' is not an AWS account id; use the 12-digit id, for example '123456789012'.");
  });

  test('a schedule that is neither rate nor cron is named with the fix', () => {
    expect(inventory({ schedule: events.Schedule.expression('at(2026-01-01T00:00:00)') })).toThrow(
      "schedule 'at(2026-01-01T00:00:00)' is neither a rate(...) nor a cron(...) expression; use events.Schedule.rate or events.Schedule.cron.");
  });

  test('too many purpose tag keys are counted, with the limit', () => {
    const keys = Array.from({ length: 51 }, (_, i) => `Key${i}`);
    expect(inventory({ purposeTagKeys: keys })).toThrow(/^purposeTagKeys lists 51 keys; list at most \d+\.$/);
  });

  test('a purpose tag key known only at deploy time is refused, with the fix', () => {
    expect(inventory({ purposeTagKeys: [Lazy.string({ produce: () => 'Name' })] })).toThrow(
      'purposeTagKeys contains an unresolved token; list the tag keys as plain strings.');
  });
});

describe('VpcFlowLogging messages', () => {
  test('a traffic type that is not one is named with the choices', () => {
    const stack = new Stack(new App(), 'Workload');
    expect(() => new VpcFlowLogging(stack, 'Flow', { central, trafficType: 'DENY' as ec2.FlowLogTrafficType })).toThrow(
      "trafficType 'DENY' is not a flow log traffic type; use FlowLogTrafficType.REJECT or FlowLogTrafficType.ALL.");
  });

  test('an extra field known only at deploy time is named by its position', () => {
    const stack = new Stack(new App(), 'Workload');
    expect(() => new VpcFlowLogging(stack, 'Flow', { central, extraFields: ['tcp-flags', Lazy.string({ produce: () => 'type' })] })).toThrow(
      "extraFields[1] is a token; flow log field names must be literal strings such as 'tcp-flags'.");
  });
});

describe('ClientVpnConnectionLogging messages', () => {
  test('an endpoint that is not a Client VPN endpoint resource is named with its type and the fix', () => {
    const stack = new Stack(new App(), 'Workload', { env: { account: '111122223333', region: 'eu-west-2' } });
    const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
    expect(() => new ClientVpnConnectionLogging(stack, 'Logging', { central, exposure: ServiceExposure.INTERNAL, endpoint: vpc as any })).toThrow(
      'endpoint must be an AWS::EC2::ClientVpnEndpoint resource, got AWS::EC2::VPC at Workload/Vpc; pass the CfnClientVpnEndpoint, or use ' +
      'ClientVpnConnectionLogging.ofEndpoint(scope, id, endpoint, options) for an ec2.ClientVpnEndpoint.');
  });
});
