import { App, CfnResource, Fn, Lazy, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../../../lib/central/targets';
import { awsSource } from '../../../lib/requirements/catalogue';
import { LogSourceName, ServiceExposure } from '../../../lib/requirements/types';
import { EksAuditLogging } from '../../../lib/sources/services/eks-audit-logging';

const central = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });
const REQUIRED = awsSource('HP-B6', LogSourceName.EKS_CONTROL_PLANE_LOGS).fields ?? [];

function workloadStack(app = new App(), id = 'Workload', region = 'eu-west-1'): Stack {
  return new Stack(app, id, { env: { account: '111111111111', region } });
}

function cfnCluster(scope: Construct, props: Partial<eks.CfnClusterProps> = {}): eks.CfnCluster {
  return new eks.CfnCluster(scope, 'Cluster', {
    name: 'platform',
    roleArn: 'arn:aws:iam::111111111111:role/eks',
    resourcesVpcConfig: { subnetIds: ['subnet-1', 'subnet-2'] },
    ...props,
  });
}

function enabledTypes(stack: Stack): string[] {
  const clusters = Template.fromStack(stack).findResources('AWS::EKS::Cluster');
  const [cluster] = Object.values(clusters);
  return cluster.Properties.Logging.ClusterLogging.EnabledTypes.map((t: { Type: string }) => t.Type);
}

