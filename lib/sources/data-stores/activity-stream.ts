import { Annotations, ArnFormat, CfnElement, CustomResource, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct, IConstruct } from 'constructs';
import { ACTIVITY_STREAM_GAP, ACTIVITY_STREAM_ITEMS, ActivityStreamMode, activityStreamProblem, instanceClassProblem } from './activity-stream-support';
import { DataStoreAuditItem } from './audit-items';
import { ALL_AUDIT_ITEMS } from './engines';
import { acknowledgeDeadLetterQueue, acknowledgeFunctionOutsideVpc, acknowledgeInlineRolePolicies, acknowledgeNag } from '../../core/acknowledge';
import { alarmActionsOrDefault } from '../../core/alarm-topic';
import { recordEvidence } from '../../core/evidence';
import { handlerCode } from '../../core/handler-asset';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { cfnResourceOf } from '../../core/l1';
import { createSecureLogGroup } from '../../core/log-group';
import { restrictKeyGrants } from '../../core/stack-key';
import { validateAccountIds, validateEnumValue } from '../../core/validate';
import { ACTIVITY_STREAM_PROPS, ACTIVITY_STREAM_RESOURCE_TYPE, KINESIS_STREAM_NAME_ATTRIBUTE } from '../../handlers/activity-stream/contract';
import { CentralLogGroupOptions } from '../central-log-group-options';
import { firstOccurrenceAlarm } from '../private/alarm';
import { defaultLogGroupName, requireRegion, requireSameStack, subscribeToCentralDestination } from '../private/central-subscription';

/** Props for {@link DatabaseActivityStream}. */
export interface DatabaseActivityStreamProps extends CentralLogGroupOptions {
  /**
   * The Aurora cluster: an `aws-rds` `DatabaseCluster` (or any construct whose
   * default child is an `AWS::RDS::DBCluster`) or a `CfnDBCluster`, running
   * Aurora PostgreSQL or Aurora MySQL on provisioned instances, in this
   * construct's stack.
   */
  readonly cluster: IConstruct;

  /**
   * The customer managed KMS key that encrypts the activity records. It must be
   * in the cluster's account and Region. Whoever reads the records needs
   * `kms:Decrypt` on it: the construct adds that to the key policy of a key it
   * can change (one made in this app); for an imported key, add it yourself.
   *
   * @default - a new key (rotation on, retained) used for nothing else
   */
  readonly activityStreamKey?: kms.IKey;

  /**
   * Whether database sessions wait for their activity record.
   *
   * @default ActivityStreamMode.ASYNC
   */
  readonly mode?: ActivityStreamMode;

  /**
   * Accounts whose principals may decrypt the records (the key policy names
   * the account; the account's own IAM policies then choose the SIEM role).
   *
   * @default - the central log account
   */
  readonly readerAccountIds?: string[];

  /**
   * What the delivery alarms notify.
   *
   * @default - the stack's alarm topic
   */
  readonly alarmAction?: cloudwatch.IAlarmAction;

