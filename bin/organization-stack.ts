import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  AuditTrail, CentralLogTargets, LogProtectionGuardrail, ServiceExposure, StackSetAssetBucket, TamperEventForwarding, WorkloadBaselineStackSet,
} from '../lib';
import { ExampleSettings } from './context';

/**
 * The organisation's management account: the organisation trail (management
 * events of every account, into the central CloudTrail bucket) and the
 * guardrail that stops privileged users switching logs off (PU-3), and the
 * organisation-wide rollout: the workload baseline StackSet (every account of
 * the OU, in every region of `baselineRegions`, including accounts that join
 * later), with one asset bucket stack per region for its Lambda code.
 */
export class OrganizationStack extends Stack {
  public readonly trail: AuditTrail;
  public readonly guardrail: LogProtectionGuardrail;
  public readonly baseline: WorkloadBaselineStackSet;
  /** One stack per baseline region, in the management account: the bucket the baseline's Lambda code is copied to. */
  public readonly baselineAssets: Stack[];

  constructor(scope: Construct, id: string, settings: ExampleSettings, central: CentralLogTargets, props: StackProps = {}) {
    super(scope, id, { ...props, env: { account: settings.managementAccount, region: settings.centralRegion } });
    this.trail = new AuditTrail(this, 'OrganizationTrail', { central, organizationTrail: true });
    // SCPs do not bind the management account: its own tamper events are the only guard here (PU-3).
    new TamperEventForwarding(this, 'TamperEvents', { central });
    this.guardrail = new LogProtectionGuardrail(this, 'LogProtection', {
      // The organisation root: every account in the organisation.
      targetIds: ['r-ex12'],
      exemptRoleArnPatterns: [
        `arn:aws:iam::*:role/${settings.breakGlassRoleName}`,
        'arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*',
      ],
      // The CDK deploy role passes the execution role to CloudFormation; nobody else may lend its exemption.
      exemptRolePassers: ['arn:aws:iam::*:role/cdk-hnb659fds-deploy-role-*'],
      // ... and only the deployment pipeline may assume the deploy role (an administrator who could would pass it).
      exemptRolePasserAssumers: ['arn:aws:iam::*:role/deployment-pipeline-*'],
      // Only the analysts (and the review function, and break-glass) may query the archive's Athena workgroup.
      analystRoleArnPatterns: [`arn:aws:iam::${settings.centralAccount}:role/SecurityAnalyst`],
      targets: central,
    });

    // The organisation-wide rollout: deploy the asset bucket stacks first (cdk deploy does, through the dependency).
    const assetBucketPrefix = `seclog-baseline-assets-${settings.managementAccount}`;
    this.baselineAssets = settings.baselineRegions.map((region) => {
      const assets = new Stack(scope, `BaselineAssets-${region}`, {
        stackName: `OrganizationBaselineAssets-${region}`,
        env: { account: settings.managementAccount, region },
      });
      new StackSetAssetBucket(assets, 'Assets', { assetBucketPrefix, organizationId: settings.organizationId });
      this.addStackDependency(assets, 'the baseline StackSet copies its Lambda code into this bucket');
      return assets;
    });
    this.baseline = new WorkloadBaselineStackSet(this, 'WorkloadBaseline', {
      central,
      exposure: ServiceExposure.INTERNAL,
      organizationalUnitIds: settings.baselineOrganizationalUnitIds,
      regions: settings.baselineRegions,
      assetBucketPrefix,
      resolverQueryLogConfigIds: settings.baselineResolverQueryLogConfigIds,
      failureTolerancePercentage: 10,
      maxConcurrentPercentage: 25,
    });
  }
}
