import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../../central/targets';
import { protectedName } from '../../core/events/protected-name';

/** The only `SelectionCriteria` form a subscription filter policy accepts. */
const NOT_IN = /^LogGroupName NOT IN \[(.*)\]$/s;
/** Account policy names: 1 to 256 characters (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutAccountPolicy.html). */
const POLICY_NAME_MAX = 256;
/** `SelectionCriteria` may be up to 25 KB (UTF-8 bytes), per the same page. */
const SELECTION_CRITERIA_MAX_BYTES = 25 * 1024;

/** Props for {@link AccountSubscriptionPolicy}. */
export interface AccountSubscriptionPolicyProps {
  /** The central log account: every log group goes to its CloudWatch Logs destination in this region. */
  readonly central: CentralLogTargets;

  /**
   * Log groups of the forwarders themselves (functions and streams that are
   * part of the delivery, or whose logs must not be shipped again). They are
   * always excluded; more can be added with `excludeForwarder()`.
   *
   * @default - none besides those added with `excludeForwarder()`
   */
  readonly forwarderLogGroups?: logs.ILogGroup[];

  /**
   * Further log group names to leave out: groups that already have their own
   * subscription to the central destination (to avoid a second copy), and in
   * the log archive account the central Firehose streams' error log groups
   * (`/aws/kinesisfirehose/...`), which would otherwise loop.
   *
   * @default - none
   */
  readonly excludedLogGroupNames?: string[];

  /**
   * The whole `SelectionCriteria`, as `LogGroupName NOT IN ["a", "b"]`, when
   * you manage the list yourself. It must still name every forwarder log
   * group, or synth fails naming the missing one.
   *
   * @default - built from `forwarderLogGroups` and `excludedLogGroupNames`
   */
  readonly selectionCriteria?: string;

  /**
   * The policy's name (unique in the account and region).
   *
   * @default - `<prefix>-...` (the protected name prefix, so the guardrail SCP can name it)
   */
  readonly policyName?: string;

  /**
   * The filter pattern: which events are sent.
   *
   * @default '' (every event)
   */
  readonly filterPattern?: string;
}

/**
 * An account-level subscription filter policy (`AWS::Logs::AccountPolicy`,
 * `SUBSCRIPTION_FILTER_POLICY`) that sends every log group of the account and
 * region, including log groups created later and by other tools, to the
 * central CloudWatch Logs destination of the region, except the forwarders'
 * own log groups, so nothing loops
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/SubscriptionFilters-AccountLevel.html,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/Subscriptions-recursion-prevention.html).
 *
 * The destination is a logical destination in the central account, so no
 * role is given: CloudWatch Logs needs none for cross-account delivery to a
 * destination (AWS::Logs::AccountPolicy, PolicyDocument `RoleArn`). The
 * destination's policy must admit the account (the central destination
 * admits the organisation).
 *
 * Limits: one subscription filter policy per account and region (a second
 * `AWS::Logs::AccountPolicy` of this type fails to deploy; unverified for
 * stacks other than CloudFormation); the selection can only exclude
 * (`LogGroupName NOT IN [...]`, at most 25 KB). Per-group subscriptions
 * (`EksAuditLogging`, `ApiAccessLogging`, `ClientVpnConnectionLogging`) keep
 * working beside it; each log group may have two subscription filters, and
 * whether the account policy counts towards those two is unverified. A group
 * with its own subscription is delivered twice unless listed in
 * `excludedLogGroupNames`.
 *
 * @example
 * const central = CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2' });
 * const policy = new AccountSubscriptionPolicy(this, 'AllLogGroups', { central });
 * policy.excludeForwarder(forwarderLogGroup);
 */
export class AccountSubscriptionPolicy extends Construct {
  /** The account policy. */
  public readonly policy: logs.CfnAccountPolicy;
  /** ARN of the central destination the log groups are sent to (in this stack's region). */
  public readonly destinationArn: string;

  private readonly forwarders: logs.ILogGroup[] = [];
  private readonly excluded: string[];
  private readonly userCriteria?: string;

