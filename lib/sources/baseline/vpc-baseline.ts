import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CentralLogTargets, LogFamily } from '../../central/targets';
import { LogRetentionOptions } from '../../requirements/retention';
import { MaturityTier } from '../../requirements/types';
import { restrictKeyGrants } from '../../core/stack-key';
import { acknowledgeFunctionOutsideVpc, acknowledgeInlineRolePolicies, acknowledgeNag, nagText } from '../../core/acknowledge';
import { recordEvidence } from '../../core/evidence';
import { handlerCode } from '../../core/handler-asset';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { createSecureLogGroup } from '../../core/log-group';
import { CLOUDTRAIL_DETAIL_TYPE } from '../../core/events/cloudtrail-patterns';
import { nameProtectedRule, protectedName } from '../../core/events/protected-name';
import { validateEnumValue } from '../../core/validate';
import { SWEEP_INPUT, VPC_BASELINE_ENV } from '../../handlers/vpc-baseline/contract';
import { firstOccurrenceAlarm } from '../private/alarm';
import { catalogueVpcFlowLogFields, mergeFields, toLogFormat, validateExtraFields, VPC_FLOW_LOG_FIELDS } from '../private/flow-log-fields';

const QUERY_LOG_CONFIG_ID = /^rqlc-[0-9a-z]{1,59}$/;
/** The aggregation interval VpcFlowLogging uses too: the shortest AWS offers. */
const MAX_AGGREGATION_INTERVAL = 60;
/** EventBridge Scheduler schedule names: 1 to 64 of `[0-9a-zA-Z-_.]`. https://docs.aws.amazon.com/scheduler/latest/APIReference/API_CreateSchedule.html */
const SCHEDULE_NAME_MAX = 64;

/** Props for {@link VpcBaseline}. */
export interface VpcBaselineProps extends LogRetentionOptions {
  /** The central log account: flow logs go to its VPC_FLOW bucket. */
  readonly central: CentralLogTargets;

  /**
   * Id (`rqlc-…`) of the Resolver query logging configuration the central
   * account owns in this region and shares with the organisation by AWS RAM.
   * Every VPC is associated with it. May be a token (a CloudFormation
   * parameter or mapping value), since each region has its own id.
   *
   * @default - no query log associations; only flow logs
   */
  readonly resolverQueryLogConfigId?: string;

  /**
   * The tier the accounts are held to: REJECT flow logs at ENHANCED, ALL at
   * BASELINE (as `VpcFlowLogging`).
   *
   * @default MaturityTier.ENHANCED
   */
  readonly tier?: MaturityTier;

  /**
   * The traffic type as a string, overriding `tier`: `REJECT` or `ALL`, or a
   * token (a CloudFormation parameter, so a StackSet can set it per account).
   *
   * @default - from `tier`
   */
  readonly trafficType?: string;

  /**
   * Flow log fields to record besides the catalogue's HP-E1 fields, as bare
   * names (`tcp-flags`).
   *
   * @default - only the catalogue's fields
   */
  readonly extraFields?: string[];

  /**
   * The schedule of the sweep that covers every VPC the account owns in the
   * region, as an EventBridge Scheduler expression.
   *
   * @default 'rate(1 day)'
   */
  readonly sweepScheduleExpression?: string;

  /**
   * Tags for the flow logs the function creates (besides
   * `seclog:created-by`).
   *
   * @default - none
   */
  readonly flowLogTags?: { [key: string]: string };

