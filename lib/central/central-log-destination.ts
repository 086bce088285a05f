import { RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { createArchiveDeliveryStream } from './private/firehose';
import { centralDelivery } from './private/placement';
import { ServiceExposure } from '../requirements/types';
import { ILogArchive } from './log-archive-props';
import { LogSourceScopeOptions } from './source-scope';
import { LogFamily } from './targets';
import { ArchiveDeliveryOptions } from './archive-delivery-options';
import { restrictKeyGrants } from '../core/stack-key';
import { acknowledgeInlineRolePolicies } from '../core/acknowledge';

/**
 * jq 1.6 query run on each decompressed CloudWatch Logs record: the sender
 * account (`owner`) and the log group, without its leading slash. Control
 * messages (CloudWatch Logs checking the destination) have no log group and
 * land under `control-messages`.
 */
const CLOUDWATCH_PARTITION_QUERY =
  '{owner: .owner, logGroup: ((.logGroup // "") | ltrimstr("/") | if . == "" then "control-messages" else . end)}';

/** Props for {@link CentralLogDestination}. */
export interface CentralLogDestinationProps extends LogSourceScopeOptions, ArchiveDeliveryOptions {
  /** The archive whose CLOUDWATCH bucket receives the logs (made in this stack or imported). */
  readonly archive: ILogArchive;
}

/**
 * The central CloudWatch Logs destination of one region: the cross-account
 * target of workload subscription filters for logs whose only origin is
 * CloudWatch Logs (EKS control plane, RDS audit, API Gateway access, Client
 * VPN, Session Manager). Deploy one per region that has workload log groups,
 * in the central log account; all write to the archive's CLOUDWATCH bucket.
 *
 * `AWS::Logs::Destination` (named `targets.logDestinationName`) → Firehose
 * (Direct PUT, SSE with a customer managed key) → S3. Firehose decompresses
 * the GZIP records CloudWatch Logs sends and partitions them with jq into
 * `cloudwatch/<sender account>/<region>/<log group>/<yyyy/MM/dd>/`. Records it
 * cannot deliver or partition go to `errors/cloudwatch/<error type>/...`, and
 * alarms watch delivery failures, freshness, throttling and the partition
 * limit (500 active partitions by default: beyond it records go to the error
 * prefix).
 *
 * The destination policy lets the organisation (`aws:PrincipalOrgID`) or the
 * named accounts call `logs:PutSubscriptionFilter` and `logs:PutAccountPolicy`.
 * With an organisation-wide policy, each sender's subscription filter must
 * name a role in the sender account that CloudWatch Logs assumes.
 *
 * @example
 * new CentralLogDestination(this, 'Destination', {
 *   archive,
 *   organizationId: 'o-a1b2c3d4e5',
 * });
 */
export class CentralLogDestination extends Construct {
  /** ARN of the CloudWatch Logs destination that workload subscription filters name. */
  public readonly destinationArn: string;
  /** Name of the destination. */
  public readonly destinationName: string;
  /** The Firehose stream behind the destination. */
  public readonly deliveryStream: firehose.CfnDeliveryStream;
  /** The S3 error output prefix of the stream. */
  public readonly errorOutputPrefix: string;
  /** The retained, encrypted log group that receives Firehose delivery errors. */
  public readonly errorLogGroup: logs.ILogGroup;
  /** The role CloudWatch Logs assumes to put records into the stream. */
  public readonly destinationRole: iam.IRole;
  /** Every alarm the destination made. */
  public readonly alarms: cloudwatch.IAlarm[];

  constructor(scope: Construct, id: string, props: CentralLogDestinationProps) {
    super(scope, id);
    acknowledgeInlineRolePolicies(this);
    const { stack, targets, sources, buffering } = centralDelivery(this, 'CentralLogDestination', false, props);
    const region = stack.region;

    const streamKey = props.encryptionKey ?? (region === targets.region ? props.archive.key : this.streamKey(targets.namePrefix, region));

    const stream = createArchiveDeliveryStream(this, 'DeliveryStream', {
      deliveryStreamName: `${targets.namePrefix}-cloudwatch-to-archive`,
      archive: props.archive,
      family: LogFamily.CLOUDWATCH,
      dataRoot: 'cloudwatch',
      dataPrefixTail: `!{partitionKeyFromQuery:owner}/${region}/!{partitionKeyFromQuery:logGroup}/!{timestamp:yyyy/MM/dd}/`,
      metadataExtractionQuery: CLOUDWATCH_PARTITION_QUERY,
      decompressCloudWatchLogs: true,
      buffering,
      streamKey,
      exposure: props.errorLogExposure ?? ServiceExposure.INTERNAL,
      alarmTopic: props.alarmTopic,
    });
    this.deliveryStream = stream.deliveryStream;
    this.errorOutputPrefix = stream.errorOutputPrefix;
    this.errorLogGroup = stream.errorLogGroup;
    this.alarms = stream.alarms;

    // CloudWatch Logs assumes the role on behalf of the sender: scope it to the organisation and to the named accounts
    // (aws:SourceArn is the sender's log group ARN in this region). IAM ANDs conditions, so each scope is its own statement.
    const accountsTrust = { StringLike: { 'aws:SourceArn': sources.accounts.map((a) => `arn:${stack.partition}:logs:${region}:${a}:*`) } };
    const role = new iam.Role(this, 'DestinationRole', {
      assumedBy: new iam.ServicePrincipal('logs.amazonaws.com', { conditions: accountsTrust }),
      description: `Lets CloudWatch Logs put subscribed log events into ${targets.namePrefix}-cloudwatch-to-archive`,
    });
    if (sources.organizationId !== undefined) {
      role.assumeRolePolicy!.addStatements(new iam.PolicyStatement({
        actions: ['sts:AssumeRole'],
        principals: [new iam.ServicePrincipal('logs.amazonaws.com')],
        // With aws:SourceArn of this region's CloudWatch Logs (any account) besides the organisation.
        conditions: {
          StringEquals: { 'aws:SourceOrgID': sources.organizationId },
          StringLike: { 'aws:SourceArn': `arn:${stack.partition}:logs:${region}:*:*` },
        },
      }));
    }
    role.addToPrincipalPolicy(new iam.PolicyStatement({
      sid: 'PutIntoArchiveStream',
      actions: ['firehose:PutRecord', 'firehose:PutRecordBatch'],
      resources: [this.deliveryStream.attrArn],
    }));
    this.destinationRole = role;

    this.destinationName = targets.logDestinationName;
    this.destinationArn = targets.logDestinationArn(region);
    const statements: Record<string, unknown>[] = [];
    const actions = ['logs:PutSubscriptionFilter', 'logs:PutAccountPolicy'];
    if (sources.organizationId !== undefined) {
      statements.push({
        Sid: 'AllowOrganizationSubscriptions',
        Effect: 'Allow',
        Principal: '*',
        Action: actions,
        Resource: this.destinationArn,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': [sources.organizationId] } },
      });
    }
    statements.push({
      Sid: 'AllowNamedAccountSubscriptions',
      Effect: 'Allow',
      Principal: { AWS: sources.accounts },
      Action: actions,
      Resource: this.destinationArn,
    });
    const destination = new logs.CfnDestination(this, 'Destination', {
      destinationName: this.destinationName,
      roleArn: role.roleArn,
      targetArn: this.deliveryStream.attrArn,
      destinationPolicy: JSON.stringify({ Version: '2012-10-17', Statement: statements }),
    });
    // CloudWatch Logs checks it can assume the role and put records when the destination is created.
    destination.node.addDependency(role);
  }

  private streamKey(namePrefix: string, region: string): kms.Key {
    const key = new kms.Key(this, 'StreamKey', {
      description: `Encrypts the ${namePrefix} CloudWatch Logs Firehose stream in ${region}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    restrictKeyGrants(key);
    return key;
  }
}
