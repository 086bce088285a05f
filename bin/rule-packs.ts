import { App, Stack, Token, Validations } from 'aws-cdk-lib';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks-v2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { TemplateScopedGuardValidator } from './guard-validator';

/**
 * The rule packs users of the library commonly run, registered on the whole app beside our own `LogCollectionChecks`:
 * cdk-nag's AWS Solutions and NIST 800-53 rev 5 packs, and the Control Tower proactive controls (cfn-guard, with its
 * bundled binary: offline; run per template with the rules that can match it, see ./guard-validator.ts). An unacknowledged finding of any of them fails synth.
 */
export function addCommonRulePacks(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new NIST80053R5Checks(app), new TemplateScopedGuardValidator());
}

// Findings about the example's own stand-in infrastructure (its VPCs, load balancer, cluster and pipeline), not about
// the library's constructs: acknowledged here, with the reason, on the example's constructs only.

function acknowledge(scope: IConstruct, ids: string[], reason: string): void {
  ids.forEach((id) => Validations.of(scope).acknowledge({ id, reason }));
}

const nist = (rule: string) => `NIST.800.53.R5::NIST.800.53.R5-${rule}`;
const guard = (rule: string) => `cdk-validator-cfnguard::${rule}`;
const nag = (rule: string) => `AwsSolutions::${rule}`;

/** An example VPC: public subnets for its load balancer or NAT gateway; named zones. */
export function acknowledgeExampleVpc(vpc: ec2.Vpc): void {
  acknowledge(vpc, ['CloudFormation-Validate::W3010'],
    'The example names its availability zones so that it synthesises offline, without an AWS lookup.');
  acknowledge(vpc, [nist('VPCNoUnrestrictedRouteToIGW')],
    'Example VPC: its public subnets hold only the internet-facing load balancer or the NAT gateway, which need the route to the internet gateway.');
  acknowledge(vpc, [nist('VPCDefaultSecurityGroupClosed')],
    'Example VPC: no resource uses its default security group, and restrictDefaultSecurityGroup (on under a new project\'s feature ' +
    'flags) removes its rules at deployment with a custom resource, which the rule cannot see in the template.');
  const restrict = Stack.of(vpc).node.tryFindChild('Custom::VpcRestrictDefaultSGCustomResourceProvider');
  if (restrict) {
    acknowledge(restrict, [guard('lambda_inside_vpc_check')],
      'aws-cdk-lib\'s custom resource that removes the rules of the example VPCs\' default security groups: CloudFormation runs it ' +
      'only while it deploys the stack, and it calls only the EC2 API.');
  }
}

/** The example's bastion Auto Scaling group: one small instance reached by Session Manager. */
export function acknowledgeExampleBastions(group: IConstruct): void {
  acknowledge(group, ['CloudFormation-Validate::W3010'],
    'The example names its availability zones so that it synthesises offline, without an AWS lookup.');
  acknowledge(group, [nag('AwsSolutions-AS3')],
    'Example bastion group of one instance: its scaling events are CloudTrail management events, already forwarded; a real ' +
    'platform adds an SNS notification for its operators.');
  acknowledge(group, [guard('autoscaling_mixed_instances_policy_multiple_instance_types_check')],
    'Example bastion group of one small instance type: a real platform lists several instance types for capacity.');
}

/** The example application's data stores: stand-ins that show their audit logs (CA-E2). */
export function acknowledgeExampleDataStores(database: IConstruct, table: IConstruct, uploads: IConstruct): void {
  acknowledge(database, [nist('RDSEnhancedMonitoringEnabled'), guard('rds_instance_enhanced_monitoring_enabled_check')],
    'Example database: operating-system metrics are not what it is here to show; a real deployment sets monitoringInterval.');
  acknowledge(database, [nist('RDSInBackupPlan')],
    'Example database: automated backups (7 days) are on; a real deployment also puts it in its AWS Backup plan.');
  acknowledge(database, [nag('AwsSolutions-SMG4'), nist('SecretsManagerRotationEnabled')],
    'Example database: its users sign in with IAM authentication (iamAuthentication); a real deployment rotates the master secret.');
  acknowledge(table, [nist('DynamoDBInBackupPlan')],
    'Example table: point-in-time recovery is on; a real deployment also puts it in its AWS Backup plan.');
  acknowledge(uploads, [nist('S3BucketReplicationEnabled'), guard('s3_bucket_object_lock_enabled_check'),
    guard('s3_event_notifications_enabled_check')],
    'Example application bucket, not a log store: it stands in for the application\'s data, kept as the application decides.');
}

