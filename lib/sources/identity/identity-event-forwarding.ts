import { Annotations, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../../central/targets';
import { handlerCode } from '../../core/handler-asset';
import { CentralEventForwarder } from '../private/event-forwarding';
import { GLOBAL_EVENTS_REGION } from '../../core/events/global-events';
import { CORRELATION_DETAIL_TYPE, CORRELATION_EVENT_SOURCE, CORRELATOR_ENV } from '../../handlers/auth-correlator/contract';
import { correlationRules } from '../../handlers/auth-correlator/rules';
import { buildEventPatterns, CloudTrailEventPattern } from '../../core/events/cloudtrail-patterns';
import { cloudWatchRetention, createSecureLogGroup } from '../../core/log-group';
import { userDirectoryEvents } from '../../requirements/catalogue';
import { CloudTrailEventSet, UserDirectory } from '../../requirements/types';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { acknowledgeCorrelatorFunction, acknowledgeDeadLetterQueue, acknowledgeInlineRolePolicies } from '../../core/acknowledge';
import { recordEvidence } from '../../core/evidence';
import { validateEnumValue } from '../../core/validate';
import { LogRetentionOptions } from '../../requirements/retention';
import { nameProtectedRule } from '../../core/events/protected-name';
import { eventRuleKey } from '../../core/events/event-rule-key';
import { firstOccurrenceAlarm } from '../private/alarm';
import { correlationStateTable } from '../../core/state-table';

/** The requirements this construct meets: user directory services (hosting platforms, custom applications). */

/** The event source of console and Identity Center sign-in events. */
const SIGN_IN_EVENT_SOURCE = 'signin.amazonaws.com';

/** Directories whose events arrive in us-east-1 only. */
const GLOBAL_DIRECTORIES: UserDirectory[] = [UserDirectory.IAM];

const ALL_DIRECTORIES: UserDirectory[] = [UserDirectory.IAM, UserDirectory.IAM_IDENTITY_CENTER, UserDirectory.COGNITO_USER_POOL];

const DEFAULT_WINDOW = Duration.minutes(15);
const MIN_WINDOW_SECONDS = 60;
const MAX_WINDOW_SECONDS = 24 * 3600;

/** EventBridge's own maximum retry window and attempts, written out so the template says what happens. */
const TARGET_MAX_EVENT_AGE = Duration.hours(24);
const TARGET_RETRY_ATTEMPTS = 185;

const DEFAULT_RESERVED_CONCURRENCY = 5;
const MAX_RESERVED_CONCURRENCY = 100;

/** Where "authentication success after failure" is correlated. */
export enum SignInCorrelationMode {
  /**
   * Nowhere in this account: the sign-in events go to the central bus, where
   * the one `SignInCorrelation` of the central account correlates them across
   * every account and region. Deploy that construct in the central account.
   */
  CENTRAL = 'CENTRAL',
  /**
   * In this account and region too, by a correlator of this construct (a Lambda
   * function and a DynamoDB table). For single-account users without a central
   * account: it sees only this account's sign-ins recorded in this region.
   */
  IN_ACCOUNT = 'IN_ACCOUNT',
}

/** Props for {@link IdentityEventForwarding}. */
export interface IdentityEventForwardingProps extends LogRetentionOptions {
  /** The central log account: rules target its security event bus. */
  readonly central: CentralLogTargets;

  /**
   * The user directories whose events are forwarded and correlated.
   *
   * IAM events (IAM API calls and console sign-in through the global
   * endpoint) are delivered to EventBridge in us-east-1 only: select
   * `UserDirectory.IAM` in a stack in us-east-1. IAM Identity Center events
   * arrive in the Identity Center instance's region, Cognito events in the
   * user pool's region.
   *
   * @default - all: IAM, IAM Identity Center and Cognito user pools
   */
  readonly directories?: UserDirectory[];

  /**
   * Where sign-ins are correlated. Until issue 14 every IdentityEventForwarding
   * ran its own correlator; now the default is the one central correlator
   * (`SignInCorrelation` in the central account), and the per-account
   * correlator is an explicit choice for single-account users.
   *
   * @default SignInCorrelationMode.CENTRAL
   */
  readonly correlation?: SignInCorrelationMode;

  /**
   * Forward the sign-in events (`signin.amazonaws.com`: console sign-in, MFA
   * checks, Identity Center sign-in steps) of the selected directories from
   * this region. Turn it off where a `SignInEventForwarding` (for example one
   * of `SignInForwardingStacks`) already forwards this region's sign-ins, so
   * the central bus does not get them twice.
   *
   * @default true
   */
  readonly forwardSignInEvents?: boolean;

  /**
   * How long a failed authentication counts towards "success after failure":
   * a success of the same principal within this window after one or more
   * failures is reported. Between 1 minute and 24 hours. Used with
   * `SignInCorrelationMode.IN_ACCOUNT` only.
   *
   * @default Duration.minutes(15)
   */
  readonly correlationWindow?: Duration;

  /**
   * Deploy IAM forwarding in a region other than us-east-1 with a warning
   * instead of an error. Only console sign-ins through a regional sign-in
   * endpoint of that region would then be seen; IAM API calls never.
   *
   * @default false
   */
  readonly allowNonUsEast1?: boolean;

  /**
   * Reserved concurrency of the correlator function (1 to 100). Keeps a
   * burst of sign-ins from starving other functions and bounds DynamoDB load.
   * Accounts whose concurrency quota is still the new-account default cannot
   * reserve any; raise the quota first.
   *
   * @default 5
   */
  readonly correlatorReservedConcurrency?: number;

  /**
   * What the alarms on undelivered events and correlator errors do.
   *
   * @default - the stack's encrypted alarm topic (`SecurityLogAlarmTopic`, made once per stack; subscribe a person to it)
   */
  readonly alarmAction?: cloudwatch.IAlarmAction;
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('IdentityEventForwarding', ['HP-B1', 'CA-B1']);

/**
 * Forwards user-directory events (requirements HP-B1 and CA-B1: account
 * creation, lockout, reinstatement, authentication failures, password, group,
 * privilege and MFA changes) from the workload account's default event bus to
 * the central security event bus, and reports "authentication success after
 * one or more failures", which no AWS service records.
 *
 * **Forwarding.** EventBridge rules match the CloudTrail events the
 * requirement catalogue lists for the selected directories, on
 * `detail.eventSource` and `detail.eventName`, for the CloudTrail
 * detail-types those events arrive with. Patterns are split so each stays
 * within EventBridge's 2,048-character pattern quota. Each rule targets the
 * central bus with a 24-hour retry policy and a KMS-encrypted dead-letter
 * queue, which is alarmed.
 *
 * **Correlation.** By default (`SignInCorrelationMode.CENTRAL`) nothing is
 * correlated here: the sign-in events go to the central bus, where the one
 * `SignInCorrelation` of the central account correlates every account's and
 * region's. With `SignInCorrelationMode.IN_ACCOUNT` (single-account users),
 * a small Lambda function of this construct receives the sign-in events
 * (console sign-in, IAM Identity Center CredentialVerification and
 * UserAuthentication, Cognito authentication calls) and stores failures per
 * principal in a DynamoDB table (KMS, point-in-time recovery, TTL, retained).
 * When the same principal then succeeds within `correlationWindow`, it puts an
 * `Authentication Success After Failure` event (source
 * `security-log-collection.identity`) on the central bus with the principal,
 * directory, failure count, first and last failure time, source IPs and the
 * original event ids, and clears the failures. Principals are joined on:
 * - IAM: account and user name (root: account). Failures for user names that do
 *   not exist are recorded by CloudTrail as `HIDDEN_DUE_TO_SECURITY_REASONS`
 *   and are not correlated.
 * - IAM Identity Center: the Identity Store user id, or the sign-in workflow
 *   id (`AuthWorkflowID`) that a failed CredentialVerification of a user not yet
 *   identified shares with the UserAuthentication of the same sign-in. A retry
 *   that starts a new sign-in is joined only when the failure names the user.
 * - Cognito: the user's `sub` (Cognito records no user name). Failures for
 *   unknown users carry no sub and are not correlated.
 *
 * **Regions.** IAM API calls reach EventBridge in us-east-1 only. Selecting
 * `UserDirectory.IAM` in a stack whose region is not us-east-1 is an error
 * (a warning with `allowNonUsEast1`); an unresolved region gets a warning.
 * Deploy one instance in us-east-1 for IAM and one in each region that hosts
 * an Identity Center instance or user pools. Console sign-ins are recorded in
 * us-east-1, us-east-2, eu-north-1, ap-southeast-2 and the region of any
 * regional sign-in endpoint: forward them with `SignInEventForwarding` in each
 * (`SignInForwardingStacks`), and set `forwardSignInEvents: false` here where
 * one already covers this region.
 *
 * CloudTrail must be on (the organisation trail or an account trail) for
 * EventBridge to receive these events, and the central bus must accept events
 * from this account.
 *
 * @example
 * const central = CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2' });
 * // In a us-east-1 stack: IAM API events (sign-ins come from SignInForwardingStacks).
 * new IdentityEventForwarding(usEast1Stack, 'IamEvents', {
 *   central,
 *   exposure: ServiceExposure.INTERNAL,
 *   directories: [UserDirectory.IAM],
 *   forwardSignInEvents: false,
 * });
 * // In the home region: Identity Center and Cognito.
 * new IdentityEventForwarding(homeStack, 'DirectoryEvents', {
 *   central,
 *   exposure: ServiceExposure.EXTERNAL,
 *   directories: [UserDirectory.IAM_IDENTITY_CENTER, UserDirectory.COGNITO_USER_POOL],
 *   correlationWindow: Duration.minutes(30),
 * });
 */
export class IdentityEventForwarding extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** `source` of the correlation events this construct emits. */
  public static readonly CORRELATION_EVENT_SOURCE: string = CORRELATION_EVENT_SOURCE;

  /** `detail-type` of the correlation events this construct emits. */
  public static readonly CORRELATION_DETAIL_TYPE: string = CORRELATION_DETAIL_TYPE;

  /** The directories whose events are forwarded. */
  public readonly directories: UserDirectory[];

  /** The correlation window. */
  public readonly correlationWindow: Duration;

  /** The rules that forward user-directory events to the central bus. */
  public readonly forwardingRules: events.Rule[];

  /** Where sign-ins are correlated. */
  public readonly correlation: SignInCorrelationMode;

  /** The rules that send sign-in events to the correlator function (empty unless `SignInCorrelationMode.IN_ACCOUNT`). */
  public readonly correlationRules: events.Rule[];

  /** Dead-letter queue of every forwarding rule target (events EventBridge could not deliver). */
  public readonly deadLetterQueue: sqs.Queue;

  /** The table of recent authentication failures per principal (`SignInCorrelationMode.IN_ACCOUNT` only). */
  public readonly failureTable?: dynamodb.Table;

  /** The correlator function (`SignInCorrelationMode.IN_ACCOUNT` only). */
  public readonly correlator?: lambda.Function;

  /** Dead-letter queue of the correlator (`SignInCorrelationMode.IN_ACCOUNT` only). */
  public readonly correlatorDeadLetterQueue?: sqs.Queue;

  /** The KMS key of the correlator's queue and table (`SignInCorrelationMode.IN_ACCOUNT` only). */
  public readonly encryptionKey?: kms.Key;

  /** Alarms: undelivered events, correlator errors, correlator dead letters. */
  public readonly alarms: cloudwatch.Alarm[];

  /** The requirement ids this construct meets. */
  public readonly requirementIds: string[];

  constructor(scope: Construct, id: string, props: IdentityEventForwardingProps) {
    super(scope, id);
    acknowledgeInlineRolePolicies(this);

    this.requirementIds = [...IMPLEMENTS.requirementIds];
    this.directories = validateDirectories(props.directories);
    this.correlationWindow = validateWindow(props.correlationWindow ?? DEFAULT_WINDOW);
    const reservedConcurrency = validateReservedConcurrency(props.correlatorReservedConcurrency ?? DEFAULT_RESERVED_CONCURRENCY);
    this.checkRegion(props.allowNonUsEast1 ?? false);
    this.correlation = validateEnumValue('correlation', props.correlation ?? SignInCorrelationMode.CENTRAL,
      SignInCorrelationMode, 'SignInCorrelationMode', 'a SignInCorrelationMode');
    const forwardSignIn = props.forwardSignInEvents ?? true;
    // Checked in every mode (only the in-account correlator has a log group): a bad value is an error, not ignored.
    cloudWatchRetention(props);

    // Forwarding: the shared forwarder (one role allowed to put events on the central bus only,
    // retry policy, KMS dead-letter queue, alarms).
    const forwarder = new CentralEventForwarder(this, 'Forwarder', {
      central: props.central,
      purpose: 'user-directory events (HP-B1, CA-B1)',
      maxEventAge: TARGET_MAX_EVENT_AGE,
      retryAttempts: TARGET_RETRY_ATTEMPTS,
      alarmActions: props.alarmAction ? [props.alarmAction] : undefined,
    });
    this.deadLetterQueue = forwarder.deadLetterQueue;
    const forwarded = this.directories.flatMap((d) => userDirectoryEvents(d))
      .filter((set) => forwardSignIn || set.eventSource !== SIGN_IN_EVENT_SOURCE);
    this.forwardingRules = buildEventPatterns(forwarded).map((pattern, i) => forwarder.forward(`Forward${i + 1}`,
      toEventPattern(pattern), `Forwards user-directory events to the central security event bus (HP-B1, CA-B1): ${pattern.detail.eventSource[0]}`));

    if (this.correlation === SignInCorrelationMode.CENTRAL) {
      this.correlationRules = [];
      this.alarms = [forwarder.deadLetterAlarm];
      recordEvidence(this, IMPLEMENTS, this.forwardingRules,
        `User-directory events (${this.directories.join(', ')}) go to the central security event bus` +
        (forwardSignIn ? '' : ' (sign-in events are left to SignInEventForwarding)') +
        ', where the central SignInCorrelation correlates sign-ins.');
      return;
    }

    this.encryptionKey = eventRuleKey(this, 'Key',
      'Encrypts the identity event dead-letter queues and failure table of cdk-security-log-collection', 'AllowEventBridgeRulesToWriteDeadLetters');

    this.correlatorDeadLetterQueue = this.createQueue('CorrelatorDeadLetterQueue', this.encryptionKey);
    acknowledgeDeadLetterQueue(this.correlatorDeadLetterQueue, 'the sign-in correlator function (failed asynchronous invocations)');

    // Correlation.
    this.failureTable = correlationStateTable(this, 'FailureTable', this.encryptionKey);

    const rules = correlationRules(this.directories);
    const logGroup = createSecureLogGroup(this, 'CorrelatorLogs', {
      exposure: props.exposure,
      retentionDays: props.retentionDays,
      retentionApproval: props.retentionApproval,
    });
    this.correlator = new lambda.Function(this, 'Correlator', {
      description: 'Reports authentication success after one or more failures (HP-B1, CA-B1 item 5)',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: handlerCode('auth-correlator'),
      memorySize: 256,
      timeout: Duration.seconds(30),
      reservedConcurrentExecutions: reservedConcurrency,
      logGroup,
      deadLetterQueue: this.correlatorDeadLetterQueue,
      retryAttempts: 2,
      environment: {
        [CORRELATOR_ENV.tableName]: this.failureTable.tableName,
        [CORRELATOR_ENV.eventBusArn]: props.central.eventBusArn,
        [CORRELATOR_ENV.windowSeconds]: String(this.correlationWindow.toSeconds()),
        [CORRELATOR_ENV.rules]: JSON.stringify(rules),
      },
    });
    this.failureTable.grant(this.correlator, 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:BatchWriteItem');
    this.encryptionKey.grant(this.correlator, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey');
    acknowledgeCorrelatorFunction(this.correlator, 'DynamoDB, KMS and EventBridge PutEvents');
    this.correlator.addToRolePolicy(new iam.PolicyStatement({
      actions: ['events:PutEvents'],
      resources: [props.central.eventBusArn],
    }));

    const correlatorTarget = new targets.LambdaFunction(this.correlator, {
      deadLetterQueue: this.correlatorDeadLetterQueue,
      maxEventAge: TARGET_MAX_EVENT_AGE,
      retryAttempts: TARGET_RETRY_ATTEMPTS,
    });
    const signInSets: CloudTrailEventSet[] = rules.map((r) => ({
      eventSource: r.eventSource,
      eventNames: [...r.failureEventNames, ...r.successEventNames],
    }));
    this.correlationRules = this.createRules('Correlate', buildEventPatterns(signInSets), correlatorTarget,
      'Sends sign-in events to the authentication success-after-failure correlator (HP-B1, CA-B1)', props.central.namePrefix);

    recordEvidence(this, IMPLEMENTS, [...this.forwardingRules, ...this.correlationRules, this.correlator],
      `User-directory events (${this.directories.join(', ')}) go to the central security event bus, and a correlator emits ` +
      `'${CORRELATION_DETAIL_TYPE}' for a success after failures within ${this.correlationWindow.toHumanString()}.`);
    this.alarms = [
      forwarder.deadLetterAlarm,
      firstOccurrenceAlarm(this, 'CorrelatorErrorsAlarm', this.correlator.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        'The authentication success-after-failure correlator failed', props.alarmAction),
      firstOccurrenceAlarm(this, 'CorrelatorDeadLettersAlarm', this.correlatorDeadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        'Sign-in events that could not be delivered to the correlator, or that it could not process after retries, are in its dead-letter queue', props.alarmAction),
    ];
  }

  private checkRegion(allowNonUsEast1: boolean): void {
    const global = this.directories.filter((d) => GLOBAL_DIRECTORIES.includes(d));
    if (global.length === 0) {
      return;
    }
    const region = Stack.of(this).region;
    const others = this.directories.filter((d) => !GLOBAL_DIRECTORIES.includes(d));
    const fix = `deploy IdentityEventForwarding with directories: [${global.map((d) => `UserDirectory.${d}`).join(', ')}] in a stack in ${GLOBAL_EVENTS_REGION}`
      + (others.length > 0 ? ` and keep directories: [${others.map((d) => `UserDirectory.${d}`).join(', ')}] here` : '');
    if (Token.isUnresolved(region)) {
      Annotations.of(this).addWarningV2('cdk-security-log-collection:identityRegionUnresolved',
        `The stack region is not known at synth, and ${global.join(', ')} events reach EventBridge only in ${GLOBAL_EVENTS_REGION}; `
        + `make sure this stack is deployed to ${GLOBAL_EVENTS_REGION}, or ${fix}.`);
      return;
    }
    if (region === GLOBAL_EVENTS_REGION) {
      return;
    }
    const message = `IdentityEventForwarding in region '${region}' selects ${global.join(', ')}, whose events (IAM API calls and console sign-in) `
      + `CloudTrail delivers to EventBridge only in ${GLOBAL_EVENTS_REGION}; ${fix}`;
    if (!allowNonUsEast1) {
      throw new Error(`${message}, or set allowNonUsEast1: true to deploy here anyway.`);
    }
    Annotations.of(this).addWarningV2('cdk-security-log-collection:identityNotUsEast1',
      `${message}. allowNonUsEast1 is set: only console sign-ins through this region's sign-in endpoint will be seen.`);
  }

  private createQueue(id: string, key: kms.IKey): sqs.Queue {
    return new sqs.Queue(this, id, {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  private createRules(prefix: string, patterns: CloudTrailEventPattern[], target: events.IRuleTarget, description: string,
    namePrefix: string): events.Rule[] {
    return patterns.map((pattern, i) => nameProtectedRule(new events.Rule(this, `${prefix}${i + 1}`, {
      description: `${description}: ${pattern.detail.eventSource[0]}`,
      eventPattern: toEventPattern(pattern),
      targets: [target],
    }), namePrefix));
  }
}

function toEventPattern(pattern: CloudTrailEventPattern): events.EventPattern {
  return {
    detailType: pattern['detail-type'],
    detail: { eventSource: pattern.detail.eventSource, eventName: pattern.detail.eventName },
  };
}

function validateDirectories(directories: UserDirectory[] | undefined): UserDirectory[] {
  if (directories === undefined) {
    return [...ALL_DIRECTORIES];
  }
  if (directories.length === 0) {
    throw new Error(
      'directories is an empty list, so no user-directory event would be forwarded; leave directories out to forward all '
      + `(${ALL_DIRECTORIES.join(', ')}) or list at least one UserDirectory.`,
    );
  }
  for (const d of directories) {
    if (!ALL_DIRECTORIES.includes(d)) {
      throw new Error(`directories contains '${String(d)}', which is not a UserDirectory; use one of ${ALL_DIRECTORIES.join(', ')}.`);
    }
  }
  const duplicates = directories.filter((d, i) => directories.indexOf(d) !== i);
  if (duplicates.length > 0) {
    throw new Error(`directories lists ${[...new Set(duplicates)].join(', ')} more than once; list each UserDirectory once.`);
  }
  return [...directories];
}

function validateWindow(window: Duration): Duration {
  if (Token.isUnresolved(window.toSeconds({ integral: false }))) {
    return window;
  }
  const seconds = window.toSeconds({ integral: false });
  if (!Number.isInteger(seconds)) {
    throw new Error(`correlationWindow of ${seconds} seconds is not a whole number of seconds; use, for example, Duration.minutes(15).`);
  }
  if (seconds < MIN_WINDOW_SECONDS || seconds > MAX_WINDOW_SECONDS) {
    throw new Error(
      `correlationWindow of ${window.toHumanString()} (${seconds} seconds) is outside 1 minute to 24 hours; `
      + 'use a window in that range, for example Duration.minutes(15).',
    );
  }
  return window;
}

function validateReservedConcurrency(value: number): number {
  if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < 1 || value > MAX_RESERVED_CONCURRENCY)) {
    throw new Error(`correlatorReservedConcurrency of ${value} is outside 1 to ${MAX_RESERVED_CONCURRENCY}; use a small whole number such as ${DEFAULT_RESERVED_CONCURRENCY}.`);
  }
  return value;
}
