import { Template } from 'aws-cdk-lib/assertions';
import { agentConfigs, central, workloadStack } from './helpers';
import { evidenceOf } from '../../../lib/core/evidence';
import { LOGGING_MADE_EASY_EVENTS, LOGGING_MADE_EASY_SOURCE } from '../../../lib/requirements/guest-logs';
import { ServiceExposure } from '../../../lib/requirements/types';
import { WindowsSecurityLogging } from '../../../lib/sources/guest/windows-security-logging';

const targets = [{ key: 'OS', values: ['windows'] }];

function windowsEvents(stack: any): any[] {
  const [config] = Object.values(agentConfigs(stack));
  return (config as any).logs.logs_collected.windows_events.collect_list;
}

describe('WindowsSecurityLogging', () => {
  test('the windows_events section carries the Logging Made Easy set from the catalogue', () => {
    const stack = workloadStack();
    new WindowsSecurityLogging(stack, 'Windows', { central, exposure: ServiceExposure.INTERNAL, targets, configurationName: 'windows' });
    const list = windowsEvents(stack);
    const security = list.find((e) => e.event_name === 'Security');
    expect(security.event_ids).toEqual(expect.arrayContaining([4624, 4625, 4720, 4732, 1102]));
    expect(list.find((e) => e.event_name === 'System').event_ids).toEqual(expect.arrayContaining([104, 7045]));
    // Every non-optional LME channel is there; Sysmon is not, by default.
    const expected = LOGGING_MADE_EASY_EVENTS.filter((c) => !c.optional).map((c) => c.channel);
    expect(list.map((e) => e.event_name)).toEqual(expected);
    // Channels LME takes whole have no event_ids filter.
    expect(list.find((e) => e.event_name === 'Microsoft-Windows-AppLocker/EXE and DLL').event_ids).toBeUndefined();
    Template.fromStack(stack).hasResourceProperties('AWS::SSM::Parameter', { Name: 'AmazonCloudWatch-windows' });
  });

  test('includeSysmon adds the Sysmon channel; additionalEvents merge into the set', () => {
    const stack = workloadStack();
    new WindowsSecurityLogging(stack, 'Windows', {
      central, exposure: ServiceExposure.INTERNAL, targets, includeSysmon: true,
      additionalEvents: [{ channel: 'Security', eventIds: [4738] }, { channel: 'Microsoft-Windows-PowerShell/Operational', eventIds: [4104] }],
    });
    const list = windowsEvents(stack);
    expect(list.map((e) => e.event_name)).toContain('Microsoft-Windows-Sysmon/Operational');
    expect(list.find((e) => e.event_name === 'Microsoft-Windows-Sysmon/Operational').log_stream_name).toBe('{instance_id}/Sysmon-Operational');
    expect(list.find((e) => e.event_name === 'Security').event_ids).toEqual(expect.arrayContaining([4738, 4624]));
    expect(list.find((e) => e.event_name === 'Microsoft-Windows-PowerShell/Operational').event_ids).toEqual([4104]);
  });

  test('the whole Logging Made Easy set with Sysmon fits a standard (free) parameter; more needs the Advanced tier', () => {
    const stack = workloadStack();
    new WindowsSecurityLogging(stack, 'Windows', { central, exposure: ServiceExposure.INTERNAL, targets, includeSysmon: true });
    Template.fromStack(stack).hasResourceProperties('AWS::SSM::Parameter', { Tier: 'Standard' });
    const bigger = workloadStack();
    new WindowsSecurityLogging(bigger, 'Windows', {
      central, exposure: ServiceExposure.INTERNAL, targets, includeSysmon: true,
      additionalEvents: ['Microsoft-Windows-PowerShell/Operational', 'Microsoft-Windows-NTLM/Operational', 'Microsoft-Windows-DNS-Client/Operational',
        'Microsoft-Windows-WMI-Activity/Operational', 'Microsoft-Windows-CodeIntegrity/Operational'].map((channel) => ({ channel })),
    });
    Template.fromStack(bigger).hasResourceProperties('AWS::SSM::Parameter', { Tier: 'Advanced' });
  });

  test('records HP-E5 evidence naming the Logging Made Easy source', () => {
    const stack = workloadStack();
    const w = new WindowsSecurityLogging(stack, 'Windows', { central, exposure: ServiceExposure.INTERNAL, targets });
    const [evidence] = evidenceOf(w);
    expect(evidence.requirementIds).toEqual(['HP-E5']);
    expect(evidence.note).toContain(LOGGING_MADE_EASY_SOURCE);
  });

  test('bad input: an unknown channel and a non-numeric event id are errors naming the value', () => {
    expect(() => new WindowsSecurityLogging(workloadStack(), 'W', {
      central, exposure: ServiceExposure.INTERNAL, targets, additionalEvents: [{ channel: 'Sekurity' }],
    })).toThrow(/windowsEvents\[\d+\]\.channel 'Sekurity' is not a Windows event log channel the library knows/);
    expect(() => new WindowsSecurityLogging(workloadStack(), 'W', {
      central, exposure: ServiceExposure.INTERNAL, targets, additionalEvents: [{ channel: 'Security', eventIds: [NaN] }],
    })).toThrow(/eventIds\[0\] is null, which is not a Windows event id/);
  });
});
