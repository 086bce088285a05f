import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { buildEventPatterns } from '../../core/events/cloudtrail-patterns';
import { recordEvidence } from '../../core/evidence';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { validateRegion } from '../../core/validate';
import { userDirectoryEvents } from '../../requirements/catalogue';
import { UserDirectory } from '../../requirements/types';
import { EventForwardingOptions } from '../events/event-forwarding-options';
import { CentralEventForwarder } from '../private/event-forwarding';

/** The CloudTrail event source of console and IAM Identity Center sign-in events. */
const SIGN_IN_EVENT_SOURCE = 'signin.amazonaws.com';

/**
 * The regions where AWS records console sign-ins that do not go through a
 * regional sign-in endpoint: root users in us-east-1; IAM users on the global
 * endpoint in us-east-2, eu-north-1 or ap-southeast-2 when the browser carries
 * the account-alias cookie, otherwise in us-east-1. Sign-ins through a
 * regional endpoint are recorded in that endpoint's region: add those regions.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
 */
const DEFAULT_SIGN_IN_REGIONS: string[] = Object.freeze(['us-east-1', 'us-east-2', 'eu-north-1', 'ap-southeast-2']) as string[];

/** Props for {@link SignInEventForwarding}. */
export interface SignInEventForwardingProps extends EventForwardingOptions {
  /**
   * Also forward IAM Identity Center sign-in events (CredentialVerification,
   * UserAuthentication). Set it in the Identity Center instance's home region
   * only: AWS does not document where else they are recorded.
   *
   * @default false
   */
  readonly includeIdentityCenter?: boolean;
}

const IMPLEMENTS = implementsRequirements('SignInEventForwarding', ['HP-B1', 'CA-B1']);

/**
 * Forwards the sign-in events recorded in this stack's region (requirements
 * HP-B1 and CA-B1: failed and successful console sign-ins, MFA checks and,
 * in the Identity Center home region, Identity Center sign-in steps) from the
 * account's default event bus to the central security event bus, where the
 * one `SignInCorrelation` sees them next to every other account's and region's.
 *
 * The events are the catalogue's `signin.amazonaws.com` events of the IAM
 * directory (and of IAM Identity Center with `includeIdentityCenter`). The
 * rule targets the central bus with a role (required for a cross-account bus
 * target), a 24-hour retry policy and a KMS-encrypted dead-letter queue in
 * this region, all alarmed with `alarmActions`.
 *
 * Deploy one in every region that records sign-ins:
 * `SignInEventForwarding.DEFAULT_REGIONS` plus the region of any regional sign-in
 * endpoint in use. `SignInForwardingStacks` makes one small stack per region.
 * IAM API calls (us-east-1 only) and Cognito events (the pool's region) stay
 * with `IdentityEventForwarding`.
 *
 * @example
 * new SignInEventForwarding(euNorth1Stack, 'SignIn', { central });
 */
export class SignInEventForwarding extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;
  /**
   * The regions that record console sign-ins not made through a regional
   * endpoint: us-east-1 (root users; IAM users on the global endpoint without
   * the account-alias cookie) and us-east-2, eu-north-1, ap-southeast-2 (IAM
   * users on the global endpoint with the cookie). Frozen.
   * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
   */
  public static readonly DEFAULT_REGIONS: string[] = DEFAULT_SIGN_IN_REGIONS;
  /** The CloudTrail event source of console and IAM Identity Center sign-in events. */
  public static readonly EVENT_SOURCE: string = SIGN_IN_EVENT_SOURCE;

  /** The rules that forward sign-in events to the central bus. */
  public readonly rules: events.Rule[];
  /** Where events go when the central bus cannot be reached (in this region). */
  public readonly deadLetterQueue: sqs.Queue;
  /** Alarms: events in the dead-letter queue, events lost per rule. */
  public readonly alarms: cloudwatch.Alarm[];
  /** The sign-in event names forwarded. */
  public readonly eventNames: string[];

  constructor(scope: Construct, id: string, props: SignInEventForwardingProps) {
    super(scope, id);
    const region = Stack.of(this).region;
    if (Token.isUnresolved(region)) {
      Annotations.of(this).addWarningV2('cdk-security-log-collection:signInRegionUnresolved',
        'The stack region is not known at synth: sign-in events are forwarded from whatever region it is deployed to. ' +
        `Give the stack a region, and deploy one SignInEventForwarding in each of ${DEFAULT_SIGN_IN_REGIONS.join(', ')}.`);
    } else {
      validateRegion(`env.region of stack '${Stack.of(this).node.path}':`, region);
    }
    const directories = props.includeIdentityCenter ? [UserDirectory.IAM, UserDirectory.IAM_IDENTITY_CENTER] : [UserDirectory.IAM];
    const sets = directories.flatMap((d) => userDirectoryEvents(d)).filter((s) => s.eventSource === SIGN_IN_EVENT_SOURCE);
    this.eventNames = [...new Set(sets.flatMap((s) => s.eventNames))];

    const forwarder = new CentralEventForwarder(this, 'Forwarder', {
      ...props,
      purpose: `sign-in events of ${Token.isUnresolved(region) ? 'this region' : region} (HP-B1, CA-B1)`,
    });
    this.deadLetterQueue = forwarder.deadLetterQueue;
    this.rules = buildEventPatterns(sets).map((pattern, i) => forwarder.forward(`Forward${i + 1}`, {
      detailType: pattern['detail-type'],
      detail: { eventSource: pattern.detail.eventSource, eventName: pattern.detail.eventName },
    }, `Forwards sign-in events recorded in this region (${pattern.detail.eventName.join(', ')}) to the central security event bus (HP-B1, CA-B1)`));
    this.alarms = [forwarder.deadLetterAlarm];
    for (const rule of this.rules) {
      const lost = forwarder.node.tryFindChild(`${rule.node.id}LostEventsAlarm`);
      if (lost instanceof cloudwatch.Alarm) {
        this.alarms.push(lost);
      }
    }

    recordEvidence(this, IMPLEMENTS, this.rules,
      `Sign-in events recorded in ${Token.isUnresolved(region) ? 'the stack region' : region} (${this.eventNames.join(', ')}) ` +
      'are forwarded to the central security event bus for correlation.');
  }
}
