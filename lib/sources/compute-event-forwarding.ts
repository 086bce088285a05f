import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  CentralEventForwarder,
  EventForwardingOptions,
  cloudTrailPattern,
  eventBridgePattern,
  firstInSameEnvironment,
  trackPerEnvironment,
  groupCloudTrailSets,
  groupEventBridgeSets,
  ruleIdFor,
} from '../private/event-forwarding';
import { requirement } from '../requirements/catalogue';
import { LibraryConstructName } from '../requirements/seeds';
import { recordEvidence } from '../private/evidence';

/** The requirement this construct meets. */
const REQUIREMENT_ID = 'HP-B5';

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
  /** The rules, one per event source. */
  public readonly rules: events.Rule[];
  /** Where events wait when the central bus cannot be reached (KMS-encrypted, kept 14 days). */
  public readonly deadLetterQueue: sqs.IQueue;
  /** Fires when an event waits in the dead-letter queue. */
  public readonly deadLetterAlarm: cloudwatch.IAlarm;

  constructor(scope: Construct, id: string, props: ComputeEventForwardingProps) {
    super(scope, id);
    const record = requirement(REQUIREMENT_ID);
    const stateChanges = groupEventBridgeSets(record.eventBridgeDetailTypes);
    const apiCalls = groupCloudTrailSets(record.cloudTrailEvents);
    if (stateChanges.length === 0 && apiCalls.length === 0) {
      throw new Error(
        `The requirement catalogue lists no EventBridge detail-types or CloudTrail events for ${REQUIREMENT_ID}; ` +
        'add the EC2 state-change detail-type and the instance API calls to it.',
      );
    }
    const forwarder = new CentralEventForwarder(this, 'Forwarder', { ...props, purpose: `hypervisor events (${REQUIREMENT_ID})` });
    for (const set of stateChanges) {
      forwarder.forward(ruleIdFor(set.source, 'Events'), eventBridgePattern(set),
        `${REQUIREMENT_ID}: forwards ${set.source} state changes to the central security event bus`);
    }
    for (const set of apiCalls) {
      forwarder.forward(ruleIdFor(set.eventSource, 'ApiCalls'), cloudTrailPattern(set),
        `${REQUIREMENT_ID}: forwards ${set.eventSource} API calls to the central security event bus`);
    }
    this.rules = forwarder.rules;
    recordEvidence(this, LibraryConstructName.COMPUTE_EVENT_FORWARDING, this.rules, 'EC2 instance state changes, EBS notifications and instance API calls go to the central security event bus.');
    this.deadLetterQueue = forwarder.deadLetterQueue;
    this.deadLetterAlarm = forwarder.deadLetterAlarm;

    trackPerEnvironment(this);
    this.node.addValidation({
      validate: () => {
        const first = firstInSameEnvironment(this, (c) => c instanceof ComputeEventForwarding);
        return first === this ? [] : [
          `ComputeEventForwarding '${this.node.path}' is the second in its account and region (after ` +
          `'${first.node.path}'), so the central account would get every event twice; keep one of them.`,
        ];
      },
    });
  }
}
