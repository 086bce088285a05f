import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { CheckCompliance } from '../../../../lib/checks';
import { CentralLogTargets } from '../../../../lib/central/targets';
import { ServiceExposure } from '../../../../lib/requirements/types';
import { BastionLogging } from '../../../../lib/sources/guest/bastion-logging';
import { evaluate, resultOf } from '../../helpers';

const RULE = 'LogCollection-HP-B2-Bastion';
const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });

function setup(tags: Record<string, string>): { app: App; stack: Stack } {
  const app = new App();
  const stack = new Stack(app, 'Workload', { env: { account: '111111111111', region: 'eu-west-2' } });
  new ec2.CfnInstance(stack, 'Host', { imageId: 'ami-12345678', tags: Object.entries(tags).map(([key, value]) => ({ key, value })) });
  return { app, stack };
}

describe(RULE, () => {
  test('a bastion reached by BastionLogging is compliant', () => {
    const { app, stack } = setup({ SecurityLogRole: 'bastion' });
    new BastionLogging(stack, 'BastionLogging', { central, exposure: ServiceExposure.INTERNAL });
    const result = resultOf(evaluate(app), RULE, 'Workload/Host');
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.message).toMatch(/has sshd LogLevel VERBOSE \(Workload\/BastionLogging\/SshdVerbose\)/);
  });

  test('a bastion without the associations is an error naming both and BastionLogging', () => {
    const { app } = setup({ SecurityLogRole: 'bastion' });
    const result = resultOf(evaluate(app), RULE, 'Workload/Host');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/not reached by an AWS-RunShellScript association setting sshd LogLevel VERBOSE .*, nor by an AmazonCloudWatch-ManageAgent association/);
    expect(result.message).toContain('BastionLogging');
  });

  test('an association for other tags does not count', () => {
    const { app, stack } = setup({ SecurityLogRole: 'bastion' });
    new BastionLogging(stack, 'BastionLogging', { central, exposure: ServiceExposure.INTERNAL, targets: [{ key: 'Role', values: ['jump'] }] });
    expect(resultOf(evaluate(app), RULE, 'Workload/Host').compliance).toBe(CheckCompliance.NON_COMPLIANT);
  });

  test('an sshd association by instance id counts; without the agent it is still an error', () => {
    const { app, stack } = setup({ SecurityLogRole: 'bastion' });
    const host = stack.node.findChild('Host') as ec2.CfnInstance;
    new ssm.CfnAssociation(stack, 'Sshd', {
      name: 'AWS-RunShellScript',
      targets: [{ key: 'InstanceIds', values: [host.ref] }],
      parameters: { commands: ["sed -i '1i LogLevel VERBOSE' /etc/ssh/sshd_config"] },
    });
    const result = resultOf(evaluate(app), RULE, 'Workload/Host');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).not.toMatch(/AWS-RunShellScript/);
    expect(result.message).toMatch(/AmazonCloudWatch-ManageAgent/);
  });

  test('untagged instances are not judged', () => {
    const { app } = setup({ Name: 'web' });
    expect(resultOf(evaluate(app), RULE, 'Workload/Host').compliance).toBe(CheckCompliance.NOT_APPLICABLE);
  });
});
