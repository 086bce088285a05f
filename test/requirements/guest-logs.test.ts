import { requirement } from '../../lib/requirements/catalogue';
import {
  KNOWN_WINDOWS_CHANNELS, LINUX_AUTH_LOG_PATHS, LOGGING_MADE_EASY_EVENTS, LOGGING_MADE_EASY_SOURCE, SQUID_LOG_FORMAT, SQUID_LOG_FORMAT_FIELDS,
} from '../../lib/requirements/guest-logs';

describe('guest-level catalogue data', () => {
  test('the Logging Made Easy set names its source and carries the account, logon and log-clearing ids', () => {
    expect(LOGGING_MADE_EASY_SOURCE).toMatch(/Logging Made Easy.*lme_wec_config\.xml.*github\.com\/ukncsc\/lme/);
    const security = LOGGING_MADE_EASY_EVENTS.find((c) => c.channel === 'Security')!;
    expect(security.eventIds).toEqual(expect.arrayContaining([4624, 4625, 4634, 4672, 4688, 4720, 4732, 4740, 1102]));
    expect(LOGGING_MADE_EASY_EVENTS.find((c) => c.channel === 'System')!.eventIds).toEqual(expect.arrayContaining([104, 7045]));
  });

  test('every id is a whole number from 0 to 65535, once per channel; channels are unique and known', () => {
    const channels = LOGGING_MADE_EASY_EVENTS.map((c) => c.channel);
    expect(new Set(channels).size).toBe(channels.length);
    for (const c of LOGGING_MADE_EASY_EVENTS) {
      expect(KNOWN_WINDOWS_CHANNELS).toContain(c.channel);
      expect(new Set(c.eventIds).size).toBe(c.eventIds.length);
      for (const id of c.eventIds) {
        expect(Number.isInteger(id) && id >= 0 && id <= 65535).toBe(true);
      }
    }
    expect(new Set(KNOWN_WINDOWS_CHANNELS).size).toBe(KNOWN_WINDOWS_CHANNELS.length);
  });

  test('the catalogue record of HP-E5 names the channels the set collects', () => {
    const named = requirement('HP-E5').awsSources.flatMap((s) => s.fields ?? []);
    for (const channel of ['Security', 'System', 'Application', 'Microsoft-Windows-Sysmon/Operational']) {
      expect(named).toContain(channel);
      expect(KNOWN_WINDOWS_CHANNELS).toContain(channel);
    }
  });

  test("the Linux auth log paths are HP-B2's, and the Squid format carries a code for every HP-B4 field", () => {
    const b2 = requirement('HP-B2').awsSources.flatMap((s) => s.fields ?? []);
    expect(b2).toEqual(expect.arrayContaining(LINUX_AUTH_LOG_PATHS));
    expect(new Set(SQUID_LOG_FORMAT_FIELDS.map((f) => f.field))).toEqual(new Set(requirement('HP-B4').fields));
    SQUID_LOG_FORMAT_FIELDS.forEach((f) => expect(SQUID_LOG_FORMAT.split(/[\s"]+/)).toContain(f.code));
  });
});
