import { Template } from 'aws-cdk-lib/assertions';
import { central, firewall, workloadStack } from './helpers';
import { evidenceOf } from '../../../lib/core/evidence';
import { NetworkFirewallLogging } from '../../../lib/sources/guest/network-firewall-logging';


describe('NetworkFirewallLogging', () => {
  test('sends ALERT and FLOW logs to the central VPC_FLOW bucket under network-firewall/', () => {
    const stack = workloadStack();
    const fw = firewall(stack);
    const logging = new NetworkFirewallLogging(stack, 'FirewallLogging', { central, firewall: fw });
    Template.fromStack(stack).hasResourceProperties('AWS::NetworkFirewall::LoggingConfiguration', {
      FirewallArn: { 'Fn::GetAtt': [stack.getLogicalId(fw), 'FirewallArn'] },
      LoggingConfiguration: {
        LogDestinationConfigs: ['ALERT', 'FLOW'].map((LogType) => ({
          LogType, LogDestinationType: 'S3', LogDestination: { bucketName: 'seclog-vpc-flow-999999999999-eu-west-2', prefix: 'network-firewall' },
        })),
      },
    });
    expect(evidenceOf(logging)[0].requirementIds).toEqual(['HP-B4', 'HP-E1']);
  });

  test('tlsLogs adds the TLS log type', () => {
    const stack = workloadStack();
    const logging = new NetworkFirewallLogging(stack, 'FirewallLogging', { central, firewall: firewall(stack), tlsLogs: true });
    expect(logging.logTypes).toEqual(['ALERT', 'FLOW', 'TLS']);
  });

  test('a second logging construct for one firewall is an error', () => {
    const stack = workloadStack();
    const fw = firewall(stack);
    new NetworkFirewallLogging(stack, 'A', { central, firewall: fw });
    expect(() => new NetworkFirewallLogging(stack, 'B', { central, firewall: fw })).toThrow(/already has NetworkFirewallLogging 'Workload\/A'/);
  });
});
