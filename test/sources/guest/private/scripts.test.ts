import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { chronyCommands, SSHD_VERBOSE_COMMANDS, validateNtpServer } from '../../../../lib/sources/guest/private/scripts';

/** Run the file-editing lines of a script against a copy of a config file (service commands left out). */
function runOn(commands: string[], config: string, fileVar: RegExp): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guest-script-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, config);
  const script = commands
    .filter((c) => !/systemctl|sshd -t|chronyc|mkdir/.test(c))
    .map((c) => (fileVar.test(c) ? `f=${file}` : c))
    .join('\n');
  execFileSync('bash', ['-c', script]);
  return fs.readFileSync(file, 'utf8');
}

describe('sshd LogLevel script', () => {
  test('puts LogLevel VERBOSE first, once, however often it runs', () => {
    const config = '#LogLevel INFO\nInclude /etc/ssh/sshd_config.d/*.conf\nLogLevel INFO\nMatch User x\n  X11Forwarding no\n';
    const once = runOn(SSHD_VERBOSE_COMMANDS, config, /^f=/);
    expect(once.split('\n')[0]).toBe('LogLevel VERBOSE');
    const twice = runOn(SSHD_VERBOSE_COMMANDS, once, /^f=/);
    expect(twice).toBe(once);
  });
});

describe('chrony script', () => {
  test('comments out other sources and writes its own block, replacing it on the next run', () => {
    const config = 'pool 2.amazon.pool.ntp.org iburst\nserver 169.254.169.123 prefer iburst\nsourcedir /run/chrony-dhcp\ndriftfile /var/lib/chrony/drift\n';
    const once = runOn(chronyCommands(['ntp.example.gov.uk']), config, /^f=/);
    expect(once).toContain('# pool 2.amazon.pool.ntp.org iburst');
    expect(once).toContain('# sourcedir /run/chrony-dhcp');
    expect(once).toContain('driftfile /var/lib/chrony/drift');
    expect(once).toMatch(/# BEGIN cdk-security-log-collection time source\nserver ntp\.example\.gov\.uk iburst prefer\nlogdir \/var\/log\/chrony\nlog tracking measurements statistics\n# END/);
    const twice = runOn(chronyCommands(['10.0.0.1']), once, /^f=/);
    expect(twice.match(/# BEGIN/g)).toHaveLength(1);
    expect(twice).toContain('server 10.0.0.1 iburst prefer');
    expect(twice).not.toContain('server ntp.example.gov.uk');
  });
});

describe('validateNtpServer', () => {
  test.each(['169.254.169.123', 'time.aws.com', 'fd00:ec2::123'])('accepts %s', (v) => {
    expect(validateNtpServer('p', v)).toBe(v);
  });
});
