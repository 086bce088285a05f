import { Lazy, Stack, Token } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CentralLogTargets, LogFamily } from '../../central/targets';
import { acknowledgeInlineRolePolicies, acknowledgeTrailWithoutCloudWatchLogs } from '../../core/acknowledge';
import { createSecureLogGroup } from '../../core/log-group';
import {
  assertNotCentral,
  centralObjectPrefixes,
  countSelectorValues,
  managementEventsSelector,
  MAX_SELECTOR_VALUES,
} from '../private/trail-selectors';
import { ServiceExposure } from '../../requirements/types';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { recordEvidence } from '../../core/evidence';
import { toOptionalCfnTags } from '../../core/tags';
import { validateEnumValue } from '../../core/validate';

const TRAIL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{1,126}[A-Za-z0-9]$/;

/** Resource types whose data events a trail can record (the `resources.type` of an advanced event selector). */
export enum DataEventResourceType {
  /** S3 object-level API calls (GetObject, PutObject, DeleteObject, ...). */
  S3_OBJECT = 'AWS::S3::Object',
  /** DynamoDB item-level API calls on tables. */
  DYNAMODB_TABLE = 'AWS::DynamoDB::Table',
  /** DynamoDB Streams API calls. */
  DYNAMODB_STREAM = 'AWS::DynamoDB::Stream',
  /** Lambda function invocations. */
  LAMBDA_FUNCTION = 'AWS::Lambda::Function',
  /** SQS message API calls. */
  SQS_QUEUE = 'AWS::SQS::Queue',
  /** SNS Publish calls. */
  SNS_TOPIC = 'AWS::SNS::Topic',
  /** Kinesis Data Streams record API calls. */
  KINESIS_STREAM = 'AWS::Kinesis::Stream',
  /** Cognito identity pool calls (GetId, GetCredentialsForIdentity, ...), which are data events. */
  COGNITO_IDENTITY_POOL = 'AWS::Cognito::IdentityPool',
}

/** CloudTrail Insights types. */
export enum TrailInsightType {
  /** Unusual rates of write management API calls. */
  API_CALL_RATE = 'ApiCallRateInsight',
  /** Unusual rates of management API calls that fail. */
  API_ERROR_RATE = 'ApiErrorRateInsight',
}

/** One data event selector for {@link AuditTrail.addDataEvents}. */
export interface DataEventOptions {
  /** The resource type whose data events are recorded. */
  readonly resourceType: DataEventResourceType;

  /**
   * ARN prefixes of the resources to record (`resources.ARN` StartsWith). For
   * S3 objects: `arn:aws:s3:::<bucket>/` or `arn:aws:s3:::<bucket>/<key prefix>`.
   * A prefix that could select a central log bucket is an error.
   *
   * @default - every resource of the type (for S3 objects: every bucket except the central log buckets)
   */
  readonly resourceArnPrefixes?: string[];

  /**
   * Buckets whose object events are recorded (S3_OBJECT only), added to
   * `resourceArnPrefixes` as `<bucket ARN>/`.
   *
   * @default - none
   */
  readonly buckets?: s3.IBucket[];

  /**
   * Read events, write events or both. NONE is an error.
   *
   * @default cloudtrail.ReadWriteType.ALL
   */
  readonly readWriteType?: cloudtrail.ReadWriteType;

  /**
   * Name of the selector, shown in the console.
   *
   * @default - the resource type and the read/write choice
   */
  readonly name?: string;
}

/** Props for {@link AuditTrail}. */
export interface AuditTrailProps {
  /** The central log account: the trail delivers to its CLOUDTRAIL bucket. */
  readonly central: CentralLogTargets;

  /**
   * Make it an organisation trail, recording every account of the
   * organisation. Deploy it in the management account (or the CloudTrail
   * delegated administrator). Needs `central.organizationId`, because the
   * central bucket then receives `AWSLogs/<organization id>/…` objects.
   *
   * @default false - a trail for this account only
   */
  readonly organizationTrail?: boolean;

  /**
   * Name of the trail (3 to 128 letters, digits, `.`, `_` or `-`, starting and
   * ending with a letter or digit, no two of `._-` in a row). A fixed name lets
   * guardrails name the trail they protect.
   *
   * @default - `<prefix>-organization-trail` or `<prefix>-account-trail`
   */
  readonly trailName?: string;

  /**
   * KMS key that encrypts log and digest files. Its policy must let
   * `cloudtrail.amazonaws.com` generate data keys, and let the central
   * account's readers decrypt.
   *
   * @default - the central archive key (`central.archiveKeyArn`, which must be set)
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * Data event selectors. More can be added with `addDataEvents()`. No
   * selector can ever cover a central log bucket.
   *
   * @default - management events only
   */
  readonly dataEvents?: DataEventOptions[];

