import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { PipelineForwardingRule, ResourceType } from '../../app-index';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { listText } from '../../../core/l1';
import { requirement } from '../../../requirements/catalogue';
import { PipelineEventForwarding } from '../../../sources';

const SOURCE = 'aws.codepipeline';

/**
 * HP-E8 / CA-E1 (pipeline events): every CodePipeline pipeline's state-change
 * events are forwarded. An `AWS::Events::Rule` (in any stack of the app with
 * the same account and region) covers a pipeline when it is enabled, sits on
 * the default event bus (where service events arrive), its EventPattern
 * matches source `aws.codepipeline` (or has no source), it is not limited to
 * other pipelines (`resources` ARNs or `detail.pipeline` names), and it has a
 * target that is an event bus, a Kinesis stream or a Firehose stream. Between
 * them the covering rules must match every CodePipeline detail-type the
 * catalogue names for the requirement.
 */
export const pipelineEventForwarding: LogCollectionRule = {
  name: 'pipeline-event-forwarding',
  requirementIds: fixedRequirements('HP-E8', 'CA-E1'),
  resourceTypes: [ResourceType.PIPELINE],
  fixedBy: [PipelineEventForwarding.IMPLEMENTS.construct],
  summary:
    'Every CodePipeline pipeline\'s state-change events (source aws.codepipeline, every detail-type the requirement names) ' +
    'are forwarded by an EventBridge rule to an event bus, Kinesis stream or Firehose stream.',
  check(pipeline: CfnResource, context: RuleContext): RuleOutcome {
    const required = context.requirementIds
      .flatMap((id) => requirement(id).eventBridgeDetailTypes)
      .filter((set) => set.source === SOURCE)
      .flatMap((set) => set.detailTypes)
      .filter((d, i, all) => all.indexOf(d) === i);
    const name = context.index.resolve(pipeline, (pipeline as unknown as Record<string, unknown>).name);
    const matching = context.index.codePipelineRulesNear(pipeline).filter((r) => covers(r, pipeline, name));
    const forwarding = matching.filter((r) => r.forwards);
    const forwarded = new Set<string>();
    for (const r of forwarding) {
      (r.detailTypes ?? required).forEach((d) => forwarded.add(d));
    }
    const missing = required.filter((d) => !forwarded.has(d));
    if (forwarding.length > 0 && missing.length === 0) {
      return outcome.compliant(`Pipeline ${pipeline.node.path} events are forwarded by ${forwarding.map((r) => r.rule.node.path).join(', ')}.`);
    }
    if (forwarding.length === 0) {
      const near = matching.length > 0
        ? ` (${matching.map((r) => r.rule.node.path).join(', ')} match${matching.length === 1 ? 'es' : ''} its events but ` +
          'has no event bus, Kinesis or Firehose target)'
        : '';
      return outcome.nonCompliant(
        `CodePipeline ${pipeline.node.path}: no enabled EventBridge rule on the default bus forwards its state-change events ` +
        `(source ${SOURCE}) to an event bus, Kinesis stream or Firehose stream${near}.`,
      );
    }
    return outcome.nonCompliant(
      `CodePipeline ${pipeline.node.path}: the rules that forward its events (${forwarding.map((r) => r.rule.node.path).join(', ')}) ` +
      `leave out the detail-type${missing.length > 1 ? 's' : ''} ${listText(missing.map((d) => `'${d}'`))}.`,
    );
  },
};

/** Whether an events rule sees this pipeline's events. */
function covers(rule: PipelineForwardingRule, pipeline: CfnResource, name: unknown): boolean {
  if (!sameEnvironment(Stack.of(rule.rule), Stack.of(pipeline))) {
    return false;
  }
  if (rule.pipelines === undefined) {
    return true;
  }
  return rule.pipelines.includes(pipeline)
    || (typeof name === 'string' && rule.pipelineNames.some((n) => n === name || n.endsWith(`:${name}`)));
}

/** Two stacks share an account and region unless both name different concrete ones. */
function sameEnvironment(a: Stack, b: Stack): boolean {
  const differs = (x: string, y: string) => !Token.isUnresolved(x) && !Token.isUnresolved(y) && x !== y;
  return !differs(a.account, b.account) && !differs(a.region, b.region);
}