  /**
   * How long the deployment waits for the stream to start before it fails: at most one hour, the custom resource
   * provider framework's limit (`totalTimeout` of aws-cdk-lib's `custom_resources.Provider`).
   *
   * @default Duration.hours(1)
   */
  readonly startTimeout?: Duration;
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('DatabaseActivityStream', ['CA-E2']);

/** Clusters that already have a DatabaseActivityStream, and the path of that construct. */
const CLAIMED = new WeakMap<rds.CfnDBCluster, string>();

/** Records older than this in the Kinesis stream (which keeps 24 hours) raise the lag alarm. */
const ITERATOR_AGE_ALARM = Duration.hours(1);

/**
 * Database Activity Streams for an Aurora cluster (CA-E2), forwarded to the
 * central account. Opt-in: activity streams need provisioned,
 * non-burstable instances and Kinesis costs money.
 *
 * - Starts the cluster's activity stream with a custom resource (no
 *   CloudFormation property exists) that calls `StartActivityStream`
 *   (`ApplyImmediately`, mode async by default, the KMS key) and waits, with the
 *   provider framework's `isComplete`, until the stream runs. Aurora then
 *   writes every statement and login to a Kinesis data stream it creates
 *   (24-hour retention; its name, `aws-rds-das-<cluster resource id>` by an
 *   unverified convention, is read from `DescribeDBClusters`).
 * - Deleting the construct does not stop the stream: stopping it makes Aurora
 *   delete the Kinesis stream with any records not yet forwarded. Stop it by
 *   hand (`aws rds stop-activity-stream`) once the pipe has drained it.
 * - An EventBridge pipe reads the Kinesis stream from its oldest record and
 *   puts each record into a log group (KMS, retention by exposure, deletion
 *   protection, retained) that is subscribed to the central CloudWatch Logs
 *   destination, the path every CloudWatch-only source takes to the archive.
 *   Records the pipe cannot deliver after retries (halving batches) go to a
 *   KMS-encrypted dead-letter queue; alarms with an action fire on the first
 *   dead letter, on pipe failures and when the pipe falls an hour behind.
 * - The records stay encrypted: `databaseActivityEvents` is encrypted with a
 *   data key that is itself encrypted with the KMS key (field `key`). A reader
 *   decrypts `key` with KMS (`kms:Decrypt`, granted in the key policy to
 *   `readerAccountIds`, the central account by default), then
 *   `databaseActivityEvents` with the AWS Encryption SDK and that data key.
 *
 * Pages: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/DBActivityStreams.Overview.html,
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/DBActivityStreams.Monitoring.html,
 * https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-event-target.html (CloudWatch log group target;
 * log stream and timestamp are optional, the timestamp defaults to when the pipe processes the record:
 * https://docs.aws.amazon.com/eventbridge/latest/pipes-reference/API_PipeTargetCloudWatchLogsParameters.html).
 * Unverified: the KMS permissions StartActivityStream needs of its caller
 * (`kms:CreateGrant`, `kms:DescribeKey` are granted), the shape of the Kinesis
 * record in the log event (the pipe forwards the source event: `data` may be
 * base64), that a dead letter from a Kinesis source carries the shard and
 * sequence numbers rather than the record (re-read them within 24 hours), and
 * that `Ref` of the pipe is the `PipeName` dimension of its `ExecutionFailed`
 * metric (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-pipes-monitoring.html).
 *
 * @example
 * new DatabaseActivityStream(this, 'Das', {
 *   central,
 *   exposure: ServiceExposure.EXTERNAL,
 *   cluster,
 * });
 */
export class DatabaseActivityStream extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** The key that encrypts the activity records. */
  public readonly key: kms.IKey;
  /** The name of the Kinesis data stream Aurora made (known at deployment). */
  public readonly kinesisStreamName: string;
  /** The log group the pipe writes the records into. */
  public readonly logGroup: logs.ILogGroup;
  /** The subscription that sends the log group to the central destination. */
  public readonly subscriptionFilter: logs.CfnSubscriptionFilter;
  /** The pipe from the Kinesis stream to the log group. */
  public readonly pipe: pipes.CfnPipe;
  /** Where the pipe sends what it cannot deliver. */
  public readonly deadLetterQueue: sqs.IQueue;
  /** The role the custom resource's handlers run as. */
  public readonly startRole: iam.IRole;
  /** The delivery alarms. */
  public readonly alarms: cloudwatch.IAlarm[] = [];
  /** CA-E2 items the records carry. */
  public readonly items: DataStoreAuditItem[];
  /** CA-E2 items they do not carry. */
  public readonly missingItems: DataStoreAuditItem[];

