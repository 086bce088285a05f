import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { validateAccountId, validateKmsKeyArn, validateNamePrefix, validateOrganizationId, validateRegion } from '../core/validate';

/**
 * The families of logs the central archive keeps, one bucket each. The value
 * is the part of the bucket name that names the family.
 */
export enum LogFamily {
  /** CloudTrail management and data events (organisation or account trails). */
  CLOUDTRAIL = 'cloudtrail',
  /** VPC and transit gateway flow logs, delivered straight to S3. */
  VPC_FLOW = 'vpc-flow',
  /** Route 53 Resolver query logs, delivered straight to S3. */
  DNS_QUERY = 'dns-query',
  /** Logs whose only origin is CloudWatch Logs, forwarded by the central destination's Firehose. */
  CLOUDWATCH = 'cloudwatch',
  /** EventBridge events sent to the central bus (identity, pipeline, findings, correlations). */
  EVENTS = 'events',
  /** Scheduled exports (DNS zone files, DHCP scopes) and Cognito user auth events. */
  EXPORTS = 'exports',
}

/** Every log family, in a fixed order. */
export const LOG_FAMILIES: LogFamily[] = [
  LogFamily.CLOUDTRAIL,
  LogFamily.VPC_FLOW,
  LogFamily.DNS_QUERY,
  LogFamily.CLOUDWATCH,
  LogFamily.EVENTS,
  LogFamily.EXPORTS,
];

/**
 * Log sources that vended log delivery (`delivery.logs.amazonaws.com`) writes
 * into a region-local landing bucket ({@link VendedLogLanding}), because the
 * source needs a destination in its own region. The value names the bucket.
 */
export enum RegionalLogKind {
  /** Route 53 Resolver query logs of one region (the configuration's destination must be in its region). */
  DNS_QUERY = 'dns-query',
  /** CloudFront standard logs (v2, vended delivery), whose delivery source is in us-east-1. */
  CLOUDFRONT = 'cloudfront',
}

/** The name prefix used when none is given. */
export const DEFAULT_NAME_PREFIX = 'seclog';

/** What a workload account needs to know about the central log account. */
export interface CentralLogTargetsAttributes {
  /** The central log account's 12-digit id. */
  readonly accountId: string;
  /** The region of the central archive buckets and event bus, for example `eu-west-2`. */
  readonly region: string;
  /**
   * The prefix the central stack was deployed with.
   *
   * @default 'seclog'
   */
  readonly namePrefix?: string;
  /**
   * The AWS Organizations id, when the central account accepts logs from the whole organisation.
   *
   * @default - the central account accepts named accounts only
   */
  readonly organizationId?: string;
  /**
   * ARN of the archive's KMS key (printed as the `ArchiveKeyArn` output of the
   * central stack). Needed by sources that encrypt with it themselves, such as
   * a CloudTrail trail. An alias ARN does not work across accounts.
   *
   * @default - sources that need the key throw an error that asks for it
   */
  readonly archiveKeyArn?: string;
  /**
   * The ids (`rqlc-…`) of the central account's RAM-shared Resolver query
   * logging configurations by region (each `ResolverQueryLogSharing`'s
   * `ResolverQueryLogConfigId` output), for example `{ 'eu-west-2': 'rqlc-…' }`.
   * `DnsQueryLogging` uses the one of its region when it is given no id.
   *
   * @default - none: DnsQueryLogging creates a configuration of its own unless given resolverQueryLogConfigId
   */
  readonly resolverQueryLogConfigIds?: { [region: string]: string };
  /**
   * Name of the archive's SIEM reader role (`LogArchiveProps.siem.roleName`,
   * by default `<prefix>-siem-reader`), when the archive hands logs to the SIEM.
   * The region-local landings (`LoadBalancerLogLanding`, `VendedLogLanding`)
   * then give the SIEM a notification queue of their region by default.
   * `archive.targets` carries it when `siem` is set.
   *
   * @default - no SIEM hand-off: region-local landings make no notification queue unless asked
   */
  readonly siemRoleName?: string;
}