  /**
   * Action of the alarms (function errors, dead letters).
   *
   * @default - the stack's SecurityLogAlarmTopic
   */
  readonly alarmAction?: cloudwatch.IAlarmAction;
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('VpcBaseline', ['HP-E1', 'HP-B3']);

/**
 * Every VPC of the account in this region, including VPCs made later and
 * outside CDK, gets a flow log to the central VPC_FLOW bucket with the
 * standard's fields (HP-E1, the same format `VpcFlowLogging` builds from the
 * catalogue) and an association with the organisation's shared Resolver query
 * logging configuration (HP-B3).
 *
 * A Lambda function does it, idempotently, when an EventBridge rule sees a
 * `CreateVpc` call (CloudTrail management events reach the default bus of the
 * region where the call was made:
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html)
 * and on a daily EventBridge Scheduler sweep of every VPC the account owns.
 * Each action is a JSON line in its retained, encrypted log group. A failed
 * VPC fails the invocation: an Errors alarm fires; Lambda retries twice, then
 * sends the event to a KMS-encrypted dead-letter queue, which is alarmed, as
 * are events the rule or the schedule could not deliver.
 *
 * Made to run in a StackSet (region and account are tokens). In a stack of
 * its own, deploy one per region.
 *
 * @example
 * const central = CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2' });
 * new VpcBaseline(this, 'VpcBaseline', {
 *   central,
 *   exposure: ServiceExposure.INTERNAL,
 *   resolverQueryLogConfigId: 'rqlc-1111222233334444',
 * });
 */
export class VpcBaseline extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** The function that covers VPCs. */
  public readonly handler: lambda.Function;
  /** Its log group (retained, KMS-encrypted): one JSON line per action. */
  public readonly logGroup: logs.LogGroup;
  /** The rule on `CreateVpc`. */
  public readonly createVpcRule: events.Rule;
  /** The daily sweep. */
  public readonly sweepSchedule: scheduler.CfnSchedule;
  /** Dead-letter queue of the function, the rule target and the schedule. */
  public readonly deadLetterQueue: sqs.Queue;
  /** Alarms: function errors, dead letters. */
  public readonly alarms: cloudwatch.Alarm[];
  /** The flow log fields, in record order. */
  public readonly fields: string[];
  /** The flow log `LogFormat`. */
  public readonly logFormat: string;
  /** The traffic type (`REJECT`, `ALL` or a token). */
  public readonly trafficType: string;

