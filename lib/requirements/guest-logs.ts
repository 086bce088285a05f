/**
 * Guest-level log sources: what the CloudWatch agent collects inside EC2
 * instances, WorkSpaces and hybrid managed nodes (HP-B2 bastion logins,
 * HP-B4 web proxy access logs, HP-E5 Windows security logs, PU-2 time
 * synchronisation). Data only: the constructs under `lib/sources/guest/`
 * generate the agent configuration from these lists, and the rule pack checks
 * configurations against them; nothing restates an event id or a path.
 */

/** One Windows event log channel and the event ids to keep from it. */
export interface WindowsChannelSelection {
  /** The channel, exactly as Windows names it, for example `Security`. */
  readonly channel: string;
  /**
   * Event ids to keep. Empty: every event of the channel (the source selects
   * the whole channel, `*`).
   */
  readonly eventIds: number[];
  /** Why these events matter, in the source's words where it gives them. */
  readonly description: string;
  /** Only present where an extra component is installed (for example Sysmon). @default false */
  readonly optional?: boolean;
}

/**
 * Where the Logging Made Easy event set comes from: NCSC's Logging Made Easy
 * Windows Event Collector subscription, `lme_wec_config.xml` ("LME WEC Config,
 * Version 0.3 - 13/06/19"), https://github.com/ukncsc/lme ("Chapter 1 Files").
 */
export const LOGGING_MADE_EASY_SOURCE =
  "NCSC Logging Made Easy, Windows Event Collector subscription 'lme_wec_config.xml' v0.3 (13/06/19), https://github.com/ukncsc/lme";

/**
 * The Logging Made Easy event set, channel by channel, read from the
 * subscription named in {@link LOGGING_MADE_EASY_SOURCE}. LME's XPath queries
 * also filter by provider, logon type or share name; the CloudWatch agent
 * filters by channel, level and event id only, so each channel here keeps the
 * ids LME names (a superset of what LME forwards). Queries that name a
 * provider but no id (EMET, the Eventlog service provider, Windows Error
 * Reporting) are represented by the ids LME names beside them.
 */
export const LOGGING_MADE_EASY_EVENTS: WindowsChannelSelection[] = [
  {
    channel: 'Security',
    eventIds: [
      1100, 1102, 4616, 4624, 4625, 4626, 4627, 4634, 4647, 4672, 4688, 4697, 4720, 4722, 4725, 4726, 4728, 4732,
      4733, 4740, 4756, 4778, 4779, 4886, 4887, 4888, 5140, 5142, 5143, 5144, 5632, 6416,
    ],
    description:
      'Logons and logoffs (4624, 4625, 4634, 4647), special privileges (4672), process creation (4688), service install (4697), ' +
      'account and group changes (4720-4756), account lockout (4740), RDP reconnect and disconnect (4778, 4779), certificate ' +
      'requests (4886-4888), network shares (5140-5144), 802.1x (5632), devices (6416), time change (4616), log cleared (1102).',
  },
  {
    channel: 'System',
    eventIds: [12, 13, 19, 20, 41, 43, 104, 106, 141, 142, 1074, 1116, 1117, 1118, 1119, 7000, 7045],
    description:
      'Startup and shutdown (12, 13, 41, 1074), Windows Update (19, 20, 43), other log cleared (104), scheduled tasks (106, 141, 142), ' +
      'anti-malware detections (1116-1119), services (7000, 7045).',
  },
  {
    channel: 'Application',
    eventIds: [1000, 1002, 1511, 1518],
    description: 'Application crash and hang (1000, 1002), temporary profile logons (1511, 1518).',
  },
  {
    channel: 'Microsoft-Windows-TaskScheduler/Operational',
    eventIds: [106, 141, 142],
    description: 'Task registered (106), registration deleted (141), task deleted (142).',
  },
  {
    channel: 'Microsoft-Windows-TerminalServices-RDPClient/Operational',
    eventIds: [1024],
    description: 'Outgoing RDP connection attempts (1024).',
  },
  {
    channel: 'Microsoft-Windows-SMBClient/Operational',
    eventIds: [30622, 30624],
    description: 'UNC path and mapped drive connections (30622, 30624).',
  },
  {
    channel: 'Microsoft-Windows-Windows Defender/Operational',
    eventIds: [1006, 1007, 1008, 1009, 1116, 1117, 1118, 1119],
    description: 'Defender detections and actions (1006-1009, 1116-1119).',
  },
  { channel: 'Microsoft-Windows-AppLocker/EXE and DLL', eventIds: [], description: 'AppLocker executable events.' },
  { channel: 'Microsoft-Windows-AppLocker/MSI and Script', eventIds: [], description: 'AppLocker installer and script events.' },
  { channel: 'Microsoft-Windows-AppLocker/Packaged app-Execution', eventIds: [], description: 'AppLocker packaged app execution.' },
  { channel: 'Microsoft-Windows-AppLocker/Packaged app-Deployment', eventIds: [], description: 'AppLocker packaged app installation.' },
  { channel: 'Microsoft-Windows-SmartCard-Audit/Authentication', eventIds: [], description: 'Smart card holder verification, success and failure.' },
  {
    channel: 'Microsoft-Windows-Sysmon/Operational',
    eventIds: [],
    description: 'Every Sysmon event; the channel exists only where Sysmon is installed.',
    optional: true,
  },
];

