import { Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CentralLogTargets, LogFamily } from '../../central/targets';
import {
  acknowledgeDeadLetterQueue, acknowledgeFunctionOutsideVpc, acknowledgeInlineRolePolicies, acknowledgeNag, nagText,
} from '../../core/acknowledge';
import { recordEvidence } from '../../core/evidence';
import { restrictKeyGrants } from '../../core/stack-key';
import { handlerCode } from '../../core/handler-asset';
import { DEFAULT_PURPOSE_TAG_KEYS, HOSTED_ZONE_ID_PATTERN, INVENTORY_ENV } from '../../handlers/network-inventory-export/contract';
import { createSecureLogGroup } from '../../core/log-group';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { LogRetentionOptions } from '../../requirements/retention';
import { nameProtectedRule } from '../../core/events/protected-name';
import { validateStackEnv } from '../../core/validate';
import { firstOccurrenceAlarm } from '../private/alarm';

/** The requirements this construct meets: internal DNS zone content and DHCP scopes (hosting platforms). */
const DEFAULT_SCHEDULE_DAYS = 1;
/** Each run writes a new version of every export, which Object Lock keeps: no more often than hourly. */
const MIN_RATE_MINUTES = 60;
const MAX_PURPOSE_TAG_KEYS = 50;

/** EventBridge's own maximum retry window and attempts, written out so the template says what happens. */
const TARGET_MAX_EVENT_AGE = Duration.hours(24);
const TARGET_RETRY_ATTEMPTS = 185;

/** Props for {@link NetworkInventoryExport}. */
export interface NetworkInventoryExportProps extends LogRetentionOptions {
  /**
   * The central log account. Exports are written to its EXPORTS bucket under
   * `exports/<this account>/` by assuming its export writer role, encrypted
   * with its archive key, so it must carry `archiveKeyArn`.
   */
  readonly central: CentralLogTargets;

  /**
   * When to export. Every run writes a new version of each object, which the
   * archive's Object Lock keeps, so rates more frequent than hourly are refused.
   *
   * @default Schedule.rate(Duration.days(1))
   */
  readonly schedule?: events.Schedule;

  /**
   * Tag keys whose values describe the purpose of a subnet (a DHCP scope), a
   * VPC or a DHCP options set. Replaces the default list. The standard asks
   * for the purpose of each scope: tag every subnet with one of these keys.
   *
   * @default ['Name', 'Purpose', 'Description', 'aws-cdk:subnet-name', 'aws-cdk:subnet-type']
   */
  readonly purposeTagKeys?: string[];

  /**
   * Export only these private hosted zones (ids such as `Z0123456789ABCDEFGHIJ`,
   * without `/hostedzone/`). Each must be owned by this account and associated
   * with one of its VPCs in this region; a listed zone that is not is reported
   * as a failed export. Also narrows the function's Route 53 read permissions
   * to these zones.
   *
   * @default - every private hosted zone this account owns that its VPCs in this region are associated with
   */
  readonly zones?: string[];