  constructor(scope: Construct, id: string, props: VpcBaselineProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const central = props.central;
    const tier = props.tier ?? MaturityTier.ENHANCED;
    validateEnumValue('tier', tier, MaturityTier, 'MaturityTier', 'a maturity tier');
    this.trafficType = validateTrafficType(props.trafficType ?? (tier === MaturityTier.ENHANCED ? 'REJECT' : 'ALL'));
    const configId = props.resolverQueryLogConfigId;
    if (configId !== undefined && !Token.isUnresolved(configId) && !QUERY_LOG_CONFIG_ID.test(configId)) {
      throw new Error(
        `resolverQueryLogConfigId '${configId}' is not a Resolver query logging configuration id; ` +
        "use the central configuration's id in this region, 'rqlc-' followed by letters and digits (for example 'rqlc-1111222233334444').",
      );
    }
    const extra = validateExtraFields('extraFields', props.extraFields ?? []).filter((f) => VPC_FLOW_LOG_FIELDS.has(f));
    this.fields = mergeFields(catalogueVpcFlowLogFields(IMPLEMENTS.requirementIds[0]), extra);
    this.logFormat = toLogFormat(this.fields);
    const sweepExpression = props.sweepScheduleExpression ?? 'rate(1 day)';
    if (!Token.isUnresolved(sweepExpression) && !/^(rate|cron)\(.+\)$/.test(sweepExpression)) {
      throw new Error(`sweepScheduleExpression '${sweepExpression}' is not a rate(...) or cron(...) expression; use for example 'rate(1 day)'.`);
    }

    const key = new kms.Key(this, 'Key', {
      description: 'Encrypts the VPC baseline dead-letter queue of cdk-security-log-collection',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    restrictKeyGrants(key);
    key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowEventBridgeRulesToWriteDeadLetters',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:events:${stack.region}:${stack.account}:rule/*` } },
    }));
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.logGroup = createSecureLogGroup(this, 'Logs', {
      exposure: props.exposure,
      retentionDays: props.retentionDays,
      retentionApproval: props.retentionApproval,
    });
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'VPC baseline: creates flow logs to the central archive and associates the shared Resolver query log configuration',
    });
    this.logGroup.grantWrite(role);
    this.handler = new lambda.Function(this, 'Function', {
      description: 'Gives every VPC a flow log to the central archive (HP-E1) and the shared Resolver query log config (HP-B3)',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: handlerCode('vpc-baseline'),
      role,
      memorySize: 256,
      timeout: Duration.minutes(5),
      logGroup: this.logGroup,
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
      // A CreateVpc event and the sweep at once at most: each run is idempotent, and EventBridge retries a throttled one.
      reservedConcurrentExecutions: 2,
      environment: {
        [VPC_BASELINE_ENV.accountId]: stack.account,
        [VPC_BASELINE_ENV.flowLogDestinationArn]: central.bucketArn(LogFamily.VPC_FLOW),
        [VPC_BASELINE_ENV.flowLogFormat]: this.logFormat,
        [VPC_BASELINE_ENV.trafficType]: this.trafficType,
        [VPC_BASELINE_ENV.maxAggregationInterval]: String(MAX_AGGREGATION_INTERVAL),
        [VPC_BASELINE_ENV.destinationOptions]: JSON.stringify({
          FileFormat: ec2.FlowLogFileFormat.PLAIN_TEXT, HiveCompatiblePartitions: true, PerHourPartition: true,
        }),
        [VPC_BASELINE_ENV.queryLogConfigId]: configId ?? '',
        [VPC_BASELINE_ENV.tags]: JSON.stringify(props.flowLogTags ?? {}),
      },
    });
    acknowledgeNag(this.handler, 'AwsSolutions-L1',
      'The handler bundle is built for nodejs22.x (scripts/build-handlers.mjs targets node22); the runtime moves with that build target.');
    this.grantActions(stack, role, configId);
    acknowledgeFunctionOutsideVpc(this.handler, 'EC2, Route 53 Resolver and CloudWatch Logs');
    acknowledgeInlineRolePolicies(this);

    this.createVpcRule = new events.Rule(this, 'CreateVpcRule', {
      description: 'Covers each new VPC: flow log to the central archive (HP-E1), shared Resolver query log config (HP-B3)',
      eventPattern: {
        source: ['aws.ec2'],
        detailType: [CLOUDTRAIL_DETAIL_TYPE.API_CALL],
        detail: { eventSource: ['ec2.amazonaws.com'], eventName: ['CreateVpc'] },
      },
      targets: [new targets.LambdaFunction(this.handler, {
        deadLetterQueue: this.deadLetterQueue,
        maxEventAge: Duration.hours(24),
        retryAttempts: 185,
      })],
    });
    nameProtectedRule(this.createVpcRule, central.namePrefix);
    this.sweepSchedule = this.createSweep(sweepExpression, central.namePrefix, key);

    this.alarms = [
      firstOccurrenceAlarm(this, 'ErrorsAlarm', this.handler.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        'The VPC baseline could not give at least one VPC its flow log or query log association (its log names the VPC and the error)',
        props.alarmAction),
      firstOccurrenceAlarm(this, 'DeadLettersAlarm',
        this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        'VPC baseline runs failed after retries, or CreateVpc events or sweeps could not be delivered: they are in the dead-letter queue',
        props.alarmAction),
    ];

    recordEvidence(this, IMPLEMENTS, [this.handler, this.createVpcRule, this.sweepSchedule],
      'Every VPC the account owns in the region, including those created later or outside CDK, gets a flow log to the central ' +
      `VPC_FLOW bucket with the catalogue's fields (${this.fields.join(' ')}) ` +
      (configId === undefined ? '' : 'and an association with the shared Resolver query logging configuration ') +
      'on CreateVpc and by a scheduled sweep.');
  }

  private grantActions(stack: Stack, role: iam.Role, configId: string | undefined): void {
    const vpcs = `arn:${stack.partition}:ec2:${stack.region}:${stack.account}:vpc/*`;
    const flowLogs = `arn:${stack.partition}:ec2:${stack.region}:${stack.account}:vpc-flow-log/*`;
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'DescribeVpcsAndFlowLogs',
      actions: ['ec2:DescribeVpcs', 'ec2:DescribeFlowLogs'],
      resources: ['*'],
    }));
    // CreateFlowLogs with an S3 destination: the caller needs logs:CreateLogDelivery
    // (https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-iam-role.html, "IAM policy for IAM principals that publish flow logs to Amazon S3").
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'CreateFlowLogs',
      actions: ['ec2:CreateFlowLogs', 'ec2:CreateTags'],
      resources: [vpcs, flowLogs],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'DeliverFlowLogsToS3',
      actions: ['logs:CreateLogDelivery', 'logs:DeleteLogDelivery'],
      resources: ['*'],
    }));
    const nagReasons = ['ec2:DescribeVpcs, ec2:DescribeFlowLogs and logs:CreateLogDelivery support no resource-level permissions'];
    if (configId !== undefined) {
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'AssociateSharedQueryLogConfig',
        actions: ['route53resolver:ListResolverQueryLogConfigAssociations', 'route53resolver:AssociateResolverQueryLogConfig',
          'ec2:DescribeVpcs'],
        resources: ['*'],
      }));
      nagReasons.push('route53resolver:ListResolverQueryLogConfigAssociations and AssociateResolverQueryLogConfig are granted on * ' +
        '(the shared configuration is owned by the central account; resource-level permissions for it are unverified)');
    }
    acknowledgeNag(role, 'AwsSolutions-IAM5[Resource::*]', nagReasons.join('; ') + '.');
    acknowledgeNag(role, `AwsSolutions-IAM5[Resource::${nagText(role, vpcs)}]`,
      'The function covers every VPC of the account, including VPCs created after deployment.');
    acknowledgeNag(role, `AwsSolutions-IAM5[Resource::${nagText(role, flowLogs)}]`,
      'Flow log ids are only known once created.');
  }

  /**
   * The daily sweep: an EventBridge Scheduler schedule that invokes the
   * function with `{"sweep": true}`, with a retry policy and the dead-letter
   * queue (https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html).
   */
  private createSweep(expression: string, namePrefix: string, key: kms.Key): scheduler.CfnSchedule {
    const role = new iam.Role(this, 'SweepRole', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description: 'EventBridge Scheduler: runs the VPC baseline sweep',
    });
    // Named actions on the one function, queue and key (no wildcards): what Scheduler needs to invoke and dead-letter.
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/setting-up.html#setting-up-execution-role
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [this.handler.functionArn] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetterQueue.queueArn] }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [key.keyArn] }));
    const schedule = new scheduler.CfnSchedule(this, 'Sweep', {
      name: protectedName(this, namePrefix, SCHEDULE_NAME_MAX),
      description: 'Daily sweep: every VPC of the account in this region gets its flow log and query log association',
      scheduleExpression: expression,
      flexibleTimeWindow: { mode: 'FLEXIBLE', maximumWindowInMinutes: 60 },
      target: {
        arn: this.handler.functionArn,
        roleArn: role.roleArn,
        input: JSON.stringify(SWEEP_INPUT),
        retryPolicy: { maximumRetryAttempts: 185, maximumEventAgeInSeconds: 86_400 },
        deadLetterConfig: { arn: this.deadLetterQueue.queueArn },
      },
    });
    schedule.node.addDependency(role);
    return schedule;
  }
}

function validateTrafficType(value: string): string {
  if (Token.isUnresolved(value)) {
    return value;
  }
  if (value === 'ACCEPT') {
    throw new Error(
      `trafficType '${value}' would drop the REJECT (firewall DENY) records ${IMPLEMENTS.requirementIds[0]} asks for; use 'REJECT', or 'ALL' to keep accepted flows as well.`,
    );
  }
  if (value !== 'REJECT' && value !== 'ALL') {
    throw new Error(`trafficType '${value}' is not a flow log traffic type; use 'REJECT' or 'ALL'.`);
  }
  return value;
}