/**
 * Windows channels the library accepts besides the Logging Made Easy ones
 * (names checked against Microsoft's channel names; a misspelt channel makes
 * the agent collect nothing, silently).
 */
export const OTHER_WINDOWS_CHANNELS: string[] = [
  'Microsoft-Windows-PowerShell/Operational',
  'Windows PowerShell',
  'Microsoft-Windows-TerminalServices-LocalSessionManager/Operational',
  'Microsoft-Windows-TerminalServices-RemoteConnectionManager/Operational',
  'Microsoft-Windows-Windows Firewall With Advanced Security/Firewall',
  'Microsoft-Windows-CodeIntegrity/Operational',
  'Microsoft-Windows-Bits-Client/Operational',
  'Microsoft-Windows-NTLM/Operational',
  'Microsoft-Windows-WMI-Activity/Operational',
  'Microsoft-Windows-DNS-Client/Operational',
];

/** Every Windows channel name the library accepts. */
export const KNOWN_WINDOWS_CHANNELS: string[] = [...LOGGING_MADE_EASY_EVENTS.map((c) => c.channel), ...OTHER_WINDOWS_CHANNELS];

/**
 * Linux authentication logs where sshd writes accepted and failed logins
 * (with `LogLevel VERBOSE`: the key fingerprint): `/var/log/secure` on Amazon
 * Linux and Red Hat family, `/var/log/auth.log` on Debian and Ubuntu.
 */
export const LINUX_AUTH_LOG_PATHS: string[] = ['/var/log/secure', '/var/log/auth.log'];

/** The sshd log level that records the key fingerprint of every public key login attempt. */
export const SSHD_LOG_LEVEL = 'VERBOSE';

/** Where chrony writes its logs (`logdir`), and the logs (`log tracking measurements statistics`) PU-2 evidence needs. */
export const CHRONY_LOG_DIRECTORY = '/var/log/chrony';
/** The chrony log files: tracking (offset from the source over time), measurements and statistics. */
export const CHRONY_LOG_FILES: string[] = ['tracking.log', 'measurements.log', 'statistics.log'];

/** The Amazon Time Sync Service address every EC2 instance reaches (link-local, no internet needed). */
export const AMAZON_TIME_SYNC_ADDRESS = '169.254.169.123';

/** The default access log path of Squid. */
export const SQUID_ACCESS_LOG_PATH = '/var/log/squid/access.log';

/** The name of the Squid `logformat` the library documents. */
export const SQUID_LOG_FORMAT_NAME = 'seclog_hp_b4';

/**
 * A Squid `logformat` whose lines carry every HP-B4 field
 * (http://www.squid-cache.org/Doc/config/logformat/):
 * time (`%ts.%03tu`), client IP (`%>a`), client name by reverse lookup
 * (`%>A`), authenticated user (`%un`), method (`%rm`), URL (`%ru`), TLS SNI
 * (`%ssl::>sni`, with SslBump peek), status sent to the client (`%>Hs`), reply
 * size (`%<st`), and Squid's result code (`%Ss`). Use it with
 * `access_log daemon:/var/log/squid/access.log seclog_hp_b4`.
 */
export const SQUID_LOG_FORMAT = '%ts.%03tu %>a %>A %un %rm "%ru" %ssl::>sni %>Hs %<st %Ss';

/** Which HP-B4 field each `logformat` code of {@link SQUID_LOG_FORMAT} carries. */
export const SQUID_LOG_FORMAT_FIELDS: Array<{ readonly code: string; readonly field: string }> = [
  { code: '%un', field: 'Authenticated user name (if applicable)' },
  { code: '%>a', field: 'Client identifiers: IP address' },
  { code: '%>A', field: 'Client identifiers: reverse lookup client name (if applicable)' },
  { code: '%rm', field: 'HTTP method (for example, CONNECT GET)' },
  { code: '%ru', field: 'Where available, full destination/target URL or SNI value' },
  { code: '%ssl::>sni', field: 'Where available, full destination/target URL or SNI value' },
  { code: '%>Hs', field: 'Connection return status code (for example, 200 or 403)' },
  { code: '%<st', field: 'Size of response' },
];

/**
 * The tag that marks a bastion (jump) host for `BastionLogging` and for the
 * rule that spots a bastion without its logging associations.
 */
export const BASTION_TAG = { key: 'SecurityLogRole', value: 'bastion' } as const;
