import { Token } from 'aws-cdk-lib';
import { AMAZON_TIME_SYNC_ADDRESS, CHRONY_LOG_DIRECTORY, SSHD_LOG_LEVEL } from '../../../requirements/guest-logs';

/** The shell scripts the guest-level associations run (AWS-RunShellScript), and the check of NTP server names. Not public API. */

/**
 * The shell script the sshd association runs: puts `LogLevel VERBOSE` first
 * in `sshd_config` (sshd uses the first value it reads, so it wins over any
 * later line and any `Include`d file), checks the configuration and reloads
 * sshd. Idempotent. With VERBOSE, sshd logs the key fingerprint of every
 * public key login attempt (sshd_config(5), LogLevel).
 */
export const SSHD_VERBOSE_COMMANDS: string[] = [
  'set -eu',
  'f=/etc/ssh/sshd_config',
  `if [ "$(grep -m1 -iE '^[[:space:]]*LogLevel[[:space:]]' "$f" | awk '{print $1" "$2}')" != "LogLevel ${SSHD_LOG_LEVEL}" ]; then`,
  `  sed -i '1i LogLevel ${SSHD_LOG_LEVEL}' "$f"`,
  'fi',
  'sshd -t',
  'systemctl reload sshd 2>/dev/null || systemctl reload ssh',
];

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9A-Fa-f:]+$/;
const HOST_NAME = /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$/;

/** Throw unless the value is a host name or an IPv4 or IPv6 address, naming the prop and the value. */
export function validateNtpServer(prop: string, value: string): string {
  const ok = typeof value === 'string' && !Token.isUnresolved(value)
    && (IPV4.test(value) || (value.includes(':') && IPV6.test(value)) || (HOST_NAME.test(value) && !/^[\d.]+$/.test(value)));
  if (!ok) {
    throw new Error(`${prop} '${value}' is not a host name or IP address; give an NTP server such as '${AMAZON_TIME_SYNC_ADDRESS}' or 'ntp.example.gov.uk'.`);
  }
  return value;
}

/** The markers of the block the association owns in chrony's configuration. */
const BEGIN = '# BEGIN cdk-security-log-collection time source';
const END = '# END cdk-security-log-collection time source';

/**
 * The shell script that points chrony at the sources and turns its logs on:
 * it comments out other `server`/`pool` lines, writes its own marked block
 * (replacing the previous one), and restarts chronyd. Amazon Linux and Red Hat
 * keep the file at /etc/chrony.conf, Debian and Ubuntu at /etc/chrony/chrony.conf
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/configure-ec2-ntp.html).
 */
export function chronyCommands(servers: string[]): string[] {
  const block = [
    BEGIN,
    ...servers.map((s, i) => `server ${s} iburst${i === 0 ? ' prefer' : ''}`),
    `logdir ${CHRONY_LOG_DIRECTORY}`,
    'log tracking measurements statistics',
    END,
  ];
  return [
    'set -eu',
    'f=/etc/chrony.conf; [ -f "$f" ] || f=/etc/chrony/chrony.conf',
    `sed -i '/^${BEGIN}$/,/^${END}$/d' "$f"`,
    "sed -i -E 's/^[[:space:]]*(server|pool|peer|sourcedir|logdir|log)[[:space:]]/# &/' \"$f\"",
    ...block.map((line) => `echo '${line}' >> "$f"`),
    `mkdir -p ${CHRONY_LOG_DIRECTORY}`,
    'systemctl restart chronyd 2>/dev/null || systemctl restart chrony',
    'chronyc -a makestep >/dev/null || true',
    'chronyc tracking',
  ];
}

