import { Stack, StackProps } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import {
  AuditTrail, CentralLogTargets, ComputeEventForwarding, DnsQueryLogging, EksAuditLogging, IdentityEventForwarding,
  MaturityTier, NetworkInventoryExport, OrchestratorEventForwarding, PipelineEventForwarding, SecurityFindingForwarding,
  ServiceExposure, TamperEventForwarding, UserDirectory, VpcFlowLogging,
} from '../lib';
import { restrictKeyGrants } from '../lib/core/stack-key';
import { ExampleSettings } from './context';
import { HostingGuestSources } from './hosting-guest-sources';
import { acknowledgeExampleCluster, acknowledgeExamplePipeline, acknowledgeExampleVpc } from './rule-packs';

/**
 * A hosting platform at the Enhanced tier: a VPC, an EKS cluster and a
 * deployment pipeline, with every log source the tier asks for.
 */
export class HostingPlatformStack extends Stack {
  public static readonly TIER = MaturityTier.ENHANCED;
  public static readonly EXPOSURE = ServiceExposure.INTERNAL;

  public readonly vpc: ec2.Vpc;
  private readonly zones: string[];

  constructor(scope: Construct, id: string, settings: ExampleSettings, central: CentralLogTargets, props: StackProps = {}) {
    super(scope, id, { ...props, env: { account: settings.hostingAccount, region: settings.centralRegion } });
    this.zones = [`${settings.centralRegion}a`, `${settings.centralRegion}b`];
    const exposure = HostingPlatformStack.EXPOSURE;

    // The platform itself.
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      availabilityZones: this.availabilityZones,
      natGateways: 1,
      subnetConfiguration: [
        // Only the NAT gateway lives in the public subnets; it gets its Elastic IP explicitly.
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false },
        { name: 'workloads', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
    });
    acknowledgeExampleVpc(this.vpc);
    const secretsKey = new kms.Key(this, 'ClusterSecretsKey', {
      description: 'Encrypts the Kubernetes secrets of the example platform cluster', enableKeyRotation: true,
    });
    restrictKeyGrants(secretsKey);
    const cluster = new eks.Cluster(this, 'Cluster', {
      clusterName: 'platform',
      version: eks.KubernetesVersion.V1_34,
      vpc: this.vpc,
      defaultCapacityType: eks.DefaultCapacityType.AUTOMODE,
      // Reached from inside the VPC only (CT.EKS.PR.1); secrets envelope-encrypted with a key of this account (CT.EKS.PR.2).
      endpointAccess: eks.EndpointAccess.PRIVATE,
      secretsEncryptionKey: secretsKey,
    });
    acknowledgeExampleCluster(cluster);
    const pipeline = this.deploymentPipeline();

    // Its log sources.
    new DnsQueryLogging(this, 'DnsQueryLogging', { central, vpcs: [this.vpc] });
    if (settings.hostingFlowLogs) {
      new VpcFlowLogging(this, 'VpcFlowLogging', { central, vpcs: [this.vpc], tier: HostingPlatformStack.TIER });
    }
    new AuditTrail(this, 'AuditTrail', { central });
    EksAuditLogging.ofCluster(this, 'EksAuditLogging', cluster, { central, exposure });
    new PipelineEventForwarding(this, 'PipelineEvents', { central, pipelines: [pipeline] });
    new SecurityFindingForwarding(this, 'SecurityFindings', { central });
    new ComputeEventForwarding(this, 'ComputeEvents', { central });
    new OrchestratorEventForwarding(this, 'OrchestratorEvents', { central });
    new NetworkInventoryExport(this, 'NetworkInventory', { central, exposure });
    // Attempts to switch logging off or erase logs, root activity and sign-in without MFA, to the central bus (PU-3).
    new TamperEventForwarding(this, 'TamperEvents', { central });
    // IAM Identity Center events arrive in the instance's home region; IAM's in us-east-1 (see GlobalIdentityStack).
    new IdentityEventForwarding(this, 'IdentityEvents', { central, exposure, directories: [UserDirectory.IAM_IDENTITY_CENTER] });
    // Bastion logins, egress firewall, Windows security logs and time sync: guest-level sources (HP-B2, HP-B4, HP-E5, PU-2).
    new HostingGuestSources(this, 'GuestSources', this.vpc, central, exposure);
  }

  /**
   * Named zones: with a concrete env, the default asks AWS which zones exist
   * (a context lookup), and this app must synthesise offline.
   */
  public get availabilityZones(): string[] {
    return this.zones;
  }

  private deploymentPipeline(): codepipeline.Pipeline {
    const source = new s3.Bucket(this, 'SourceBucket', {
      versioned: true,
      encryption: s3.BucketEncryption.KMS_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
    });
    const sourceOutput = new codepipeline.Artifact('Source');
    const project = new codebuild.PipelineProject(this, 'Deploy', {
      environment: { buildImage: codebuild.LinuxBuildImage.STANDARD_7_0 },
    });
    const pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineType: codepipeline.PipelineType.V2,
      // Explicit: under the recommended feature flags (a `cdk init` project) the default is false, and key rotation needs it.
      crossAccountKeys: true,
      enableKeyRotation: true,
      stages: [
        { stageName: 'Source', actions: [new actions.S3SourceAction({ actionName: 'Source', bucket: source, bucketKey: 'platform.zip', output: sourceOutput })] },
        { stageName: 'Deploy', actions: [new actions.CodeBuildAction({ actionName: 'Deploy', project, input: sourceOutput })] },
      ],
    });
    restrictKeyGrants(pipeline.artifactBucket.encryptionKey!);
    acknowledgeExamplePipeline(pipeline, project, source);
    return pipeline;
  }
}
