import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CentralLogTargets } from '../../../lib/central/targets';
import { requirement } from '../../../lib/requirements/catalogue';
import { OrchestratorEventForwarding } from '../../../lib/sources/events/orchestrator-event-forwarding';

const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });
const RECORD = requirement('HP-B6');

function workloadStack(app = new App(), id = 'Workload'): Stack {
  return new Stack(app, id, { env: { account: '111111111111', region: 'eu-west-2' } });
}

type Rule = { Properties: { EventPattern: Record<string, any>; Targets: Record<string, any>[] } };

function rules(stack: Stack): Rule[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule')) as Rule[];
}

describe('OrchestratorEventForwarding', () => {
  test('the catalogue lists ECS task state changes and EKS and ECS API calls, and the construct declares HP-B6', () => {
    expect(RECORD.eventBridgeDetailTypes).toEqual([{ source: 'aws.ecs', detailTypes: ['ECS Task State Change'] }]);
    expect(RECORD.cloudTrailEvents.map((s) => s.eventSource).sort()).toEqual(['ecs.amazonaws.com', 'eks.amazonaws.com']);
    expect(OrchestratorEventForwarding.IMPLEMENTS).toEqual({ construct: 'OrchestratorEventForwarding', requirementIds: ['HP-B6'] });
  });

  test('forwards ECS task state changes', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new OrchestratorEventForwarding(stack, 'Orchestrator', { central });
    // THEN
    const matching = rules(stack).filter((r) => (r.Properties.EventPattern.source ?? []).includes('aws.ecs')
      && r.Properties.EventPattern['detail-type']?.includes('ECS Task State Change'));
    expect(matching).toHaveLength(1);
  });

  test('forwards every EKS and ECS API call the catalogue lists, one rule per event source', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new OrchestratorEventForwarding(stack, 'Orchestrator', { central });
    // THEN
    for (const set of RECORD.cloudTrailEvents) {
      const matching = rules(stack).filter((r) => (r.Properties.EventPattern.detail?.eventSource ?? []).includes(set.eventSource));
      expect(matching).toHaveLength(1);
      expect(matching[0].Properties.EventPattern['detail-type']).toEqual(['AWS API Call via CloudTrail']);
      expect(matching[0].Properties.EventPattern.detail.eventName).toEqual(expect.arrayContaining(set.eventNames));
    }
    expect(rules(stack)).toHaveLength(3);
  });

  test('defaults: every rule goes to the central bus with a dead-letter queue and the longest retry policy', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    const orchestrator = new OrchestratorEventForwarding(stack, 'Orchestrator', { central });
    // THEN
    const all = rules(stack);
    expect(all.length).toBe(orchestrator.rules.length);
    const template = Template.fromStack(stack);
    const queueId = Object.keys(template.findResources('AWS::SQS::Queue'))[0];
    expect(stack.resolve(orchestrator.deadLetterQueue.queueArn)).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
    template.hasResource('AWS::SQS::Queue', { DeletionPolicy: 'Retain', Properties: { KmsMasterKeyId: Match.anyValue() } });
    for (const rule of all) {
      expect(rule.Properties.Targets).toEqual([expect.objectContaining({
        Arn: central.eventBusArn,
        DeadLetterConfig: expect.anything(),
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      })]);
    }
  });

  test('takes a shorter retry policy', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new OrchestratorEventForwarding(stack, 'Orchestrator', { central, retryAttempts: 10, maxEventAge: Duration.hours(2) });
    // THEN
    for (const rule of rules(stack)) {
      expect(rule.Properties.Targets[0].RetryPolicy).toEqual({ MaximumRetryAttempts: 10, MaximumEventAgeInSeconds: 7200 });
    }
  });

  test('rejects a retry count EventBridge does not allow, naming it', () => {
    expect(() => new OrchestratorEventForwarding(workloadStack(), 'Orchestrator', { central, retryAttempts: 200 }))
      .toThrow(/200/);
  });

  test('fails synth on a second one in the same account and region', () => {
    // GIVEN
    const app = new App();
    new OrchestratorEventForwarding(workloadStack(app, 'A'), 'Orchestrator', { central });
    // WHEN
    new OrchestratorEventForwarding(workloadStack(app, 'B'), 'Orchestrator', { central });
    // THEN
    expect(() => app.synth()).toThrow(/OrchestratorEventForwarding 'B\/Orchestrator' is the second in its account and region/);
  });
});
