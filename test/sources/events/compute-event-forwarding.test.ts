import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CentralLogTargets } from '../../../lib/central/targets';
import { requirement } from '../../../lib/requirements/catalogue';
import { ComputeEventForwarding } from '../../../lib/sources/events/compute-event-forwarding';

const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });
const RECORD = requirement('HP-B5');

function workloadStack(app = new App(), id = 'Workload'): Stack {
  return new Stack(app, id, { env: { account: '111111111111', region: 'eu-west-2' } });
}

type Rule = { Properties: { EventPattern: Record<string, any>; Targets: Record<string, any>[] } };

function rules(stack: Stack): Rule[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule')) as Rule[];
}

describe('ComputeEventForwarding', () => {
  test('the catalogue lists EC2 instance state changes and instance API calls', () => {
    expect(RECORD.eventBridgeDetailTypes.map((s) => s.source)).toContain('aws.ec2');
    expect(RECORD.cloudTrailEvents.map((s) => s.eventSource)).toContain('ec2.amazonaws.com');
  });

  test('forwards the HP-B5 state-change detail-types', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new ComputeEventForwarding(stack, 'Compute', { central });
    // THEN
    for (const set of RECORD.eventBridgeDetailTypes) {
      const matching = rules(stack).filter((r) => (r.Properties.EventPattern.source ?? []).includes(set.source));
      expect(matching).toHaveLength(1);
      expect(matching[0].Properties.EventPattern['detail-type']).toEqual(expect.arrayContaining(set.detailTypes));
    }
  });

  test('forwards the HP-B5 CloudTrail API calls as "AWS API Call via CloudTrail" events', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new ComputeEventForwarding(stack, 'Compute', { central });
    // THEN
    for (const set of RECORD.cloudTrailEvents) {
      const matching = rules(stack).filter((r) => (r.Properties.EventPattern.detail?.eventSource ?? []).includes(set.eventSource));
      expect(matching).toHaveLength(1);
      expect(matching[0].Properties.EventPattern['detail-type']).toEqual(['AWS API Call via CloudTrail']);
      expect(matching[0].Properties.EventPattern.detail.eventName).toEqual(expect.arrayContaining(set.eventNames));
    }
  });

  test('every rule goes to the central bus with a dead-letter queue and retry policy', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    const compute = new ComputeEventForwarding(stack, 'Compute', { central });
    // THEN
    const all = rules(stack);
    expect(all.length).toBe(compute.rules.length);
    const queueId = Object.keys(Template.fromStack(stack).findResources('AWS::SQS::Queue'))[0];
    expect(stack.resolve(compute.deadLetterQueue.queueArn)).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
    expect(compute.deadLetterAlarm.alarmArn).toBeDefined();
    for (const rule of all) {
      expect(rule.Properties.Targets).toEqual([expect.objectContaining({
        Arn: central.eventBusArn,
        DeadLetterConfig: expect.anything(),
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      })]);
    }
  });

  test('fails synth on a second one in the same account and region', () => {
    // GIVEN
    const app = new App();
    new ComputeEventForwarding(workloadStack(app, 'A'), 'Compute', { central });
    // WHEN
    new ComputeEventForwarding(workloadStack(app, 'B'), 'Compute', { central });
    // THEN
    expect(() => app.synth()).toThrow(/ComputeEventForwarding 'B\/Compute' is the second in its account and region/);
  });
});
