import { Arn, ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createCentralAlarm } from './private/alarm';
import { buildEventPatterns } from '../core/events/cloudtrail-patterns';
import { handlerCode } from '../core/handler-asset';
import { implementsRequirements, RequirementImplementation } from '../core/implementation';
import { acknowledgeCorrelatorFunction, acknowledgeDeadLetterQueue, acknowledgeInlineRolePolicies } from '../core/acknowledge';
import { recordEvidence } from '../core/evidence';
import { createSecureLogGroup } from '../core/log-group';
import { correlationRules } from '../handlers/auth-correlator/rules';
import { CENTRAL_CORRELATOR_ENV, CORRELATION_DETAIL_TYPE, CORRELATION_EVENT_SOURCE } from '../handlers/sign-in-correlator/contract';
import { CloudTrailEventSet, ServiceExposure, UserDirectory } from '../requirements/types';
import { nameProtectedRule } from '../core/events/protected-name';
import { DEFAULT_NAME_PREFIX } from './targets';
import { eventRuleKey } from '../core/events/event-rule-key';
import { correlationStateTable } from '../core/state-table';
import { validateNamePrefix } from '../core/validate';
import { cloudWatchAlarmKeyStatement } from '../core/alarm-topic';

const DEFAULT_WINDOW = Duration.minutes(15);
const MIN_WINDOW_SECONDS = 60;
const MAX_WINDOW_SECONDS = 24 * 3600;
const DEFAULT_MINIMUM_FAILURES = 1;
const DEFAULT_RESERVED_CONCURRENCY = 5;
const ALL_DIRECTORIES = [UserDirectory.IAM, UserDirectory.IAM_IDENTITY_CENTER, UserDirectory.COGNITO_USER_POOL];

/** Props for {@link SignInCorrelation}. */
export interface SignInCorrelationProps {
  /**
   * Whether the correlator's own log group holds logs of internet-facing
   * services (90 days minimum) or internal ones (13 months minimum).
   *
   * @default ServiceExposure.INTERNAL
   */
  readonly exposure?: ServiceExposure;
  /**
   * Retention of the correlator's log group in days.
   *
   * @default - the policy minimum for `exposure`
   */
  readonly retentionDays?: number;
  /**
   * Approval reference needed to keep the correlator's logs longer than the policy maximum.
   *
   * @default - none
   */
  readonly retentionApproval?: string;
  /**
   * The central security event bus (`CentralEventBus.eventBus`, or
   * `CentralLogAccount.eventBus.eventBus`). It must be in this stack's account:
   * the correlator runs once, in the central account.
   */
  readonly eventBus: events.IEventBus;

  /**
   * How many failures of the same principal within `correlationWindow` must
   * precede a success for it to be reported. At least 1.
   *
   * @default 1 (the standard's "success after one or more failures")
   */
  readonly minimumFailures?: number;

  /**
   * How far back a success looks for failures (and a late failure looks
   * forward for successes). Between 1 minute and 1 day.
   *
   * @default Duration.minutes(15)
   */
  readonly correlationWindow?: Duration;

  /**
   * Where people are told about a success after failures. A rule on the bus
   * sends the correlation event here. If the topic is encrypted, its key must
   * let `events.amazonaws.com` use it (kms:GenerateDataKey, kms:Decrypt).
   *
   * @default - a new SNS topic, encrypted with this construct's KMS key
   */
  readonly alertTopic?: sns.ITopic;

  /**
   * Where the alarms on correlator errors and undelivered events go.
   *
   * @default - the alert topic
   */
  readonly alarmTopic?: sns.ITopic;

  /**
   * The user directories whose sign-ins are correlated.
   *
   * @default - all: IAM (console sign-in), IAM Identity Center and Cognito user pools
   */
  readonly directories?: UserDirectory[];

  /**
   * Reserved concurrency of the correlator function (1 to 100).
   *
   * @default 5
   */
  readonly reservedConcurrency?: number;

  /**
   * The central name prefix (`CentralLogTargets.namePrefix`): the correlator's rules are named with it, so the
   * organisation's log protection SCP protects them.
   *
   * @default 'seclog'
   */
  readonly namePrefix?: string;
}

