import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createCentralAlarm } from './private/alarm';
import { DEFAULT_NAME_PREFIX } from './targets';
import { acknowledgeDeadLetterQueue } from '../core/acknowledge';
import { recordEvidence } from '../core/evidence';
import { implementsRequirements, RequirementImplementation } from '../core/implementation';
import { nameProtectedRule } from '../core/events/protected-name';
import { tamperPatterns } from '../core/events/tamper-patterns';
import { eventRuleKey } from '../core/events/event-rule-key';
import { validateNamePrefix } from '../core/validate';
import { cloudWatchAlarmKeyStatement } from '../core/alarm-topic';

/** Props for {@link TamperAlerts}. */
export interface TamperAlertsProps {
  /** The central security event bus, where every account's `TamperEventForwarding` sends its tamper events. */
  readonly eventBus: events.IEventBus;
  /**
   * Where tamper events go. Subscriptions (e-mail, chat, pager) are yours to add.
   *
   * @default - a new SNS topic, encrypted with a KMS key of its own
   */
  readonly alertTopic?: sns.ITopic;
  /**
   * The central name prefix (`CentralLogTargets.namePrefix`): the rules are named with it, so the
   * organisation's log protection SCP protects them.
   *
   * @default 'seclog'
   */
  readonly namePrefix?: string;
}

const IMPLEMENTS = implementsRequirements('TamperAlerts', ['PU-3']);

/**
 * Tamper events that reach a person (PU-3): rules on the central security
 * event bus pick out the events every account's `TamperEventForwarding`
 * sends (attempts, allowed or denied, to switch logging off or erase logs;
 * root activity; console sign-in without MFA; the same patterns on both
 * sides) and publish them, whole, to a KMS-encrypted SNS topic. Every rule
 * retries for 24 hours and then dead-letters to a KMS-encrypted queue; an
 * alarm on that queue and on failed deliveries notifies the same topic.
 *
 * `alarmAction` is the topic as a CloudWatch alarm action, for every other
 * alarm of the central account in this region
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Notify_Users_Alarm_Changes.html;
 * that an alarm needs a topic of its own region is assumed, not documented there: unverified).
 *
 * @example
 * const tamper = new TamperAlerts(this, 'TamperAlerts', { eventBus: central.eventBus.eventBus });
 * // subscribe the SOC: tamper.alertTopic.addSubscription(new subs.EmailSubscription('soc@example.gov.uk'));
 */
export class TamperAlerts extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** Where tamper events (and this construct's own alarms) are published. */
  public readonly alertTopic: sns.ITopic;
  /** The topic as a CloudWatch alarm action, for every other alarm of this account and region. */
  public readonly alarmAction: cloudwatch.IAlarmAction;
  /** The rules on the central bus, one per tamper pattern. */
  public readonly rules: events.Rule[];
  /** Events the rules could not publish after every retry (KMS-encrypted, kept 14 days). */
  public readonly deadLetterQueue: sqs.Queue;
  /** Alarms: undelivered tamper events, failed publications. */
  public readonly alarms: cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: TamperAlertsProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const namePrefix = validateNamePrefix('namePrefix', props.namePrefix ?? DEFAULT_NAME_PREFIX);

    // EventBridge encrypts what it publishes to the topic and dead-letters to the queue with this key; CloudWatch
    // publishes alarm notifications to the topic. https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html
    const key = eventRuleKey(this, 'Key', 'Encrypts the tamper alert topic and its dead-letter queue (cdk-security-log-collection)',
      'AllowEventBridgeRulesOfThisAccount');
    key.addToResourcePolicy(cloudWatchAlarmKeyStatement(stack));

    this.alertTopic = props.alertTopic ?? new sns.Topic(this, 'Topic', {
      displayName: 'Security log tamper alerts (PU-3)',
      masterKey: key,
      enforceSSL: true,
    });
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeDeadLetterQueue(this.deadLetterQueue, 'the tamper alert rules\' topic target');
    const target = new targets.SnsTopic(this.alertTopic, {
      deadLetterQueue: this.deadLetterQueue,
      maxEventAge: Duration.hours(24),
      retryAttempts: 185,
    });
    this.rules = tamperPatterns({ signIns: true }).map((tamper) => nameProtectedRule(new events.Rule(this, tamper.id, {
      eventBus: props.eventBus,
      description: `PU-3: sends ${tamper.description}, from every account, to the tamper alert topic`,
      eventPattern: tamper.pattern,
      targets: [target],
    }), namePrefix));

    const topic = this.alertTopic;
    this.alarms = [
      createCentralAlarm(this, 'DeadLetterAlarm', {
        metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        description: 'Tamper events could not be published to the alert topic and wait in the dead-letter queue (kept 14 days): ' +
          'read them there, fix the topic (policy, key), then send them on.',
        topic,
      }),
      ...this.rules.map((rule, i) => createCentralAlarm(this, `FailedInvocations${i + 1}`, {
        metric: new cloudwatch.Metric({
          namespace: 'AWS/Events', metricName: 'FailedInvocations', statistic: 'Sum', period: Duration.minutes(5),
          dimensionsMap: { EventBusName: props.eventBus.eventBusName, RuleName: rule.ruleName },
        }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        description: `The tamper rule ${rule.node.id} failed to publish to the alert topic.`,
        topic,
      })),
    ];
    this.alarmAction = { bind: () => ({ alarmActionArn: this.alertTopic.topicArn }) };
    recordEvidence(this, IMPLEMENTS, [...this.rules, this.alertTopic],
      'Tamper events from every account (attempts to switch logging off or erase logs, root activity, sign-in without MFA) ' +
      'reach a person through an encrypted SNS topic.');
  }
}
