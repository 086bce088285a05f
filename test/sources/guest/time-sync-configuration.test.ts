import { associations, agentConfigs, central, workloadStack } from './helpers';
import { evidenceOf } from '../../../lib/core/evidence';
import { ServiceExposure } from '../../../lib/requirements/types';
import { TimeSyncConfiguration } from '../../../lib/sources/guest/time-sync-configuration';

const targets = [{ key: 'OS', values: ['linux'] }];

describe('TimeSyncConfiguration', () => {
  test('configures chrony to the Amazon Time Sync Service by default and ships its logs', () => {
    const stack = workloadStack();
    const t = new TimeSyncConfiguration(stack, 'Time', { central, exposure: ServiceExposure.INTERNAL, targets });
    const [chrony] = associations(stack, 'AWS-RunShellScript');
    const script = chrony.Properties.Parameters.commands.join('\n');
    expect(script).toContain("echo 'server 169.254.169.123 iburst prefer'");
    expect(script).toContain("echo 'log tracking measurements statistics'");
    expect(chrony.Properties.Targets).toEqual([{ Key: 'tag:OS', Values: ['linux'] }]);
    const [config] = Object.values(agentConfigs(stack));
    expect((config as any).logs.logs_collected.files.collect_list.map((f: any) => f.file_path))
      .toEqual(['/var/log/chrony/tracking.log', '/var/log/chrony/measurements.log', '/var/log/chrony/statistics.log']);
    const [evidence] = evidenceOf(t);
    expect(evidence.requirementIds).toEqual(['PU-2']);
    expect(evidence.note).toContain('169.254.169.123');
  });

  test('named NTP servers, the first preferred', () => {
    const stack = workloadStack();
    new TimeSyncConfiguration(stack, 'Time', { central, exposure: ServiceExposure.INTERNAL, targets, ntpServers: ['ntp1.example.gov.uk', '10.0.0.5', 'fd00::1'] });
    const script = associations(stack, 'AWS-RunShellScript')[0].Properties.Parameters.commands.join('\n');
    expect(script).toContain("echo 'server ntp1.example.gov.uk iburst prefer'");
    expect(script).toContain("echo 'server 10.0.0.5 iburst'");
    expect(script).toContain("echo 'server fd00::1 iburst'");
  });

  test.each([
    ['ntp server!'], ['999.1.1.1'], ['http://ntp.example.com'], [''],
  ])('an NTP source that is not a host name or IP (%s) is an error naming it', (bad) => {
    expect(() => new TimeSyncConfiguration(workloadStack(), 'Time', { central, exposure: ServiceExposure.INTERNAL, targets, ntpServers: [bad] }))
      .toThrow(`ntpServers[0] '${bad}' is not a host name or IP address`);
  });

  test('an empty server list is an error', () => {
    expect(() => new TimeSyncConfiguration(workloadStack(), 'Time', { central, exposure: ServiceExposure.INTERNAL, targets, ntpServers: [] }))
      .toThrow(/ntpServers is empty/);
  });
});