const IMPLEMENTS = implementsRequirements('SignInCorrelation', ['HP-B1', 'CA-B1']);

/**
 * The one "authentication success after failure" correlator, in the central
 * account (requirements HP-B1 and CA-B1, item 5). A rule on the central
 * security event bus sends it the sign-in events that every account's
 * `SignInEventForwarding` and `IdentityEventForwarding` forward from every
 * region (console sign-in, IAM Identity Center CredentialVerification and
 * UserAuthentication, Cognito authentication calls: the catalogue's
 * AUTHENTICATION_FAILURE and AUTHENTICATION_SUCCESS_AFTER_FAILURE events).
 *
 * The function stores each failed and completed authentication per principal
 * (the joins of the per-account correlator: IAM account and user name,
 * Identity Store user id or sign-in workflow id, Cognito sub) in a DynamoDB
 * table (KMS, point-in-time recovery, TTL, retained). When a success follows
 * at least `minimumFailures` failures of the same principal within
 * `correlationWindow`, in any region and any account, it puts one
 * `Authentication Success After Failure` event (source
 * `security-log-collection.identity`) on the bus, naming the failures'
 * accounts and regions; a second rule sends that event to the alert topic.
 *
 * EventBridge delivers at least once and not in order: attempts are stored
 * under their CloudTrail event id (a redelivery overwrites itself), each
 * success is reported once (a conditional marker), and a failure that arrives
 * after its success re-opens the success. Failures before a principal's
 * previous success belong to that success.
 *
 * Both rule targets retry for 24 hours and then dead-letter into an encrypted
 * queue in this region; the function has a dead-letter queue of its own; all
 * are alarmed.
 *
 * @example
 * const central = new CentralLogAccount(this, 'Central', { ... });
 * new SignInCorrelation(this, 'SignInCorrelation', {
 *   eventBus: central.eventBus.eventBus,
 *   exposure: ServiceExposure.INTERNAL,
 *   minimumFailures: 3,
 * });
 */
