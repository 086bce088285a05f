import { Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { agentConfigs, associations, central, workloadStack } from './helpers';
import { evidenceOf } from '../../../lib/core/evidence';
import { ServiceExposure } from '../../../lib/requirements/types';
import { BastionLogging } from '../../../lib/sources/guest/bastion-logging';

describe('BastionLogging', () => {
  test('sets sshd LogLevel VERBOSE on the bastion-tagged nodes and keeps it set', () => {
    const stack = workloadStack();
    new BastionLogging(stack, 'Bastion', { central, exposure: ServiceExposure.INTERNAL });
    const [sshd] = associations(stack, 'AWS-RunShellScript');
    expect(sshd.Properties.Targets).toEqual([{ Key: 'tag:SecurityLogRole', Values: ['bastion'] }]);
    expect(sshd.Properties.ScheduleExpression).toBe('rate(30 minutes)');
    const script = sshd.Properties.Parameters.commands.join('\n');
    expect(script).toContain("sed -i '1i LogLevel VERBOSE'");
    expect(script).toContain('sshd -t');
  });

  test('ships /var/log/secure and /var/log/auth.log through the agent configuration', () => {
    const stack = workloadStack();
    new BastionLogging(stack, 'Bastion', { central, exposure: ServiceExposure.INTERNAL });
    const configs = agentConfigs(stack);
    const [name] = Object.keys(configs);
    expect(name).toMatch(/^AmazonCloudWatch-.*-auth$/);
    expect(configs[name].logs.logs_collected.files.collect_list.map((f: any) => f.file_path)).toEqual(['/var/log/secure', '/var/log/auth.log']);
    expect(associations(stack, 'AmazonCloudWatch-ManageAgent')).toHaveLength(1);
  });

  test('sets the Session Manager preferences with transcripts to an encrypted log group, unless told not to', () => {
    const stack = workloadStack();
    new BastionLogging(stack, 'Bastion', { central, exposure: ServiceExposure.INTERNAL });
    Template.fromStack(stack).hasResourceProperties('AWS::SSM::Document', {
      Name: 'SSM-SessionManagerRunShell',
      DocumentType: 'Session',
      Content: {
        schemaVersion: '1.0',
        sessionType: 'Standard_Stream',
        inputs: { cloudWatchLogGroupName: '/seclog/ssm-sessions', cloudWatchEncryptionEnabled: true, cloudWatchStreamingEnabled: true },
      },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/seclog/ssm-sessions', DeletionProtectionEnabled: true });

    const without = workloadStack();
    new BastionLogging(without, 'Bastion', { central, exposure: ServiceExposure.INTERNAL, sessionPreferences: false });
    Template.fromStack(without).resourceCountIs('AWS::SSM::Document', 0);
  });

  test('tags the Auto Scaling groups so their instances are targeted, and records HP-B2 evidence', () => {
    const stack = workloadStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { availabilityZones: ['eu-west-2a'], natGateways: 0 });
    const asg = new autoscaling.AutoScalingGroup(stack, 'Hosts', {
      vpc, instanceType: new ec2.InstanceType('t3.micro'), machineImage: ec2.MachineImage.latestAmazonLinux2023(),
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    });
    const bastion = new BastionLogging(stack, 'Bastion', { central, exposure: ServiceExposure.INTERNAL, autoScalingGroups: [asg] });
    Template.fromStack(stack).hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      Tags: Match.arrayWith([{ Key: 'SecurityLogRole', Value: 'bastion', PropagateAtLaunch: true }]),
    });
    const [evidence] = evidenceOf(bastion);
    expect(evidence.requirementIds).toEqual(['HP-B2']);
    expect(evidence.note).toMatch(/Account login attempts: public key; Account login attempts: username/);
    expect(evidence.resources).toContain(bastion.sshdAssociation);
  });

  test('custom targets replace the default tag', () => {
    const stack = workloadStack();
    new BastionLogging(stack, 'Bastion', { central, exposure: ServiceExposure.INTERNAL, targets: [{ key: 'Role', values: ['jump'] }], sessionPreferences: false });
    expect(associations(stack, 'AWS-RunShellScript')[0].Properties.Targets).toEqual([{ Key: 'tag:Role', Values: ['jump'] }]);
  });

  test('a tag selector with no key is an error naming it', () => {
    expect(() => new BastionLogging(workloadStack(), 'Bastion', { central, exposure: ServiceExposure.INTERNAL, targets: [{ key: ' ', values: ['x'] }] }))
      .toThrow(/targets\[0\] has no key \(got " "\)/);
  });
});
