import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EventForwardingOptions } from './event-forwarding-options';
import { forwardRequirementEvents, RequirementForwardingSpec } from '../private/event-forwarding';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';

/** What this construct forwards. */
const SPEC: Omit<RequirementForwardingSpec, 'implementation'> = {
  purpose: 'security findings',
  eventRuleSuffix: 'Findings',
  evidenceNote: 'GuardDuty, Inspector and Security Hub findings go to the central security event bus.',
};

/**
 * Props for {@link SecurityFindingForwarding}. A props type of its own (jsii), so options can be
 * added later without breaking callers.
 */
export interface SecurityFindingForwardingProps extends EventForwardingOptions {} // eslint-disable-line @typescript-eslint/no-empty-object-type

/**
 * Endpoint protection security logs (HP-E4) to the central security event
 * bus: one EventBridge rule per finding source the requirement catalogue
 * lists for HP-E4 (GuardDuty, Inspector, Security Hub), forwarding each
 * finding event whole, plus one rule per CloudTrail event source if the
 * catalogue lists API calls for it.
 *
 * The services must be switched on in the account and region; this construct
 * only forwards what they emit. Security Hub also re-emits the findings it
 * imports from GuardDuty and Inspector, so the central account sees those
 * twice, once per product: deduplicate on the finding id there. Use one per
 * account and region (synth fails on a second).
 *
 * @example
 * new SecurityFindingForwarding(this, 'Findings', { central });
 */
export class SecurityFindingForwarding extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = implementsRequirements('SecurityFindingForwarding', ['HP-E4']);

  /** The rules, one per event source. */
  public readonly rules: events.Rule[];
  /** Where events wait when the central bus cannot be reached (KMS-encrypted, kept 14 days). */
  public readonly deadLetterQueue: sqs.IQueue;
  /** Fires when an event waits in the dead-letter queue. */
  public readonly deadLetterAlarm: cloudwatch.IAlarm;

  constructor(scope: Construct, id: string, props: SecurityFindingForwardingProps) {
    super(scope, id);
    const forwarder = forwardRequirementEvents(this, props, { ...SPEC, implementation: SecurityFindingForwarding.IMPLEMENTS }, (c) => c instanceof SecurityFindingForwarding);
    this.rules = forwarder.rules;
    this.deadLetterQueue = forwarder.deadLetterQueue;
    this.deadLetterAlarm = forwarder.deadLetterAlarm;
  }
}
