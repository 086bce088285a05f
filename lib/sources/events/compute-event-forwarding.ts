import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EventForwardingOptions } from './event-forwarding-options';
import { forwardRequirementEvents, RequirementForwardingSpec } from '../private/event-forwarding';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';

/** What this construct forwards. */
const SPEC: Omit<RequirementForwardingSpec, 'implementation'> = {
  purpose: 'hypervisor events',
  eventRuleSuffix: 'Events',
  evidenceNote: 'EC2 instance state changes, EBS notifications and instance API calls go to the central security event bus.',
};

/**
 * Props for {@link ComputeEventForwarding}. A props type of its own (jsii), so options can be
 * added later without breaking callers.
 */
export interface ComputeEventForwardingProps extends EventForwardingOptions {} // eslint-disable-line @typescript-eslint/no-empty-object-type

/**
 * Hypervisor events (HP-B5) to the central security event bus: the
 * EventBridge events the requirement catalogue lists for HP-B5 (EC2 instance
 * state changes: power on, power off, termination) and the CloudTrail API
 * calls it lists (instance creation with its image and launch template,
 * start, stop, reboot, terminate, CPU, memory, network and storage changes),
 * one rule per source, each event forwarded whole.
 *
 * The API calls reach EventBridge only when the account has a CloudTrail
 * trail that is logging. Guest-initiated reboots and in-guest mounts are not
 * visible to AWS APIs (see the catalogue's verdict for HP-B5). Use one per
 * account and region (synth fails on a second).
 *
 * @example
 * new ComputeEventForwarding(this, 'ComputeEvents', { central });
 */
export class ComputeEventForwarding extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = implementsRequirements('ComputeEventForwarding', ['HP-B5']);

  /** The rules, one per event source. */
  public readonly rules: events.Rule[];
  /** Where events wait when the central bus cannot be reached (KMS-encrypted, kept 14 days). */
  public readonly deadLetterQueue: sqs.IQueue;
  /** Fires when an event waits in the dead-letter queue. */
  public readonly deadLetterAlarm: cloudwatch.IAlarm;

  constructor(scope: Construct, id: string, props: ComputeEventForwardingProps) {
    super(scope, id);
    const forwarder = forwardRequirementEvents(this, props, { ...SPEC, implementation: ComputeEventForwarding.IMPLEMENTS }, (c) => c instanceof ComputeEventForwarding);
    this.rules = forwarder.rules;
    this.deadLetterQueue = forwarder.deadLetterQueue;
    this.deadLetterAlarm = forwarder.deadLetterAlarm;
  }
}
