import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { createCentralAlarm } from './private/alarm';
import { createArchiveDeliveryStream } from './private/firehose';
import { acknowledgeGuard, acknowledgeInlineRolePolicies, acknowledgeNag } from '../core/acknowledge';
import { centralDelivery } from './private/placement';
import { centralQueueKey } from './private/queue-key';
import { validatePositiveInteger } from '../core/validate';
import { ServiceExposure } from '../requirements/types';
import { ILogArchive } from './log-archive-props';
import { LogSourceScopeOptions } from './source-scope';
import { LogFamily } from './targets';
import { ArchiveDeliveryOptions } from './archive-delivery-options';

/** EventBridge's limits for a target's retry policy. */
const MAX_RETRY_ATTEMPTS = 185;
const MAX_EVENT_AGE_SECONDS = 86_400;
const MIN_EVENT_AGE_SECONDS = 60;

/** Props for {@link CentralEventBus}. */
export interface CentralEventBusProps extends LogSourceScopeOptions, ArchiveDeliveryOptions {
  /** The archive whose EVENTS bucket receives the events (made in this stack or imported). */
  readonly archive: ILogArchive;
  /**
   * Attempts EventBridge makes to put an event into Firehose before it goes
   * to the dead-letter queue.
   *
   * @default 185 (the EventBridge maximum)
   */
  readonly retryAttempts?: number;
  /**
   * How long EventBridge keeps retrying an event before it goes to the
   * dead-letter queue.
   *
   * @default Duration.hours(24) (the EventBridge maximum)
   */
  readonly maxEventAge?: Duration;
}

/**
 * The central security event bus: the cross-account target for events that
 * have no log of their own (pipeline and CloudFormation state changes,
 * GuardDuty / Security Hub / Inspector findings, EC2 state changes, identity
 * events). Deploy it in the central log account and the archive's region
 * (workload rules address `targets.eventBusArn`).
 *
 * The bus (named `targets.eventBusName`) lets the organisation
 * (`aws:PrincipalOrgID`) or the named accounts call `events:PutEvents`. One
 * rule matches every event on the bus and sends it to Firehose, which
 * partitions by sender account into `events/<account>/<yyyy/MM/dd>/` of the
 * EVENTS bucket (errors under `errors/events/`). The rule target retries for
 * up to 24 hours, then sends the event to a KMS-encrypted dead-letter queue;
 * alarms watch the queue, events EventBridge could not even dead-letter, and
 * the Firehose delivery.
 *
 * @example
 * new CentralEventBus(this, 'Bus', {
 *   archive,
 *   organizationId: 'o-a1b2c3d4e5',
 * });
 */