/**
 * The one small descriptor workload stacks use to address the central log
 * account: bucket, destination and bus names are derived from the account,
 * region and prefix, so no CloudFormation export or cross-stack reference is
 * needed, and a workload in another app or account can use it.
 *
 * @example
 * const central = CentralLogTargets.fromAttributes({
 *   accountId: '111111111111',
 *   region: 'eu-west-2',
 *   organizationId: 'o-a1b2c3d4e5',
 *   archiveKeyArn: 'arn:aws:kms:eu-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
 * });
 */
export class CentralLogTargets {
  /** Describe a central log account deployed elsewhere. Validates every attribute. */
  public static fromAttributes(attrs: CentralLogTargetsAttributes): CentralLogTargets {
    return new CentralLogTargets(attrs);
  }

  /**
   * Describe the central log account a construct is deployed in (its stack
   * must have a concrete account and region).
   */
  public static forStack(scope: IConstruct, namePrefix?: string, organizationId?: string, siemRoleName?: string): CentralLogTargets {
    const stack = Stack.of(scope);
    if (Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region)) {
      throw new Error(
        `Stack '${stack.stackName}' has no concrete account and region, so workload accounts could not name the ` +
        'central buckets, destination and bus; set env: { account, region } on the central stack.',
      );
    }
    return new CentralLogTargets({ accountId: stack.account, region: stack.region, namePrefix, organizationId, siemRoleName });
  }

  public readonly accountId: string;
  public readonly region: string;
  public readonly namePrefix: string;
  public readonly organizationId?: string;
  /** Name of the archive's SIEM reader role, when the archive hands logs to the SIEM (see `CentralLogTargetsAttributes.siemRoleName`). */
  public readonly siemRoleName?: string;
  private readonly keyArn?: string;
  private readonly queryLogConfigIds: { [region: string]: string } = {};

  private constructor(attrs: CentralLogTargetsAttributes) {
    this.accountId = validateAccountId('accountId', attrs.accountId);
    this.region = validateRegion('region', attrs.region);
    this.namePrefix = validateNamePrefix('namePrefix', attrs.namePrefix ?? DEFAULT_NAME_PREFIX);
    if (attrs.organizationId !== undefined) {
      this.organizationId = validateOrganizationId('organizationId', attrs.organizationId);
    }
    if (attrs.archiveKeyArn !== undefined) {
      this.keyArn = validateKmsKeyArn('archiveKeyArn', attrs.archiveKeyArn);
    }
    if (attrs.siemRoleName !== undefined) {
      if (!Token.isUnresolved(attrs.siemRoleName) && !/^[\w+=,.@-]{1,64}$/.test(attrs.siemRoleName)) {
        throw new Error(`siemRoleName '${attrs.siemRoleName}' is not a valid IAM role name; use 1 to 64 letters, digits or +=,.@_- ` +
          "(the archive's siem.roleName, by default '<prefix>-siem-reader').");
      }
      this.siemRoleName = attrs.siemRoleName;
    }
    for (const [region, id] of Object.entries(attrs.resolverQueryLogConfigIds ?? {})) {
      validateRegion('resolverQueryLogConfigIds key', region);
      if (!Token.isUnresolved(id) && !/^rqlc-[0-9a-z]{1,59}$/.test(id)) {
        throw new Error(`resolverQueryLogConfigIds['${region}'] '${id}' is not a Resolver query logging configuration id; use the ` +
          "ResolverQueryLogConfigId output of that region's ResolverQueryLogSharing, 'rqlc-' followed by letters and digits.");
      }
      this.queryLogConfigIds[region] = id;
    }
  }

  /**
   * Name of the landing bucket of a log family, where the AWS services write:
   * `<prefix>-<family>-<account>-<region>`. S3 Replication copies it into the vault.
   */
  public bucketName(family: LogFamily): string {
    return `${this.namePrefix}-${family}-${this.accountId}-${this.region}`;
  }

  /** ARN of the archive bucket of a log family. */
  public bucketArn(family: LogFamily): string {
    return `arn:aws:s3:::${this.bucketName(family)}`;
  }

  /** Name of the bucket that receives S3 server access logs of the archive buckets. */
  public get accessLogBucketName(): string {
    return `${this.namePrefix}-access-logs-${this.accountId}-${this.region}`;
  }

  /**
   * Name of the vault: the Object Lock bucket that S3 Replication copies every
   * landing bucket into (`<prefix>-vault-<account>-<region>`). No service
   * writes to it directly.
   */
  public get vaultBucketName(): string {
    return `${this.namePrefix}-vault-${this.accountId}-${this.region}`;
  }

  /** ARN of the vault bucket. */
  public get vaultBucketArn(): string {
    return `arn:aws:s3:::${this.vaultBucketName}`;
  }

  /**
   * Key prefix under which workload accounts' S3 server access logs arrive in
   * the vault (`server-access-logs/`): the data buckets log with it and a
   * partitioned key (`<prefix><account>/<region>/<bucket>/...`), and their
   * access-log buckets replicate into the vault keeping the key.
   */
  public get serverAccessLogPrefix(): string {
    return 'server-access-logs/';
  }

  /**
   * Name prefix of the workload roles S3 Replication uses to copy S3 server
   * access logs into the vault (`<prefix>-access-log-replication-`); the vault
   * admits replicas from roles so named in the source accounts, each under
   * its own account's key prefix.
   */
  public get accessLogReplicationRolePrefix(): string {
    return `${this.namePrefix}-access-log-replication-`;
  }

  /**
   * Name of the region-local landing bucket for load balancer access logs in a
   * region (`<prefix>-elb-landing-<account>-<region>`), in the central log
   * account. Elastic Load Balancing delivers only to a bucket in the load
   * balancer's own region.
   */
  public loadBalancerLogBucketName(region: string): string {
    validateRegion('region', region);
    return `${this.namePrefix}-elb-landing-${this.accountId}-${region}`;
  }

  /** Name of the bucket that receives the S3 server access logs of a region-local landing bucket (same region and account). */
  public regionalAccessLogBucketName(region: string): string {
    validateRegion('region', region);
    return `${this.namePrefix}-elb-access-logs-${this.accountId}-${region}`;
  }

  /**
   * Name of the region-local landing bucket of a vended log source
   * (`<prefix>-<kind>-landing-<account>-<region>`), in the central log account.
   */
  public regionalLandingBucketName(kind: RegionalLogKind, region: string): string {
    validateRegion('region', region);
    return `${this.namePrefix}-${kind}-landing-${this.accountId}-${region}`;
  }

  /** Name of the bucket that receives the S3 server access logs of a region-local vended-log landing bucket. */
  public regionalLandingAccessLogBucketName(kind: RegionalLogKind, region: string): string {
    validateRegion('region', region);
    return `${this.namePrefix}-${kind}-access-${this.accountId}-${region}`;
  }

  /** ARN of the archive KMS key. Throws, saying how to find it, when it was not given. */
  public get archiveKeyArn(): string {
    if (!this.keyArn) {
      throw new Error(
        'This source encrypts with the central archive key, but CentralLogTargets has no archiveKeyArn; ' +
        "pass archiveKeyArn (the central stack's ArchiveKeyArn output) to CentralLogTargets.fromAttributes.",
      );
    }
    return this.keyArn;
  }

  /** Whether the archive key ARN is known. */
  public get hasArchiveKey(): boolean {
    return this.keyArn !== undefined;
  }

  /**
   * The id of the central account's shared Resolver query logging
   * configuration of a region, when it was given (`resolverQueryLogConfigIds`).
   */
  public resolverQueryLogConfigId(region: string): string | undefined {
    return Token.isUnresolved(region) ? undefined : this.queryLogConfigIds[region];
  }

  /** Name of the central CloudWatch Logs destination (one per region, same name in each). */
  public get logDestinationName(): string {
    return `${this.namePrefix}-cloudwatch-destination`;
  }

  /**
   * ARN of the central CloudWatch Logs destination in a region. A subscription
   * filter must use the destination in its log group's own region.
   */
  public logDestinationArn(region: string): string {
    validateRegion('region', region);
    return `arn:aws:logs:${region}:${this.accountId}:destination:${this.logDestinationName}`;
  }

  /**
   * Name of the SQS queue that carries S3 object-created notifications of a
   * log family's bucket to the SIEM (`<prefix>-<family>-objects`).
   */
  public notificationQueueName(family: LogFamily): string {
    return `${this.namePrefix}-${family}-objects`;
  }

  /** ARN of the SIEM notification queue of a log family (in the central region). */
  public notificationQueueArn(family: LogFamily): string {
    return `arn:aws:sqs:${this.region}:${this.accountId}:${this.notificationQueueName(family)}`;
  }

  /**
   * ARN of the archive's SIEM reader role (in the central account), when
   * `siemRoleName` was given; undefined otherwise.
   */
  public get siemRoleArn(): string | undefined {
    return this.siemRoleName === undefined ? undefined : `arn:aws:iam::${this.accountId}:role/${this.siemRoleName}`;
  }

  /**
   * Name of the SQS queue, in the landing bucket's own region, that carries the
   * object-created notifications of the region-local load balancer log landing
   * bucket to the SIEM (`<prefix>-elb-landing-objects`).
   */
  public get loadBalancerNotificationQueueName(): string {
    return `${this.namePrefix}-elb-landing-objects`;
  }

  /**
   * Name of the SQS queue, in the landing bucket's own region, that carries the
   * object-created notifications of a region-local vended-log landing bucket to
   * the SIEM (`<prefix>-<kind>-landing-objects`).
   */
  public regionalLandingNotificationQueueName(kind: RegionalLogKind): string {
    return `${this.namePrefix}-${kind}-landing-objects`;
  }

  /**
   * Name of the CloudWatch Logs delivery destination (in us-east-1, made by the
   * CLOUDFRONT `VendedLogLanding`) that CloudFront standard logging v2
   * deliveries of workload accounts pair with (`<prefix>-cloudfront-landing`).
   */
  public get cloudFrontDeliveryDestinationName(): string {
    return `${this.namePrefix}-cloudfront-landing`;
  }

  /** ARN of the central CloudFront delivery destination: `arn:aws:logs:us-east-1:<account>:delivery-destination:<name>`. */
  public get cloudFrontDeliveryDestinationArn(): string {
    return `arn:aws:logs:us-east-1:${this.accountId}:delivery-destination:${this.cloudFrontDeliveryDestinationName}`;
  }

  /**
   * Key prefix under which a workload account writes scheduled exports (DNS
   * zone files, DHCP scopes) into the EXPORTS bucket: `exports/<account>/`.
   */
  public exportObjectPrefix(accountId: string): string {
    validateAccountId('accountId', accountId);
    return `exports/${accountId}/`;
  }

  /** Name of the role in the central account that workload exporters assume to write exports. */
  public get exportWriterRoleName(): string {
    return `${this.namePrefix}-exports-writer`;
  }

  /** ARN of the role in the central account that workload exporters assume to write exports. */
  public get exportWriterRoleArn(): string {
    return `arn:aws:iam::${this.accountId}:role/${this.exportWriterRoleName}`;
  }

  /** Name of the central security event bus. */
  public get eventBusName(): string {
    return `${this.namePrefix}-security-events`;
  }

  /** ARN of the central security event bus (in the central region). */
  public get eventBusArn(): string {
    return `arn:aws:events:${this.region}:${this.accountId}:event-bus/${this.eventBusName}`;
  }
}