  constructor(scope: Construct, id: string, props: AccountSubscriptionPolicyProps) {
    super(scope, id);
    const stack = Stack.of(this);
    // The destination must be in the log groups' region; in a StackSet the region is a token.
    this.destinationArn = `arn:aws:logs:${stack.region}:${props.central.accountId}:destination:${props.central.logDestinationName}`;
    this.excluded = [...(props.excludedLogGroupNames ?? [])];
    (props.forwarderLogGroups ?? []).forEach((g) => this.excludeForwarder(g));
    if (props.selectionCriteria !== undefined) {
      this.userCriteria = validateSelectionCriteria(props.selectionCriteria);
      if (props.excludedLogGroupNames !== undefined) {
        throw new Error(
          'selectionCriteria and excludedLogGroupNames both set the selection; list the names inside selectionCriteria, or remove ' +
          'selectionCriteria and keep excludedLogGroupNames.',
        );
      }
    }
    this.policy = new logs.CfnAccountPolicy(this, 'Resource', {
      policyName: props.policyName ?? protectedName(this, props.central.namePrefix, POLICY_NAME_MAX),
      policyType: 'SUBSCRIPTION_FILTER_POLICY',
      scope: 'ALL',
      policyDocument: stack.toJsonString({
        DestinationArn: this.destinationArn,
        FilterPattern: props.filterPattern ?? '',
      }),
      selectionCriteria: Lazy.string({
        produce: () => this.userCriteria ?? (this.excludedNames.length === 0 ? undefined
          : `LogGroupName NOT IN [${this.excludedNames.map((n) => `"${n}"`).join(', ')}]`),
      }),
    });
    this.node.addValidation({ validate: () => this.validateForwardersExcluded(stack) });
  }

  /** Leave a forwarder's own log group out of the policy (it is always excluded, even from a given `selectionCriteria`). */
  public excludeForwarder(logGroup: logs.ILogGroup): void {
    if (!this.forwarders.includes(logGroup)) {
      this.forwarders.push(logGroup);
    }
  }

  /** The names the policy leaves out (forwarders first); tokens where names are chosen at deploy time. */
  public get excludedNames(): string[] {
    return [...new Set([...this.forwarders.map(literalName), ...this.excluded])];
  }

  private validateForwardersExcluded(stack: Stack): string[] {
    if (this.userCriteria === undefined) {
      return [];
    }
    const criteria = this.userCriteria;
    return this.forwarders
      .filter((g) => Token.isUnresolved(literalName(g)) || !criteria.includes(`"${literalName(g)}"`))
      .map((g) => `selectionCriteria '${criteria}' would include the forwarder log group ${describeName(stack, g)}, so its own ` +
        'logs would be subscribed to the destination they come from; add it to the NOT IN list, or leave selectionCriteria out ' +
        'and the construct builds the list.');
  }
}

/** A log group's name as written, when it was given one; else its (deploy-time) token. */
function literalName(logGroup: logs.ILogGroup): string {
  const child = logGroup.node.defaultChild;
  const given = child instanceof logs.CfnLogGroup ? child.logGroupName : undefined;
  return given !== undefined && !Token.isUnresolved(given) ? given : logGroup.logGroupName;
}

function describeName(stack: Stack, logGroup: logs.ILogGroup): string {
  const name = literalName(logGroup);
  return Token.isUnresolved(name)
    ? `'${logGroup.node.path}' (named by CloudFormation: ${JSON.stringify(stack.resolve(name))})`
    : `'${name}'`;
}

function validateSelectionCriteria(value: string): string {
  if (Token.isUnresolved(value)) {
    throw new Error('selectionCriteria is an unresolved token, so the forwarders\' exclusion cannot be checked; pass it as a plain string.');
  }
  if (!NOT_IN.test(value.trim())) {
    throw new Error(
      `selectionCriteria '${value}' is not of the form LogGroupName NOT IN ["name", ...], the only selection a subscription ` +
      'filter policy accepts; write it that way or leave it out.',
    );
  }
  if (Buffer.byteLength(value, 'utf8') > SELECTION_CRITERIA_MAX_BYTES) {
    throw new Error(`selectionCriteria is ${Buffer.byteLength(value, 'utf8')} bytes; CloudWatch Logs accepts at most ${SELECTION_CRITERIA_MAX_BYTES}.`);
  }
  return value.trim();
}
