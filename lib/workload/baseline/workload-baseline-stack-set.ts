import { Annotations, Token } from 'aws-cdk-lib';
import { acknowledgeAssetCopies } from './asset-copy-findings';
import * as cloudformation from 'aws-cdk-lib/aws-cloudformation';
import {
  Capability, DeploymentType, RegionConcurrencyType, StackSet, StackSetTarget, StackSetTemplate,
} from 'cdk-stacksets';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../../central/targets';
import { MaturityTier, ServiceExposure } from '../../requirements/types';
import { validateEnumValue } from '../../core/validate';
import { validateOperationPreferences, validateOrganizationalTargets, validateTargetRegions } from '../private/stack-set-validation';
import { BaselineParameter, WorkloadBaselineTemplate } from './baseline-template';
import { LogsCentralization, RegionConcurrency, StackSetCaller } from './options';
import { OrganizationLogCentralization } from './organization-log-centralization';
import { SignInForwardingTemplate } from './sign-in-template';
import { recordStackSetRegions } from '../../core/stack-set-regions';
import { SignInEventForwarding } from '../../sources/identity/sign-in-event-forwarding';
import { GLOBAL_EVENTS_REGION } from '../../core/events/global-events';

const QUERY_LOG_CONFIG_ID = /^rqlc-[0-9a-z]{1,59}$/;
const ASSET_BUCKET_PREFIX = /^[a-z0-9][a-z0-9-]{1,40}[a-z0-9]$/;

/** Props for {@link WorkloadBaselineStackSet}. */
export interface WorkloadBaselineStackSetProps {
  /** The central log account the member accounts send to. */
  readonly central: CentralLogTargets;

  /** The exposure of the member accounts: it sets the retention of the baseline's own log groups. */
  readonly exposure: ServiceExposure;

  /**
   * The tier the member accounts are held to: the default of the
   * `FlowLogTrafficType` parameter (REJECT at ENHANCED, ALL at BASELINE).
   *
   * @default MaturityTier.ENHANCED
   */
  readonly tier?: MaturityTier;

  /**
   * Where the baseline goes: organizational unit ids (`ou-…`, nested OUs
   * included) or the organisation root (`r-…`, every account).
   */
  readonly organizationalUnitIds: string[];

  /** The regions every account gets the baseline in. */
  readonly regions: string[];

  /**
   * Prefix of the asset buckets: one bucket `<prefix>-<region>` per target
   * region, in this stack's account, readable by the organisation
   * (`StackSetAssetBucket` makes one). The Lambda code of the baseline is
   * copied into each at deploy time.
   */
  readonly assetBucketPrefix: string;

  /**
   * The shared Resolver query logging configuration id (`rqlc-…`) of each
   * target region (the central account shares one per region by RAM).
   *
   * @default - VPCs get flow logs only
   */
  readonly resolverQueryLogConfigIds?: { [region: string]: string };

  /**
   * Values for the template's parameters (see `BaselineParameter`), for
   * every account of this target: `FlowLogTrafficType`.
   *
   * @default - the parameters' defaults
   */
  readonly parameterOverrides?: { [name: string]: string };

  /**
   * The account the StackSet is created from.
   *
   * @default StackSetCaller.MANAGEMENT_ACCOUNT
   */
  readonly callAs?: StackSetCaller;

  /**
   * Keep the stack (and its log groups, which are retained anyway) in an
   * account that leaves the OUs.
   *
   * @default true
   */
  readonly retainStacksOnAccountRemoval?: boolean;

  /**
   * Accounts per region that may fail before the operation stops in that region.
   *
   * @default 0 (unless failureTolerancePercentage is given)
   */
  readonly failureToleranceCount?: number;
  /**
   * Percentage of accounts per region that may fail.
   *
   * @default - failureToleranceCount
   */
  readonly failureTolerancePercentage?: number;
  /**
   * Accounts deployed at once per region.
   *
   * @default - maxConcurrentPercentage 100 when neither is given
   */
  readonly maxConcurrentCount?: number;
  /**
   * Percentage of accounts deployed at once per region.
   *
   * @default 100 when maxConcurrentCount is not given
   */
  readonly maxConcurrentPercentage?: number;
  /**
   * Regions one after the other or all at once.
   *
   * @default RegionConcurrency.PARALLEL
   */
  readonly regionConcurrency?: RegionConcurrency;

