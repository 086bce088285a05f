import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { CentralLogTargets } from '../../../lib/central/targets';
import { requirement } from '../../../lib/requirements/catalogue';
import { PipelineEventForwarding } from '../../../lib/sources/events/pipeline-event-forwarding';

const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });
const RECORDS = [requirement('HP-E8'), requirement('CA-E1')];
const DETAIL_TYPE_SETS = RECORDS.flatMap((r) => r.eventBridgeDetailTypes);
const CLOUDTRAIL_SETS = RECORDS.flatMap((r) => r.cloudTrailEvents);
const PIPELINE_ARN = 'arn:aws:codepipeline:eu-west-2:111111111111:release';

function workloadStack(app = new App(), id = 'Workload'): Stack {
  return new Stack(app, id, { env: { account: '111111111111', region: 'eu-west-2' } });
}

type Rule = { Properties: { EventPattern: Record<string, any>; Targets: Record<string, any>[] } };

function rules(stack: Stack): Rule[] {
  return Object.values(Template.fromStack(stack).findResources('AWS::Events::Rule')) as Rule[];
}

function ruleFor(stack: Stack, source: string): Rule {
  const found = rules(stack).filter((r) => (r.Properties.EventPattern.source ?? []).includes(source));
  expect(found).toHaveLength(1);
  return found[0];
}

describe('PipelineEventForwarding', () => {
  test('the catalogue lists the pipeline, build and stack detail-types', () => {
    const sources = DETAIL_TYPE_SETS.map((s) => s.source);
    expect(sources).toEqual(expect.arrayContaining(['aws.codepipeline', 'aws.codebuild', 'aws.cloudformation']));
  });

  test('forwards every detail-type the catalogue lists for HP-E8 and CA-E1, one rule per source', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new PipelineEventForwarding(stack, 'Pipelines', { central });
    // THEN
    for (const set of DETAIL_TYPE_SETS) {
      const rule = ruleFor(stack, set.source);
      expect(rule.Properties.EventPattern['detail-type']).toEqual(expect.arrayContaining(set.detailTypes));
    }
  });

  test('forwards the CloudTrail API calls the catalogue lists (who started, approved or changed)', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new PipelineEventForwarding(stack, 'Pipelines', { central });
    // THEN
    const apiRules = rules(stack).filter((r) => r.Properties.EventPattern['detail-type']?.[0] === 'AWS API Call via CloudTrail');
    for (const set of CLOUDTRAIL_SETS) {
      const rule = apiRules.find((r) => r.Properties.EventPattern.detail.eventSource.includes(set.eventSource));
      expect(rule).toBeDefined();
      expect(rule!.Properties.EventPattern.detail.eventName).toEqual(expect.arrayContaining(set.eventNames));
    }
    const names = CLOUDTRAIL_SETS.flatMap((s) => s.eventNames);
    expect(apiRules.length).toBe(new Set(CLOUDTRAIL_SETS.map((s) => s.eventSource)).size);
    expect(names.length).toBeGreaterThan(0);
  });

  test('every rule targets the central bus whole, with the dead-letter queue and retry policy', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    const forwarding = new PipelineEventForwarding(stack, 'Pipelines', { central });
    // THEN
    const all = rules(stack);
    expect(all.length).toBe(forwarding.rules.length);
    for (const rule of all) {
      expect(rule.Properties.Targets).toEqual([expect.objectContaining({
        Arn: central.eventBusArn,
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [expect.stringMatching(/DeadLetterQueue/), 'Arn'] } },
        RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86400 },
      })]);
      expect(rule.Properties.Targets[0].InputTransformer).toBeUndefined();
    }
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'ApproximateNumberOfMessagesVisible' });
  });

  test('by default the pipeline and build rules cover every pipeline and project in the account', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new PipelineEventForwarding(stack, 'Pipelines', { central });
    // THEN
    expect(ruleFor(stack, 'aws.codepipeline').Properties.EventPattern.resources).toBeUndefined();
    expect(ruleFor(stack, 'aws.codebuild').Properties.EventPattern.detail).toBeUndefined();
  });

  test('given pipelines narrow the CodePipeline rule to their ARNs and leave the others account-wide', () => {
    // GIVEN
    const stack = workloadStack();
    const pipeline = codepipeline.Pipeline.fromPipelineArn(stack, 'Release', PIPELINE_ARN);
    // WHEN
    new PipelineEventForwarding(stack, 'Pipelines', { central, pipelines: [pipeline] });
    // THEN
    expect(ruleFor(stack, 'aws.codepipeline').Properties.EventPattern.resources).toEqual([PIPELINE_ARN]);
    expect(ruleFor(stack, 'aws.cloudformation').Properties.EventPattern.resources).toBeUndefined();
    expect(ruleFor(stack, 'aws.codebuild').Properties.EventPattern.detail).toBeUndefined();
  });

  test('given build projects narrow the CodeBuild rule to their names', () => {
    // GIVEN
    const stack = workloadStack();
    const project = codebuild.Project.fromProjectName(stack, 'Build', 'release-build');
    // WHEN
    new PipelineEventForwarding(stack, 'Pipelines', { central, buildProjects: [project] });
    // THEN
    const rule = ruleFor(stack, 'aws.codebuild');
    expect(rule.Properties.EventPattern.detail).toEqual({ 'project-name': ['release-build'] });
    expect(rule.Properties.EventPattern['detail-type'].length).toBeGreaterThan(0);
  });

  test('refuses an empty pipeline list', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN / THEN
    expect(() => new PipelineEventForwarding(stack, 'Pipelines', { central, pipelines: [] }))
      .toThrow(/pipelines is an empty list.*leave it out to forward every pipeline/);
  });

  test('refuses an empty build project list', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN / THEN
    expect(() => new PipelineEventForwarding(stack, 'Pipelines', { central, buildProjects: [] }))
      .toThrow(/buildProjects is an empty list.*leave it out to forward every project/);
  });

  test('fails synth on a second PipelineEventForwarding in the same account and region', () => {
    // GIVEN
    const app = new App();
    const a = workloadStack(app, 'A');
    const b = workloadStack(app, 'B');
    new PipelineEventForwarding(a, 'Pipelines', { central });
    // WHEN
    new PipelineEventForwarding(b, 'Pipelines', {
      central, pipelines: [codepipeline.Pipeline.fromPipelineArn(b, 'Release', PIPELINE_ARN)],
    });
    // THEN
    expect(() => app.synth()).toThrow(/PipelineEventForwarding 'B\/Pipelines' is the second in its account and region \(after 'A\/Pipelines'\)/);
  });

  test('one PipelineEventForwarding per region is fine', () => {
    // GIVEN
    const app = new App();
    new PipelineEventForwarding(workloadStack(app, 'A'), 'Pipelines', { central });
    // WHEN
    new PipelineEventForwarding(new Stack(app, 'B', { env: { account: '111111111111', region: 'eu-west-1' } }), 'Pipelines', { central });
    // THEN
    expect(() => app.synth()).not.toThrow();
  });

  test('rules carry a description naming the requirements', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new PipelineEventForwarding(stack, 'Pipelines', { central });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      Description: Match.stringLikeRegexp('^HP-E8, CA-E1: forwards aws.codepipeline'),
    });
  });
});
