import { Aws, CfnMapping, CfnParameter, Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { StackSetStack } from 'cdk-stacksets';
import { Construct, IDependable } from 'constructs';
import { CentralLogTargets } from '../../central/targets';
import { MaturityTier, ServiceExposure } from '../../requirements/types';
import { validateEnumValue } from '../../core/validate';
import { AccountSubscriptionPolicy } from '../../sources/baseline/account-subscription-policy';
import { VpcBaseline } from '../../sources/baseline/vpc-baseline';
import { ComputeEventForwarding } from '../../sources/events/compute-event-forwarding';
import { PipelineEventForwarding } from '../../sources/events/pipeline-event-forwarding';
import { SecurityFindingForwarding } from '../../sources/events/security-finding-forwarding';
import { TamperEventForwarding } from '../../sources/events/tamper-event-forwarding';
import { IdentityEventForwarding } from '../../sources/identity/identity-event-forwarding';
import { NetworkInventoryExport } from '../../sources/network/network-inventory-export';
import { HandlerCodeCopies } from './asset-copies';
import { LogsCentralization } from './options';

/** The template's parameters: what may differ per account (set with `parameterOverrides`). */
export enum BaselineParameter {
  /** `REJECT` (Enhanced tier) or `ALL` (Baseline tier): the traffic of the VPC flow logs the VPC baseline creates. */
  FLOW_LOG_TRAFFIC_TYPE = 'FlowLogTrafficType',
}

/** Props for {@link WorkloadBaselineTemplate}. */
export interface WorkloadBaselineTemplateProps {
  /** The central log account. */
  readonly central: CentralLogTargets;
  /** The exposure that sets the retention of the baseline's own log groups (at least 13 months for INTERNAL). */
  readonly exposure: ServiceExposure;
  /**
   * The tier: the default of the FlowLogTrafficType parameter.
   *
   * @default MaturityTier.ENHANCED
   */
  readonly tier?: MaturityTier;
  /** The regions the StackSet deploys to: one asset bucket `<assetBucketPrefix>-<region>` each. */
  readonly regions: string[];
  /** Prefix of the asset buckets, in the account that deploys the StackSet. */
  readonly assetBucketPrefix: string;
  /**
   * The shared Resolver query logging configuration id of each region.
   *
   * @default - VPCs get flow logs only
   */
  readonly resolverQueryLogConfigIds?: { [region: string]: string };
  /**
   * How every log group reaches the central account.
   *
   * @default LogsCentralization.ACCOUNT_SUBSCRIPTION_POLICY
   */
  readonly logsCentralization?: LogsCentralization;
  /**
   * Log group names the account subscription policy leaves out besides the baseline's own.
   *
   * @default - none
   */
  readonly excludedLogGroupNames?: string[];
}

/**
 * The CloudFormation template every account and region of the rollout gets:
 * the library's account-level sources, made region- and account-agnostic
 * (a `StackSetStack` of cdk-stacksets, synthesised as a file asset of its
 * parent stack, not deployed on its own).
 *
 * - identity and sign-in event forwarding (`IdentityEventForwarding`),
 * - pipeline, compute and finding forwarding, tamper events,
 * - the network inventory export (when the central targets carry the archive key),
 * - `VpcBaseline`: every VPC, including later ones, gets flow logs and the query log association,
 * - `AccountSubscriptionPolicy` (unless the organisation centralization rule is chosen),
 *   excluding every log group this template makes.
 *
 * Lambda code reaches every region through the asset buckets
 * `<assetBucketPrefix>-<region>`: the parent stack copies each of the
 * library's handler bundles into each of them (`codeCopies`, one
 * `BucketDeployment` per region), and the functions read
 * `Fn::Join(<prefix>, AWS::Region)`. A StackSet of this template must depend
 * on `codeCopies` (`WorkloadBaselineStackSet` does). A file asset you add to the
 * template yourself is copied by cdk-stacksets, which prints a warning about the
 * imported buckets and adds no such dependency.
 */
export class WorkloadBaselineTemplate extends StackSetStack {
  /** The identity and sign-in event forwarding. */
  public readonly identityEvents: IdentityEventForwarding;
  /** The VPC baseline. */
  public readonly vpcBaseline: VpcBaseline;
  /** The account subscription policy, unless the organisation centralization rule is used. */
  public readonly subscriptionPolicy?: AccountSubscriptionPolicy;
  /** The per-account parameter of the flow log traffic type. */
  public readonly trafficTypeParameter: CfnParameter;
  /**
   * The copies of the template's Lambda code into every region's asset bucket, in the parent stack: a StackSet of this
   * template must depend on them, so that the code is there before a stack instance is created.
   */
  public readonly codeCopies: IDependable;

  constructor(scope: Construct, id: string, props: WorkloadBaselineTemplateProps) {
    super(scope, id, {
      assetBuckets: props.regions.map((region) =>
        s3.Bucket.fromBucketName(Stack.of(scope), `${id}AssetBucket-${region}`, `${props.assetBucketPrefix}-${region}`)),
      assetBucketPrefix: props.assetBucketPrefix,
    });
    // Before any function of the template binds its code.
    this.codeCopies = new HandlerCodeCopies(scope, `${id}CodeCopies`, {
      template: this, assetBucketPrefix: props.assetBucketPrefix, regions: props.regions,
    });
    const central = props.central;
    const tier = props.tier ?? MaturityTier.ENHANCED;
    validateEnumValue('tier', tier, MaturityTier, 'MaturityTier', 'a maturity tier');
    const logsCentralization = props.logsCentralization ?? LogsCentralization.ACCOUNT_SUBSCRIPTION_POLICY;
    validateEnumValue('logsCentralization', logsCentralization, LogsCentralization, 'LogsCentralization', 'a logs centralization');

    this.trafficTypeParameter = new CfnParameter(this, BaselineParameter.FLOW_LOG_TRAFFIC_TYPE, {
      type: 'String',
      allowedValues: ['REJECT', 'ALL'],
      default: tier === MaturityTier.ENHANCED ? 'REJECT' : 'ALL',
      description: 'Traffic of the VPC flow logs the VPC baseline creates: REJECT (Enhanced tier, HP-E1) or ALL (Baseline tier)',
    });

    const exposure = props.exposure;
    this.identityEvents = new IdentityEventForwarding(this, 'IdentityEvents', { central, exposure });
    new PipelineEventForwarding(this, 'PipelineEvents', { central });
    new ComputeEventForwarding(this, 'ComputeEvents', { central });
    new SecurityFindingForwarding(this, 'SecurityFindings', { central });
    new TamperEventForwarding(this, 'TamperEvents', { central });
    if (central.hasArchiveKey) {
      new NetworkInventoryExport(this, 'NetworkInventory', { central, exposure });
    }
    this.vpcBaseline = new VpcBaseline(this, 'VpcBaseline', {
      central,
      exposure,
      tier,
      trafficType: this.trafficTypeParameter.valueAsString,
      resolverQueryLogConfigId: this.queryLogConfigId(props.resolverQueryLogConfigIds),
    });

    if (logsCentralization === LogsCentralization.ACCOUNT_SUBSCRIPTION_POLICY) {
      this.subscriptionPolicy = new AccountSubscriptionPolicy(this, 'AllLogGroups', {
        central,
        excludedLogGroupNames: props.excludedLogGroupNames,
      });
      // The forwarders' own log groups: every log group this template makes.
      for (const group of this.node.findAll().filter((c): c is logs.LogGroup => c instanceof logs.LogGroup)) {
        this.subscriptionPolicy.excludeForwarder(group);
      }
    }
  }

  /** A region → id mapping, read with AWS::Region: each region has its own shared configuration. */
  private queryLogConfigId(ids: { [region: string]: string } | undefined): string | undefined {
    if (ids === undefined) {
      return undefined;
    }
    const mapping = new CfnMapping(this, 'ResolverQueryLogConfigs', {
      mapping: Object.fromEntries(Object.entries(ids).map(([region, configId]) => [region, { ConfigId: configId }])),
    });
    return mapping.findInMap(Aws.REGION, 'ConfigId');
  }
}
