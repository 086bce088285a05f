import { Names, Stack, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../../central/targets';
import { recordEvidence } from '../../core/evidence';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { listText } from '../../core/l1';
import { validateStackEnv } from '../../core/validate';
import { awsSource, recommendedFields, requiredFields } from '../../requirements/catalogue';
import { LogSourceName } from '../../requirements/types';

/** The delivery source log type of CloudFront access logs. */
const ACCESS_LOGS = 'ACCESS_LOGS';
/** The only region in which CloudFront standard logging v2 deliveries are configured. */
const CLOUDFRONT_LOGGING_REGION = 'us-east-1';

/** Distributions that already have a CloudFrontAccessLogging, and the path of that construct. */
const CLAIMED = new WeakMap<cloudfront.IDistribution, string>();

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('CloudFrontAccessLogging', ['CA-B3']);

/** Props for {@link CloudFrontAccessLogging}. */
export interface CloudFrontAccessLoggingProps {
  /** The central log account: its us-east-1 CloudFront landing (`VendedLogLanding`, `RegionalLogKind.CLOUDFRONT`) receives the logs. */
  readonly central: CentralLogTargets;
  /**
   * The distribution whose access logs are delivered. A distribution defined
   * in a stack of another region: import it into this us-east-1 stack with
   * `cloudfront.Distribution.fromDistributionAttributes`.
   */
  readonly distribution: cloudfront.IDistribution;
  /**
   * The log fields to deliver, in order (CloudFront standard log field names,
   * for example `c-ip`, `cs(Host)`). Must keep every field the catalogue
   * requires for CA-B3 (`CloudFrontAccessLogging.REQUIRED_FIELDS`).
   *
   * @default - no selection: CloudFront delivers every default field
   */
  readonly recordFields?: string[];
  /**
   * Name of the delivery source (1 to 60 letters, digits, `_` or `-`).
   *
   * @default - a unique name made from this construct's path
   */
  readonly deliverySourceName?: string;
  /**
   * The delivery destination to pair with, when it is not the central
   * account's CloudFront landing.
   *
   * @default - `central.cloudFrontDeliveryDestinationArn` (`arn:aws:logs:us-east-1:<central account>:delivery-destination:<prefix>-cloudfront-landing`)
   */
  readonly deliveryDestinationArn?: string;
}

/**
 * CloudFront standard logging v2 of one distribution into the central log
 * account (CA-B3, unauthenticated user activity: client, method, host and
 * path, request and response size, time taken).
 *
 * Makes an `AWS::Logs::DeliverySource` (the distribution's ARN, LogType
 * `ACCESS_LOGS`) and an `AWS::Logs::Delivery` from it to the central
 * delivery destination that the us-east-1 `VendedLogLanding` of kind
 * `RegionalLogKind.CLOUDFRONT` makes for its landing bucket. AWS documents
 * cross-account vended delivery this way: the source account creates the
 * delivery source and the delivery, the destination account the delivery
 * destination and a policy allowing `logs:CreateDelivery`
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/vended-logs-crossaccount-example.html,
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-vended-logs-permissions-V2.html), so no
 * `AWS::Logs::DeliveryDestination` is made in the workload account. The landing
 * bucket's policy admits `delivery.logs.amazonaws.com` for the source
 * accounts' `arn:aws:logs:us-east-1:<account>:*`
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-S3.html).
 *
 * The stack must be in us-east-1: "When calling the CloudWatch API to enable
 * standard logging, you must specify the US East (N. Virginia) Region
 * (us-east-1)" (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logging.html,
 * as quoted in https://github.com/terraform-aws-modules/terraform-aws-cloudfront/pull/203, whose users met
 * `PutDeliverySource action is not supported for this LogType in region eu-west-1`; the section was not
 * read here). CloudFormation properties:
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-deliverysource.html,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-logs-delivery.html.
 *
 * The deploying role needs `cloudfront:AllowVendedLogDeliveryForResource` on
 * the distribution and `logs:PutDeliverySource` / `logs:CreateDelivery`
 * (the CDK execution role normally has them). Deploy the central us-east-1
 * landing first: the delivery names its destination. Field names are those of
 * the standard logging reference, which applies to v2 and legacy alike
 * (https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/standard-logs-reference.html).
 * That a distribution can have only one delivery source is reported by users,
 * not by an AWS page (unverified): this construct refuses a second one.
 *
 * @example
 * // `usEast1Stack`: a stack of the workload account in us-east-1.
 * const distribution = new cloudfront.Distribution(usEast1Stack, 'Cdn', {
 *   defaultBehavior: { origin: new origins.HttpOrigin('shop.example.com') },
 * });
 * new CloudFrontAccessLogging(usEast1Stack, 'CdnAccessLogs', { central, distribution });
 */
export class CloudFrontAccessLogging extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;
  /** The log fields the catalogue requires of CloudFront standard logs for CA-B3: a `recordFields` selection must keep them. */
  public static readonly REQUIRED_FIELDS: string[] = requiredFields(awsSource('CA-B3', LogSourceName.CLOUDFRONT_STANDARD_LOGS));

  /** The delivery source: the distribution's access logs. */
  public readonly deliverySource: logs.CfnDeliverySource;
  /** The delivery from the source to the central delivery destination. */
  public readonly delivery: logs.CfnDelivery;
  /** The delivery destination the logs go to. */
  public readonly deliveryDestinationArn: string;

  constructor(scope: Construct, id: string, props: CloudFrontAccessLoggingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    if (Token.isUnresolved(stack.region)) {
      throw new Error(`CloudFrontAccessLogging needs a stack with a concrete region (stack '${stack.stackName}'): CloudFront standard ` +
        "logging v2 is configured in us-east-1 only; set env: { account, region: 'us-east-1' }.");
    }
    validateStackEnv(stack);
    if (stack.region !== CLOUDFRONT_LOGGING_REGION) {
      throw new Error(`CloudFrontAccessLogging is in ${stack.region} (stack '${stack.stackName}'), but CloudFront standard logging v2 ` +
        'delivery sources can be created only in us-east-1 (the distribution itself is global); place it in a stack of the ' +
        "distribution's account with env region 'us-east-1', importing the distribution there with " +
        'cloudfront.Distribution.fromDistributionAttributes if it is defined in another region.');
    }
    const distribution = props.distribution;
    const distributionAccount = Stack.of(distribution).account;
    if (!Token.isUnresolved(stack.account) && !Token.isUnresolved(distributionAccount) && distributionAccount !== stack.account) {
      throw new Error(`Distribution ${distribution.node.path} is in account ${distributionAccount}, but CloudFrontAccessLogging is in ` +
        `${stack.account}: a delivery source must be in the account that owns the distribution; make it in a stack of ${distributionAccount}.`);
    }
    const claimedBy = CLAIMED.get(distribution);
    if (claimedBy !== undefined) {
      throw new Error(`Distribution ${distribution.node.path} already has CloudFrontAccessLogging '${claimedBy}'; use one per distribution.`);
    }
    CLAIMED.set(distribution, this.node.path);

    const recordFields = props.recordFields === undefined ? undefined : validateRecordFields(props.recordFields);
    const sourceName = props.deliverySourceName ?? Names.uniqueResourceName(this, { maxLength: 60, separator: '-' });
    if (!Token.isUnresolved(sourceName) && !/^[\w-]{1,60}$/.test(sourceName)) {
      throw new Error(`deliverySourceName '${sourceName}' is not a delivery source name; use 1 to 60 letters, digits, _ or -.`);
    }
    this.deliveryDestinationArn = props.deliveryDestinationArn ?? props.central.cloudFrontDeliveryDestinationArn;
    if (!Token.isUnresolved(this.deliveryDestinationArn)
      && !/^arn:aws[\w-]*:logs:us-east-1:\d{12}:delivery-destination:[\w-]{1,60}$/.test(this.deliveryDestinationArn)) {
      throw new Error(`deliveryDestinationArn '${this.deliveryDestinationArn}' is not a us-east-1 delivery destination ARN; use ` +
        "'arn:aws:logs:us-east-1:<account>:delivery-destination:<name>', or leave it out to use the central CloudFront landing.");
    }

    this.deliverySource = new logs.CfnDeliverySource(this, 'DeliverySource', {
      name: sourceName,
      resourceArn: distribution.distributionArn,
      logType: ACCESS_LOGS,
    });
    this.delivery = new logs.CfnDelivery(this, 'Delivery', {
      deliverySourceName: this.deliverySource.ref,
      deliveryDestinationArn: this.deliveryDestinationArn,
      recordFields,
    });

    const lacking = recordFields === undefined ? [] : recommendedFields(awsSource('CA-B3', LogSourceName.CLOUDFRONT_STANDARD_LOGS))
      .filter((f) => !recordFields.includes(f));
    recordEvidence(this, IMPLEMENTS, [distribution, this.deliverySource, this.delivery],
      `Distribution ${distribution.node.path} delivers its standard logs (v2) ` +
      (recordFields === undefined ? 'with every default field' : `with the fields ${listText(recordFields)}`) +
      ` to the central CloudFront landing (${this.deliveryDestinationArn})` +
      (lacking.length === 0 ? '.' : `; recommended, not selected: ${listText(lacking)}.`));
  }
}

/** A record-field selection keeps every field the catalogue requires, each once. */
function validateRecordFields(fields: string[]): string[] {
  if (fields.length === 0) {
    throw new Error('recordFields is empty; list the fields to deliver (at least ' +
      `${listText(CloudFrontAccessLogging.REQUIRED_FIELDS)}), or leave recordFields out to deliver every field.`);
  }
  const duplicates = fields.filter((f, i) => fields.indexOf(f) !== i);
  if (duplicates.length > 0) {
    throw new Error(`recordFields lists ${listText([...new Set(duplicates)])} more than once; list each field once.`);
  }
  const missing = CloudFrontAccessLogging.REQUIRED_FIELDS.filter((f) => !fields.includes(f));
  if (missing.length > 0) {
    throw new Error(`recordFields [${fields.join(', ')}] lacks ${listText(missing)}, which the catalogue requires of CloudFront standard ` +
      'logs for CA-B3 (unauthenticated user activity); add them, or leave recordFields out to deliver every field.');
  }
  return [...fields];
}