export class CentralEventBus extends Construct {
  /** The bus workload rules send to. */
  public readonly eventBus: events.IEventBus;
  /** The rule that archives every event on the bus. */
  public readonly archiveRule: events.IRule;
  /** Where events go when Firehose cannot take them within the retry policy. */
  public readonly deadLetterQueue: sqs.IQueue;
  /** The Firehose stream behind the rule. */
  public readonly deliveryStream: firehose.CfnDeliveryStream;
  /** The S3 error output prefix of the stream. */
  public readonly errorOutputPrefix: string;
  /** The retained, encrypted log group that receives Firehose delivery errors. */
  public readonly errorLogGroup: logs.ILogGroup;
  /** Every alarm the bus made. */
  public readonly alarms: cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: CentralEventBusProps) {
    super(scope, id);
    acknowledgeInlineRolePolicies(this);
    const { stack, targets, sources, buffering } = centralDelivery(this, 'CentralEventBus', true, props);
    const retryAttempts = props.retryAttempts ?? MAX_RETRY_ATTEMPTS;
    if (!Token.isUnresolved(retryAttempts) && (!Number.isInteger(retryAttempts) || retryAttempts < 0 || retryAttempts > MAX_RETRY_ATTEMPTS)) {
      throw new Error(`retryAttempts of ${retryAttempts} is outside what EventBridge accepts; use a whole number from 0 to ${MAX_RETRY_ATTEMPTS}.`);
    }
    const maxEventAgeSeconds = validatePositiveInteger('maxEventAge', (props.maxEventAge ?? Duration.hours(24)).toSeconds(),
      `use ${MIN_EVENT_AGE_SECONDS} to ${MAX_EVENT_AGE_SECONDS} seconds`);
    if (!Token.isUnresolved(maxEventAgeSeconds) && (maxEventAgeSeconds < MIN_EVENT_AGE_SECONDS || maxEventAgeSeconds > MAX_EVENT_AGE_SECONDS)) {
      throw new Error(`maxEventAge of ${maxEventAgeSeconds} seconds is outside what EventBridge accepts; use ${MIN_EVENT_AGE_SECONDS} to ${MAX_EVENT_AGE_SECONDS} seconds.`);
    }

    const bus = new events.EventBus(this, 'Bus', { eventBusName: targets.eventBusName });
    this.eventBus = bus;
    if (sources.organizationId !== undefined) {
      bus.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowOrganizationPutEvents',
        principals: [new iam.AnyPrincipal()],
        actions: ['events:PutEvents'],
        resources: [bus.eventBusArn],
        conditions: { StringEquals: { 'aws:PrincipalOrgID': sources.organizationId } },
      }));
    }
    bus.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowNamedAccountsPutEvents',
      principals: sources.accounts.map((a) => new iam.AccountPrincipal(a)),
      actions: ['events:PutEvents'],
      resources: [bus.eventBusArn],
    }));

    const stream = createArchiveDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamName: `${targets.namePrefix}-events-to-archive`,
      archive: props.archive,
      family: LogFamily.EVENTS,
      dataRoot: 'events',
      dataPrefixTail: '!{partitionKeyFromQuery:account}/!{timestamp:yyyy/MM/dd}/',
      metadataExtractionQuery: '{account: .account}',
      decompressCloudWatchLogs: false,
      buffering,
      streamKey: props.encryptionKey ?? props.archive.key,
      exposure: props.errorLogExposure ?? ServiceExposure.INTERNAL,
      alarmTopic: props.alarmTopic,
    });
    this.deliveryStream = stream.deliveryStream;
    this.errorOutputPrefix = stream.errorOutputPrefix;
    this.errorLogGroup = stream.errorLogGroup;

    // The rule ARN is written out rather than referenced so the queue key's policy can name it without a dependency cycle
    // (key → rule → dead-letter queue → key).
    const ruleName = `${targets.namePrefix}-archive-all-events`;
    const ruleArn = `arn:${stack.partition}:events:${stack.region}:${stack.account}:rule/${targets.eventBusName}/${ruleName}`;
    const queueKey = centralQueueKey(this, targets.namePrefix);
    queueKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowEventBridgeToDeadLetterArchiveEvents',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: ['*'],
      conditions: { ArnEquals: { 'aws:SourceArn': ruleArn } },
    }));
    const deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      queueName: `${targets.namePrefix}-events-archive-dlq`,
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: queueKey,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    deadLetterQueue.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowArchiveRuleDeadLetters',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['sqs:SendMessage'],
      resources: [deadLetterQueue.queueArn],
      conditions: { ArnEquals: { 'aws:SourceArn': ruleArn } },
    }));
    const dlqReason = 'This queue is itself the dead-letter queue of the archive rule target: a further DLQ behind it would only defer the same failure. ' +
      'Messages are kept 14 days, the DeadLetterAlarm fires on the first one, and the queue is KMS-encrypted and TLS-only.';
    acknowledgeNag(deadLetterQueue, 'AwsSolutions-SQS3', dlqReason);
    acknowledgeGuard(deadLetterQueue, 'sqs_dlq_check', dlqReason);
    this.deadLetterQueue = deadLetterQueue;

    const targetRole = new iam.Role(this, 'TargetRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
      description: `Lets the ${ruleName} rule put events into ${targets.namePrefix}-events-to-archive`,
    });
    targetRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'PutIntoArchiveStream',
      actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
      resources: [this.deliveryStream.attrArn],
    }));

    const rule = new events.Rule(this, 'ArchiveRule', {
      eventBus: bus,
      ruleName,
      description: 'Archives every event on the central security bus (no event is filtered out)',
      // An empty prefix on `source` matches every event: every event has a source.
      eventPattern: { source: events.Match.prefix('') },
    });
    const streamArn = this.deliveryStream.attrArn;
    rule.addTarget({
      bind: () => ({
        arn: streamArn,
        role: targetRole,
        deadLetterConfig: { arn: deadLetterQueue.queueArn },
        retryPolicy: { maximumRetryAttempts: retryAttempts, maximumEventAgeInSeconds: maxEventAgeSeconds },
      }),
    });
    this.archiveRule = rule;

    const ruleMetric = (metricName: string) => new cloudwatch.Metric({
      namespace: 'AWS/Events',
      metricName,
      dimensionsMap: { EventBusName: targets.eventBusName, RuleName: ruleName },
      statistic: 'Sum',
      period: Duration.minutes(5),
    });
    this.alarms = [
      ...stream.alarms,
      createCentralAlarm(this, 'DeadLetterAlarm', {
        metric: deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        description: `Events could not be put into ${targets.namePrefix}-events-to-archive within the retry policy; they wait in ` +
          `${targets.namePrefix}-events-archive-dlq (14 days). Fix the stream, then replay them.`,
        topic: props.alarmTopic,
      }),
      createCentralAlarm(this, 'DeadLetterFailureAlarm', {
        metric: ruleMetric('InvocationsFailedToBeSentToDlq'),
        threshold: 0,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        description: `EventBridge could neither archive nor dead-letter events of rule ${ruleName}: those events are lost. ` +
          'Check the dead-letter queue policy and its KMS key policy.',
        topic: props.alarmTopic,
      }),
    ];
  }
}