  /**
   * CloudTrail Insights types to enable (charged per event analysed).
   *
   * @default - no Insights
   */
  readonly insightTypes?: TrailInsightType[];

  /**
   * Also deliver events to a CloudWatch Logs log group in this account, for
   * real-time metric filters and alarms. The central bucket stays the
   * retained copy.
   *
   * @default false
   */
  readonly sendToCloudWatchLogs?: boolean;

  /**
   * Exposure class of the services the trail records: decides the minimum
   * retention of the CloudWatch Logs copy. Only with `sendToCloudWatchLogs`.
   *
   * @default ServiceExposure.INTERNAL (the longer minimum, 400 days)
   */
  readonly exposure?: ServiceExposure;

  /**
   * Days to keep the CloudWatch Logs copy. Only with `sendToCloudWatchLogs`.
   *
   * @default - the exposure class's minimum
   */
  readonly cloudWatchLogsRetentionDays?: number;

  /**
   * CISO approval reference that allows the CloudWatch Logs copy to be kept
   * more than 731 days. Only with `sendToCloudWatchLogs`.
   *
   * @default - none: at most 731 days
   */
  readonly retentionApproval?: string;

  /**
   * Tags for the trail.
   *
   * @default - none besides tags applied with `Tags.of()`
   */
  readonly tags?: { [key: string]: string };
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('AuditTrail', ['HP-B1', 'HP-B2', 'HP-B5', 'HP-E2', 'HP-E8', 'CA-B1', 'CA-E1', 'CA-E2']);

/**
 * A multi-region CloudTrail trail that records every read and write
 * management event, global service events (IAM, STS, sign-in, which AWS
 * records in us-east-1: a multi-region trail receives them wherever it is
 * deployed), with log file validation, KMS encryption, and delivery to the
 * central CLOUDTRAIL bucket.
 *
 * Data events (S3 objects, DynamoDB tables, Lambda, ...) are added with
 * advanced event selectors. None can select a central log bucket: selectors
 * over every S3 object carry a `NotStartsWith` condition for each central
 * bucket, and a prefix that overlaps a central bucket is an error.
 *
 * Delivery is by `cloudtrail.amazonaws.com`; the central bucket's policy must
 * allow it for this account (or organisation), and the KMS key must allow
 * CloudTrail to generate data keys.
 *
 * @example
 * const central = CentralLogTargets.fromAttributes({
 *   accountId: '111111111111',
 *   region: 'eu-west-2',
 *   organizationId: 'o-a1b2c3d4e5',
 *   archiveKeyArn: 'arn:aws:kms:eu-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
 * });
 * const trail = new AuditTrail(this, 'Trail', { central, organizationTrail: true });
 * trail.addDataEvents({ resourceType: DataEventResourceType.DYNAMODB_TABLE });
 */
export class AuditTrail extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** The trail. */
  public readonly trail: cloudtrail.CfnTrail;
  /** ARN of the trail. */
  public readonly trailArn: string;
  /** Name of the trail. */
  public readonly trailName: string;
  /** Whether it is an organisation trail. */
  public readonly organizationTrail: boolean;
  /** ARN of the KMS key that encrypts the log files. */
  public readonly kmsKeyArn: string;
  /**
   * The CloudWatch Logs copy.
   *
   * @default - undefined unless `sendToCloudWatchLogs`
   */
  public readonly logGroup?: logs.ILogGroup;
  /** Exposure class used for the CloudWatch Logs copy's retention. */
  public readonly exposure: ServiceExposure;