/** The example's internet-facing load balancer (no listener: it stands in for a public service). */
export function acknowledgeExampleLoadBalancer(alb: elbv2.ApplicationLoadBalancer): void {
  acknowledge(alb, [nist('ALBWAFEnabled')],
    'Example load balancer with no listener or target: it stands in for a public service to show its access logs. A real service ' +
    'puts an AWS WAF web ACL in front of it.');
}

/** The example's EKS Auto Mode cluster: the AWS managed policies EKS asks for on its roles. */
export function acknowledgeExampleCluster(cluster: eks.Cluster): void {
  const policies = ['AmazonEKSClusterPolicy', 'AmazonEKSComputePolicy', 'AmazonEKSBlockStoragePolicy', 'AmazonEKSLoadBalancingPolicy',
    'AmazonEKSNetworkingPolicy', 'AmazonEKSWorkerNodePolicy', 'AmazonEC2ContainerRegistryReadOnly'];
  acknowledge(cluster, policies.map((p) => nag(`AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${p}]`)),
    'EKS Auto Mode asks for these AWS managed policies (or custom ones with the same permissions) on the cluster role ' +
    '(https://docs.aws.amazon.com/eks/latest/userguide/auto-cluster-iam-role.html) and the node role; aws-cdk-lib attaches them.');
  acknowledge(cluster, ['CloudFormation-Validate::W9009'],
    'aws-cdk-lib\'s eks-v2 Cluster writes secretsEncryptionKey as EncryptionConfig Resources [\'secrets\'], a property the CloudFormation ' +
    'schema marks deprecated; the key still encrypts the cluster\'s secrets (CT.EKS.PR.2).');
}

/** The example's deployment pipeline: it stands in for the platform's own, to show its events forwarded. */
export function acknowledgeExamplePipeline(pipeline: codepipeline.Pipeline, project: codebuild.PipelineProject, source: s3.Bucket): void {
  const grants = ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*', 'Action::s3:Abort*', 'Action::s3:DeleteObject*',
    'Action::s3:GetBucket*', 'Action::s3:GetObject*', 'Action::s3:List*', 'Resource::<PipelineArtifactsBucket22248F97.Arn>/*'];
  const grantReason = 'Example pipeline: aws-cdk-lib\'s CodePipeline and CodeBuild grants on the pipeline\'s own artifact bucket and key ' +
    '(action wildcards of those grants, objects under that one bucket).';
  for (const scope of [pipeline, project]) {
    acknowledge(scope, grants.map((g) => nag(`AwsSolutions-IAM5[${g}]`)), grantReason);
    acknowledge(scope, [nist('IAMNoInlinePolicy')],
      'Example pipeline: aws-cdk-lib writes each role\'s grants as that role\'s own policy, created and deleted with it.');
  }
  // The partition is literal under the flag @aws-cdk/core:enablePartitionLiterals (on in the example: a new project's
  // flags), a Ref without it.
  const partition = Token.isUnresolved(Stack.of(project).partition) ? '<AWS::Partition>' : Stack.of(project).partition;
  acknowledge(project, [
    nag(`AwsSolutions-IAM5[Resource::arn:${partition}:codebuild:eu-west-2:222222222222:report-group/<Deploy7B206E61>-*]`),
    nag(`AwsSolutions-IAM5[Resource::arn:${partition}:logs:eu-west-2:222222222222:log-group:/aws/codebuild/<Deploy7B206E61>:*]`),
  ], 'Example build project: aws-cdk-lib scopes these to the project\'s own report groups and log group.');
  acknowledge(project, [guard('codebuild_project_logging_enabled_check')],
    'Example build project: with no LogsConfig CodeBuild writes build logs to CloudWatch Logs (/aws/codebuild/<project>), its default ' +
    '(https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-codebuild-project-logsconfig.html).');
  const buckets = 'Example pipeline bucket: it holds build inputs and intermediates, not logs, and stands in for the platform\'s own; ' +
    'a real pipeline applies the organisation\'s bucket standard (access logging, lifecycle, replication).';
  for (const bucket of [pipeline.artifactBucket, source]) {
    acknowledge(bucket, [
      nag('AwsSolutions-S1'), nist('S3BucketLoggingEnabled'), nist('S3BucketReplicationEnabled'), nist('S3BucketVersioningEnabled'),
      guard('s3_bucket_logging_enabled_check'), guard('s3_bucket_object_lock_enabled_check'), guard('s3_bucket_versioning_enabled_check'),
      guard('s3_event_notifications_enabled_check'), guard('s3_lifecycle_policy_check'), guard('s3_version_lifecycle_policy_check'),
    ], buckets);
  }
}