  /**
   * How every CloudWatch Logs log group reaches the central account.
   *
   * @default LogsCentralization.ACCOUNT_SUBSCRIPTION_POLICY
   */
  readonly logsCentralization?: LogsCentralization;

  /**
   * Log group names the account subscription policy leaves out, besides the
   * baseline's own (for example groups that have their own subscription).
   *
   * @default - none
   */
  readonly excludedLogGroupNames?: string[];

  /**
   * A second StackSet, to the same OUs, that forwards console sign-ins from
   * the sign-in regions (`SignInEventForwarding.DEFAULT_REGIONS`) that
   * `regions` leaves out (the baseline forwards them in its own regions).
   *
   * @default true
   */
  readonly signInForwarding?: boolean;

  /**
   * When `regions` leave out us-east-1: forward, from there, the events EventBridge receives in us-east-1 only (IAM
   * API calls, and that region's tamper events, among them the root user's calls to IAM), through the sign-in
   * StackSet (`SignInForwardingTemplate`, `forwardGlobalServiceEvents`). Set it to false when the member accounts
   * already run `IdentityEventForwarding` of the IAM directory and `TamperEventForwarding` in us-east-1, so that
   * the events do not reach the central bus twice.
   *
   * @default true
   */
  readonly forwardGlobalServiceEvents?: boolean;

  /**
   * The StackSet's name.
   *
   * @default - `<prefix>-workload-baseline`
   */
  readonly stackSetName?: string;
}

/**
 * The organisation-wide rollout: the library's account-level sources as a
 * service-managed CloudFormation StackSet with automatic deployment, created
 * in the management account or a delegated administrator. Every account in
 * the target OUs, including accounts that join later, gets the baseline in
 * every target region without anyone acting; an account that leaves keeps
 * its stack (`retainStacksOnAccountRemoval`).
 *
 * Built on cdk-stacksets (cdklabs): it turns a CDK stack into the StackSet's
 * template and copies its file assets into a bucket per target region.
 * `StackSetOperationPreferences` do not apply to automatic deployments
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html).
 *
 * @example
 * const central = CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2', organizationId: 'o-a1b2c3d4e5' });
 * new WorkloadBaselineStackSet(this, 'Baseline', {
 *   central,
 *   exposure: ServiceExposure.INTERNAL,
 *   organizationalUnitIds: ['ou-ab12-cd34ef56'],
 *   regions: ['eu-west-2', 'eu-west-1'],
 *   assetBucketPrefix: 'seclog-baseline-assets-555555555555',
 * });
 */
export class WorkloadBaselineStackSet extends Construct {
  /** The template every account and region gets (add resources to it to extend the baseline). */
  public readonly template: WorkloadBaselineTemplate;
  /** The cdk-stacksets StackSet. */
  public readonly stackSet: StackSet;
  /** The StackSet resource. */
  public readonly cfnStackSet: cloudformation.CfnStackSet;
  /** The sign-in forwarding template, unless `signInForwarding` is false or `regions` covers every sign-in region. */
  public readonly signInTemplate?: SignInForwardingTemplate;
  /** The sign-in forwarding StackSet (see `signInTemplate`). */
  public readonly signInStackSet?: StackSet;
  /** The organisation centralization rule, when chosen. */
  public readonly centralization?: OrganizationLogCentralization;

