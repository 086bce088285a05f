import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { CentralLogTargets } from '../../../lib/central/targets';
import { SignInEventForwarding } from '../../../lib/sources/identity/sign-in-event-forwarding';
import { SignInForwardingStacks, SignInForwardingStacksProps } from '../../../lib/sources/identity/sign-in-forwarding-stacks';

const central = CentralLogTargets.fromAttributes({ accountId: '999988887777', region: 'eu-west-2' });
const BUS_ARN = 'arn:aws:events:eu-west-2:999988887777:event-bus/seclog-security-events';
const ACCOUNT = '111122223333';

function stackIn(region?: string): Stack {
  return new Stack(new App(), 'SignIn', region ? { env: { account: ACCOUNT, region } } : {});
}

function signInRules(template: Template): any[] {
  return Object.values(template.findResources('AWS::Events::Rule')).map((r: any) => r.Properties);
}

describe('SignInEventForwarding', () => {
  test('forwards console sign-in and MFA events of its region to the central bus with a role, retry policy and a DLQ in the region', () => {
    // GIVEN a stack in eu-north-1
    const stack = stackIn('eu-north-1');
    // WHEN
    const forwarding = new SignInEventForwarding(stack, 'SignIn', { central });
    // THEN
    const template = Template.fromStack(stack);
    const rules = signInRules(template);
    expect(rules).toHaveLength(1);
    expect(rules[0].EventPattern).toEqual({
      'detail-type': ['AWS Console Sign In via CloudTrail', 'AWS Service Event via CloudTrail'],
      'detail': { eventSource: ['signin.amazonaws.com'], eventName: ['CheckMfa', 'ConsoleLogin'] },
    });
    expect(rules[0].Targets).toEqual([expect.objectContaining({
      Arn: BUS_ARN,
      RoleArn: expect.anything(),
      DeadLetterConfig: { Arn: stack.resolve(forwarding.deadLetterQueue.queueArn) },
      RetryPolicy: { MaximumEventAgeInSeconds: 86400, MaximumRetryAttempts: 185 },
    })]);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'events:PutEvents', Resource: BUS_ARN })] },
    });
    template.hasResource('AWS::SQS::Queue', { DeletionPolicy: 'Retain', Properties: Match.objectLike({ KmsMasterKeyId: Match.anyValue() }) });
    expect(forwarding.alarms.length).toBeGreaterThanOrEqual(2);
  });

  test('adds the Identity Center sign-in events when asked (its home region)', () => {
    const stack = stackIn('us-east-1');
    const forwarding = new SignInEventForwarding(stack, 'SignIn', { central, includeIdentityCenter: true });
    expect(forwarding.eventNames).toEqual(expect.arrayContaining(['ConsoleLogin', 'CheckMfa', 'CredentialVerification', 'UserAuthentication']));
    const pattern = signInRules(Template.fromStack(stack))[0].EventPattern;
    expect(pattern.detail.eventName).toEqual(expect.arrayContaining(['CredentialVerification', 'UserAuthentication']));
  });

  test('the alarm actions given are on every alarm', () => {
    const stack = stackIn('us-east-2');
    const action = { bind: () => ({ alarmActionArn: 'arn:aws:sns:us-east-2:111122223333:alarms' }) };
    new SignInEventForwarding(stack, 'SignIn', { central, alarmActions: [action] });
    const alarms = Object.values(Template.fromStack(stack).findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThanOrEqual(2);
    for (const alarm of alarms) {
      expect((alarm as any).Properties.AlarmActions).toEqual(['arn:aws:sns:us-east-2:111122223333:alarms']);
    }
  });

  test('a stack region that is not a region name is refused naming it', () => {
    expect(() => new SignInEventForwarding(stackIn('eu-nowhere'), 'SignIn', { central })).toThrow(/'eu-nowhere' is not an AWS region name/);
  });

  test('an unresolved stack region is a warning', () => {
    const stack = stackIn();
    new SignInEventForwarding(stack, 'SignIn', { central });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('region is not known at synth'));
  });

  test('the default region list is the one AWS documents', () => {
    expect(SignInEventForwarding.DEFAULT_REGIONS).toEqual(['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2']);
    expect(Object.isFrozen(SignInEventForwarding.DEFAULT_REGIONS)).toBe(true);
  });
});

describe('SignInForwardingStacks', () => {
  function stacks(props: Partial<SignInForwardingStacksProps> = {}) {
    const app = new App();
    return new SignInForwardingStacks(app, 'SignIn', { account: ACCOUNT, central, ...props });
  }

  test('makes one small stack per default region, each forwarding its own sign-ins to the central bus', () => {
    const made = stacks({ stackNamePrefix: 'WorkloadSignIn' });
    expect(made.regions).toEqual(['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2']);
    expect(made.stacks.map((s) => [s.region, s.account, s.stackName])).toEqual([
      ['us-east-1', ACCOUNT, 'WorkloadSignIn-us-east-1'],
      ['us-east-2', ACCOUNT, 'WorkloadSignIn-us-east-2'],
      ['eu-north-1', ACCOUNT, 'WorkloadSignIn-eu-north-1'],
      ['ap-southeast-2', ACCOUNT, 'WorkloadSignIn-ap-southeast-2'],
    ]);
    for (const stack of made.stacks) {
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::Events::Rule', 1);
      template.resourceCountIs('AWS::Lambda::Function', 0);
      template.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ Arn: BUS_ARN, RoleArn: Match.anyValue(), DeadLetterConfig: Match.anyValue() })] });
    }
  });

  test('only the Identity Center home region forwards Identity Center sign-in events', () => {
    const made = stacks({ identityCenterHomeRegion: 'eu-north-1' });
    const names = made.forwarders.map((f) => f.eventNames.includes('UserAuthentication'));
    expect(names).toEqual([false, false, true, false]);
  });

  test('each stack alarms to the named topic of its own region', () => {
    const made = stacks({ alarmTopicName: 'security-alarms' });
    const alarms = Template.fromStack(made.stacks[2]).findResources('AWS::CloudWatch::Alarm');
    for (const alarm of Object.values(alarms)) {
      expect(JSON.stringify((alarm as any).Properties.AlarmActions)).toContain(':sns:eu-north-1:111122223333:security-alarms');
    }
  });

  test.each([
    [{ regions: ['us-east-1', 'mars-north-1'] }, /regions 'mars-north-1' is not an AWS region name/],
    [{ regions: ['us-east-2', 'eu-north-1'] }, /regions \[us-east-2, eu-north-1\] leaves out us-east-1/],
    [{ regions: ['us-east-1', 'us-east-1'] }, /regions lists us-east-1 more than once/],
    [{ identityCenterHomeRegion: 'eu-west-2' }, /identityCenterHomeRegion 'eu-west-2' is not in regions \[us-east-1, us-east-2, eu-north-1, ap-southeast-2\]/],
    [{ account: '12345' }, /account '12345'/],
  ])('bad input %o fails naming the value', (props, message) => {
    expect(() => stacks(props as Partial<SignInForwardingStacksProps>)).toThrow(message);
  });

  test('refuses to be put inside a stack', () => {
    const stack = stackIn('us-east-1');
    expect(() => new SignInForwardingStacks(stack, 'SignIn', { account: ACCOUNT, central })).toThrow(/is inside a stack/);
  });
});
