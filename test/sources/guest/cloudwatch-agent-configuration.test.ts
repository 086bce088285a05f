import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { CentralLogTargets } from '../../../lib/central/targets';
import { ServiceExposure } from '../../../lib/requirements/types';
import { CloudWatchAgentConfiguration } from '../../../lib/sources/guest/cloudwatch-agent-configuration';

const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });
const targets = [{ key: 'Role', values: ['proxy'] }];

function stack(): Stack {
  return new Stack(new App(), 'Workload', { env: { account: '111111111111', region: 'eu-west-2' } });
}

function agentConfig(s: Stack): Record<string, any> {
  const params = Template.fromStack(s).findResources('AWS::SSM::Parameter');
  return JSON.parse(Object.values(params)[0].Properties.Value);
}

describe('CloudWatchAgentConfiguration', () => {
  test('stores the configuration in an AmazonCloudWatch- parameter, with a secure, subscribed log group', () => {
    // GIVEN
    const s = stack();
    // WHEN
    new CloudWatchAgentConfiguration(s, 'Agent', {
      central, exposure: ServiceExposure.INTERNAL, configurationName: 'proxy', targets,
      files: [{ filePath: '/var/log/squid/access.log' }],
    });
    // THEN
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::SSM::Parameter', { Name: 'AmazonCloudWatch-proxy', Type: 'String', Tier: 'Standard' });
    expect(agentConfig(s)).toEqual({
      logs: {
        logs_collected: {
          files: {
            collect_list: [{ file_path: '/var/log/squid/access.log', log_group_name: '/seclog/guest/proxy', log_stream_name: '{instance_id}/access.log' }],
          },
        },
      },
    });
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: '/seclog/guest/proxy', RetentionInDays: 400, KmsKeyId: Match.anyValue(), DeletionProtectionEnabled: true },
      DeletionPolicy: 'Retain',
    });
    t.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      DestinationArn: 'arn:aws:logs:eu-west-2:999999999999:destination:seclog-cloudwatch-destination',
    });
  });

  test('installs the agent and applies the parameter with configure (append) on the tagged nodes', () => {
    const s = stack();
    new CloudWatchAgentConfiguration(s, 'Agent', {
      central, exposure: ServiceExposure.EXTERNAL, configurationName: 'proxy', targets, files: [{ filePath: '/var/log/x.log' }],
    });
    const t = Template.fromStack(s);
    t.hasResourceProperties('AWS::SSM::Association', {
      Name: 'AWS-ConfigureAWSPackage',
      Parameters: { action: ['Install'], name: ['AmazonCloudWatchAgent'] },
      Targets: [{ Key: 'tag:Role', Values: ['proxy'] }],
    });
    t.hasResourceProperties('AWS::SSM::Association', {
      Name: 'AmazonCloudWatch-ManageAgent',
      Parameters: {
        action: ['configure (append)'], mode: ['auto'], optionalConfigurationSource: ['ssm'],
        optionalConfigurationLocation: ['AmazonCloudWatch-proxy'], optionalRestart: ['yes'],
      },
      Targets: [{ Key: 'tag:Role', Values: ['proxy'] }],
      ScheduleExpression: 'rate(30 minutes)',
    });
  });

  test('installAgent false leaves the install association out', () => {
    const s = stack();
    new CloudWatchAgentConfiguration(s, 'Agent', {
      central, exposure: ServiceExposure.EXTERNAL, configurationName: 'x', targets, files: [{ filePath: '/var/log/x.log' }], installAgent: false,
    });
    Template.fromStack(s).resourceCountIs('AWS::SSM::Association', 1);
  });

  test('Windows channels are merged, one entry each, ids sorted, a whole channel wins', () => {
    const s = stack();
    new CloudWatchAgentConfiguration(s, 'Agent', {
      central, exposure: ServiceExposure.EXTERNAL, configurationName: 'win', targets,
      windowsEvents: [
        { channel: 'Security', eventIds: [4625, 4624] },
        { channel: 'Security', eventIds: [4624, 1102] },
        { channel: 'System', eventIds: [104] },
        { channel: 'System' },
      ],
    });
    const list = agentConfig(s).logs.logs_collected.windows_events.collect_list;
    expect(list).toEqual([
      expect.objectContaining({ event_name: 'Security', event_ids: [1102, 4624, 4625], event_format: 'xml', log_group_name: '/seclog/guest/win' }),
      expect.not.objectContaining({ event_ids: expect.anything() }),
    ]);
    expect(list[1].event_name).toBe('System');
  });

  test('grantAgent adds the two managed policies', () => {
    const s = stack();
    const role = new iam.Role(s, 'Role', { assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com') });
    CloudWatchAgentConfiguration.grantAgent(role);
    const json = JSON.stringify(Template.fromStack(s).toJSON());
    expect(json).toContain('AmazonSSMManagedInstanceCore');
    expect(json).toContain('CloudWatchAgentServerPolicy');
  });

  describe('bad input', () => {
    const base = { central, exposure: ServiceExposure.EXTERNAL, configurationName: 'x', targets, files: [{ filePath: '/var/log/x.log' }] };
    test.each([
      ['an event id that is not a number', { windowsEvents: [{ channel: 'Security', eventIds: ['4624x' as unknown as number] }] },
        /windowsEvents\[0\]\.eventIds\[0\] is "4624x", which is not a Windows event id; use a whole number from 0 to 65535/],
      ['an event id out of range', { windowsEvents: [{ channel: 'Security', eventIds: [70000] }] }, /eventIds\[0\] is 70000/],
      ['an unknown channel', { windowsEvents: [{ channel: 'security' }] },
        /windowsEvents\[0\]\.channel 'security' is not a Windows event log channel the library knows \(did you mean 'Security'\?/],
      ['a relative path', { files: [{ filePath: 'var/log/x.log' }] }, /files\[0\]\.filePath 'var\/log\/x\.log' is not an absolute path/],
      ['a tag selector with no key', { targets: [{ key: '', values: ['a'] }] }, /targets\[0\] has no key \(got ""\); give the tag key/],
      ['a tag selector without values', { targets: [{ key: 'Role', values: [] }] }, /targets\[0\] \(key 'Role'\) has values \[\]/],
      ['no targets', { targets: [] }, /targets is empty/],
      ['a bad configuration name', { configurationName: 'a b' }, /configurationName 'a b' is not usable in a parameter name/],
      ['nothing to collect', { files: [] }, /collects nothing; give files or windowsEvents/],
      ['a configuration larger than a parameter holds', { files: Array.from({ length: 80 }, (_, i) => ({ filePath: `/var/log/application/component-${i}/audit.log` })) },
        /characters, more than an SSM parameter holds \(8192\); split it into two CloudWatchAgentConfiguration constructs/],
    ])('%s', (_name, extra, message) => {
      expect(() => new CloudWatchAgentConfiguration(stack(), 'Agent', { ...base, ...extra } as any)).toThrow(message);
    });
  });
});