  constructor(scope: Construct, id: string, props: WorkloadBaselineStackSetProps) {
    super(scope, id);
    const targets = validateOrganizationalTargets('organizationalUnitIds', props.organizationalUnitIds);
    const regions = validateTargetRegions('regions', props.regions);
    validateOperationPreferences(props);
    const callAs = props.callAs ?? StackSetCaller.MANAGEMENT_ACCOUNT;
    validateEnumValue('callAs', callAs, StackSetCaller, 'StackSetCaller', 'a StackSet caller');
    const regionConcurrency = props.regionConcurrency ?? RegionConcurrency.PARALLEL;
    validateEnumValue('regionConcurrency', regionConcurrency, RegionConcurrency, 'RegionConcurrency', 'a region concurrency');
    const logsCentralization = props.logsCentralization ?? LogsCentralization.ACCOUNT_SUBSCRIPTION_POLICY;
    validateEnumValue('logsCentralization', logsCentralization, LogsCentralization, 'LogsCentralization', 'a logs centralization');
    if (!Token.isUnresolved(props.assetBucketPrefix) && !ASSET_BUCKET_PREFIX.test(props.assetBucketPrefix)) {
      throw new Error(
        `assetBucketPrefix '${props.assetBucketPrefix}' cannot start a bucket name '<prefix>-<region>'; use 3 to 42 lower-case ` +
        "letters, digits and hyphens, for example 'seclog-baseline-assets-555555555555'.",
      );
    }
    validateQueryLogConfigIds(props.resolverQueryLogConfigIds, regions);
    const parameterOverrides = validateParameterOverrides(props.parameterOverrides);

    this.template = new WorkloadBaselineTemplate(this, 'Template', {
      central: props.central,
      exposure: props.exposure,
      tier: props.tier,
      regions,
      assetBucketPrefix: props.assetBucketPrefix,
      resolverQueryLogConfigIds: props.resolverQueryLogConfigIds,
      logsCentralization,
      excludedLogGroupNames: props.excludedLogGroupNames,
    });

    recordStackSetRegions(this.template, regions);

    const noConcurrency = props.maxConcurrentCount === undefined && props.maxConcurrentPercentage === undefined;
    const common = {
      deploymentType: DeploymentType.serviceManaged({
        autoDeployEnabled: true,
        autoDeployRetainStacks: props.retainStacksOnAccountRemoval ?? true,
        delegatedAdmin: callAs === StackSetCaller.DELEGATED_ADMIN,
      }),
      capabilities: [Capability.IAM],
      operationPreferences: {
        failureToleranceCount: props.failureToleranceCount ?? (props.failureTolerancePercentage === undefined ? 0 : undefined),
        failureTolerancePercentage: props.failureTolerancePercentage,
        maxConcurrentCount: props.maxConcurrentCount,
        maxConcurrentPercentage: props.maxConcurrentPercentage ?? (noConcurrency ? 100 : undefined),
        regionConcurrencyType: regionConcurrency === RegionConcurrency.PARALLEL ? RegionConcurrencyType.PARALLEL : RegionConcurrencyType.SEQUENTIAL,
      },
    };
    this.stackSet = new StackSet(this, 'StackSet', {
      ...common,
      stackSetName: props.stackSetName ?? `${props.central.namePrefix}-workload-baseline`,
      description: 'cdk-security-log-collection workload baseline: account-level log sources, VPC baseline, log group subscription',
      template: StackSetTemplate.fromStackSetStack(this.template),
      target: StackSetTarget.fromOrganizationalUnits({ organizationalUnits: targets, regions, parameterOverrides }),
    });
    this.cfnStackSet = this.stackSet.node.defaultChild as cloudformation.CfnStackSet;
    // The Lambda code is in every region's asset bucket before a stack instance is created.
    this.stackSet.node.addDependency(this.template.codeCopies);
    acknowledgeAssetCopies(this);

    const signInRegions = SignInEventForwarding.DEFAULT_REGIONS.filter((r) => !regions.includes(r));
    const signInForwarding = (props.signInForwarding ?? true) && signInRegions.length > 0;
    const globalInBaseline = regions.includes(GLOBAL_EVENTS_REGION);
    const globalElsewhere = props.forwardGlobalServiceEvents === false;
    if (signInForwarding) {
      this.signInTemplate = new SignInForwardingTemplate(this, 'SignInTemplate', {
        central: props.central, forwardGlobalServiceEvents: !globalInBaseline && !globalElsewhere, exposure: props.exposure,
      });
      recordStackSetRegions(this.signInTemplate, signInRegions);
      this.signInStackSet = new StackSet(this, 'SignInStackSet', {
        ...common,
        stackSetName: `${props.stackSetName ?? `${props.central.namePrefix}-workload-baseline`}-sign-in`,
        description: 'cdk-security-log-collection: console sign-in forwarding from the sign-in regions the workload baseline does not cover',
        template: StackSetTemplate.fromStackSetStack(this.signInTemplate),
        target: StackSetTarget.fromOrganizationalUnits({ organizationalUnits: targets, regions: signInRegions }),
      });
    }

    this.acknowledgeRegionWarnings(regions, signInRegions, globalInBaseline, globalElsewhere);

    if (logsCentralization === LogsCentralization.ORGANIZATION_CENTRALIZATION_RULE) {
      this.centralization = new OrganizationLogCentralization(this, 'LogCentralization', { central: props.central, regions });
    }
  }

