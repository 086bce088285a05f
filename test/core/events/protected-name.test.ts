import { App, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { Template } from 'aws-cdk-lib/assertions';
import { Construct } from 'constructs';
import { nameProtectedRule, protectedName } from '../../../lib/core/events/protected-name';

describe('protectedName', () => {
  test('starts with the prefix, stays within the length and differs per construct path', () => {
    const stack = new Stack(new App(), 'AVeryLongStackNameThatGoesOnAndOnForTheSakeOfTheTest');
    const a = new Construct(stack, 'ForwarderWithALongName');
    const b = new Construct(stack, 'AnotherForwarderWithALongName');
    const nameA = protectedName(a, 'seclog', 64);
    expect(nameA).toMatch(/^seclog-[A-Za-z0-9-]+$/);
    expect(nameA.length).toBeLessThanOrEqual(64);
    expect(protectedName(b, 'seclog', 64)).not.toBe(nameA);
  });

  test('nameProtectedRule writes the name on the rule, so the SCP pattern <prefix>-* matches it', () => {
    const stack = new Stack(new App(), 'Workload');
    nameProtectedRule(new events.Rule(stack, 'Rule', { eventPattern: { source: ['aws.ec2'] } }), 'myorg');
    const rule = Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule'))[0] as any;
    expect(rule.Properties.Name).toMatch(/^myorg-/);
  });
});
