import { App, Stack } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { CheckCompliance } from '../../../../lib/checks';
import { CentralLogTargets } from '../../../../lib/central/targets';
import { LOGGING_MADE_EASY_EVENTS } from '../../../../lib/requirements/guest-logs';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../../../../lib/requirements/types';
import { WindowsSecurityLogging } from '../../../../lib/sources/guest/windows-security-logging';
import { evaluate, resultOf } from '../../helpers';

const RULE = 'LogCollection-HP-E5';
const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });

function stack(): { app: App; stack: Stack } {
  const app = new App();
  return { app, stack: new Stack(app, 'Workload', { env: { account: '111111111111', region: 'eu-west-2' } }) };
}

/** An LME-complete configuration, with `change` applied to its entries. */
function parameter(s: Stack, name: string, change: (entries: any[]) => any[] = (e) => e): ssm.CfnParameter {
  const entries = LOGGING_MADE_EASY_EVENTS.filter((c) => !c.optional)
    .map((c) => ({ event_name: c.channel, ...(c.eventIds.length > 0 ? { event_ids: c.eventIds } : {}), log_group_name: '/x' }));
  return new ssm.CfnParameter(s, 'Config', {
    name, type: 'String', value: JSON.stringify({ logs: { logs_collected: { windows_events: { collect_list: change(entries) } } } }),
  });
}

describe(RULE, () => {
  test('WindowsSecurityLogging generates a compliant configuration', () => {
    const { app, stack: s } = stack();
    new WindowsSecurityLogging(s, 'Windows', { central, exposure: ServiceExposure.INTERNAL, targets: [{ key: 'OS', values: ['windows'] }] });
    expect(resultOf(evaluate(app), RULE, 'Workload/Windows/Agent/Parameter').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a configuration missing catalogue event ids is an error naming them', () => {
    const { app, stack: s } = stack();
    parameter(s, 'AmazonCloudWatch-win', (entries) => entries.map((e) => (e.event_name === 'Security'
      ? { ...e, event_ids: e.event_ids.filter((id: number) => id !== 4720 && id !== 1102) }
      : e)));
    const result = resultOf(evaluate(app), RULE, 'Workload/Config');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/Security misses event ids 1102, 4720/);
    expect(result.message).toContain('WindowsSecurityLogging');
  });

  test('a missing channel, and a filtered whole-channel entry, are errors', () => {
    const { app, stack: s } = stack();
    parameter(s, 'AmazonCloudWatch-win', (entries) => entries
      .filter((e) => e.event_name !== 'System')
      .map((e) => (e.event_name === 'Microsoft-Windows-AppLocker/EXE and DLL' ? { ...e, event_ids: [8004] } : e)));
    const message = resultOf(evaluate(app), RULE, 'Workload/Config').message;
    expect(message).toMatch(/channel System is not collected/);
    expect(message).toMatch(/Microsoft-Windows-AppLocker\/EXE and DLL is filtered by event id, but Logging Made Easy takes the whole channel/);
  });

  test('a whole channel (no event_ids) covers its ids; other parameters are not judged', () => {
    const { app, stack: s } = stack();
    parameter(s, 'AmazonCloudWatch-win', (entries) => entries.map((e) => (e.event_name === 'Security' ? { event_name: 'Security' } : e)));
    new ssm.CfnParameter(s, 'Other', { name: 'app-setting', type: 'String', value: '{}' });
    const results = evaluate(app);
    expect(resultOf(results, RULE, 'Workload/Config').compliance).toBe(CheckCompliance.COMPLIANT);
    expect(resultOf(results, RULE, 'Workload/Other').compliance).toBe(CheckCompliance.NOT_APPLICABLE);
  });

  test('the rule runs at Enhanced only', () => {
    const { app, stack: s } = stack();
    parameter(s, 'AmazonCloudWatch-win', () => [{ event_name: 'Security', event_ids: [1] }]);
    expect(evaluate(app, { tier: MaturityTier.BASELINE, profile: LoggingProfile.HOSTING_PLATFORM }).filter((r) => r.ruleId === RULE)).toEqual([]);
  });
});
