import { agentConfigs, central, workloadStack } from './helpers';
import { evidenceOf } from '../../../lib/core/evidence';
import { requirement } from '../../../lib/requirements/catalogue';
import { SQUID_LOG_FORMAT_FIELDS } from '../../../lib/requirements/guest-logs';
import { ServiceExposure } from '../../../lib/requirements/types';
import { WebProxyLogging } from '../../../lib/sources/guest/web-proxy-logging';

const targets = [{ key: 'Role', values: ['proxy'] }];

describe('WebProxyLogging', () => {
  test('ships the Squid access log by default, and records HP-B4 evidence', () => {
    const stack = workloadStack();
    const proxy = new WebProxyLogging(stack, 'Proxy', { central, exposure: ServiceExposure.INTERNAL, targets });
    const [config] = Object.values(agentConfigs(stack));
    expect((config as any).logs.logs_collected.files.collect_list).toEqual([
      expect.objectContaining({ file_path: '/var/log/squid/access.log', log_stream_name: '{instance_id}/access.log' }),
    ]);
    expect(evidenceOf(proxy)[0].requirementIds).toEqual(['HP-B4']);
  });

  test('the documented Squid format carries every HP-B4 field', () => {
    const fields = requirement('HP-B4').fields;
    expect(new Set(SQUID_LOG_FORMAT_FIELDS.map((f) => f.field))).toEqual(new Set(fields));
    for (const { code } of SQUID_LOG_FORMAT_FIELDS) {
      expect(WebProxyLogging.SQUID_LOG_FORMAT).toContain(code);
    }
    expect(WebProxyLogging.SQUID_CONFIG_LINES).toEqual([
      `logformat seclog_hp_b4 ${WebProxyLogging.SQUID_LOG_FORMAT}`,
      'access_log daemon:/var/log/squid/access.log seclog_hp_b4',
    ]);
  });

  test('a proxy log path that is not absolute is an error naming it', () => {
    expect(() => new WebProxyLogging(workloadStack(), 'Proxy', { central, exposure: ServiceExposure.INTERNAL, targets, accessLogPath: 'squid/access.log' }))
      .toThrow("accessLogPath 'squid/access.log' is not an absolute path");
  });
});
