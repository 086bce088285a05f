import { CfnResource, RemovalPolicy, Stack, Tags, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { RegionInfo } from 'aws-cdk-lib/region-info';
import { Construct } from 'constructs';
import { RegionalLandingProps } from './regional-landing-props';
import { implementsRequirements, RequirementImplementation } from '../core/implementation';
import { acknowledgeInlineRolePolicies, acknowledgeLogCollection } from '../core/acknowledge';
import { LOG_STORE_TAG } from '../core/log-store-tags';
import { validateEnumValue, validateStackEnv } from '../core/validate';
import { protectBucket } from './private/archive-bucket-policy';
import { acknowledgeLoadBalancerLanding } from './private/archive-pack-findings';
import { logToAccessLogBucket, regionalAccessLogBucket, replicateRegionalLanding, resolveRegionalLanding } from './private/regional-landing';
import { createReplicationRole, landingLifecycle } from './private/archive-vault';
import { addRegionalSiemQueue } from './private/regional-siem';

/** The kind of load balancer whose access logs a {@link LoadBalancerLogLanding} receives. */
export enum LoadBalancerKind {
  /** Application Load Balancer: access logs only to an SSE-S3 bucket. */
  APPLICATION = 'application',
  /** Network Load Balancer (TLS listeners): SSE-S3 or a customer managed KMS key. */
  NETWORK = 'network',
}

/** Props for {@link LoadBalancerLogLanding}. */
export interface LoadBalancerLogLandingProps extends RegionalLandingProps {
  /**
   * The kind of load balancer that writes here.
   *
   * @default LoadBalancerKind.APPLICATION
   */
  readonly loadBalancerKind?: LoadBalancerKind;
  /**
   * A customer managed key for a Network Load Balancer's landing bucket. Not
   * allowed for Application Load Balancers, which deliver only to SSE-S3.
   *
   * @default - SSE-S3
   */
  readonly encryptionKey?: kms.IKey;
}

/**
 * A region-local landing bucket for load balancer access logs, in the central
 * log account, replicated (cross-region when the region is not the vault's)
 * into the central vault, as is its S3 server access-log bucket. Elastic Load Balancing delivers access logs only to
 * a bucket in the load balancer's own region (which may be in another
 * account), and Application Load Balancers only to SSE-S3 buckets
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html;
 * NLB: https://docs.aws.amazon.com/elasticloadbalancing/latest/network/enable-access-logs.html),
 * so the central KMS landing buckets cannot take them. Make one per region
 * that has load balancers, in a central-account stack of that region.
 *
 * The bucket policy grants the ELB log-delivery principal of the region: the
 * regional Elastic Load Balancing account for regions opened before August
 * 2022, `logdelivery.elasticloadbalancing.amazonaws.com` for newer ones (the
 * region list is aws-cdk-lib's `RegionInfo`; documented on the ALB page above),
 * and for Network Load Balancers `delivery.logs.amazonaws.com` under
 * `aws:SourceAccount` / `aws:SourceArn`. Writes are limited to
 * `AWSLogs/<account>/` of the source accounts (`AWSLogs/*` when only an
 * organisation is given: the ELB principals carry no documented organisation
 * condition). Delivery into a bucket with ACLs disabled (BucketOwnerEnforced)
 * is unverified by the research notes.
 *
 * SIEM hand-off (`siemNotifications`, on by default when `central` names the
 * archive's SIEM role): the bucket notifies an SQS queue of its own region
 * (`<prefix>-elb-landing-objects`; S3 notifies only queues of the bucket's
 * region), encrypted with the stack's queue key of this region, TLS-only,
 * with a dead-letter queue, an age-of-oldest-message alarm and a dead-letter
 * alarm (each with an action). The queue, key and bucket policies let the
 * archive's SIEM role (same account) consume the queue, decrypt its messages
 * and fetch, not list, the landing objects, so the central stack's role
 * needs no change.
 *
 * @example
 * const landing = new LoadBalancerLogLanding(centralStackInEuWest1, 'ElbLogs', {
 *   central: archive.targets,
 *   exposure: ServiceExposure.EXTERNAL,
 *   sourceAccounts: ['222222222222'],
 * });
 * landing.enableAccessLogs(alb); // the ALB must be in eu-west-1 too
 */
export class LoadBalancerLogLanding extends Construct {
  /**
   * The catalogue requirements this construct implements (its one declaration; see RequirementImplementation): PU-1,
   * real-time analysis by the SOC, through the SIEM hand-off of the region-local landing bucket.
   */
  public static readonly IMPLEMENTS: RequirementImplementation = implementsRequirements('LoadBalancerLogLanding', ['PU-1']);

  /** The landing bucket the load balancers write to. */
  public readonly bucket: s3.IBucket;
  /** The bucket that receives the landing bucket's S3 server access logs (same region and account). */
  public readonly accessLogBucket: s3.IBucket;
  /** The role S3 Replication uses to copy the landing bucket into the vault. */
  public readonly replicationRole: iam.IRole;
  /** The alarm on failed replication into the vault. */
  public readonly replicationAlarm: cloudwatch.IAlarm;
  /** The alarm on failed replication of the access-log bucket into the vault. */
  public readonly accessLogReplicationAlarm: cloudwatch.IAlarm;
  /** The region of the landing bucket (and of every load balancer that may write to it). */
  public readonly region: string;
  /** The kind of load balancer that writes here. */
  public readonly loadBalancerKind: LoadBalancerKind;
  /** The SQS queue (this region) of the landing bucket's object-created notifications for the SIEM, when the SIEM hand-off is on. */
  public readonly siemQueue?: sqs.IQueue;
  /** The dead-letter queue behind `siemQueue`, when the SIEM hand-off is on. */
  public readonly siemDeadLetterQueue?: sqs.IQueue;
  /** The alarms on the SIEM queue (oldest message age, dead letters); empty when the SIEM hand-off is off. */
  public readonly siemAlarms: cloudwatch.IAlarm[] = [];

  constructor(scope: Construct, id: string, props: LoadBalancerLogLandingProps) {
    super(scope, id);
    acknowledgeInlineRolePolicies(this);
    const stack = Stack.of(this);
    const central = props.central;
    if (Token.isUnresolved(stack.region) || Token.isUnresolved(stack.account)) {
      throw new Error(`LoadBalancerLogLanding needs a stack with a concrete account and region (stack '${stack.stackName}'): ` +
        'load balancers deliver only to a bucket in their own region; set env: { account, region }.');
    }
    validateStackEnv(stack);
    if (stack.account !== central.accountId) {
      throw new Error(`LoadBalancerLogLanding is in account ${stack.account}, not the central log account ${central.accountId}: ` +
        'place it in a stack of the central log account in the load balancers\' region (the bucket may be in another account than the load balancer).');
    }
    this.region = stack.region;
    this.loadBalancerKind = validateEnumValue('loadBalancerKind', props.loadBalancerKind ?? LoadBalancerKind.APPLICATION,
      LoadBalancerKind, 'LoadBalancerKind', 'a load balancer kind');
    if (props.encryptionKey && this.loadBalancerKind === LoadBalancerKind.APPLICATION) {
      throw new Error(
        'encryptionKey was given for an Application Load Balancer log bucket, but ALB access logs support only SSE-S3 ' +
        '(https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html); remove encryptionKey, ' +
        'or set loadBalancerKind: LoadBalancerKind.NETWORK for a Network Load Balancer.',
      );
    }
    const { retentionDays, settings, sources, roles, siem } = resolveRegionalLanding('LoadBalancerLogLanding', props, central, stack.account);
    const { breakGlass, deployers, readers } = roles;

    const accessLogName = central.regionalAccessLogBucketName(this.region);
    const bucketName = central.loadBalancerLogBucketName(this.region);
    const accessLogBucket = regionalAccessLogBucket(this, {
      name: accessLogName, loggedBucketName: bucketName, exposure: props.exposure, retentionDays, roles,
    });
    this.accessLogBucket = accessLogBucket;

    const kmsObjects = props.encryptionKey !== undefined;
    const bucket = new s3.Bucket(this, 'Bucket', {
      bucketName,
      encryption: kmsObjects ? s3.BucketEncryption.KMS : s3.BucketEncryption.S3_MANAGED,
      encryptionKey: props.encryptionKey,
      versioned: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: landingLifecycle(settings.landingExpiryDays),
    });
    this.bucket = bucket;
    if (!kmsObjects) {
      acknowledgeLogCollection(bucket, 'LM-4-Encryption',
        'Application Load Balancer access logs are delivered only to SSE-S3 buckets ' +
        '(https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html); the vault re-holds them under its own policy.');
    }
    Tags.of(bucket).add(LOG_STORE_TAG, 'true');
    acknowledgeLoadBalancerLanding(bucket, !kmsObjects, siem !== undefined);
    logToAccessLogBucket(bucket, accessLogBucket, 'elb-landing/');
    this.allowLoadBalancerDelivery(bucket, bucketName, sources.organizationId !== undefined && !props.sourceAccounts?.length
      ? undefined : sources.accounts, sources.organizationId);
    protectBucket(bucket, bucketName, breakGlass, deployers, [...readers, ...breakGlass, ...(siem ? [siem.roleArn] : [])]);
    if (siem) {
      const queues = addRegionalSiemQueue(this, {
        bucket, bucketName, queueName: central.loadBalancerNotificationQueueName, label: `elb-landing (${this.region})`,
        namePrefix: central.namePrefix, siem, objectKey: props.encryptionKey, alarmTopic: props.alarmTopic, implementation: LoadBalancerLogLanding.IMPLEMENTS,
      });
      this.siemQueue = queues.queue;
      this.siemDeadLetterQueue = queues.deadLetterQueue;
      this.siemAlarms = queues.alarms;
    }

    this.replicationRole = createReplicationRole(this, 'ReplicationRole', `${central.namePrefix}-elb-replication-${this.region}`,
      [{ bucketArn: `arn:aws:s3:::${bucketName}`, keyArn: props.encryptionKey?.keyArn }, { bucketArn: `arn:aws:s3:::${accessLogName}` }],
      { vaultArn: central.vaultBucketArn, vaultRegion: central.region, vaultKeyArn: kmsObjects ? central.archiveKeyArn : undefined });
    [this.replicationAlarm, this.accessLogReplicationAlarm] = replicateRegionalLanding(this, {
      landing: bucket, landingName: bucketName, accessLogBucket, accessLogName, role: this.replicationRole,
      vaultArn: central.vaultBucketArn, vaultRegion: central.region, vaultKeyArn: kmsObjects ? central.archiveKeyArn : undefined,
      storageClass: settings.storageClass, replicationTimeControl: props.replicationTimeControl ?? false, alarmTopic: props.alarmTopic,
    });
  }

  /**
   * Send a load balancer's access logs here. Throws when the load balancer is
   * in another region (ELB delivers only within its region) or of another
   * kind than this landing bucket was made for.
   */
  public enableAccessLogs(loadBalancer: elbv2.BaseLoadBalancer, prefix?: string): void {
    const lbStack = Stack.of(loadBalancer);
    if (Token.isUnresolved(lbStack.region) || lbStack.region !== this.region) {
      throw new Error(
        `Load balancer ${loadBalancer.node.path} is in region ${Token.isUnresolved(lbStack.region) ? '(unknown)' : lbStack.region}, ` +
        `but the landing bucket ${this.bucket.node.path} is in ${this.region}: Elastic Load Balancing delivers access logs only ` +
        'to a bucket in the load balancer\'s own region; make a LoadBalancerLogLanding in that region (with env set) and use it.',
      );
    }
    const isAlb = loadBalancer instanceof elbv2.ApplicationLoadBalancer;
    if (isAlb !== (this.loadBalancerKind === LoadBalancerKind.APPLICATION)) {
      throw new Error(`Load balancer ${loadBalancer.node.path} is ${isAlb ? 'an Application' : 'not an Application'} Load Balancer, ` +
        `but this landing bucket is for LoadBalancerKind.${this.loadBalancerKind.toUpperCase()}; use a landing of the matching kind.`);
    }
    if (prefix !== undefined && (prefix.startsWith('/') || prefix.endsWith('/') || prefix.includes('AWSLogs'))) {
      throw new Error(`prefix '${prefix}' cannot be used for access logs: no leading or trailing '/', and it may not contain 'AWSLogs'.`);
    }
    loadBalancer.setAttribute('access_logs.s3.enabled', 'true');
    loadBalancer.setAttribute('access_logs.s3.bucket', (this.bucket.node.defaultChild as s3.CfnBucket).bucketName!);
    if (prefix) {
      loadBalancer.setAttribute('access_logs.s3.prefix', prefix);
    }
    // ELB checks it may write when the attribute is set: deploy the landing bucket (and its policy) first.
    if (lbStack !== Stack.of(this)) {
      lbStack.addStackDependency(Stack.of(this), 'load balancer access logs go to the region-local landing bucket');
    } else {
      (loadBalancer.node.defaultChild as CfnResource).node.addDependency(this.bucket.policy!.node.defaultChild as CfnResource);
    }
  }

  /** The ELB log-delivery grant: written under AWSLogs/<account>/ of each source account (any account when `accounts` is undefined). */
  private allowLoadBalancerDelivery(bucket: s3.Bucket, bucketName: string, accounts: string[] | undefined, organizationId?: string): void {
    const paths = (accounts ?? ['*']).map((a) => `arn:aws:s3:::${bucketName}/*AWSLogs/${a}/*`);
    if (this.loadBalancerKind === LoadBalancerKind.NETWORK) {
      // Organisation-wide: aws:SourceOrgID (support unverified) and the region's CloudWatch Logs source ARN of any account.
      const conditions = accounts
        ? { StringEquals: { 'aws:SourceAccount': accounts }, ArnLike: { 'aws:SourceArn': accounts.map((a) => `arn:aws:logs:${this.region}:${a}:*`) } }
        : { StringEquals: { 'aws:SourceOrgID': organizationId! }, ArnLike: { 'aws:SourceArn': [`arn:aws:logs:${this.region}:*:*`] } };
      bucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AWSLogDeliveryAclCheck',
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['s3:GetBucketAcl'],
        resources: [`arn:aws:s3:::${bucketName}`],
        conditions,
      }));
      bucket.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'AWSLogDeliveryWrite',
        principals: [new iam.ServicePrincipal('delivery.logs.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: paths,
        conditions: { ...conditions, StringEquals: { ...conditions.StringEquals, 's3:x-amz-acl': 'bucket-owner-full-control' } },
      }));
      return;
    }
    const elbAccount = RegionInfo.get(this.region).elbv2Account;
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'ElbAccessLogDelivery',
      principals: [elbAccount
        ? new iam.AccountPrincipal(elbAccount)
        : new iam.ServicePrincipal('logdelivery.elasticloadbalancing.amazonaws.com')],
      actions: ['s3:PutObject'],
      resources: paths,
    }));
  }
}
