import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EventForwardingOptions } from './event-forwarding-options';
import { CentralEventForwarder, cloudTrailPattern, eventBridgePattern, groupCloudTrailSets, groupEventBridgeSets, requireOnePerEnvironment, ruleIdFor } from '../private/event-forwarding';
import { requirement } from '../../requirements/catalogue';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { recordEvidence } from '../../core/evidence';

/** The requirements this construct meets. */
/** The EventBridge source whose events the `pipelines` filter narrows. */
const CODEPIPELINE_SOURCE = 'aws.codepipeline';
/** The EventBridge source whose events the `buildProjects` filter narrows. */
const CODEBUILD_SOURCE = 'aws.codebuild';

/** Props for {@link PipelineEventForwarding}. */
export interface PipelineEventForwardingProps extends EventForwardingOptions {
  /**
   * Forward CodePipeline execution events of these pipelines only (matched on
   * the event's `resources`, the pipeline ARN).
   *
   * @default - every pipeline in the account and region
   */
  readonly pipelines?: codepipeline.IPipeline[];
  /**
   * Forward CodeBuild build events of these projects only (matched on
   * `detail.project-name`).
   *
   * @default - every project in the account and region
   */
  readonly buildProjects?: codebuild.IProject[];
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('PipelineEventForwarding', ['HP-E8', 'CA-E1']);

/**
 * Pipeline events (HP-E8 hosting platforms, CA-E1 custom applications) to the
 * central security event bus.
 *
 * One EventBridge rule per event source the requirement catalogue lists for
 * HP-E8 and CA-E1: CodePipeline pipeline, stage and action execution state
 * changes, CodeBuild build state changes, and CloudFormation stack and
 * resource status changes; plus one rule per CloudTrail event source for the
 * API calls the catalogue lists (who started a pipeline or build, who
 * approved, who changed a stack, and the web-identity role sessions that
 * carry a CI system's repository and environment, such as GitHub's OIDC
 * `sub`). EventBridge only receives CloudTrail API calls when the account
 * has a trail that is logging. The web-identity rule also matches EKS pods
 * that use IAM roles for service accounts, and EventBridge charges per event
 * delivered to another account: watch the volume in busy clusters.
 *
 * Events are forwarded whole: `execution-trigger` (trigger type and the user
 * or webhook), the action's `execution-result` (commit), CodeBuild's
 * initiator and source, and the envelope's `account` and `region` (the target
 * environment) all reach the central account unchanged. EventBridge does not
 * allow an input transformer on a cross-account event bus target, so no label
 * is added: map account ids to environment names centrally.
 *
 * Only the CodePipeline and CodeBuild state-change rules are narrowed by
 * `pipelines` and `buildProjects`; CloudFormation changes and the API calls
 * are forwarded for the whole account, because a pipeline deploys stacks
 * that are not known here. Use one per account and region (synth fails on a
 * second): give it every pipeline and project to narrow to.
 *
 * @example
 * new PipelineEventForwarding(this, 'PipelineEvents', {
 *   central,
 *   pipelines: [pipeline],
 * });
 */
export class PipelineEventForwarding extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** The rules, one per event source. */
  public readonly rules: events.Rule[];
  /** Where events wait when the central bus cannot be reached (KMS-encrypted, kept 14 days). */
  public readonly deadLetterQueue: sqs.IQueue;
  /** Fires when an event waits in the dead-letter queue. */
  public readonly deadLetterAlarm: cloudwatch.IAlarm;

  constructor(scope: Construct, id: string, props: PipelineEventForwardingProps) {
    super(scope, id);
    if (props.pipelines !== undefined && props.pipelines.length === 0) {
      throw new Error(
        'pipelines is an empty list, which would forward no CodePipeline events; leave it out to forward every ' +
        'pipeline in the account, or list the pipelines.',
      );
    }
    if (props.buildProjects !== undefined && props.buildProjects.length === 0) {
      throw new Error(
        'buildProjects is an empty list, which would forward no CodeBuild events; leave it out to forward every ' +
        'project in the account, or list the projects.',
      );
    }

    const records = IMPLEMENTS.requirementIds.map((r) => requirement(r));
    const stateChanges = groupEventBridgeSets(records.flatMap((r) => r.eventBridgeDetailTypes));
    const apiCalls = groupCloudTrailSets(records.flatMap((r) => r.cloudTrailEvents));
    if (stateChanges.length === 0) {
      throw new Error(
        `The requirement catalogue lists no EventBridge detail-types for ${IMPLEMENTS.requirementIds.join(' or ')}; ` +
        'add the CodePipeline, CodeBuild and CloudFormation state-change detail-types to their eventBridgeDetailTypes.',
      );
    }

    const purpose = `pipeline events (${IMPLEMENTS.requirementIds.join(', ')})`;
    const forwarder = new CentralEventForwarder(this, 'Forwarder', { ...props, purpose });

    const pipelineArns = props.pipelines?.map((p) => p.pipelineArn);
    const projectNames = props.buildProjects?.map((p) => p.projectName);
    for (const set of stateChanges) {
      const pattern: events.EventPattern = { ...eventBridgePattern(set) };
      let narrowed: events.EventPattern = pattern;
      if (set.source === CODEPIPELINE_SOURCE && pipelineArns) {
        narrowed = { ...pattern, resources: pipelineArns };
      } else if (set.source === CODEBUILD_SOURCE && projectNames) {
        narrowed = { ...pattern, detail: { 'project-name': projectNames } };
      }
      forwarder.forward(ruleIdFor(set.source, 'Events'), narrowed,
        `${IMPLEMENTS.requirementIds.join(', ')}: forwards ${set.source} state changes to the central security event bus`);
    }
    for (const set of apiCalls) {
      forwarder.forward(ruleIdFor(set.eventSource, 'ApiCalls'), cloudTrailPattern(set),
        `${IMPLEMENTS.requirementIds.join(', ')}: forwards ${set.eventSource} API calls (who started, approved or changed) to the central security event bus`);
    }
    this.rules = forwarder.rules;
    recordEvidence(this, IMPLEMENTS, this.rules, 'CodePipeline, CodeBuild and CloudFormation state changes, and who started or approved them, go to the central security event bus.');
    this.deadLetterQueue = forwarder.deadLetterQueue;
    this.deadLetterAlarm = forwarder.deadLetterAlarm;

    requireOnePerEnvironment(this, 'PipelineEventForwarding', (c) => c instanceof PipelineEventForwarding,
      'both forward every CloudFormation change and pipeline API call, so the central account would get each twice; ' +
      'give the one you keep all the pipelines and build projects');
  }
}
