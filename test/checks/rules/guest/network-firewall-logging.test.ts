import { App, Stack } from 'aws-cdk-lib';
import * as networkfirewall from 'aws-cdk-lib/aws-networkfirewall';
import { CheckCompliance } from '../../../../lib/checks';
import { CentralLogTargets } from '../../../../lib/central/targets';
import { NetworkFirewallLogging } from '../../../../lib/sources/guest/network-firewall-logging';
import { firewall } from '../../../sources/guest/helpers';
import { evaluate, resultOf } from '../../helpers';

const RULE = 'LogCollection-HP-B4-NetworkFirewall';
const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });

function stack(): { app: App; stack: Stack } {
  const app = new App();
  return { app, stack: new Stack(app, 'Workload', { env: { account: '111111111111', region: 'eu-west-2' } }) };
}

describe(RULE, () => {
  test('a firewall with NetworkFirewallLogging is compliant', () => {
    const { app, stack: s } = stack();
    new NetworkFirewallLogging(s, 'Logging', { central, firewall: firewall(s) });
    const result = resultOf(evaluate(app), RULE, 'Workload/Firewall');
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.message).toContain('ALERT to S3');
  });

  test('a firewall without a logging configuration is an error naming NetworkFirewallLogging', () => {
    const { app, stack: s } = stack();
    firewall(s);
    const result = resultOf(evaluate(app), RULE, 'Workload/Firewall');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/has no logging configuration/);
    expect(result.message).toContain('NetworkFirewallLogging');
  });

  test('a configuration with FLOW only (matched by name) is an error naming ALERT', () => {
    const { app, stack: s } = stack();
    firewall(s);
    new networkfirewall.CfnLoggingConfiguration(s, 'FlowOnly', {
      firewallArn: 'arn:aws:network-firewall:eu-west-2:111111111111:firewall/firewall',
      firewallName: 'firewall',
      loggingConfiguration: { logDestinationConfigs: [{ logType: 'FLOW', logDestinationType: 'S3', logDestination: { bucketName: 'b' } }] },
    });
    const result = resultOf(evaluate(app), RULE, 'Workload/Firewall');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/does not log ALERT \(it logs FLOW\)/);
  });

  test('an app without firewalls has no result', () => {
    const { app } = stack();
    expect(evaluate(app).filter((r) => r.ruleId === RULE)).toEqual([]);
  });
});
