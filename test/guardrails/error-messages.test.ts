import { App, Lazy, Stack } from 'aws-cdk-lib';
import { CentralLogTargets } from '../../lib/central';
import { LogProtectionGuardrail, LogProtectionGuardrailProps } from '../../lib/guardrails';

/** Bad input to the guardrail: each message names the value as written, the prop and the fix. */

const targets = CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2' });
const EXEMPT = ['arn:aws:iam::*:role/LogBreakGlass'];

function guardrail(props: Partial<LogProtectionGuardrailProps>) {
  const stack = new Stack(new App(), 'Management', { env: { account: '999999999999', region: 'us-east-1' } });
  return () => new LogProtectionGuardrail(stack, 'LogProtection', { targetIds: ['r-ab12'], exemptRoleArnPatterns: EXEMPT, targets, ...props });
}

describe('LogProtectionGuardrail messages', () => {
  test('a policy name Organizations refuses is named with the rule', () => {
    expect(guardrail({ policyName: 'log protection \u00e9' })).toThrow(
      "policyName 'log protection \u00e9' is not a valid Organizations policy name; use 1 to 125 printable ASCII characters.");
  });

  test('an exempt role pattern known only at deploy time is named by its position, with the fix', () => {
    expect(guardrail({ exemptRoleArnPatterns: [...EXEMPT, Lazy.string({ produce: () => 'arn:aws:iam::*:role/X' })] })).toThrow(
      'exemptRoleArnPatterns[1] is a token; the SCP size is checked at synth, so pass the pattern as a plain string.');
  });

  test('a statement that alone exceeds the SCP quota is named, with the fix', () => {
    const long = Array.from({ length: 200 }, (_, i) => `arn:aws:iam::*:role/break-glass-role-with-a-long-name-${i}`);
    expect(guardrail({ exemptRoleArnPatterns: long })).toThrow(
      /^The log protection statement \S+ alone is \d+ characters, over the 5120-character SCP quota; use fewer or shorter exemptRoleArnPatterns \(wildcards help\) or a shorter namePrefix\.$/);
  });
});
