import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as networkfirewall from 'aws-cdk-lib/aws-networkfirewall';
import { CentralLogTargets } from '../../../lib/central/targets';

export const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });

/** A workload stack with a concrete environment. */
export function workloadStack(id = 'Workload'): Stack {
  return new Stack(new App(), id, { env: { account: '111111111111', region: 'eu-west-2' } });
}

/** The agent configurations of a stack, parsed, by parameter name. */
export function agentConfigs(stack: Stack): Record<string, any> {
  const params = Template.fromStack(stack).findResources('AWS::SSM::Parameter');
  return Object.fromEntries(Object.values(params).map((p: any) => [p.Properties.Name, JSON.parse(p.Properties.Value)]));
}

/** The associations of a stack whose document is `name`. */
export function associations(stack: Stack, name: string): any[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::SSM::Association')).filter((a: any) => a.Properties.Name === name);
}

/** A minimal firewall (and its policy). */
export function firewall(stack: Stack, id = 'Firewall'): networkfirewall.CfnFirewall {
  const policy = new networkfirewall.CfnFirewallPolicy(stack, `${id}Policy`, {
    firewallPolicyName: `${id.toLowerCase()}-policy`,
    firewallPolicy: { statelessDefaultActions: ['aws:forward_to_sfe'], statelessFragmentDefaultActions: ['aws:forward_to_sfe'] },
  });
  return new networkfirewall.CfnFirewall(stack, id, {
    firewallName: id.toLowerCase(), firewallPolicyArn: policy.attrFirewallPolicyArn, vpcId: 'vpc-1', subnetMappings: [{ subnetId: 'subnet-1' }],
  });
}