  private readonly central: CentralLogTargets;
  private readonly dataSelectors: cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] = [];

  constructor(scope: Construct, id: string, props: AuditTrailProps) {
    super(scope, id);
    acknowledgeInlineRolePolicies(this);
    this.central = props.central;
    this.organizationTrail = props.organizationTrail ?? false;
    this.exposure = props.exposure ?? ServiceExposure.INTERNAL;

    if (this.organizationTrail && !this.central.organizationId) {
      throw new Error(
        'organizationTrail is true but CentralLogTargets has no organizationId, so the central CloudTrail bucket ' +
        "would not accept the organisation's deliveries; pass organizationId to CentralLogTargets.fromAttributes, " +
        'or set organizationTrail to false.',
      );
    }

    this.trailName = props.trailName
      ?? `${this.central.namePrefix}-${this.organizationTrail ? 'organization' : 'account'}-trail`;
    validateTrailName(this.trailName);
    this.kmsKeyArn = props.encryptionKey?.keyArn ?? this.centralKeyArn();

    const cloudWatchOnly = [
      props.exposure !== undefined ? 'exposure' : undefined,
      props.cloudWatchLogsRetentionDays !== undefined ? 'cloudWatchLogsRetentionDays' : undefined,
      props.retentionApproval !== undefined ? 'retentionApproval' : undefined,
    ].filter((p): p is string => p !== undefined);
    if (!props.sendToCloudWatchLogs && cloudWatchOnly.length > 0) {
      throw new Error(
        `${cloudWatchOnly.join(', ')} only apply to the CloudWatch Logs copy, which is off; ` +
        'set sendToCloudWatchLogs to true or remove them.',
      );
    }

    let cloudWatch: { logGroupArn: string; roleArn: string; role: iam.Role } | undefined;
    if (props.sendToCloudWatchLogs) {
      const logGroup = createSecureLogGroup(this, 'LogGroup', {
        exposure: this.exposure,
        retentionDays: props.cloudWatchLogsRetentionDays,
        retentionApproval: props.retentionApproval,
      });
      const role = new iam.Role(this, 'CloudWatchLogsRole', {
        assumedBy: new iam.ServicePrincipal('cloudtrail.amazonaws.com', {
          conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
        }),
        description: `Lets CloudTrail trail ${this.trailName} write to its CloudWatch Logs log group`,
      });
      logGroup.grant(role, 'logs:CreateLogStream', 'logs:PutLogEvents');
      this.logGroup = logGroup;
      cloudWatch = { logGroupArn: logGroup.logGroupArn, roleArn: role.roleArn, role };
    }

    const insightTypes = validateInsightTypes(props.insightTypes ?? []);

    this.trail = new cloudtrail.CfnTrail(this, 'Resource', {
      trailName: this.trailName,
      isLogging: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      enableLogFileValidation: true,
      isOrganizationTrail: this.organizationTrail,
      s3BucketName: this.central.bucketName(LogFamily.CLOUDTRAIL),
      kmsKeyId: this.kmsKeyArn,
      advancedEventSelectors: Lazy.any({ produce: () => this.eventSelectors() }),
      insightSelectors: insightTypes.length > 0 ? insightTypes.map((insightType) => ({ insightType })) : undefined,
      cloudWatchLogsLogGroupArn: cloudWatch?.logGroupArn,
      cloudWatchLogsRoleArn: cloudWatch?.roleArn,
      tags: toOptionalCfnTags('tags', props.tags),
    });
    if (!cloudWatch) {
      acknowledgeTrailWithoutCloudWatchLogs(this.trail, 'Set sendToCloudWatchLogs to true for one.');
    }
    if (cloudWatch) {
      // CloudTrail checks the role's permissions when the trail is created.
      this.trail.node.addDependency(cloudWatch.role);
    }
    this.trailArn = this.trail.attrArn;

    recordEvidence(this, IMPLEMENTS, [this.trail],
      'A multi-region trail with log file validation and KMS records every management event (IAM, sign-in, STS, Cognito, EC2 ' +
      'key pair and instance calls, Route 53 record changes, CloudFormation and pipeline calls) into the central CloudTrail bucket.',
      { except: ['CA-E2'] });
    (props.dataEvents ?? []).forEach((options, i) => this.addDataEventsAt(options, `dataEvents[${i}]`));

    this.node.addValidation({
      validate: () => {
        const count = countSelectorValues(this.eventSelectors());
        return count > MAX_SELECTOR_VALUES
          ? [`The trail's advanced event selectors use ${count} values; CloudTrail allows ${MAX_SELECTOR_VALUES}. ` +
            'Use fewer, broader ARN prefixes.']
          : [];
      },
    });
  }

  /** The data event selectors added so far (management events are always recorded as well). */
  public get dataEventSelectors(): cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] {
    return [...this.dataSelectors];
  }

  /**
   * Record data events of a resource type. S3 object selectors can never
   * cover a central log bucket.
   */
  public addDataEvents(options: DataEventOptions): void {
    this.addDataEventsAt(options, 'addDataEvents()');
  }

  private addDataEventsAt(options: DataEventOptions, where: string): void {
    if (this.dataSelectors.length === 0) {
      recordEvidence(this, IMPLEMENTS, [this.trail],
        'The trail records data events (reads and writes of data stores: S3 objects, DynamoDB tables, queues, streams) ' +
        'with the principal and credential of each call.', { only: ['CA-E2'] });
    }
    const type = options.resourceType;
    validateEnumValue(`${where}.resourceType`, type, DataEventResourceType, 'DataEventResourceType', 'a data event resource type');
    const isS3 = type === DataEventResourceType.S3_OBJECT;
    if (options.buckets && !isS3) {
      throw new Error(`${where}.buckets only applies to DataEventResourceType.S3_OBJECT, not '${type}'; use resourceArnPrefixes.`);
    }
    const prefixes = [
      ...(options.resourceArnPrefixes ?? []),
      // A bucket known by name is checked like a literal prefix; otherwise its ARN token is used.
      ...(options.buckets ?? []).map((b) => Token.isUnresolved(b.bucketName) ? `${b.bucketArn}/` : `arn:aws:s3:::${b.bucketName}/`),
    ];
    if (options.resourceArnPrefixes && options.resourceArnPrefixes.length === 0 && !options.buckets?.length) {
      throw new Error(
        `${where}.resourceArnPrefixes is empty, which would select nothing; omit it to select every ${type}, or name the resources.`,
      );
    }
    prefixes.forEach((p, i) => {
      const prop = `${where}.resourceArnPrefixes[${i}]`;
      if (isS3) {
        assertNotCentral(prop, p, this.central);
      } else if (!Token.isUnresolved(p) && !p.startsWith('arn:')) {
        throw new Error(`${prop} '${p}' is not an ARN prefix; use an ARN of a ${type}, or the start of one.`);
      }
    });

    const readWrite = options.readWriteType ?? cloudtrail.ReadWriteType.ALL;
    const fieldSelectors: cloudtrail.CfnTrail.AdvancedFieldSelectorProperty[] = [
      { field: 'eventCategory', equalTo: ['Data'] },
      { field: 'resources.type', equalTo: [type] },
    ];
    switch (readWrite) {
      case cloudtrail.ReadWriteType.ALL:
        break;
      case cloudtrail.ReadWriteType.READ_ONLY:
        fieldSelectors.push({ field: 'readOnly', equalTo: ['true'] });
        break;
      case cloudtrail.ReadWriteType.WRITE_ONLY:
        fieldSelectors.push({ field: 'readOnly', equalTo: ['false'] });
        break;
      default:
        throw new Error(
          `${where}.readWriteType '${String(readWrite)}' records no data events; use ReadWriteType.ALL, READ_ONLY or WRITE_ONLY.`,
        );
    }

    const arnSelector = this.arnFieldSelector(isS3, prefixes);
    if (arnSelector) {
      fieldSelectors.push(arnSelector);
    }
    this.dataSelectors.push({
      name: options.name ?? `${type} data events (${readWrite})`,
      fieldSelectors,
    });
  }

  /**
   * The `resources.ARN` condition. For S3 objects, every central bucket is
   * excluded with NotStartsWith whenever the selection cannot be proven, at
   * synth, to lie outside them: when no prefix is given (every bucket), or
   * when a prefix is a token. Literal prefixes have been checked already, and
   * need no exclusion.
   */
  private arnFieldSelector(isS3: boolean, prefixes: string[]): cloudtrail.CfnTrail.AdvancedFieldSelectorProperty | undefined {
    const excludeCentral = isS3 && (prefixes.length === 0 || prefixes.some((p) => Token.isUnresolved(p)));
    if (prefixes.length === 0 && !excludeCentral) {
      return undefined;
    }
    return {
      field: 'resources.ARN',
      startsWith: prefixes.length > 0 ? prefixes : undefined,
      notStartsWith: excludeCentral ? centralObjectPrefixes(this.central) : undefined,
    };
  }

  private eventSelectors(): cloudtrail.CfnTrail.AdvancedEventSelectorProperty[] {
    return [managementEventsSelector(), ...this.dataSelectors];
  }

  private centralKeyArn(): string {
    if (!this.central.hasArchiveKey) {
      throw new Error(
        'AuditTrail encrypts with the central archive key by default, but CentralLogTargets has no archiveKeyArn; ' +
        "pass archiveKeyArn (the central stack's ArchiveKeyArn output) to CentralLogTargets.fromAttributes, " +
        'or pass encryptionKey.',
      );
    }
    return this.central.archiveKeyArn;
  }
}

function validateTrailName(name: string): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  if (!TRAIL_NAME.test(name) || /[._-]{2}/.test(name) || /^\d+\.\d+\.\d+\.\d+$/.test(name)) {
    throw new Error(
      `trailName '${name}' is not a valid trail name; use 3 to 128 letters, digits, '.', '_' or '-', starting and ending ` +
      'with a letter or digit, with no two of ._- in a row and not an IP address.',
    );
  }
}

function validateInsightTypes(types: TrailInsightType[]): TrailInsightType[] {
  const seen = new Set<TrailInsightType>();
  for (const t of types) {
    validateEnumValue('insightTypes value', t, TrailInsightType, 'TrailInsightType', 'an Insights type');
    if (seen.has(t)) {
      throw new Error(`insightTypes lists '${t}' twice; list each Insights type once.`);
    }
    seen.add(t);
  }
  return types;
}
