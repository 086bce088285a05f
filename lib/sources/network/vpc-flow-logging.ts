import { CfnTag, Names, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { CentralLogTargets, LogFamily } from '../../central/targets';
import {
  catalogueVpcFlowLogFields,
  mergeFields,
  toLogFormat,
  toTransitGatewayFields,
  validateExtraFields,
  VPC_FLOW_LOG_FIELDS,
} from '../private/flow-log-fields';
import { MaturityTier } from '../../requirements/types';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { toCfnTags } from '../../core/tags';
import { validateEnumValue } from '../../core/validate';

/** The requirement this construct meets: firewall log data for denied network traffic. */

/** The aggregation interval, in seconds: the shortest AWS offers, and the only one transit gateways accept. */
const MAX_AGGREGATION_INTERVAL = 60;

const TRANSIT_GATEWAY_ID = /^tgw-[0-9a-f]{8,17}$/;

/** Props for {@link VpcFlowLogging}. */
export interface VpcFlowLoggingProps {
  /** The central log account: flow logs go straight to its VPC_FLOW bucket. */
  readonly central: CentralLogTargets;

  /**
   * VPCs to log. More can be added with `addVpc()`.
   *
   * @default - none; add VPCs with `addVpc()` or give `transitGatewayIds`
   */
  readonly vpcs?: ec2.IVpc[];

  /**
   * Transit gateways to log (`tgw-…`). Transit gateway records have no
   * ACCEPT/REJECT verdict: they record every flow, and their dropped-packet
   * counters (`packets-lost-*`) stand in for `action`. The catalogue's VPC
   * field list is translated to transit gateway field names.
   *
   * The flow log must be created in the account that owns the transit gateway.
   *
   * @default - no transit gateway flow logs
   */
  readonly transitGatewayIds?: string[];

  /**
   * The maturity tier the workload is held to. It decides the default traffic type:
   * - ENHANCED (HP-E1, firewall DENY data): `REJECT`, the records the standard asks for,
   *   at a fraction of the volume of ALL.
   * - BASELINE: `ALL`. The Baseline does not ask for flow logs in their own right; a
   *   Baseline flow log is there to show DNS queries that bypass the VPC resolver
   *   (the HP-B3 limitation), which are accepted flows.
   *
   * @default MaturityTier.ENHANCED
   */
  readonly tier?: MaturityTier;

  /**
   * Which VPC traffic to record. `ACCEPT` is refused: it would drop the DENY
   * records this source exists for.
   *
   * @default - from `tier`: REJECT at ENHANCED, ALL at BASELINE
   */
  readonly trafficType?: ec2.FlowLogTrafficType;

  /**
   * Flow log fields to record in addition to the ones the catalogue lists for
   * HP-E1, as bare names (`tcp-flags`, not `${tcp-flags}`). Unknown names are
   * an error. Names that exist only for transit gateways (`packets-lost-*`,
   * `tgw-*`) go to the transit gateway format only.
   *
   * @default - only the catalogue's fields
   */
  readonly extraFields?: string[];

  /**
   * File format of the delivered objects.
   *
   * PLAIN_TEXT (gzip-compressed, space-separated) is the default because it is
   * what SIEM S3 collectors parse out of the box and it carries no conversion
   * charge. PARQUET is cheaper and faster to query with Athena, but AWS charges
   * for the conversion and some SIEM collectors cannot read it.
   *
   * @default ec2.FlowLogFileFormat.PLAIN_TEXT
   */
  readonly fileFormat?: ec2.FlowLogFileFormat;

  /**
   * Write objects under Hive-compatible prefixes
   * (`AWSLogs/aws-account-id=…/aws-service=vpcflowlogs/aws-region=…/year=…/`),
   * so Athena and Glue find partitions without a crawler.
   *
   * @default true
   */
  readonly hiveCompatiblePartitions?: boolean;

  /**
   * Partition objects per hour rather than per day, which keeps time-bounded
   * queries and SIEM backfills small.
   *
   * @default true
   */
  readonly perHourPartition?: boolean;

  /**
   * Tags for every flow log.
   *
   * @default - none besides tags applied with `Tags.of()`
   */
  readonly tags?: { [key: string]: string };
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('VpcFlowLogging', ['HP-E1']);

/**
 * VPC (and transit gateway) flow logs for firewall DENY data (HP-E1),
 * delivered by the service straight to the central VPC_FLOW bucket: no
 * CloudWatch Logs ingestion, no delivery role, no copy left in the workload
 * account.
 *
 * The record format is custom: the flow log fields the requirement catalogue
 * lists for HP-E1, in its order, plus any `extraFields`. Records are
 * aggregated over 60 seconds.
 *
 * The central bucket's policy must allow `delivery.logs.amazonaws.com` to
 * write for this account, and its KMS key must let that principal generate
 * data keys.
 *
 * @example
 * const central = CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2' });
 * const flowLogs = new VpcFlowLogging(this, 'FlowLogs', { central, vpcs: [vpc] });
 * flowLogs.addVpc(otherVpc);
 */
export class VpcFlowLogging extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** The requirement id this construct meets. */
  public static readonly REQUIREMENT_ID: string = IMPLEMENTS.requirementIds[0];

  /** The tier the workload is held to. */
  public readonly tier: MaturityTier;
  /** The traffic type of the VPC flow logs. */
  public readonly trafficType: ec2.FlowLogTrafficType;
  /** The VPC flow log fields, in record order. */
  public readonly fields: string[];
  /** The VPC flow log `LogFormat`. */
  public readonly logFormat: string;
  /** The transit gateway flow log fields, in record order. */
  public readonly transitGatewayFields: string[];
  /** The transit gateway flow log `LogFormat`. */
  public readonly transitGatewayLogFormat: string;
  /**
   * Fields the VPC format carries that a transit gateway record cannot
   * (for example `instance-id`, `traffic-path`).
   */
  public readonly transitGatewayUnmappedFields: string[];
  /** ARN of the central bucket the logs are delivered to. */
  public readonly destinationArn: string;

  private readonly central: CentralLogTargets;
  private readonly fileFormat: ec2.FlowLogFileFormat;
  private readonly hiveCompatiblePartitions: boolean;
  private readonly perHourPartition: boolean;
  private readonly tags: CfnTag[];
  private readonly _flowLogs: ec2.CfnFlowLog[] = [];
  private readonly vpcIds = new Set<string>();
  private readonly transitGatewayIds = new Set<string>();

  constructor(scope: Construct, id: string, props: VpcFlowLoggingProps) {
    super(scope, id);
    this.central = props.central;
    this.tier = props.tier ?? MaturityTier.ENHANCED;
    validateEnumValue('tier', this.tier, MaturityTier, 'MaturityTier', 'a maturity tier');
    this.trafficType = resolveTrafficType(this.tier, props.trafficType);
    this.fileFormat = props.fileFormat ?? ec2.FlowLogFileFormat.PLAIN_TEXT;
    validateEnumValue('fileFormat', this.fileFormat, ec2.FlowLogFileFormat, 'ec2.FlowLogFileFormat', 'a flow log file format');
    this.hiveCompatiblePartitions = props.hiveCompatiblePartitions ?? true;
    this.perHourPartition = props.perHourPartition ?? true;
    this.tags = toCfnTags('tag', props.tags);

    const catalogueFields = catalogueFlowLogFields();
    const extra = validateExtraFields('extraFields', props.extraFields ?? []);
    this.fields = mergeFields(catalogueFields, extra.filter((f) => VPC_FLOW_LOG_FIELDS.has(f)));
    this.logFormat = toLogFormat(this.fields);
    const tgw = toTransitGatewayFields(mergeFields(catalogueFields, extra));
    this.transitGatewayFields = tgw.fields;
    this.transitGatewayUnmappedFields = tgw.unmapped;
    this.transitGatewayLogFormat = toLogFormat(tgw.fields);
    this.destinationArn = this.central.bucketArn(LogFamily.VPC_FLOW);

    (props.vpcs ?? []).forEach((vpc) => this.addVpc(vpc));
    (props.transitGatewayIds ?? []).forEach((tgwId) => this.addTransitGateway(tgwId));

    this.node.addValidation({
      validate: () => this._flowLogs.length === 0
        ? ['VpcFlowLogging has nothing to log: pass vpcs or transitGatewayIds, or call addVpc() / addTransitGateway().']
        : [],
    });
  }

  /** The flow logs created so far, one per VPC and transit gateway. */
  public get flowLogs(): ec2.CfnFlowLog[] {
    return [...this._flowLogs];
  }

  /** Record the VPC's traffic (REJECT or ALL, per `trafficType`) in the central bucket. */
  public addVpc(vpc: ec2.IVpc): ec2.CfnFlowLog {
    const key = Token.isUnresolved(vpc.vpcId) ? Names.nodeUniqueId(vpc.node) : vpc.vpcId;
    if (this.vpcIds.has(key)) {
      throw new Error(`VPC '${vpc.node.path}' (${vpc.vpcId}) already has a flow log in '${this.node.path}'; add each VPC once.`);
    }
    this.vpcIds.add(key);
    const flowLog = new ec2.CfnFlowLog(this, `Vpc-${key}`, {
      resourceType: 'VPC',
      resourceId: vpc.vpcId,
      trafficType: this.trafficType,
      logFormat: this.logFormat,
      ...this.deliveryProps(),
    });
    this._flowLogs.push(flowLog);
    return flowLog;
  }

  /** Record every flow through a transit gateway (`tgw-…`) in the central bucket. */
  public addTransitGateway(transitGatewayId: string): ec2.CfnFlowLog {
    if (!Token.isUnresolved(transitGatewayId) && !TRANSIT_GATEWAY_ID.test(transitGatewayId)) {
      throw new Error(
        `transit gateway id '${transitGatewayId}' is not a transit gateway id; use 'tgw-' followed by 8 to 17 ` +
        "hex digits, for example 'tgw-0123456789abcdef0'.",
      );
    }
    if (this.transitGatewayFields.length === 0) {
      throw new Error(
        `None of the flow log fields (${this.fields.join(', ')}) exists for transit gateways; ` +
        "add transit gateway fields with extraFields, for example 'tgw-attachment-id'.",
      );
    }
    if (this.transitGatewayIds.has(transitGatewayId)) {
      throw new Error(`transit gateway '${transitGatewayId}' already has a flow log in '${this.node.path}'; add each transit gateway once.`);
    }
    const key = Token.isUnresolved(transitGatewayId) ? `Token${this.transitGatewayIds.size}` : transitGatewayId;
    this.transitGatewayIds.add(transitGatewayId);
    const flowLog = new ec2.CfnFlowLog(this, `TransitGateway-${key}`, {
      resourceType: 'TransitGateway',
      resourceId: transitGatewayId,
      // TrafficType is not supported for transit gateways: they record every flow.
      logFormat: this.transitGatewayLogFormat,
      ...this.deliveryProps(),
    });
    this._flowLogs.push(flowLog);
    return flowLog;
  }

  private deliveryProps() {
    return {
      logDestinationType: 's3',
      logDestination: this.destinationArn,
      maxAggregationInterval: MAX_AGGREGATION_INTERVAL,
      // DestinationOptions is untyped JSON in the CloudFormation schema, so CDK
      // passes the keys through as written: they must be PascalCase.
      destinationOptions: {
        FileFormat: this.fileFormat,
        HiveCompatiblePartitions: this.hiveCompatiblePartitions,
        PerHourPartition: this.perHourPartition,
      },
      tags: this.tags.length > 0 ? this.tags : undefined,
    };
  }
}

function resolveTrafficType(tier: MaturityTier, requested?: ec2.FlowLogTrafficType): ec2.FlowLogTrafficType {
  if (requested === undefined) {
    return tier === MaturityTier.ENHANCED ? ec2.FlowLogTrafficType.REJECT : ec2.FlowLogTrafficType.ALL;
  }
  if (requested === ec2.FlowLogTrafficType.ACCEPT) {
    throw new Error(
      `trafficType '${requested}' would drop the REJECT (firewall DENY) records ${IMPLEMENTS.requirementIds[0]} asks for; ` +
      'use FlowLogTrafficType.REJECT, or FlowLogTrafficType.ALL to keep accepted flows as well.',
    );
  }
  if (requested !== ec2.FlowLogTrafficType.REJECT && requested !== ec2.FlowLogTrafficType.ALL) {
    throw new Error(`trafficType '${String(requested)}' is not a flow log traffic type; use FlowLogTrafficType.REJECT or FlowLogTrafficType.ALL.`);
  }
  return requested;
}

function catalogueFlowLogFields(): string[] {
  return catalogueVpcFlowLogFields(IMPLEMENTS.requirementIds[0]);
}