  constructor(scope: Construct, id: string, props: DatabaseActivityStreamProps) {
    super(scope, id);
    acknowledgeInlineRolePolicies(this);
    const cluster = clusterResource(props.cluster);
    const stack = requireSameStack(this, 'DatabaseActivityStream', cluster, 'cluster');
    const region = requireRegion(stack, 'DatabaseActivityStream', 'cluster');
    const claimedBy = CLAIMED.get(cluster);
    if (claimedBy !== undefined) {
      throw new Error(`Aurora cluster ${cluster.node.path} already has DatabaseActivityStream '${claimedBy}'; a cluster has one activity stream.`);
    }
    const instances = checkCluster(cluster, stack);
    const mode = validateEnumValue('mode', props.mode ?? ActivityStreamMode.ASYNC, ActivityStreamMode as unknown as { [k: string]: ActivityStreamMode },
      'ActivityStreamMode', 'an activity stream mode');
    const readers = validateAccountIds('readerAccountIds', props.readerAccountIds ?? [props.central.accountId]);
    if (readers.length === 0) {
      throw new Error('readerAccountIds is empty, so nobody could decrypt the activity records; omit it for the central account, or name the accounts.');
    }
    this.key = props.activityStreamKey ?? new kms.Key(this, 'Key', {
      description: `Encrypts the Database Activity Stream records of ${cluster.node.path} (cdk-security-log-collection)`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    checkKey(this.key, stack);
    if (!props.activityStreamKey) {
      restrictKeyGrants(this.key);
    }
    this.grantReaders(readers, cluster);

    const clusterArn = stack.formatArn({ service: 'rds', resource: 'cluster', resourceName: cluster.ref, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
    const startTimeout = props.startTimeout ?? Duration.hours(1);
    if (!startTimeout.isUnresolved() && (startTimeout.toSeconds() > 3600 || startTimeout.toSeconds() < 60)) {
      throw new Error(`startTimeout of ${startTimeout.toHumanString()} is outside what the custom resource provider framework allows ` +
        'for waiting; pass 1 minute to 1 hour (Duration.hours(1) is the default).');
    }
    const start = this.startStream(clusterArn, mode, startTimeout, props);
    this.startRole = start.role;
    // Aurora starts the stream on the cluster's instances: start it once they exist.
    instances.forEach((i) => start.resource.node.addDependency(i));
    this.kinesisStreamName = start.resource.getAttString(KINESIS_STREAM_NAME_ATTRIBUTE);
    const streamArn = stack.formatArn({ service: 'kinesis', resource: 'stream', resourceName: this.kinesisStreamName });

    const identifier = Token.isUnresolved(cluster.dbClusterIdentifier) ? undefined : cluster.dbClusterIdentifier;
    const logGroupName = identifier ? `/database-activity-stream/${identifier.toLowerCase()}` : defaultLogGroupName('/database-activity-stream', cluster);
    const logGroup = createSecureLogGroup(this, 'LogGroup', {
      logGroupName,
      exposure: props.exposure,
      retentionDays: props.retentionDays,
      retentionApproval: props.retentionApproval,
      encryptionKey: props.encryptionKey,
    });
    this.logGroup = logGroup;
    this.subscriptionFilter = subscribeToCentralDestination(this, logGroup, props.central, region,
      `Lets CloudWatch Logs send ${logGroupName} to the central log destination`).filter;

    const dlqKey = new kms.Key(this, 'DeadLetterKey', {
      description: `Encrypts the dead letters of the activity stream pipe of ${cluster.node.path}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    restrictKeyGrants(dlqKey);
    const dlq = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: dlqKey,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    acknowledgeDeadLetterQueue(dlq, 'the pipe that forwards the activity stream');
    this.deadLetterQueue = dlq;

    const pipeRole = new iam.Role(this, 'PipeRole', {
      description: `Lets EventBridge Pipes read the activity stream of ${cluster.node.path} into ${logGroupName}`,
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com', { conditions: { StringEquals: { 'aws:SourceAccount': stack.account } } }),
    });
    pipeRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'ReadActivityStream',
      actions: ['kinesis:DescribeStream', 'kinesis:DescribeStreamSummary', 'kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'],
      resources: [streamArn],
    }));
    pipeRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'WriteRecords',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      // The Arn attribute of a log group ends in ':*', which covers its streams.
      resources: [logGroup.logGroupArn],
    }));
    pipeRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'SendDeadLetters',
      actions: ['sqs:SendMessage'],
      resources: [dlq.queueArn],
    }));
    pipeRole.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'EncryptDeadLetters',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [dlqKey.keyArn],
    }));

    this.pipe = new pipes.CfnPipe(this, 'Pipe', {
      description: `Database Activity Stream of ${cluster.node.path} to ${logGroupName} (CA-E2)`,
      roleArn: pipeRole.roleArn,
      source: streamArn,
      sourceParameters: {
        kinesisStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize: 10,
          maximumRetryAttempts: 10,
          maximumRecordAgeInSeconds: -1,
          onPartialBatchItemFailure: 'AUTOMATIC_BISECT',
          deadLetterConfig: { arn: dlq.queueArn },
        },
      },
      target: logGroup.logGroupArn,
      targetParameters: { cloudWatchLogsParameters: {} },
    });
    this.pipe.node.addDependency(pipeRole);
    this.pipe.node.addDependency(start.resource);
    this.addAlarms(dlq, props.alarmAction);
    acknowledgeFindings(this);

    this.items = [...ACTIVITY_STREAM_ITEMS];
    this.missingItems = ALL_AUDIT_ITEMS.filter((i) => !ACTIVITY_STREAM_ITEMS.includes(i));
    CLAIMED.set(cluster, this.node.path);
    recordEvidence(this, IMPLEMENTS, [cluster],
      `Aurora cluster ${cluster.node.path}: Database Activity Stream (${mode}) through its Kinesis stream and an EventBridge pipe into ` +
      `${logGroupName}, subscribed to the central destination; carries store, credential, query and response size (rows); ` +
      `not response time (${ACTIVITY_STREAM_GAP.replace(/.*; it has/, 'it has').replace(/\.$/, '')}). Records are encrypted with KMS key ` +
      `${Token.isUnresolved(this.key.keyArn) ? this.key.node.path : this.key.keyArn}, decryptable by account(s) ${readers.join(', ')}.`);
  }

  /** The custom resource that starts the stream and returns the Kinesis stream's name once it runs. */
  private startStream(clusterArn: string, mode: ActivityStreamMode, timeout: Duration, props: DatabaseActivityStreamProps) {
    const role = new iam.Role(this, 'StartRole', {
      description: 'Starts the Database Activity Stream of one Aurora cluster and waits until it runs',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'StartAndWatchActivityStream',
      actions: ['rds:StartActivityStream', 'rds:DescribeDBClusters'],
      resources: [clusterArn],
    }));
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'UseActivityStreamKey',
      actions: ['kms:CreateGrant', 'kms:DescribeKey'],
      resources: [this.key.keyArn],
    }));
    const handlerLogs = createSecureLogGroup(this, 'StartLogs', { exposure: props.exposure, encryptionKey: props.encryptionKey });
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'WriteHandlerLogs',
      actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: [handlerLogs.logGroupArn],
    }));
    const fn = (fid: string, entry: string) => {
      const f = new lambda.Function(this, fid, {
        description: `Database Activity Stream custom resource (${entry})`,
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        handler: `index.${entry}`,
        code: handlerCode('activity-stream'),
        timeout: Duration.minutes(1),
        role,
        logGroup: handlerLogs,
      });
      acknowledgeFunctionOutsideVpc(f, 'RDS StartActivityStream and DescribeDBClusters');
      return f;
    };
    const provider = new cr.Provider(this, 'Provider', {
      onEventHandler: fn('OnEvent', 'onEvent'),
      isCompleteHandler: fn('IsComplete', 'isComplete'),
      queryInterval: Duration.seconds(30),
      totalTimeout: timeout,
      logGroup: createSecureLogGroup(this, 'ProviderLogs', { exposure: props.exposure, encryptionKey: props.encryptionKey }),
    });
    const resource = new CustomResource(this, 'Start', {
      serviceToken: provider.serviceToken,
      resourceType: ACTIVITY_STREAM_RESOURCE_TYPE,
      properties: {
        [ACTIVITY_STREAM_PROPS.clusterArn]: clusterArn,
        [ACTIVITY_STREAM_PROPS.kmsKeyArn]: this.key.keyArn,
        [ACTIVITY_STREAM_PROPS.mode]: mode,
      },
    });
    resource.node.addDependency(role);
    return { role, resource };
  }

  /** Let the reader accounts decrypt with the key: the data key in each record is encrypted with it. */
  private grantReaders(readers: string[], cluster: rds.CfnDBCluster): void {
    const added = this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'ReadersDecryptActivityRecords',
      principals: readers.map((a) => new iam.AccountPrincipal(a)),
      actions: ['kms:Decrypt'],
      resources: ['*'],
    }));
    if (!added.statementAdded) {
      Annotations.of(this).addWarningV2('@seclog/das:key-policy',
        `The activity stream key of ${cluster.node.path} is imported, so its key policy was not changed; let account(s) ` +
        `${readers.join(', ')} call kms:Decrypt on it, or nobody there can read the records.`);
    }
  }

  private addAlarms(dlq: sqs.Queue, action: cloudwatch.IAlarmAction | undefined): void {
    this.alarms.push(firstOccurrenceAlarm(this, 'DeadLetterAlarm', dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5) }),
      'An activity stream record could not be delivered to its log group: read the dead letter for the shard and sequence numbers and re-read them from the Kinesis stream within 24 hours.',
      action));
    const lag = new cloudwatch.Alarm(this, 'LagAlarm', {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/Kinesis',
        metricName: 'GetRecords.IteratorAgeMilliseconds',
        dimensionsMap: { StreamName: this.kinesisStreamName },
        statistic: 'Maximum',
        period: Duration.minutes(5),
      }),
      threshold: ITERATOR_AGE_ALARM.toMilliseconds(),
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: 'The pipe is more than an hour behind the activity stream, which keeps records 24 hours: find why it is slow or failing before records expire.',
    });
    lag.addAlarmAction(...alarmActionsOrDefault(this, action ? [action] : undefined));
    this.alarms.push(lag);
    this.alarms.push(firstOccurrenceAlarm(this, 'PipeFailureAlarm', new cloudwatch.Metric({
      namespace: 'AWS/EventBridge/Pipes',
      metricName: 'ExecutionFailed',
      dimensionsMap: { PipeName: this.pipe.ref },
      statistic: 'Sum',
      period: Duration.minutes(5),
    }), 'The activity stream pipe failed to deliver a batch; it retries, then sends it to the dead-letter queue.', action));
  }
}

/** The AWS Solutions findings this construct makes by design, each with its reason. */
function acknowledgeFindings(scope: DatabaseActivityStream): void {
  const stack = Stack.of(scope);
  const arnOf = (c: IConstruct) => `<${stack.getLogicalId(c.node.defaultChild as CfnElement)}.Arn>`;
  acknowledgeNag(scope, 'AwsSolutions-L1',
    'The handler bundle is built for nodejs22.x (scripts/build-handlers.mjs targets node22), and the provider framework of aws-cdk-lib chooses its own runtime.');
  acknowledgeNag(scope, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'The provider framework functions of aws-cdk-lib run with AWSLambdaBasicExecutionRole (logs only) and write to the retained, encrypted log group this construct gives them.');
  for (const fid of ['OnEvent', 'IsComplete', 'Provider/framework-isComplete', 'Provider/framework-onTimeout']) {
    const fn = scope.node.findChild(fid.split('/')[0]);
    const target = fid.includes('/') ? fn.node.findChild(fid.split('/')[1]) : fn;
    acknowledgeNag(scope, `AwsSolutions-IAM5[Resource::${arnOf(target)}:*]`,
      'The provider framework of aws-cdk-lib may invoke any version of its own handler functions (the ARN with :*); it invokes nothing else.');
  }
  acknowledgeNag(scope, 'AwsSolutions-SF1',
    "The provider framework's waiter state machine only polls isComplete during a deployment; its outcome is the custom resource's status in CloudFormation and the handlers log to their own log group.");
  acknowledgeNag(scope, 'AwsSolutions-SF2',
    "The waiter state machine of aws-cdk-lib's provider framework runs only during deployments; tracing it adds nothing the CloudFormation events and handler logs do not show.");
}

/** The cluster's `AWS::RDS::DBCluster`, or an error naming what was passed. */
function clusterResource(cluster: IConstruct): rds.CfnDBCluster {
  const { resource, found } = cfnResourceOf(cluster, (c): c is rds.CfnDBCluster => c instanceof rds.CfnDBCluster);
  if (!resource) {
    throw new Error(
      `cluster ${cluster.node.path} is not an Aurora DB cluster (it has ${found}); pass an aws-rds DatabaseCluster or a CfnDBCluster. ` +
      'RDS DB instances other than Oracle and SQL Server have no activity streams.');
  }
  return resource;
}

function literal(stack: Stack, value: unknown): string | undefined {
  const resolved = value === undefined ? undefined : stack.resolve(value);
  return typeof resolved === 'string' && !Token.isUnresolved(resolved) ? resolved : undefined;
}

/** Engine, version and instance classes that can stream; errors name the value and the fix. Returns the cluster's instances. */
function checkCluster(cluster: rds.CfnDBCluster, stack: Stack): rds.CfnDBInstance[] {
  const problem = activityStreamProblem({
    engine: literal(stack, cluster.engine), version: literal(stack, cluster.engineVersion), engineMode: literal(stack, cluster.engineMode),
  });
  if (problem) {
    throw new Error(`cluster ${cluster.node.path} ${problem}; pass a cluster that can stream, or audit it with DataStoreAuditLogging instead.`);
  }
  const instances = stack.node.findAll().filter((c): c is rds.CfnDBInstance => c instanceof rds.CfnDBInstance)
    .filter((i) => i.dbClusterIdentifier !== undefined && stack.resolve(i.dbClusterIdentifier)?.Ref === stack.resolve(cluster.ref)?.Ref);
  for (const instance of instances) {
    const { error, warning } = instanceClassProblem(literal(stack, instance.dbInstanceClass));
    if (error) {
      throw new Error(`Instance ${instance.node.path} of cluster ${cluster.node.path} ${error}.`);
    }
    if (warning) {
      Annotations.of(instance).addWarningV2('@seclog/das:instance-class', `Instance ${instance.node.path} ${warning}.`);
    }
  }
  return instances;
}

/** The key must be in the cluster's account and Region (RDS uses it there); a literal ARN elsewhere is an error. */
function checkKey(key: kms.IKey, stack: Stack): void {
  const arn = key.keyArn;
  if (Token.isUnresolved(arn)) {
    return;
  }
  const parts = arn.split(':');
  if (parts[2] !== 'kms' || parts.length < 6) {
    throw new Error(`activityStreamKey '${arn}' is not a KMS key ARN; pass kms.Key.fromKeyArn with arn:aws:kms:<region>:<account>:key/<id>.`);
  }
  if (parts[3] !== stack.region || (!Token.isUnresolved(stack.account) && parts[4] !== stack.account)) {
    throw new Error(
      `activityStreamKey '${arn}' is in ${parts[4]}/${parts[3]}, not in the cluster's account and Region ${stack.account}/${stack.region}; ` +
      'pass a customer managed key of that account and Region, or omit activityStreamKey for a new one.');
  }
  if (parts[5].startsWith('alias/')) {
    throw new Error(`activityStreamKey '${arn}' is an alias; pass the key ARN (an alias can be moved to another key after the stream starts).`);
  }
}
