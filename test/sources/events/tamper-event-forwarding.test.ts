import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CentralLogTargets } from '../../../lib/central/targets';
import { evidenceOf } from '../../../lib/core/evidence';
import { tamperPatterns } from '../../../lib/core/events/tamper-patterns';
import { TamperEventForwarding } from '../../../lib/sources/events/tamper-event-forwarding';

const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2', namePrefix: 'myorg' });

function workloadStack(app = new App(), id = 'Workload'): Stack {
  return new Stack(app, id, { env: { account: '111111111111', region: 'eu-west-2' } });
}

type Rule = { Properties: { Name: string; EventPattern: Record<string, any>; Targets: Record<string, any>[] } };

describe('TamperEventForwarding', () => {
  test('forwards every tamper pattern, named with the central prefix, to the central bus with retries and a dead-letter queue', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    const tamper = new TamperEventForwarding(stack, 'Tamper', { central });
    // THEN
    const rules = Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule')) as Rule[];
    expect(rules).toHaveLength(tamperPatterns({ signIns: false }).length);
    expect(tamper.rules).toHaveLength(rules.length);
    for (const rule of rules) {
      expect(rule.Properties.Name).toMatch(/^myorg-/);
      expect(rule.Properties.Targets).toEqual([expect.objectContaining({
        Arn: central.eventBusArn,
        DeadLetterConfig: expect.anything(),
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      })]);
    }
  });

  test('the patterns cover the calls the issue names and root API activity; sign-ins are left to SignInEventForwarding', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new TamperEventForwarding(stack, 'Tamper', { central });
    // THEN
    const patterns = (Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule')) as Rule[]).map((r) => r.Properties.EventPattern);
    const names = patterns.flatMap((p) => p.detail?.eventName ?? []);
    expect(names).toEqual(expect.arrayContaining([
      'StopLogging', 'DeleteTrail', 'UpdateTrail', 'PutEventSelectors', 'DeleteFlowLogs', 'DeleteLogGroup', 'PutRetentionPolicy',
      'PutSubscriptionFilter', 'DeleteSubscriptionFilter', 'DisassociateResolverQueryLogConfig', 'DeleteResolverQueryLogConfig',
      'PutBucketPolicy', 'DeleteBucketPolicy', 'PutBucketLifecycle', 'ScheduleKeyDeletion', 'DisableKey', 'PutKeyPolicy',
    ]));
    expect(patterns).toEqual(expect.arrayContaining([
      { 'detail-type': ['AWS API Call via CloudTrail'], 'detail': { userIdentity: { type: ['Root'] } } },
    ]));
    expect(JSON.stringify(patterns)).not.toContain('ConsoleLogin');
    // No errorCode filter: a denied attempt (errorCode AccessDenied) matches the same rules.
    expect(patterns.filter((p) => p.detail?.errorCode !== undefined)).toEqual([]);
  });

  test('records PU-3 evidence naming its rules', () => {
    const stack = workloadStack();
    const tamper = new TamperEventForwarding(stack, 'Tamper', { central });
    expect(evidenceOf(tamper).flatMap((e) => e.requirementIds)).toEqual(['PU-3']);
    expect(evidenceOf(tamper)[0].resources).toEqual(tamper.rules);
  });

  test('a second one in the same account and region fails synth, naming both', () => {
    // GIVEN
    const stack = workloadStack();
    new TamperEventForwarding(stack, 'First', { central });
    new TamperEventForwarding(stack, 'Second', { central });
    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/TamperEventForwarding 'Workload\/Second' is the second in its account and region/);
  });
});
