import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EventForwardingOptions } from './event-forwarding-options';
import { recordEvidence } from '../../core/evidence';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { tamperPatterns } from '../../core/events/tamper-patterns';
import { CentralEventForwarder, requireOnePerEnvironment } from '../private/event-forwarding';

/**
 * Props for {@link TamperEventForwarding}. A props type of its own (jsii), so options can be
 * added later without breaking callers.
 */
export interface TamperEventForwardingProps extends EventForwardingOptions {} // eslint-disable-line @typescript-eslint/no-empty-object-type

const IMPLEMENTS = implementsRequirements('TamperEventForwarding', ['PU-3']);

/**
 * Tamper events (PU-3) of one account and region to the central security
 * event bus, where `TamperAlerts` sends them to a person: every call that
 * switches logging off or erases logs (the PU-3 record's CloudTrail events:
 * StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors, DeleteFlowLogs,
 * DeleteLogGroup, PutRetentionPolicy, Put/DeleteSubscriptionFilter, the
 * Resolver query logging calls, bucket policy and lifecycle changes, the
 * archive key's deletion, disabling or policy change, detaching the
 * guardrail), allowed or denied (a denied attempt is the same event with
 * `errorCode: AccessDenied`); and API calls of the root user. Console
 * sign-ins (root's, and those without MFA) are not forwarded here: they reach
 * the central bus once, through `SignInEventForwarding`, where
 * `TamperAlerts` picks them out.
 *
 * The events come from the account's CloudTrail (EventBridge receives
 * management events whether or not a trail exists, but only in the region
 * they are recorded in: stamp one into every region the account uses, and
 * us-east-1 for IAM and console sign-in;
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-ct-api-tutorial.html).
 * Deploy one in the management account too: SCPs do not bind it, so its
 * tamper events are the only guard. One per account and region (synth fails
 * on a second). Rules are named with the central prefix, so the guardrail
 * protects them.
 *
 * @example
 * new TamperEventForwarding(this, 'TamperEvents', { central });
 */
export class TamperEventForwarding extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** The rules, one per tamper pattern. */
  public readonly rules: events.Rule[];
  /** Where events wait when the central bus cannot be reached (KMS-encrypted, kept 14 days). */
  public readonly deadLetterQueue: sqs.IQueue;
  /** Fires when an event waits in the dead-letter queue. */
  public readonly deadLetterAlarm: cloudwatch.IAlarm;

  constructor(scope: Construct, id: string, props: TamperEventForwardingProps) {
    super(scope, id);
    const forwarder = new CentralEventForwarder(this, 'Forwarder', { ...props, purpose: 'tamper events (PU-3)' });
    for (const tamper of tamperPatterns({ signIns: false })) {
      forwarder.forward(tamper.id, tamper.pattern, `PU-3: forwards ${tamper.description} to the central security event bus`);
    }
    this.rules = forwarder.rules;
    this.deadLetterQueue = forwarder.deadLetterQueue;
    this.deadLetterAlarm = forwarder.deadLetterAlarm;
    recordEvidence(this, IMPLEMENTS, this.rules,
      'Attempts to switch logging off or erase logs (allowed or denied) and root API activity go to the central security ' +
      'event bus, where TamperAlerts sends them to a person.');
    requireOnePerEnvironment(this, IMPLEMENTS.construct, (c) => c instanceof TamperEventForwarding,
      'the central account would get every tamper event twice');
  }
}