  /**
   * What the alarms on exporter errors and dead letters do.
   *
   * @default - the stack's encrypted alarm topic (`SecurityLogAlarmTopic`, made once per stack; subscribe a person to it)
   */
  readonly alarmAction?: cloudwatch.IAlarmAction;
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('NetworkInventoryExport', ['HP-E2', 'HP-E3']);

/**
 * Exports the network inventory the standard asks a hosting platform to keep
 * (HP-E2 internal DNS zone content, HP-E3 DHCP scopes) to the central log
 * archive, on a schedule.
 *
 * A Lambda function, run by an EventBridge schedule (daily by default) in the
 * workload account and region, assumes the central account's export writer
 * role (session `network-inventory-<account>`) and writes into the EXPORTS
 * bucket under `exports/<account>/`:
 *
 * - `route53/<zone-id>/<zone-name>.zone`: each private hosted zone this
 *   account owns that its VPCs in this region are associated with, as an
 *   RFC 1035 master file (`$ORIGIN`, `$TTL`, SOA first, then NS, then every
 *   record set in canonical order). Route 53 has no zone transfer (AXFR); the
 *   file header says what it carries differently: alias records are comments
 *   naming their target, plus the target's records when the target is in the
 *   same zone; routing-policy records are all written, each after a comment
 *   giving its policy. Zones shared from another account are left to that
 *   account's exporter; zones an AWS service owns cannot be read.
 * - `dhcp/<vpc-id>.json`: each VPC this account owns in this region, with its
 *   CIDRs, its DHCP options set (domain name, name servers, NTP and NetBIOS
 *   servers) and every subnet as a DHCP scope (CIDRs, Availability Zone,
 *   router and lease range, available addresses, public IP mapping, and the
 *   purpose tags).
 *
 * Output is deterministic (sorted; no timestamp in the body), each object
 * carries its SHA-256 in `x-amz-meta-content-sha256` and the export time in
 * `x-amz-meta-exported-at`, and every write is SSE-KMS with the archive key.
 * Unchanged objects are written again each run (a new version): the writer
 * role may not read the archive, so it cannot compare.
 *
 * A failure to export one zone or VPC does not stop the others; the run then
 * fails, so the Errors alarm fires, Lambda retries twice and then sends the
 * event to a KMS-encrypted dead-letter queue, which is alarmed too. Deploy one
 * instance in every region that has VPCs; a zone associated with VPCs in
 * several regions is written by each, to the same key with the same content.
 *
 * @example
 * const central = CentralLogTargets.fromAttributes({
 *   accountId: '111111111111',
 *   region: 'eu-west-2',
 *   archiveKeyArn: 'arn:aws:kms:eu-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
 * });
 * new NetworkInventoryExport(this, 'NetworkInventory', {
 *   central,
 *   exposure: ServiceExposure.INTERNAL,
 *   purposeTagKeys: ['Name', 'Purpose', 'DataClassification'],
 *   alarmAction: new cloudwatch_actions.SnsAction(opsTopic),
 * });
 */
export class NetworkInventoryExport extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** The exporter function. */
  public readonly exporter: lambda.Function;

  /** The scheduled rule that runs the exporter. */
  public readonly rule: events.Rule;

  /** The schedule of the rule. */
  public readonly schedule: events.Schedule;

  /** Dead-letter queue of the exporter and of the rule target (runs that failed after retries, or were never delivered). */
  public readonly deadLetterQueue: sqs.Queue;

  /** The KMS key of the dead-letter queue. */
  public readonly encryptionKey: kms.Key;

  /** The exporter's log group (retained, KMS-encrypted). */
  public readonly logGroup: logs.LogGroup;

  /** Alarms: exporter errors, dead letters. */
  public readonly alarms: cloudwatch.Alarm[];

  /** The key prefix this account writes under in the central EXPORTS bucket (`exports/<account>/`). */
  public readonly objectPrefix: string;

  /** The tag keys copied as purpose metadata. */
  public readonly purposeTagKeys: string[];

  /** The zones exported, when restricted with `zones`. */
  public readonly zones?: string[];

  /** The requirement ids this construct meets. */
  public readonly requirementIds: string[];

