import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EventForwardingOptions } from './event-forwarding-options';
import { forwardRequirementEvents, RequirementForwardingSpec } from '../private/event-forwarding';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';

/** What this construct forwards. */
const SPEC: Omit<RequirementForwardingSpec, 'implementation'> = {
  purpose: 'orchestrator events',
  eventRuleSuffix: 'Tasks',
  evidenceNote: 'ECS task state changes and EKS and ECS control-plane API calls go to the central security event bus.',
};

/**
 * Props for {@link OrchestratorEventForwarding}. A props type of its own (jsii), so options can be
 * added later without breaking callers.
 */
export interface OrchestratorEventForwardingProps extends EventForwardingOptions {} // eslint-disable-line @typescript-eslint/no-empty-object-type

/**
 * Orchestrator events (HP-B6) to the central security event bus: the
 * EventBridge events the requirement catalogue lists for HP-B6 (ECS task
 * state changes: each container's image, start, stop, exit code and stop
 * reason) and the CloudTrail API calls it lists (EKS clusters, node groups,
 * Fargate profiles, add-ons and access entries; ECS clusters, task
 * definitions, services and tasks), one rule per source, each event
 * forwarded whole.
 *
 * This is the account-level half of HP-B6; the Kubernetes half (every
 * object created, changed or deleted inside a cluster) is the EKS audit log,
 * which {@link EksAuditLogging} switches on per cluster. The API calls reach
 * EventBridge only when the account has a CloudTrail trail that is logging.
 * Use one per account and region (synth fails on a second).
 *
 * @example
 * new OrchestratorEventForwarding(this, 'OrchestratorEvents', { central });
 */
export class OrchestratorEventForwarding extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = implementsRequirements('OrchestratorEventForwarding', ['HP-B6']);

  /** The rules, one per event source. */
  public readonly rules: events.Rule[];
  /** Where events wait when the central bus cannot be reached (KMS-encrypted, kept 14 days). */
  public readonly deadLetterQueue: sqs.IQueue;
  /** Fires when an event waits in the dead-letter queue. */
  public readonly deadLetterAlarm: cloudwatch.IAlarm;

  constructor(scope: Construct, id: string, props: OrchestratorEventForwardingProps) {
    super(scope, id);
    const forwarder = forwardRequirementEvents(this, props, { ...SPEC, implementation: OrchestratorEventForwarding.IMPLEMENTS }, (c) => c instanceof OrchestratorEventForwarding);
    this.rules = forwarder.rules;
    this.deadLetterQueue = forwarder.deadLetterQueue;
    this.deadLetterAlarm = forwarder.deadLetterAlarm;
  }
}