describe('EksAuditLogging', () => {
  test('the catalogue names the required log types', () => {
    expect(REQUIRED.length).toBeGreaterThan(0);
  });

  test('turns on the catalogue\'s required log types on a cluster that had none', () => {
    // GIVEN
    const stack = workloadStack();
    const cluster = cfnCluster(stack);
    // WHEN
    new EksAuditLogging(stack, 'Audit', { cluster, central, exposure: ServiceExposure.INTERNAL });
    // THEN
    expect(enabledTypes(stack)).toEqual(REQUIRED);
  });

  test('keeps the log types already on and adds the required ones once', () => {
    // GIVEN
    const stack = workloadStack();
    const cluster = cfnCluster(stack, {
      logging: { clusterLogging: { enabledTypes: [{ type: 'scheduler' }, { type: REQUIRED[0] }] } },
    });
    // WHEN
    new EksAuditLogging(stack, 'Audit', { cluster, central, exposure: ServiceExposure.INTERNAL });
    // THEN
    const types = enabledTypes(stack);
    expect(types).toEqual(['scheduler', ...REQUIRED]);
  });

  test('merges with log types already set on the cluster, in its logging property', () => {
    // GIVEN
    const stack = workloadStack();
    const cluster = cfnCluster(stack);
    cluster.logging = { clusterLogging: { enabledTypes: [{ type: 'controllerManager' }] } };
    // WHEN
    new EksAuditLogging(stack, 'Audit', { cluster, central, exposure: ServiceExposure.INTERNAL });
    // THEN the property itself (not a raw override) carries every type, so L1 readers such as the rule pack see them
    expect(enabledTypes(stack)).toEqual(['controllerManager', ...REQUIRED]);
    expect(stack.resolve(cluster.logging)).toEqual({
      clusterLogging: { enabledTypes: ['controllerManager', ...REQUIRED].map((type) => ({ type })) },
    });
  });

  test('fails synth when the logging property is replaced after the construct, naming the lost types', () => {
    // GIVEN
    const app = new App();
    const stack = workloadStack(app);
    const cluster = cfnCluster(stack);
    new EksAuditLogging(stack, 'Audit', { cluster, central, exposure: ServiceExposure.INTERNAL });
    // WHEN
    cluster.logging = { clusterLogging: { enabledTypes: [{ type: 'controllerManager' }] } };
    // THEN
    expect(() => app.synth()).toThrow(/was replaced after EksAuditLogging 'Workload\/Audit' set it, and no longer enables api, audit, authenticator/);
  });

  test('adds controllerManager and scheduler when asked', () => {
    // GIVEN
    const stack = workloadStack();
    const cluster = cfnCluster(stack);
    // WHEN
    const audit = new EksAuditLogging(stack, 'Audit', {
      cluster,
      central,
      exposure: ServiceExposure.INTERNAL,
      additionalLogTypes: [eksv2.ClusterLoggingTypes.CONTROLLER_MANAGER, eksv2.ClusterLoggingTypes.SCHEDULER],
    });
    // THEN
    expect(enabledTypes(stack)).toEqual([...REQUIRED, 'controllerManager', 'scheduler']);
    expect(audit.logTypes).toEqual([...REQUIRED, 'controllerManager', 'scheduler']);
  });

  test('creates the cluster log group, encrypted, retained, with the internal retention, before the cluster', () => {
    // GIVEN
    const stack = workloadStack();
    const cluster = cfnCluster(stack);
    // WHEN
    const audit = new EksAuditLogging(stack, 'Audit', { cluster, central, exposure: ServiceExposure.INTERNAL });
    // THEN
    const template = Template.fromStack(stack);
    expect(audit.logGroupName).toBe('/aws/eks/platform/cluster');
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: '/aws/eks/platform/cluster',
        RetentionInDays: 400,
        KmsKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    const logGroupId = Object.keys(template.findResources('AWS::Logs::LogGroup'))[0];
    template.hasResource('AWS::EKS::Cluster', { DependsOn: Match.arrayWith([logGroupId]) });
  });

  test('keeps logs of an external service 90 days by default, or the days given', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    new EksAuditLogging(stack, 'Audit', { cluster: cfnCluster(stack), central, exposure: ServiceExposure.EXTERNAL });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });

    // GIVEN
    const other = workloadStack(new App());
    // WHEN
    new EksAuditLogging(other, 'Audit', { cluster: cfnCluster(other), central, exposure: ServiceExposure.EXTERNAL, retentionDays: 180 });
    // THEN
    Template.fromStack(other).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 180 });
  });

  test('subscribes the log group to the central destination in the stack\'s own region', () => {
    // GIVEN
    const stack = workloadStack(new App(), 'Workload', 'eu-west-1');
    // WHEN
    new EksAuditLogging(stack, 'Audit', { cluster: cfnCluster(stack), central, exposure: ServiceExposure.INTERNAL });
    // THEN
    const template = Template.fromStack(stack);
    const logGroupId = Object.keys(template.findResources('AWS::Logs::LogGroup'))[0];
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: { Ref: logGroupId },
      DestinationArn: 'arn:aws:logs:eu-west-1:999999999999:destination:seclog-cloudwatch-destination',
      FilterPattern: '',
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('SubscriptionRole'), 'Arn'] },
    });
  });

  test('gives the subscription a role that may only put log events on the central destination (organisation-wide destination policy)', () => {
    // GIVEN
    const stack = workloadStack(new App(), 'Workload', 'eu-west-1');
    // WHEN
    new EksAuditLogging(stack, 'Audit', { cluster: cfnCluster(stack), central, exposure: ServiceExposure.INTERNAL });
    // THEN the role trusts CloudWatch Logs of this account and region only
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Principal: { Service: 'logs.amazonaws.com' },
          Condition: { ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':logs:eu-west-1:\\d{12}:')])] } } },
        })],
      },
    });
    // AND its only permission is PutLogEvents on the central destination
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [{
          Effect: 'Allow',
          Action: 'logs:PutLogEvents',
          Resource: 'arn:aws:logs:eu-west-1:999999999999:destination:seclog-cloudwatch-destination',
        }],
      },
    });
  });

  test('ofCluster works on an aws-eks-v2 Cluster and keeps its clusterLogging', () => {
    // GIVEN
    const stack = workloadStack();
    const cluster = new eksv2.Cluster(stack, 'Platform', {
      clusterName: 'platform-v2',
      version: eksv2.KubernetesVersion.V1_34,
      clusterLogging: [eksv2.ClusterLoggingTypes.SCHEDULER],
      vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
    });
    // WHEN
    const audit = EksAuditLogging.ofCluster(stack, 'Audit', cluster, { central, exposure: ServiceExposure.INTERNAL });
    // THEN
    expect(audit.clusterName).toBe('platform-v2');
    expect(enabledTypes(stack)).toEqual(['scheduler', ...REQUIRED]);
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/eks/platform-v2/cluster' });
  });

  test('refuses an aws-eks-v2 Cluster without a clusterName, naming the fix', () => {
    // GIVEN
    const stack = workloadStack();
    const cluster = new eksv2.Cluster(stack, 'Platform', {
      version: eksv2.KubernetesVersion.V1_34,
      vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
    });
    // WHEN / THEN
    expect(() => EksAuditLogging.ofCluster(stack, 'Audit', cluster, { central, exposure: ServiceExposure.INTERNAL }))
      .toThrow(/Workload\/Platform\/Resource has an unresolved name.*set clusterName on the aws-eks-v2 Cluster/);
  });

  test('refuses a cluster whose name is a token', () => {
    // GIVEN
    const stack = workloadStack();
    const cluster = cfnCluster(stack, { name: Lazy.string({ produce: () => 'later' }) });
    // WHEN / THEN
    expect(() => new EksAuditLogging(stack, 'Audit', { cluster, central, exposure: ServiceExposure.INTERNAL }))
      .toThrow(/has an unresolved name \(\$\{Token\[.*\]\}\).*set clusterName/);
  });

  test('refuses a cluster name EKS would reject', () => {
    // GIVEN
    const stack = workloadStack();
    const cluster = cfnCluster(stack, { name: '-bad name' });
    // WHEN / THEN
    expect(() => new EksAuditLogging(stack, 'Audit', { cluster, central, exposure: ServiceExposure.INTERNAL }))
      .toThrow(/EKS cluster name '-bad name' is not valid/);
  });

  test('refuses a stack without a concrete region, naming env as the fix', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Agnostic');
    const cluster = cfnCluster(stack);
    // WHEN / THEN
    expect(() => new EksAuditLogging(stack, 'Audit', { cluster, central, exposure: ServiceExposure.INTERNAL }))
      .toThrow(/Stack 'Agnostic' has no concrete region.*set env: \{ account, region \}/);
  });

  test('refuses a second EksAuditLogging on the same cluster', () => {
    // GIVEN
    const stack = workloadStack();
    const cluster = cfnCluster(stack);
    new EksAuditLogging(stack, 'Audit', { cluster, central, exposure: ServiceExposure.INTERNAL });
    // WHEN / THEN
    expect(() => new EksAuditLogging(stack, 'Again', { cluster, central, exposure: ServiceExposure.INTERNAL }))
      .toThrow(/EKS cluster Workload\/Cluster already has EksAuditLogging 'Workload\/Audit'/);
  });

  test('refuses a resource that is not an EKS cluster', () => {
    // GIVEN
    const stack = workloadStack();
    const bucket = new s3.CfnBucket(stack, 'Bucket');
    // WHEN / THEN
    expect(() => new EksAuditLogging(stack, 'Audit', { cluster: bucket, central, exposure: ServiceExposure.INTERNAL }))
      .toThrow(/cluster must be an AWS::EKS::Cluster resource, got AWS::S3::Bucket at Workload\/Bucket/);
  });

  test('ofCluster refuses a cluster made by a custom resource (aws-eks v1), naming the alternatives', () => {
    // GIVEN
    const stack = workloadStack();
    const v1Like = new Construct(stack, 'V1Cluster');
    v1Like.node.defaultChild = new CfnResource(v1Like, 'Resource', { type: 'Custom::AWSCDK-EKS-Cluster' });
    // WHEN / THEN
    expect(() => EksAuditLogging.ofCluster(stack, 'Audit', v1Like, { central, exposure: ServiceExposure.INTERNAL }))
      .toThrow(/Workload\/V1Cluster is not backed by an AWS::EKS::Cluster resource \(its default child is a Custom::AWSCDK-EKS-Cluster resource\).*aws-eks-v2 Cluster/);
  });

  test('refuses a cluster in another stack', () => {
    // GIVEN
    const app = new App();
    const clusterStack = workloadStack(app, 'ClusterStack');
    const other = workloadStack(app, 'Other');
    const cluster = cfnCluster(clusterStack);
    // WHEN / THEN
    expect(() => new EksAuditLogging(other, 'Audit', { cluster, central, exposure: ServiceExposure.INTERNAL }))
      .toThrow(/is in stack 'Other' but the cluster ClusterStack\/Cluster is in stack 'ClusterStack'; create it in the cluster's stack/);
  });

  test('refuses a retention below the exposure minimum', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN / THEN
    expect(() => new EksAuditLogging(stack, 'Audit', {
      cluster: cfnCluster(stack), central, exposure: ServiceExposure.INTERNAL, retentionDays: 90,
    })).toThrow(/retentionDays of 90 days is below the 400-day minimum/);
  });

  test('refuses an unknown additional log type', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN / THEN
    expect(() => new EksAuditLogging(stack, 'Audit', {
      cluster: cfnCluster(stack), central, exposure: ServiceExposure.INTERNAL,
      additionalLogTypes: ['kubelet' as eksv2.ClusterLoggingTypes],
    })).toThrow(/additionalLogTypes has 'kubelet', which is not an EKS log type; use one of api, audit/);
  });

  test('throws when the cluster\'s log types cannot be read', () => {
    // GIVEN
    const stack = workloadStack();
    cfnCluster(stack, {
      logging: { clusterLogging: { enabledTypes: [{ type: Fn.conditionIf('Prod', 'scheduler', 'api').toString() }] } },
    });
    // WHEN / THEN
    expect(() => new EksAuditLogging(stack, 'Audit', { cluster: stack.node.findChild('Cluster') as eks.CfnCluster, central, exposure: ServiceExposure.INTERNAL }))
      .toThrow(/logging property of EKS cluster Workload\/Cluster has a log type that cannot be read at synth/);
  });

  test('fails synth when another construct creates the same log group', () => {
    // GIVEN
    const app = new App();
    const stack = workloadStack(app);
    new EksAuditLogging(stack, 'Audit', { cluster: cfnCluster(stack), central, exposure: ServiceExposure.INTERNAL });
    // WHEN
    new logs.LogGroup(stack, 'Manual', { logGroupName: '/aws/eks/platform/cluster' });
    // THEN
    expect(() => app.synth()).toThrow(/Workload\/Manual\/Resource also creates log group \/aws\/eks\/platform\/cluster/);
  });
});