  constructor(scope: Construct, id: string, props: NetworkInventoryExportProps) {
    super(scope, id);
    acknowledgeInlineRolePolicies(this);
    const stack = Stack.of(this);
    const central = props.central;

    this.requirementIds = [...IMPLEMENTS.requirementIds];
    if (!central.hasArchiveKey) {
      throw new Error(
        'NetworkInventoryExport writes every export with SSE-KMS under the central archive key, but the CentralLogTargets ' +
        "it was given has no archiveKeyArn; pass archiveKeyArn (the central stack's ArchiveKeyArn output) to CentralLogTargets.fromAttributes.",
      );
    }
    this.schedule = validateSchedule(props.schedule ?? events.Schedule.rate(Duration.days(DEFAULT_SCHEDULE_DAYS)));
    this.purposeTagKeys = validatePurposeTagKeys(props.purposeTagKeys);
    this.zones = props.zones === undefined ? undefined : validateZones(props.zones);
    this.objectPrefix = central.exportObjectPrefix(validateStackEnv(stack).account);

    this.encryptionKey = new kms.Key(this, 'Key', {
      description: 'Encrypts the network inventory exporter dead-letter queue of cdk-security-log-collection',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    restrictKeyGrants(this.encryptionKey);
    this.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowEventBridgeRulesToWriteDeadLetters',
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: ['*'],
      conditions: { ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:events:${stack.region}:${stack.account}:rule/*` } },
    }));
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: this.encryptionKey,
      retentionPeriod: Duration.days(14),
      enforceSSL: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    acknowledgeDeadLetterQueue(this.deadLetterQueue, 'the inventory exporter function and its schedule rule');

    this.logGroup = createSecureLogGroup(this, 'ExporterLogs', {
      exposure: props.exposure,
      retentionDays: props.retentionDays,
      retentionApproval: props.retentionApproval,
    });
    // Its own role, without AWSLambdaBasicExecutionRole: it may write only to its own log group.
    const role = new iam.Role(this, 'ExporterRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Network inventory exporter: reads VPCs, subnets, DHCP options and private zones; assumes the central export writer role',
    });
    this.logGroup.grantWrite(role);
    this.exporter = new lambda.Function(this, 'Exporter', {
      description: 'Exports private hosted zones (RFC 1035 master files) and DHCP scopes to the central log archive (HP-E2, HP-E3)',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: handlerCode('network-inventory-export'),
      role,
      memorySize: 512,
      timeout: Duration.minutes(10),
      // One run at a time: runs are scheduled (daily by default); a concurrent second run would only write the same objects again.
      reservedConcurrentExecutions: 1,
      logGroup: this.logGroup,
      deadLetterQueue: this.deadLetterQueue,
      retryAttempts: 2,
      environment: {
        [INVENTORY_ENV.writerRoleArn]: central.exportWriterRoleArn,
        [INVENTORY_ENV.bucketName]: central.bucketName(LogFamily.EXPORTS),
        [INVENTORY_ENV.objectPrefix]: this.objectPrefix,
        [INVENTORY_ENV.centralAccountId]: central.accountId,
        [INVENTORY_ENV.centralRegion]: central.region,
        [INVENTORY_ENV.archiveKeyArn]: central.archiveKeyArn,
        [INVENTORY_ENV.sourceAccountId]: stack.account,
        [INVENTORY_ENV.purposeTagKeys]: JSON.stringify(this.purposeTagKeys),
        [INVENTORY_ENV.zoneIds]: JSON.stringify(this.zones ?? []),
      },
    });
    acknowledgeNag(this.exporter, 'AwsSolutions-L1',
      'The handler bundle is built for nodejs22.x (scripts/build-handlers.mjs targets node22); the runtime moves with that build target.');
    acknowledgeFunctionOutsideVpc(this.exporter, 'EC2 and Route 53 reads, STS, S3 and KMS of the central account');
    this.grantReads(stack);
    this.exporter.addToRolePolicy(new iam.PolicyStatement({
      sid: 'AssumeCentralExportWriter',
      // sts:TagSession: the writer role requires the source-account session tag (its own account); see LogArchive.
      actions: ['sts:AssumeRole', 'sts:TagSession'],
      resources: [central.exportWriterRoleArn],
    }));

    this.rule = new events.Rule(this, 'Schedule', {
      description: 'Runs the network inventory export (private hosted zones, DHCP scopes) for HP-E2 and HP-E3',
      schedule: this.schedule,
      targets: [new targets.LambdaFunction(this.exporter, {
        deadLetterQueue: this.deadLetterQueue,
        maxEventAge: TARGET_MAX_EVENT_AGE,
        retryAttempts: TARGET_RETRY_ATTEMPTS,
      })],
    });
    nameProtectedRule(this.rule, central.namePrefix);

    this.alarms = [
      firstOccurrenceAlarm(this, 'ExporterErrorsAlarm', this.exporter.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        'The network inventory export failed for at least one hosted zone or VPC (the log names which); the others were written',
        props.alarmAction),
      firstOccurrenceAlarm(this, 'DeadLettersAlarm', this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        'Network inventory export runs failed after retries, or could not be started: their events are in the dead-letter queue',
        props.alarmAction),
    ];

    recordEvidence(this, IMPLEMENTS, [this.exporter, this.rule],
      `A scheduled function (${this.schedule.expressionString}) writes each private hosted zone as an RFC 1035 master file ` +
      '(Route 53 has no AXFR) and each VPC\'s subnets and DHCP options as machine-readable DHCP scopes with their purpose tags ' +
      `to the central EXPORTS bucket under ${Token.isUnresolved(this.objectPrefix) ? 'exports/<account>/' : this.objectPrefix}.`);
  }

  /** Read-only access to the inventory: Describe and ListHostedZonesByVPC cannot name a resource; zone reads can. */
  private grantReads(stack: Stack): void {
    this.exporter.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ReadNetworkInventory',
      actions: ['ec2:DescribeVpcs', 'ec2:DescribeSubnets', 'ec2:DescribeDhcpOptions', 'route53:ListHostedZonesByVPC'],
      resources: ['*'],
    }));
    const allZones = `arn:${stack.partition}:route53:::hostedzone/*`;
    const zoneArns = this.zones ? this.zones.map((z) => `arn:${stack.partition}:route53:::hostedzone/${z}`) : [allZones];
    this.exporter.addToRolePolicy(new iam.PolicyStatement({
      sid: 'ReadPrivateHostedZones',
      actions: ['route53:GetHostedZone', 'route53:ListResourceRecordSets'],
      resources: zoneArns,
    }));
    const role = this.exporter.role!;
    acknowledgeNag(role, 'AwsSolutions-IAM5[Resource::*]',
      'ec2:DescribeVpcs, DescribeSubnets, DescribeDhcpOptions and route53:ListHostedZonesByVPC support no resource-level ' +
      'permissions; they are read-only.');
    if (!this.zones) {
      acknowledgeNag(role, `AwsSolutions-IAM5[Resource::${nagText(role, allZones)}]`,
        'The exporter reads every private hosted zone its VPCs are associated with, which are only known at run time; ' +
        'pass zones to name them.');
    }
  }
}

const RATE = /^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$/;

function validateSchedule(schedule: events.Schedule): events.Schedule {
  const expression = schedule.expressionString;
  if (Token.isUnresolved(expression)) {
    return schedule;
  }
  const rate = RATE.exec(expression);
  if (rate) {
    const unitMinutes = rate[2].startsWith('minute') ? 1 : rate[2].startsWith('hour') ? 60 : 1440;
    const minutes = Number(rate[1]) * unitMinutes;
    if (minutes < MIN_RATE_MINUTES) {
      throw new Error(
        `schedule '${expression}' runs the export more often than hourly; each run writes a new version of every zone and ` +
        'DHCP document, which the archive\'s Object Lock keeps, while CloudTrail already records each change between runs. ' +
        'Use Schedule.rate(Duration.hours(1)) or longer (the default is daily).',
      );
    }
    return schedule;
  }
  if (!/^cron\(.+\)$/.test(expression)) {
    throw new Error(`schedule '${expression}' is neither a rate(...) nor a cron(...) expression; use events.Schedule.rate or events.Schedule.cron.`);
  }
  return schedule;
}

function validatePurposeTagKeys(keys: string[] | undefined): string[] {
  if (keys === undefined) {
    return [...DEFAULT_PURPOSE_TAG_KEYS];
  }
  if (keys.length === 0) {
    throw new Error(
      'purposeTagKeys is an empty list, so no scope would carry its purpose (HP-E3 asks for it); leave purposeTagKeys out for ' +
      `the default (${DEFAULT_PURPOSE_TAG_KEYS.join(', ')}) or list the tag keys that describe your subnets.`,
    );
  }
  if (keys.length > MAX_PURPOSE_TAG_KEYS) {
    throw new Error(`purposeTagKeys lists ${keys.length} keys; list at most ${MAX_PURPOSE_TAG_KEYS}.`);
  }
  for (const key of keys) {
    if (Token.isUnresolved(key)) {
      throw new Error('purposeTagKeys contains an unresolved token; list the tag keys as plain strings.');
    }
    if (key.length === 0 || key.length > 128 || key.toLowerCase().startsWith('aws:')) {
      throw new Error(
        `purposeTagKeys contains '${key}', which is not a tag key you can set; use 1 to 128 characters not starting with 'aws:'.`,
      );
    }
  }
  const duplicates = keys.filter((k, i) => keys.indexOf(k) !== i);
  if (duplicates.length > 0) {
    throw new Error(`purposeTagKeys lists ${[...new Set(duplicates)].join(', ')} more than once; list each tag key once.`);
  }
  return [...keys];
}

function validateZones(zones: string[]): string[] {
  if (zones.length === 0) {
    throw new Error(
      'zones is an empty list, so no hosted zone would be exported (HP-E2); leave zones out to export every private zone ' +
      'associated with this account\'s VPCs, or list at least one zone id.',
    );
  }
  for (const zone of zones) {
    if (Token.isUnresolved(zone)) {
      continue;
    }
    if (!HOSTED_ZONE_ID_PATTERN.test(zone)) {
      const bare = zone.replace(/^\/?hostedzone\//, '');
      throw new Error(
        `zones contains '${zone}', which is not a hosted zone id; use the id alone` +
        (bare !== zone && HOSTED_ZONE_ID_PATTERN.test(bare) ? ` ('${bare}', without '/hostedzone/')` : ', for example \'Z0123456789ABCDEFGHIJ\'') + '.',
      );
    }
  }
  const duplicates = zones.filter((z, i) => zones.indexOf(z) !== i);
  if (duplicates.length > 0) {
    throw new Error(`zones lists ${[...new Set(duplicates)].join(', ')} more than once; list each zone id once.`);
  }
  return [...zones];
}
