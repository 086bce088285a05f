import { Duration, Stack } from 'aws-cdk-lib';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { validateAccountId, validateRegion } from '../../core/validate';
import { CentralLogTargets } from '../../central/targets';
import { SignInEventForwarding } from './sign-in-event-forwarding';

/** The region every list must hold: root sign-ins and global-endpoint sign-ins without the alias cookie land there. */
const REQUIRED_REGION = 'us-east-1';

/** Props for {@link SignInForwardingStacks}. */
export interface SignInForwardingStacksProps {
  /** The workload account whose sign-ins are forwarded. */
  readonly account: string;

  /** The central log account: the rules target its security event bus. */
  readonly central: CentralLogTargets;

  /**
   * The regions to forward sign-in events from, one stack each. Must include
   * us-east-1. Add the region of every regional sign-in endpoint your users use.
   *
   * @default - us-east-1, us-east-2, eu-north-1 and ap-southeast-2 (`SignInEventForwarding.DEFAULT_REGIONS`)
   */
  readonly regions?: string[];

  /**
   * The home region of the account's IAM Identity Center instance: its stack
   * also forwards Identity Center sign-in events. Must be one of `regions`.
   *
   * @default - no Identity Center sign-in events are forwarded by these stacks
   */
  readonly identityCenterHomeRegion?: string;

  /**
   * Name of an SNS topic that exists in every one of the regions (in
   * `account`): each stack's alarms notify the topic of its own region
   * (CloudWatch alarm actions must be in the alarm's region).
   *
   * @default - the stack's encrypted alarm topic (`SecurityLogAlarmTopic`, made once per stack; subscribe a person to it)
   */
  readonly alarmTopicName?: string;

  /**
   * Stack names are `<stackNamePrefix>-<region>`.
   *
   * @default - CDK's names from the construct path
   */
  readonly stackNamePrefix?: string;

  /**
   * Retry attempts of each rule target.
   *
   * @default 185
   */
  readonly retryAttempts?: number;

  /**
   * How long each rule target retries.
   *
   * @default Duration.hours(24)
   */
  readonly maxEventAge?: Duration;
}

/**
 * One small stack per sign-in region of an account, each holding a
 * `SignInEventForwarding`: the simple way to forward every sign-in the
 * account records, wherever AWS records it. Put it under the App (or the
 * construct that groups a workload's stacks), not inside a stack.
 *
 * @example
 * new SignInForwardingStacks(app, 'SignIn', {
 *   account: '222222222222',
 *   central,
 *   identityCenterHomeRegion: 'us-east-1',
 * });
 */
export class SignInForwardingStacks extends Construct {
  /** The regions forwarded, in the order given. */
  public readonly regions: string[];
  /** One stack per region, in the order of `regions`. */
  public readonly stacks: Stack[];
  /** The forwarding construct of each stack, in the order of `regions`. */
  public readonly forwarders: SignInEventForwarding[];

  constructor(scope: Construct, id: string, props: SignInForwardingStacksProps) {
    super(scope, id);
    if (this.node.scopes.some((s) => s !== this && Stack.isStack(s))) {
      throw new Error(`SignInForwardingStacks '${this.node.path}' is inside a stack; put it under the App or a plain Construct, because it makes one stack per region.`);
    }
    validateAccountId('account', props.account);
    this.regions = validateSignInRegions(props.regions ?? [...SignInEventForwarding.DEFAULT_REGIONS], props.identityCenterHomeRegion);

    this.stacks = [];
    this.forwarders = [];
    for (const region of this.regions) {
      const stack = new Stack(this, region, {
        env: { account: props.account, region },
        stackName: props.stackNamePrefix ? `${props.stackNamePrefix}-${region}` : undefined,
        description: `Forwards the sign-in events recorded in ${region} to the central security event bus (cdk-security-log-collection)`,
      });
      const alarmActions = props.alarmTopicName
        ? [new actions.SnsAction(sns.Topic.fromTopicArn(stack, 'AlarmTopic',
          `arn:${stack.partition}:sns:${region}:${props.account}:${props.alarmTopicName}`))]
        : undefined;
      this.stacks.push(stack);
      this.forwarders.push(new SignInEventForwarding(stack, 'SignInEvents', {
        central: props.central,
        includeIdentityCenter: region === props.identityCenterHomeRegion,
        alarmActions,
        retryAttempts: props.retryAttempts,
        maxEventAge: props.maxEventAge,
      }));
    }
  }
}

/**
 * Check a sign-in region list: real region names, each once, us-east-1
 * among them, and the Identity Center home region (when given) in it.
 */
function validateSignInRegions(regions: string[], identityCenterHomeRegion?: string): string[] {
  for (const region of regions) {
    validateRegion('regions', region);
  }
  const duplicates = regions.filter((r, i) => regions.indexOf(r) !== i);
  if (duplicates.length > 0) {
    throw new Error(`regions lists ${[...new Set(duplicates)].join(', ')} more than once; list each region once.`);
  }
  if (!regions.includes(REQUIRED_REGION)) {
    throw new Error(
      `regions [${regions.join(', ')}] leaves out ${REQUIRED_REGION}, where AWS records every root sign-in and global-endpoint sign-ins ` +
      `without the account-alias cookie; add ${REQUIRED_REGION} (the default list is ${SignInEventForwarding.DEFAULT_REGIONS.join(', ')}).`,
    );
  }
  if (identityCenterHomeRegion !== undefined) {
    validateRegion('identityCenterHomeRegion', identityCenterHomeRegion);
    if (!regions.includes(identityCenterHomeRegion)) {
      throw new Error(
        `identityCenterHomeRegion '${identityCenterHomeRegion}' is not in regions [${regions.join(', ')}]; ` +
        'add it to regions so its stack forwards the Identity Center sign-in events, or correct the home region.',
      );
    }
  }
  return [...regions];
}
