import { RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { RegionalLandingProps } from './regional-landing-props';
import { implementsRequirements, RequirementImplementation } from '../core/implementation';
import { acknowledgeInlineRolePolicies } from '../core/acknowledge';
import { restrictKeyGrants } from '../core/stack-key';
import { acknowledgeRegionalLanding } from './private/archive-pack-findings';
import { logToAccessLogBucket, regionalAccessLogBucket, replicateRegionalLanding, resolveRegionalLanding } from './private/regional-landing';
import { LOG_STORE_TAG } from '../core/log-store-tags';
import { validateEnumValue } from '../core/validate';
import { protectBucket, withSourceArn } from './private/archive-bucket-policy';
import { denyKeyDestruction } from './private/archive-key-policy';
import { createReplicationRole, landingLifecycle } from './private/archive-vault';
import { ResolvedSourceScope, serviceSourceConditions } from './private/source-scope';
import { addRegionalSiemQueue } from './private/regional-siem';
import { RegionalLogKind } from './targets';

/** Props for {@link VendedLogLanding}. */
export interface VendedLogLandingProps extends RegionalLandingProps {
  /** The log source that writes here: decides the bucket's name. */
  readonly kind: RegionalLogKind;
}

/**
 * A region-local landing bucket, in the central log account, for a log source
 * that CloudWatch Logs vended delivery (`delivery.logs.amazonaws.com`) writes
 * and that needs a destination in its own region: Route 53 Resolver query
 * logs of a region other than the archive's (a query logging configuration
 * logs only VPCs of its region and writes only to a destination in that
 * region: https://docs.aws.amazon.com/Route53/latest/APIReference/API_route53resolver_CreateResolverQueryLogConfig.html,
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resolver-query-logging-configurations-managing.html),
 * and CloudFront standard logs v2 (vended delivery, configured through the CloudWatch Logs API in us-east-1:
 * https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html, section "enable
 * access logging with the API", as quoted in https://github.com/terraform-aws-modules/terraform-aws-cloudfront/pull/203;
 * the section itself was not read here). Legacy CloudFront logging is not offered: it needs a bucket with ACLs enabled
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging-legacy-s3.html).
 *
 * With `RegionalLogKind.CLOUDFRONT` the landing must be in us-east-1, and it also makes the CloudWatch Logs
 * delivery destination `<prefix>-cloudfront-landing` (`AWS::Logs::DeliveryDestination`) for the landing bucket,
 * with a delivery destination policy that lets the source accounts (or the organisation, by
 * `aws:PrincipalOrgID`: not in AWS's example, unverified) call `logs:CreateDelivery` on it. AWS documents
 * cross-account vended delivery that way: the destination account creates the delivery destination and its
 * policy, the source account the delivery source and the delivery
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/vended-logs-crossaccount-example.html,
 * https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutDeliveryDestinationPolicy.html).
 * Workload accounts pair with it through `CloudFrontAccessLogging`.
 *
 * The bucket (`<prefix>-<kind>-landing-<account>-<region>`) is versioned,
 * SSE-KMS with a key of its own region (rotation on, retained; the archive key
 * lives in the archive's region and S3 encrypts only with a key of the
 * bucket's region), TLS-only, private, access-logged to an SSE-S3 bucket of
 * the same region, retained, and has no Object Lock. Both replicate,
 * cross-region where needed, into the central vault: the landing bucket's
 * SSE-KMS objects selected and re-encrypted with the archive key. The bucket
 * and key policies admit `delivery.logs.amazonaws.com` under `aws:SourceAccount`
 * (or `aws:SourceOrgID`) and `aws:SourceArn` `arn:aws:logs:<this region>:<account>:*`
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html),
 * writing under any prefix that contains `AWSLogs/` (keep the delivery's
 * default path). The central account is always a source: a Resolver
 * configuration it owns and shares delivers as the central account (inferred).
 *
 * SIEM hand-off (`siemNotifications`, on by default when `central` names the
 * archive's SIEM role): S3 notifies only a queue of the bucket's region, so
 * the bucket notifies an SQS queue of this region
 * (`<prefix>-<kind>-landing-objects`), encrypted with the stack's queue key of
 * this region, TLS-only, with a dead-letter queue, an age-of-oldest-message
 * alarm and a dead-letter alarm (each with an action). The queue, queue key,
 * landing key and bucket policies let the archive's SIEM role (same account)
 * consume the queue, decrypt, and fetch, not list, the landing objects, so
 * the central stack's role needs no change.
 *
 * @example
 * const landing = new VendedLogLanding(centralStackInEuWest1, 'DnsLanding', {
 *   central: archive.targets,
 *   kind: RegionalLogKind.DNS_QUERY,
 *   exposure: ServiceExposure.INTERNAL,
 *   organizationId: 'o-a1b2c3d4e5',
 * });
 */
export class VendedLogLanding extends Construct {
  /**
   * The catalogue requirements this construct implements (its one declaration; see RequirementImplementation): PU-1,
   * real-time analysis by the SOC, through the SIEM hand-off of the region-local landing bucket.
   */
  public static readonly IMPLEMENTS: RequirementImplementation = implementsRequirements('VendedLogLanding', ['PU-1']);

  /** The landing bucket vended log delivery writes to. */
  public readonly bucket: s3.IBucket;
  /** The landing bucket's ARN (a fixed name, so usable across stacks without a reference). */
  public readonly bucketArn: string;
  /** The KMS key of the landing bucket (in this region). */
  public readonly key: kms.IKey;
  /** The bucket that receives the landing bucket's S3 server access logs. */
  public readonly accessLogBucket: s3.IBucket;
  /** The role S3 Replication uses to copy both buckets into the vault. */
  public readonly replicationRole: iam.IRole;
  /** The alarms on failed replication (landing bucket, access-log bucket). */
  public readonly alarms: cloudwatch.IAlarm[];
  /** The region of the landing bucket. */
  public readonly region: string;
  /** The log source that writes here. */
  public readonly kind: RegionalLogKind;
  /** The CloudWatch Logs delivery destination of the landing bucket, for `RegionalLogKind.CLOUDFRONT` (undefined otherwise). */
  public readonly deliveryDestination?: logs.CfnDeliveryDestination;
  /** The SQS queue (this region) of the landing bucket's object-created notifications for the SIEM, when the SIEM hand-off is on. */
  public readonly siemQueue?: sqs.IQueue;
  /** The dead-letter queue behind `siemQueue`, when the SIEM hand-off is on. */
  public readonly siemDeadLetterQueue?: sqs.IQueue;
  /** The alarms on the SIEM queue (oldest message age, dead letters); empty when the SIEM hand-off is off. */
  public readonly siemAlarms: cloudwatch.IAlarm[] = [];

  constructor(scope: Construct, id: string, props: VendedLogLandingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const central = props.central;
    if (Token.isUnresolved(stack.region) || Token.isUnresolved(stack.account)) {
      throw new Error(`VendedLogLanding needs a stack with a concrete account and region (stack '${stack.stackName}'): ` +
        'its sources deliver only to a bucket of their own region; set env: { account, region }.');
    }
    if (stack.account !== central.accountId) {
      throw new Error(`VendedLogLanding is in account ${stack.account}, not the central log account ${central.accountId}: ` +
        'place it in a stack of the central log account in the region of its log sources.');
    }
    this.region = stack.region;
    this.kind = validateEnumValue('kind', props.kind, RegionalLogKind, 'RegionalLogKind', 'a regional log kind');
    if (this.kind === RegionalLogKind.CLOUDFRONT && this.region !== 'us-east-1') {
      throw new Error(`VendedLogLanding with kind RegionalLogKind.CLOUDFRONT is in ${this.region}, but CloudFront standard logging v2 ` +
        'is configured through the CloudWatch Logs API in us-east-1 only, so its delivery destination must be there; ' +
        "place this landing in a stack of the central log account with env region 'us-east-1'.");
    }
    const { retentionDays, settings, sources, roles, siem } = resolveRegionalLanding('VendedLogLanding', props, central, stack.account);
    const { breakGlass, deployers, readers } = roles;

    const bucketName = central.regionalLandingBucketName(this.kind, this.region);
    const accessLogName = central.regionalLandingAccessLogBucketName(this.kind, this.region);
    this.bucketArn = `arn:aws:s3:::${bucketName}`;

    const key = new kms.Key(this, 'Key', {
      description: `Encrypts the ${this.kind} landing bucket of ${this.region} (${central.namePrefix})`,
      alias: `alias/${central.namePrefix}-${this.kind}-landing`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.key = key;
    this.addKeyPolicy(key, sources, bucketName, breakGlass, readers);
    restrictKeyGrants(key);

    const accessLogBucket = regionalAccessLogBucket(this, {
      name: accessLogName, loggedBucketName: bucketName, exposure: props.exposure, retentionDays,
      roles,
    });
    this.accessLogBucket = accessLogBucket;

    const bucket = new s3.Bucket(this, 'Bucket', {
      bucketName,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: key,
      bucketKeyEnabled: true,
      versioned: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: landingLifecycle(settings.landingExpiryDays),
    });
    this.bucket = bucket;
    acknowledgeRegionalLanding(bucket, siem !== undefined);
    acknowledgeInlineRolePolicies(this);
    Tags.of(bucket).add(LOG_STORE_TAG, 'true');
    logToAccessLogBucket(bucket, accessLogBucket, `${this.kind}-landing/`);
    this.allowVendedDelivery(bucket, sources);
    protectBucket(bucket, bucketName, breakGlass, deployers, [...readers, ...breakGlass, ...(siem ? [siem.roleArn] : [])]);
    if (siem) {
      const queues = addRegionalSiemQueue(this, {
        bucket, bucketName, queueName: central.regionalLandingNotificationQueueName(this.kind), label: `${this.kind}-landing (${this.region})`,
        namePrefix: central.namePrefix, siem, objectKey: key, alarmTopic: props.alarmTopic, implementation: VendedLogLanding.IMPLEMENTS,
      });
      this.siemQueue = queues.queue;
      this.siemDeadLetterQueue = queues.deadLetterQueue;
      this.siemAlarms = queues.alarms;
    }

    if (this.kind === RegionalLogKind.CLOUDFRONT) {
      this.deliveryDestination = this.addCloudFrontDeliveryDestination(central.cloudFrontDeliveryDestinationName,
        central.cloudFrontDeliveryDestinationArn, sources);
      // The destination names the bucket: CloudWatch Logs may check it exists, with its policy, when it is created (inferred).
      this.deliveryDestination.node.addDependency(bucket.policy!);
    }

    this.replicationRole = createReplicationRole(this, 'ReplicationRole',
      `${central.namePrefix}-${this.kind}-replication-${this.region}`,
      [{ bucketArn: this.bucketArn, keyArn: key.keyArn }, { bucketArn: `arn:aws:s3:::${accessLogName}` }],
      { vaultArn: central.vaultBucketArn, vaultRegion: central.region, vaultKeyArn: central.archiveKeyArn });
    this.alarms = replicateRegionalLanding(this, {
      landing: bucket, landingName: bucketName, accessLogBucket, accessLogName, role: this.replicationRole,
      vaultArn: central.vaultBucketArn, vaultRegion: central.region, vaultKeyArn: central.archiveKeyArn,
      storageClass: settings.storageClass, replicationTimeControl: props.replicationTimeControl ?? false, alarmTopic: props.alarmTopic,
    });
  }

  /** The region-local `delivery.logs.amazonaws.com` source ARN of an account (`*` for any member of the organisation). */
  private logsArn(account: string): string {
    return `arn:aws:logs:${this.region}:${account}:*`;
  }

  /** Vended log delivery may check the bucket and write under `AWSLogs/`, for the sources of this region only. */
  private allowVendedDelivery(bucket: s3.Bucket, sources: ResolvedSourceScope): void {
    for (const plain of serviceSourceConditions(sources)) {
      const block = withSourceArn(plain, sources, (a) => this.logsArn(a));
      bucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: `AWSLogDeliveryAclCheck${block.sidSuffix}`,
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['s3:GetBucketAcl', 's3:ListBucket'],
        resources: [this.bucketArn],
        conditions: block.conditions,
      }));
      bucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: `AWSLogDeliveryWrite${block.sidSuffix}`,
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [`${this.bucketArn}/*AWSLogs/*`],
        conditions: { ...block.conditions, StringEquals: { ...block.conditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }));
    }
  }

  /**
   * The delivery destination CloudFront deliveries of the source accounts pair with, and its policy: each source
   * account, or any principal of the organisation, may create a delivery to it (nothing else).
   */
  private addCloudFrontDeliveryDestination(name: string, arn: string, sources: ResolvedSourceScope): logs.CfnDeliveryDestination {
    const statements: Array<Record<string, unknown>> = [{
      Sid: 'AllowSourceAccountsToCreateDelivery',
      Effect: 'Allow',
      Principal: { AWS: sources.accounts },
      Action: 'logs:CreateDelivery',
      Resource: arn,
    }];
    if (sources.organizationId !== undefined) {
      statements.push({
        Sid: 'AllowOrganizationToCreateDelivery',
        Effect: 'Allow',
        Principal: { AWS: '*' },
        Action: 'logs:CreateDelivery',
        Resource: arn,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': sources.organizationId } },
      });
    }
    return new logs.CfnDeliveryDestination(this, 'DeliveryDestination', {
      name,
      destinationResourceArn: this.bucketArn,
      deliveryDestinationPolicy: {
        deliveryDestinationName: name,
        deliveryDestinationPolicy: { Version: '2012-10-17', Statement: statements },
      },
    });
  }

  /** Vended delivery may generate data keys for the sources; readers decrypt through S3; nobody but break-glass destroys the key. */
  private addKeyPolicy(key: kms.Key, sources: ResolvedSourceScope, bucketName: string, breakGlass: string[], readers: string[]): void {
    for (const plain of serviceSourceConditions(sources)) {
      const block = withSourceArn(plain, sources, (a) => this.logsArn(a));
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: `AllowLogDeliveryToEncryptFor${block.sidSuffix}`,
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: block.conditions,
      }));
    }
    const decrypters = [...readers, ...breakGlass];
    if (decrypters.length > 0) {
      key.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AllowReadersToDecryptThroughS3',
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${this.region}.amazonaws.com`, 'kms:CallerAccount': Stack.of(this).account },
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`] },
          ArnLike: { 'aws:PrincipalArn': decrypters },
        },
      }));
    }
    denyKeyDestruction(key, breakGlass);
  }
}
