import { Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import { CheckCompliance } from '../../../../lib/checks';
import { LoggingProfile, MaturityTier } from '../../../../lib/requirements/types';
import { appWithStack, evaluate, resultOf } from '../../helpers';

const RULE = 'LogCollection-HP-E8';
const CENTRAL_BUS = 'arn:aws:events:eu-west-2:111111111111:event-bus/seclog-security-events';

function pipeline(stack: Stack, id = 'Pipeline'): codepipeline.CfnPipeline {
  return new codepipeline.CfnPipeline(stack, id, {
    roleArn: 'arn:aws:iam::222222222222:role/pipeline',
    artifactStore: { type: 'S3', location: 'artifacts' },
    stages: [],
  });
}

function forwardingRule(stack: Stack, id: string, eventPattern: any, arn = CENTRAL_BUS): events.CfnRule {
  return new events.CfnRule(stack, id, { eventPattern, state: 'ENABLED', targets: [{ id: 'Central', arn }] });
}

describe(RULE, () => {
  test('a rule forwarding every aws.codepipeline event to the central bus is compliant', () => {
    const { app, stack } = appWithStack();
    pipeline(stack);
    forwardingRule(stack, 'Forward', { source: ['aws.codepipeline'] });
    const result = resultOf(evaluate(app), RULE, 'Workload/Pipeline');
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.message).toContain('Workload/Forward');
  });

  test('an L2 rule in another stack with an event bus target covers the pipeline', () => {
    const { app, stack } = appWithStack();
    pipeline(stack);
    const logging = new Stack(app, 'Logging');
    const bus = new events.EventBus(logging, 'Bus');
    new events.Rule(logging, 'Forward', { eventPattern: { source: ['aws.codepipeline'] }, targets: [new targets.EventBus(bus)] });
    expect(resultOf(evaluate(app), RULE, 'Workload/Pipeline').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a pipeline with no forwarding rule is an error naming PipelineEventForwarding', () => {
    const { app, stack } = appWithStack();
    pipeline(stack);
    const result = resultOf(evaluate(app), RULE, 'Workload/Pipeline');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/no enabled EventBridge rule .*PipelineEventForwarding/);
  });

  test('a rule without an event bus, stream or Firehose target does not count', () => {
    const { app, stack } = appWithStack();
    pipeline(stack);
    forwardingRule(stack, 'Notify', { source: ['aws.codepipeline'] }, 'arn:aws:sns:eu-west-2:222222222222:topic');
    const result = resultOf(evaluate(app), RULE, 'Workload/Pipeline');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toContain('Workload/Notify matches its events but has no event bus, Kinesis or Firehose target');
  });

  test('a rule limited to some detail-types is an error naming the missing ones', () => {
    const { app, stack } = appWithStack();
    pipeline(stack);
    forwardingRule(stack, 'Forward', { 'source': ['aws.codepipeline'], 'detail-type': ['CodePipeline Pipeline Execution State Change'] });
    const result = resultOf(evaluate(app), RULE, 'Workload/Pipeline');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toContain("'CodePipeline Stage Execution State Change' and 'CodePipeline Action Execution State Change'");
  });

  test('a rule limited to another pipeline does not cover this one', () => {
    const { app, stack } = appWithStack();
    pipeline(stack, 'Pipeline');
    const other = pipeline(stack, 'Other');
    forwardingRule(stack, 'Forward', {
      source: ['aws.codepipeline'],
      resources: [`arn:aws:codepipeline:eu-west-2:222222222222:${other.ref}`],
    });
    const results = evaluate(app);
    expect(resultOf(results, RULE, 'Workload/Pipeline').compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(resultOf(results, RULE, 'Workload/Other').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a disabled rule, or one on a custom bus, does not count', () => {
    const { app, stack } = appWithStack();
    pipeline(stack);
    new events.CfnRule(stack, 'Disabled', { eventPattern: { source: ['aws.codepipeline'] }, state: 'DISABLED', targets: [{ id: 'a', arn: CENTRAL_BUS }] });
    new events.CfnRule(stack, 'CustomBus', { eventBusName: 'mine', eventPattern: { source: ['aws.codepipeline'] }, targets: [{ id: 'a', arn: CENTRAL_BUS }] });
    expect(resultOf(evaluate(app), RULE, 'Workload/Pipeline').compliance).toBe(CheckCompliance.NON_COMPLIANT);
  });

  test('a rule in another account does not cover the pipeline', () => {
    const app = appWithStack().app;
    const workload = new Stack(app, 'Pipelines', { env: { account: '222222222222', region: 'eu-west-2' } });
    pipeline(workload);
    forwardingRule(new Stack(app, 'Elsewhere', { env: { account: '333333333333', region: 'eu-west-2' } }), 'Forward', { source: ['aws.codepipeline'] });
    expect(resultOf(evaluate(app), RULE, 'Pipelines/Pipeline').compliance).toBe(CheckCompliance.NON_COMPLIANT);
  });

  test('for a custom application at Enhanced the rule asserts CA-E1', () => {
    const { app, stack } = appWithStack();
    pipeline(stack);
    const result = resultOf(evaluate(app, { tier: MaturityTier.ENHANCED, profile: LoggingProfile.CUSTOM_APPLICATION }), 'LogCollection-CA-E1', 'Workload/Pipeline');
    expect(result.requirementIds).toEqual(['CA-E1']);
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
  });
});