  /**
   * The templates' forwarders warn that their region is unknown at synth (a StackSet template has none). Here the
   * regions are known: acknowledge what the two StackSets cover, and warn once, here, about what they do not.
   */
  private acknowledgeRegionWarnings(regions: string[], signInRegions: string[], globalInBaseline: boolean, globalElsewhere: boolean): void {
    const identity = Annotations.of(this.template.identityEvents);
    let reason: string;
    if (globalInBaseline) {
      reason = `The StackSet deploys this template to ${GLOBAL_EVENTS_REGION}, one of its regions; elsewhere the IAM rule sees no events.`;
    } else if (globalElsewhere) {
      reason = `forwardGlobalServiceEvents is false: the member accounts forward IAM API calls from ${GLOBAL_EVENTS_REGION} outside ` +
        'this StackSet; here the IAM rule sees no events.';
    } else if (this.signInTemplate) {
      reason = `regions leave out ${GLOBAL_EVENTS_REGION}: the sign-in StackSet's template forwards IAM API calls and tamper events ` +
        'there (SignInForwardingTemplate, forwardGlobalServiceEvents); here the IAM rule sees no events.';
    } else {
      reason = 'Reported once on the WorkloadBaselineStackSet (cdk-security-log-collection:baselineIamEventsNotForwarded).';
      Annotations.of(this).addWarningV2('cdk-security-log-collection:baselineIamEventsNotForwarded',
        `regions (${regions.join(', ')}) leave out ${GLOBAL_EVENTS_REGION}, where EventBridge receives IAM API calls, and signInForwarding ` +
        'is false: the target accounts\' IAM user, group, policy and MFA changes and the root user\'s calls to IAM are not forwarded to ' +
        `the central bus (a trail that covers the accounts still records them). Add ${GLOBAL_EVENTS_REGION} to regions, leave ` +
        `signInForwarding on, or, if the accounts forward them from ${GLOBAL_EVENTS_REGION} already, set forwardGlobalServiceEvents: false.`);
    }
    identity.acknowledgeWarning('cdk-security-log-collection:identityRegionUnresolved', reason);
    identity.acknowledgeWarning('cdk-security-log-collection:global-events', reason);
    if (this.signInTemplate) {
      Annotations.of(this.signInTemplate.forwarding).acknowledgeWarning('cdk-security-log-collection:signInRegionUnresolved',
        `The sign-in StackSet deploys this template to ${signInRegions.join(', ')}; the baseline template forwards sign-ins in ` +
        `${regions.join(', ')}.`);
    }
  }
}

function validateQueryLogConfigIds(ids: { [region: string]: string } | undefined, regions: string[]): void {
  if (ids === undefined) {
    return;
  }
  for (const [region, id] of Object.entries(ids)) {
    if (!regions.includes(region)) {
      throw new Error(`resolverQueryLogConfigIds names region '${region}', which is not in regions (${regions.join(', ')}); add it to regions or remove it.`);
    }
    if (!Token.isUnresolved(id) && !QUERY_LOG_CONFIG_ID.test(id)) {
      throw new Error(`resolverQueryLogConfigIds['${region}'] '${id}' is not a Resolver query logging configuration id; use 'rqlc-' followed by letters and digits.`);
    }
  }
  const missing = regions.filter((r) => ids[r] === undefined);
  if (missing.length > 0) {
    throw new Error(
      `resolverQueryLogConfigIds has no id for ${missing.join(', ')}; the shared configuration is regional, so give the central ` +
      'account\'s configuration id for every region in regions.',
    );
  }
}

function validateParameterOverrides(overrides: { [name: string]: string } | undefined): { [name: string]: string } | undefined {
  if (overrides === undefined) {
    return undefined;
  }
  const known = Object.values(BaselineParameter) as string[];
  for (const [name, value] of Object.entries(overrides)) {
    if (!known.includes(name)) {
      throw new Error(`parameterOverrides names '${name}', which is not a parameter of the baseline; use one of ${known.join(', ')}.`);
    }
    if (name === BaselineParameter.FLOW_LOG_TRAFFIC_TYPE && !['REJECT', 'ALL'].includes(value)) {
      throw new Error(`parameterOverrides.${name} '${value}' is not REJECT or ALL.`);
    }
  }
  return { ...overrides };
}
