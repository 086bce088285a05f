import { ArnFormat, Duration, RemovalPolicy, Size, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { ILogArchive } from '../log-archive-props';
import { LogFamily } from '../targets';
import { ServiceExposure } from '../../requirements/types';
import { createCentralAlarm } from './alarm';
import { acknowledgeNag } from '../../core/acknowledge';
import { createSecureLogGroup } from '../../core/log-group';

/** Firehose buffering limits for an S3 destination with dynamic partitioning. */
export const FIREHOSE_BUFFERING = {
  minIntervalSeconds: 60,
  maxIntervalSeconds: 900,
  /** Dynamic partitioning needs a buffer of at least 64 MiB. */
  minSizeMiB: 64,
  maxSizeMiB: 128,
  defaultIntervalSeconds: 300,
  defaultSizeMiB: 64,
} as const;

/** Resolved buffering hints. */
export interface FirehoseBuffering {
  readonly intervalSeconds: number;
  readonly sizeMiB: number;
}

/** Check buffering options against what Firehose accepts with dynamic partitioning; throws naming the value. */
export function resolveBuffering(interval: Duration | undefined, size: Size | undefined): FirehoseBuffering {
  const intervalSeconds = interval?.toSeconds() ?? FIREHOSE_BUFFERING.defaultIntervalSeconds;
  const sizeMiB = size?.toMebibytes() ?? FIREHOSE_BUFFERING.defaultSizeMiB;
  if (!Token.isUnresolved(intervalSeconds)
    && (intervalSeconds < FIREHOSE_BUFFERING.minIntervalSeconds || intervalSeconds > FIREHOSE_BUFFERING.maxIntervalSeconds)) {
    throw new Error(
      `bufferingInterval of ${intervalSeconds} seconds is outside what Firehose accepts with dynamic partitioning; ` +
      `use ${FIREHOSE_BUFFERING.minIntervalSeconds} to ${FIREHOSE_BUFFERING.maxIntervalSeconds} seconds.`,
    );
  }
  if (!Token.isUnresolved(sizeMiB) && (sizeMiB < FIREHOSE_BUFFERING.minSizeMiB || sizeMiB > FIREHOSE_BUFFERING.maxSizeMiB)) {
    throw new Error(
      `bufferingSize of ${sizeMiB} MiB is outside what Firehose accepts with dynamic partitioning; ` +
      `use ${FIREHOSE_BUFFERING.minSizeMiB} to ${FIREHOSE_BUFFERING.maxSizeMiB} MiB.`,
    );
  }
  return { intervalSeconds, sizeMiB };
}

/** Options for {@link createArchiveDeliveryStream}. */
export interface ArchiveDeliveryStreamOptions {
  readonly deliveryStreamName: string;
  readonly archive: ILogArchive;
  readonly family: LogFamily;
  /** Top-level folder of the data prefix, for example `cloudwatch`. */
  readonly dataRoot: string;
  /** The rest of the data prefix after `<dataRoot>/`, with `!{partitionKeyFromQuery:...}` expressions. */
  readonly dataPrefixTail: string;
  /** jq 1.6 query that returns the partition keys used in the data prefix. */
  readonly metadataExtractionQuery: string;
  /** Whether records arrive GZIP-compressed from CloudWatch Logs and must be decompressed first. */
  readonly decompressCloudWatchLogs: boolean;
  readonly buffering: FirehoseBuffering;
  /** Key for the stream's server-side encryption (must be in the stream's region). */
  readonly streamKey: kms.IKey;
  readonly exposure: ServiceExposure;
  readonly alarmTopic?: sns.ITopic;
}

/** What {@link createArchiveDeliveryStream} makes. */
export interface ArchiveDeliveryStream {
  readonly deliveryStream: firehose.CfnDeliveryStream;
  readonly role: iam.Role;
  readonly errorLogGroup: logs.LogGroup;
  readonly alarms: cloudwatch.Alarm[];
  /** The S3 error output prefix. */
  readonly errorOutputPrefix: string;
}

const ERROR_ROOT = 'errors';

/**
 * A Firehose stream (Direct PUT, SSE with a customer managed key) that writes
 * into one archive bucket with dynamic partitioning, an error output prefix,
 * error logging to a retained, KMS-encrypted log group, and alarms on
 * delivery failure, freshness, throttling and partition overflow.
 *
 * The role is written out by hand rather than with the L2 S3 destination,
 * which grants `s3:DeleteObject*` and `kms:*` wildcards the archive does not
 * need.
 */
export function createArchiveDeliveryStream(scope: Construct, id: string, options: ArchiveDeliveryStreamOptions): ArchiveDeliveryStream {
  const stack = Stack.of(scope);
  const targets = options.archive.targets;
  const bucketArn = targets.bucketArn(options.family);
  const name = options.deliveryStreamName;

  const errorLogGroup = createSecureLogGroup(scope, `${id}ErrorLogs`, {
    exposure: options.exposure,
    logGroupName: `/aws/kinesisfirehose/${name}`,
  });
  const streamName = 'DestinationDelivery';
  const logStream = new logs.LogStream(scope, `${id}ErrorLogStream`, {
    logGroup: errorLogGroup,
    logStreamName: streamName,
    removalPolicy: RemovalPolicy.RETAIN,
  });

  const role = new iam.Role(scope, `${id}Role`, {
    // Firehose assumes the role with the stream's account as the external id; naming it keeps a stream of another
    // account from using the role (confused deputy). https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/CreateFirehoseStream.html
    assumedBy: new iam.ServicePrincipal('firehose.amazonaws.com', { conditions: { StringEquals: { 'sts:ExternalId': stack.account } } }),
    description: `Lets Firehose stream ${name} write into the ${options.family} archive bucket`,
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'ListArchiveBucket',
    actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
    resources: [bucketArn],
  }));
  const objectResources = [`${bucketArn}/${options.dataRoot}/*`, `${bucketArn}/${ERROR_ROOT}/${options.dataRoot}/*`];
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'WriteArchiveObjects',
    actions: ['s3:PutObject', 's3:AbortMultipartUpload'],
    resources: objectResources,
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'EncryptWithArchiveKeyThroughS3',
    actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
    resources: [options.archive.key.keyArn],
    conditions: {
      StringEquals: { 'kms:ViaService': `s3.${targets.region}.amazonaws.com` },
      StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucketArn, `${bucketArn}/*`] },
    },
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    sid: 'WriteDeliveryErrors',
    actions: ['logs:PutLogEvents'],
    resources: [stack.formatArn({
      service: 'logs',
      resource: 'log-group',
      resourceName: `${errorLogGroup.logGroupName}:log-stream:${streamName}`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    })],
  }));
  for (const resource of objectResources) {
    acknowledgeNag(role, `AwsSolutions-IAM5[Resource::${resource}]`,
      `Firehose names each object at delivery time (partition keys, timestamp, random suffix), so the grant can only name the key prefix ${resource.replace(`${bucketArn}/`, '')} of one archive bucket; deletes are not granted and the bucket policy denies them.`);
  }

  const processors: firehose.CfnDeliveryStream.ProcessorProperty[] = [];
  if (options.decompressCloudWatchLogs) {
    processors.push({ type: 'Decompression', parameters: [{ parameterName: 'CompressionFormat', parameterValue: 'GZIP' }] });
  }
  processors.push({
    type: 'MetadataExtraction',
    parameters: [
      { parameterName: 'MetadataExtractionQuery', parameterValue: options.metadataExtractionQuery },
      { parameterName: 'JsonParsingEngine', parameterValue: 'JQ-1.6' },
    ],
  });
  processors.push({ type: 'AppendDelimiterToRecord' });

  const errorOutputPrefix = `${ERROR_ROOT}/${options.dataRoot}/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/`;
  const deliveryStream = new firehose.CfnDeliveryStream(scope, id, {
    deliveryStreamName: name,
    deliveryStreamType: 'DirectPut',
    deliveryStreamEncryptionConfigurationInput: { keyType: 'CUSTOMER_MANAGED_CMK', keyArn: options.streamKey.keyArn },
    extendedS3DestinationConfiguration: {
      bucketArn,
      roleArn: role.roleArn,
      prefix: `${options.dataRoot}/${options.dataPrefixTail}`,
      errorOutputPrefix,
      bufferingHints: { intervalInSeconds: options.buffering.intervalSeconds, sizeInMBs: options.buffering.sizeMiB },
      compressionFormat: 'GZIP',
      encryptionConfiguration: { kmsEncryptionConfig: { awskmsKeyArn: options.archive.key.keyArn } },
      cloudWatchLoggingOptions: { enabled: true, logGroupName: errorLogGroup.logGroupName, logStreamName: logStream.logStreamName },
      dynamicPartitioningConfiguration: { enabled: true, retryOptions: { durationInSeconds: 300 } },
      processingConfiguration: { enabled: true, processors },
    },
  });
  deliveryStream.node.addDependency(role);
  if (Stack.of(options.archive) === stack) {
    // The stream writes into the archive's bucket with its key: create it after the archive (policies included).
    deliveryStream.node.addDependency(options.archive);
  }

  const metric = (metricName: string, statistic: string) => new cloudwatch.Metric({
    namespace: 'AWS/Firehose',
    metricName,
    dimensionsMap: { DeliveryStreamName: name },
    statistic,
    period: Duration.minutes(5),
  });
  const freshnessThreshold = Math.max(900, 3 * options.buffering.intervalSeconds);
  const alarms = [
    createCentralAlarm(scope, `${id}FreshnessAlarm`, {
      metric: metric('DeliveryToS3.DataFreshness', 'Maximum'),
      threshold: freshnessThreshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `Records in Firehose stream ${name} have waited more than ${freshnessThreshold} seconds for delivery to the archive: ` +
        'S3 delivery is failing or slow; Firehose retries for 24 hours, then the records are lost. See the error log group and the errors/ prefix.',
      topic: options.alarmTopic,
    }),
    createCentralAlarm(scope, `${id}DeliveryFailureAlarm`, {
      metric: metric('DeliveryToS3.Success', 'Minimum'),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      description: `Firehose stream ${name} failed to put objects into the archive bucket; see log group /aws/kinesisfirehose/${name}.`,
      topic: options.alarmTopic,
    }),
    createCentralAlarm(scope, `${id}ThrottlingAlarm`, {
      metric: metric('ThrottledRecords', 'Sum'),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      description: `Firehose stream ${name} throttled incoming records: senders retry, but a sustained excess loses logs. Raise the stream quota.`,
      topic: options.alarmTopic,
    }),
    createCentralAlarm(scope, `${id}PartitionLimitAlarm`, {
      metric: metric('PartitionCountExceeded', 'Maximum'),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      description: `Firehose stream ${name} exceeded its active partition limit: the overflow goes to the errors/ prefix, not the ` +
        'partitioned prefix. Ask for a higher partition quota or shorten the buffering interval.',
      topic: options.alarmTopic,
    }),
  ];

  return { deliveryStream, role, errorLogGroup, alarms, errorOutputPrefix };
}
