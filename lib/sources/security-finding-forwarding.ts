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
const REQUIREMENT_ID = 'HP-E4';

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
  /** The rules, one per event source. */
  public readonly rules: events.Rule[];
  /** Where events wait when the central bus cannot be reached (KMS-encrypted, kept 14 days). */
  public readonly deadLetterQueue: sqs.IQueue;
  /** Fires when an event waits in the dead-letter queue. */
  public readonly deadLetterAlarm: cloudwatch.IAlarm;

  constructor(scope: Construct, id: string, props: SecurityFindingForwardingProps) {
    super(scope, id);
    const record = requirement(REQUIREMENT_ID);
    const findings = groupEventBridgeSets(record.eventBridgeDetailTypes);
    if (findings.length === 0) {
      throw new Error(
        `The requirement catalogue lists no EventBridge detail-types for ${REQUIREMENT_ID}; ` +
        'add the GuardDuty, Inspector and Security Hub finding detail-types to its eventBridgeDetailTypes.',
      );
    }
    const forwarder = new CentralEventForwarder(this, 'Forwarder', { ...props, purpose: `security findings (${REQUIREMENT_ID})` });
    for (const set of findings) {
      forwarder.forward(ruleIdFor(set.source, 'Findings'), eventBridgePattern(set),
        `${REQUIREMENT_ID}: forwards ${set.source} findings to the central security event bus`);
    }
    for (const set of groupCloudTrailSets(record.cloudTrailEvents)) {
      forwarder.forward(ruleIdFor(set.eventSource, 'ApiCalls'), cloudTrailPattern(set),
        `${REQUIREMENT_ID}: forwards ${set.eventSource} API calls to the central security event bus`);
    }
    this.rules = forwarder.rules;
    recordEvidence(this, LibraryConstructName.SECURITY_FINDING_FORWARDING, this.rules, 'GuardDuty, Inspector and Security Hub findings go to the central security event bus.');
    this.deadLetterQueue = forwarder.deadLetterQueue;
    this.deadLetterAlarm = forwarder.deadLetterAlarm;

    trackPerEnvironment(this);
    this.node.addValidation({
      validate: () => {
        const first = firstInSameEnvironment(this, (c) => c instanceof SecurityFindingForwarding);
        return first === this ? [] : [
          `SecurityFindingForwarding '${this.node.path}' is the second in its account and region (after ` +
          `'${first.node.path}'), so the central account would get every finding twice; keep one of them.`,
        ];
      },
    });
  }
}