export class SignInCorrelation extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;
  /** `source` of the correlation events. */
  public static readonly CORRELATION_EVENT_SOURCE: string = CORRELATION_EVENT_SOURCE;
  /** `detail-type` of the correlation events. */
  public static readonly CORRELATION_DETAIL_TYPE: string = CORRELATION_DETAIL_TYPE;

  /** The correlation window. */
  public readonly correlationWindow: Duration;
  /** Failures needed before a success is reported. */
  public readonly minimumFailures: number;
  /** The rules on the central bus that feed the correlator. */
  public readonly correlationRules: events.Rule[];
  /** The rule on the central bus that sends correlation events to the alert topic. */
  public readonly alertRule: events.Rule;
  /** The table of recent sign-in attempts per principal. */
  public readonly attemptTable: dynamodb.Table;
  /** The correlator function. */
  public readonly correlator: lambda.Function;
  /** Where the alerts go. */
  public readonly alertTopic: sns.ITopic;
  /** Dead-letter queue of the rule targets (events EventBridge could not deliver). */
  public readonly deadLetterQueue: sqs.Queue;
  /** Dead-letter queue of the correlator (events it could not process after retries). */
  public readonly correlatorDeadLetterQueue: sqs.Queue;
  /** The KMS key of the table, the queues and (when made here) the alert topic. */
  public readonly encryptionKey: kms.Key;
  /** Every alarm. */
  public readonly alarms: cloudwatch.Alarm[];

  constructor(scope: Construct, id: string, props: SignInCorrelationProps) {
    super(scope, id);
    acknowledgeInlineRolePolicies(this);
    const stack = Stack.of(this);
    this.correlationWindow = validateWindow(props.correlationWindow ?? DEFAULT_WINDOW);
    this.minimumFailures = validateMinimumFailures(props.minimumFailures ?? DEFAULT_MINIMUM_FAILURES);
    const reservedConcurrency = props.reservedConcurrency ?? DEFAULT_RESERVED_CONCURRENCY;
    if (!Token.isUnresolved(reservedConcurrency) && (!Number.isInteger(reservedConcurrency) || reservedConcurrency < 1 || reservedConcurrency > 100)) {
      throw new Error(`reservedConcurrency of ${reservedConcurrency} is outside 1 to 100; use a small whole number such as ${DEFAULT_RESERVED_CONCURRENCY}.`);
    }
    checkBusAccount(stack, props.eventBus);
    const directories = props.directories ?? ALL_DIRECTORIES;
    if (directories.length === 0) {
      throw new Error('directories is an empty list, so no sign-in would be correlated; leave it out to correlate all directories.');
    }

    this.encryptionKey = eventRuleKey(this, 'Key',
      'Encrypts the sign-in correlation table, queues and alert topic of cdk-security-log-collection', 'AllowCentralBusRulesToDeadLetterAndAlert');
    this.deadLetterQueue = this.queue('DeadLetterQueue');
    this.correlatorDeadLetterQueue = this.queue('CorrelatorDeadLetterQueue');
    acknowledgeDeadLetterQueue(this.deadLetterQueue, 'the sign-in correlation rules\' target');
    acknowledgeDeadLetterQueue(this.correlatorDeadLetterQueue, 'the correlator function (failed asynchronous invocations)');

    // The alert topic is also the alarms' default action, so CloudWatch of this account may use its key.
    this.encryptionKey.addToResourcePolicy(cloudWatchAlarmKeyStatement(stack));
    this.alertTopic = props.alertTopic ?? new sns.Topic(this, 'AlertTopic', {
      displayName: 'Sign-in success after failures',
      masterKey: this.encryptionKey,
      enforceSSL: true,
    });

    this.attemptTable = correlationStateTable(this, 'AttemptTable', this.encryptionKey);

    const rules = correlationRules(directories);
    this.correlator = new lambda.Function(this, 'Correlator', {
      description: 'Reports a sign-in success after failures of the same principal in any account or region (HP-B1, CA-B1 item 5)',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: handlerCode('sign-in-correlator'),
      memorySize: 256,
      timeout: Duration.seconds(30),
      reservedConcurrentExecutions: reservedConcurrency,
      logGroup: createSecureLogGroup(this, 'CorrelatorLogs', {
        exposure: props.exposure ?? ServiceExposure.INTERNAL,
        retentionDays: props.retentionDays,
        retentionApproval: props.retentionApproval,
      }),
      deadLetterQueue: this.correlatorDeadLetterQueue,
      retryAttempts: 2,
      environment: {
        [CENTRAL_CORRELATOR_ENV.tableName]: this.attemptTable.tableName,
        [CENTRAL_CORRELATOR_ENV.eventBusArn]: props.eventBus.eventBusArn,
        [CENTRAL_CORRELATOR_ENV.windowSeconds]: String(this.correlationWindow.toSeconds()),
        [CENTRAL_CORRELATOR_ENV.minimumFailures]: String(this.minimumFailures),
        [CENTRAL_CORRELATOR_ENV.rules]: JSON.stringify(rules),
      },
    });
    this.attemptTable.grant(this.correlator, 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:DeleteItem');
    this.encryptionKey.grant(this.correlator, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey');
    this.correlator.addToRolePolicy(new iam.PolicyStatement({ actions: ['events:PutEvents'], resources: [props.eventBus.eventBusArn] }));
    acknowledgeCorrelatorFunction(this.correlator, 'DynamoDB, KMS and EventBridge PutEvents');

    const retry = { maxEventAge: Duration.hours(24), retryAttempts: 185, deadLetterQueue: this.deadLetterQueue };
    const signInSets: CloudTrailEventSet[] = rules.map((r) => ({ eventSource: r.eventSource, eventNames: [...r.failureEventNames, ...r.successEventNames] }));
    const correlatorTarget = new targets.LambdaFunction(this.correlator, retry);
    const namePrefix = validateNamePrefix('namePrefix', props.namePrefix ?? DEFAULT_NAME_PREFIX);
    this.correlationRules = buildEventPatterns(signInSets).map((pattern, i) => nameProtectedRule(new events.Rule(this, `Correlate${i + 1}`, {
      eventBus: props.eventBus,
      description: `Sends every account's and region's sign-in events on the central bus to the sign-in correlator: ${pattern.detail.eventSource[0]}`,
      eventPattern: { detailType: pattern['detail-type'], detail: { eventSource: pattern.detail.eventSource, eventName: pattern.detail.eventName } },
      targets: [correlatorTarget],
    }), namePrefix));
    this.alertRule = nameProtectedRule(new events.Rule(this, 'AlertRule', {
      eventBus: props.eventBus,
      description: 'Sends sign-in success-after-failure correlations to the alert topic',
      eventPattern: { source: [CORRELATION_EVENT_SOURCE], detailType: [CORRELATION_DETAIL_TYPE] },
      targets: [new targets.SnsTopic(this.alertTopic, retry)],
    }), namePrefix);

    const allRules = [...this.correlationRules, this.alertRule];
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, description: string) => createCentralAlarm(this, alarmId, {
      metric, threshold: 1, comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, description, topic: props.alarmTopic ?? this.alertTopic,
    });
    const fiveMinuteMax = { period: Duration.minutes(5), statistic: 'Maximum' };
    this.alarms = [
      alarm('DeadLetterAlarm', this.deadLetterQueue.metricApproximateNumberOfMessagesVisible(fiveMinuteMax),
        'Sign-in events or correlation alerts could not be delivered from the central bus (to the correlator or the alert topic) and wait in the dead-letter queue (14 days).'),
      alarm('CorrelatorErrorsAlarm', this.correlator.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        'The central sign-in correlator failed.'),
      alarm('CorrelatorDeadLettersAlarm', this.correlatorDeadLetterQueue.metricApproximateNumberOfMessagesVisible(fiveMinuteMax),
        'Sign-in events the central correlator could not process after retries are in its dead-letter queue.'),
      ...allRules.map((rule, i) => alarm(`LostEventsAlarm${i + 1}`, new cloudwatch.Metric({
        namespace: 'AWS/Events',
        metricName: 'InvocationsFailedToBeSentToDlq',
        dimensionsMap: { EventBusName: props.eventBus.eventBusName, RuleName: rule.ruleName },
        statistic: 'Sum',
        period: Duration.minutes(5),
      }), 'Events of a sign-in correlation rule could neither be delivered nor dead-lettered, so they are lost. Check the queue and key policies.')),
    ];

    recordEvidence(this, IMPLEMENTS, [...allRules, this.correlator, this.attemptTable],
      `One correlator in the central account sees the sign-ins of every account and region on the central bus and reports '${CORRELATION_DETAIL_TYPE}' ` +
      `after at least ${this.minimumFailures} failure(s) of the same principal within ${this.correlationWindow.toHumanString()}.`);
  }

  private queue(id: string): sqs.Queue {
    return new sqs.Queue(this, id, {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.encryptionKey,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

/** The bus must be in this stack's account: the correlator belongs to the central account. */
function checkBusAccount(stack: Stack, bus: events.IEventBus): void {
  const busAccount = Arn.split(bus.eventBusArn, ArnFormat.SLASH_RESOURCE_NAME).account;
  if (busAccount && !Token.isUnresolved(busAccount) && !Token.isUnresolved(stack.account) && busAccount !== stack.account) {
    throw new Error(
      `SignInCorrelation is in account ${stack.account} but its event bus ${bus.eventBusArn} is in account ${busAccount}; ` +
      'deploy the correlator in the central account, beside the central security event bus.',
    );
  }
}

function validateWindow(window: Duration): Duration {
  const seconds = window.toSeconds({ integral: false });
  if (Token.isUnresolved(seconds)) {
    return window;
  }
  if (!Number.isInteger(seconds) || seconds < MIN_WINDOW_SECONDS || seconds > MAX_WINDOW_SECONDS) {
    throw new Error(
      `correlationWindow of ${window.toHumanString()} (${seconds} seconds) is outside 1 minute to 1 day; ` +
      'use a whole number of seconds in that range, for example Duration.minutes(15).',
    );
  }
  return window;
}

function validateMinimumFailures(value: number): number {
  if (!Token.isUnresolved(value) && (!Number.isInteger(value) || value < 1)) {
    throw new Error(`minimumFailures of ${value} is not a whole number of at least 1; use 1 to report a success after any failure.`);
  }
  return value;
}
