import { App, CfnResource, NestedStack, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../../lib/central/targets';
import { requirementsFor } from '../../lib/requirements/catalogue';
import { LibraryConstructName } from '../../lib/requirements/seeds';
import { LoggingProfile, MaturityTier, ServiceExposure, UserDirectory } from '../../lib/requirements/types';
import { AuditTrail } from '../../lib/sources/audit-trail';
import { CognitoUserPoolLogging } from '../../lib/sources/cognito-user-pool-logging';
import { DnsQueryLogging } from '../../lib/sources/dns-query-logging';
import { EksAuditLogging } from '../../lib/sources/eks-audit-logging';
import {
  PipelineEventScope,
  WorkloadLogCollection,
  WorkloadLogCollectionProps,
} from '../../lib/sources/workload-log-collection';

const C = LibraryConstructName;
const central = CentralLogTargets.fromAttributes({
  accountId: '999999999999',
  region: 'eu-west-2',
  archiveKeyArn: 'arn:aws:kms:eu-west-2:999999999999:key/1234abcd-12ab-34cd-56ef-1234567890ab',
});
const ACCOUNT = '111111111111';
const PATH = '/Workload/SecurityLogs';

function workloadStack(app = new App(), id = 'Workload', region = 'eu-west-2', account = ACCOUNT): Stack {
  return new Stack(app, id, { env: { account, region } });
}

function collection(scope: Construct, props: Partial<WorkloadLogCollectionProps> = {}, id = 'SecurityLogs'): WorkloadLogCollection {
  return new WorkloadLogCollection(scope, id, {
    central,
    tier: MaturityTier.ENHANCED,
    profile: LoggingProfile.HOSTING_PLATFORM,
    exposure: ServiceExposure.INTERNAL,
    ...props,
  });
}

function vpc(scope: Construct, id = 'Vpc'): ec2.Vpc {
  return new ec2.Vpc(scope, id, {
    maxAzs: 1,
    natGateways: 0,
    restrictDefaultSecurityGroup: false,
    subnetConfiguration: [{ name: 'isolated', subnetType: ec2.SubnetType.PRIVATE_ISOLATED }],
  });
}

function cluster(scope: Construct, props: Partial<eks.CfnClusterProps> = {}, id = 'Cluster'): eks.CfnCluster {
  return new eks.CfnCluster(scope, id, {
    name: 'platform',
    roleArn: `arn:aws:iam::${ACCOUNT}:role/eks`,
    resourcesVpcConfig: { subnetIds: ['subnet-1', 'subnet-2'] },
    ...props,
  });
}

function plusPool(scope: Construct, id = 'Pool'): cognito.UserPool {
  return new cognito.UserPool(scope, id, {
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
  });
}

function pipeline(scope: Construct, id = 'Pipeline'): codepipeline.CfnPipeline {
  return new codepipeline.CfnPipeline(scope, id, {
    roleArn: `arn:aws:iam::${ACCOUNT}:role/pipeline`,
    artifactStore: { type: 'S3', location: 'artifact-bucket' },
    stages: [
      { name: 'Source', actions: [{ name: 'Source', actionTypeId: { category: 'Source', owner: 'AWS', provider: 'S3', version: '1' }, configuration: { S3Bucket: 'b', S3ObjectKey: 'k' }, outputArtifacts: [{ name: 'src' }] }] },
      { name: 'Approve', actions: [{ name: 'Approve', actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' } }] },
    ],
  });
}

/** A stack with one of everything the Aspect looks for. */
function fullStack(app = new App()) {
  const stack = workloadStack(app);
  return { app, stack, vpc: vpc(stack), cluster: cluster(stack), pool: plusPool(stack), pipeline: pipeline(stack) };
}

type Resource = { Properties: Record<string, any> };

function resources(stack: Stack, type: string): Resource[] {
  return Object.values(Template.fromStack(stack).findResources(type)) as Resource[];
}

function ruleSources(stack: Stack): string[] {
  return resources(stack, 'AWS::Events::Rule').flatMap((r) => r.Properties.EventPattern.source ?? []);
}

/** Which sources the template shows, by a resource only that source makes. */
function present(stack: Stack): LibraryConstructName[] {
  const t = Template.fromStack(stack);
  const has = (type: string) => Object.keys(t.findResources(type)).length > 0;
  const sources = ruleSources(stack);
  const found: Array<[LibraryConstructName, boolean]> = [
    [C.AUDIT_TRAIL, has('AWS::CloudTrail::Trail')],
    [C.IDENTITY_EVENT_FORWARDING, has('AWS::DynamoDB::Table')],
    [C.COGNITO_USER_POOL_LOGGING, has('AWS::Cognito::LogDeliveryConfiguration')],
    [C.DNS_QUERY_LOGGING, has('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation')],
    [C.EKS_AUDIT_LOGGING, has('AWS::Logs::SubscriptionFilter')],
    [C.VPC_FLOW_LOGGING, has('AWS::EC2::FlowLog')],
    [C.COMPUTE_EVENT_FORWARDING, sources.includes('aws.ec2')],
    [C.SECURITY_FINDING_FORWARDING, sources.includes('aws.guardduty')],
    [C.PIPELINE_EVENT_FORWARDING, sources.includes('aws.codepipeline')],
  ];
  return found.filter(([, on]) => on).map(([name]) => name);
}

const HP_BASELINE = [C.AUDIT_TRAIL, C.IDENTITY_EVENT_FORWARDING, C.COGNITO_USER_POOL_LOGGING, C.DNS_QUERY_LOGGING, C.EKS_AUDIT_LOGGING, C.COMPUTE_EVENT_FORWARDING];
const HP_ENHANCED = [...HP_BASELINE, C.VPC_FLOW_LOGGING, C.SECURITY_FINDING_FORWARDING, C.PIPELINE_EVENT_FORWARDING];
const CA_BASELINE = [C.AUDIT_TRAIL, C.IDENTITY_EVENT_FORWARDING, C.COGNITO_USER_POOL_LOGGING];
const CA_ENHANCED = [...CA_BASELINE, C.PIPELINE_EVENT_FORWARDING];

describe('which sources apply', () => {
  test.each([
    [MaturityTier.BASELINE, LoggingProfile.HOSTING_PLATFORM, HP_BASELINE],
    [MaturityTier.ENHANCED, LoggingProfile.HOSTING_PLATFORM, HP_ENHANCED],
    [MaturityTier.BASELINE, LoggingProfile.CUSTOM_APPLICATION, CA_BASELINE],
    [MaturityTier.ENHANCED, LoggingProfile.CUSTOM_APPLICATION, CA_ENHANCED],
  ])('the catalogue asks for exactly these sources at %s for %s', (tier, profile, expected) => {
    // WHEN
    const sources = WorkloadLogCollection.sourcesFor(tier, profile);
    // THEN
    expect([...sources].sort()).toEqual([...expected].sort());
    expect(sources).not.toContain(C.LOG_ARCHIVE);
    expect(sources).not.toContain(C.LOG_PROTECTION_GUARDRAIL);
  });

  test.each([
    [MaturityTier.BASELINE, LoggingProfile.HOSTING_PLATFORM, HP_BASELINE],
    [MaturityTier.ENHANCED, LoggingProfile.HOSTING_PLATFORM, HP_ENHANCED],
    [MaturityTier.BASELINE, LoggingProfile.CUSTOM_APPLICATION, CA_BASELINE],
    [MaturityTier.ENHANCED, LoggingProfile.CUSTOM_APPLICATION, CA_ENHANCED],
  ])('a stack with a VPC, cluster, user pool and pipeline gets exactly those sources at %s for %s', (tier, profile, expected) => {
    // GIVEN
    const { stack } = fullStack();
    // WHEN
    const logs = collection(stack, { tier, profile });
    // THEN
    expect([...logs.enabledSources].sort()).toEqual([...expected].sort());
    expect(logs.requiredSources).toEqual(logs.enabledSources);
    expect(present(stack).sort()).toEqual([...expected].sort());
  });

  test('records the declared tier, profile and exposure', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    const logs = collection(stack, { tier: MaturityTier.BASELINE, profile: LoggingProfile.CUSTOM_APPLICATION, exposure: ServiceExposure.EXTERNAL });
    // THEN
    expect([logs.tier, logs.profile, logs.exposure]).toEqual([MaturityTier.BASELINE, LoggingProfile.CUSTOM_APPLICATION, ServiceExposure.EXTERNAL]);
  });
});

describe('what it creates at Enhanced for a hosting platform', () => {
  test('VPC: query logging association and a REJECT flow log to the central buckets', () => {
    // GIVEN
    const { stack, vpc: network } = fullStack();
    // WHEN
    collection(stack);
    // THEN
    const template = Template.fromStack(stack);
    const vpcRef = stack.resolve(network.vpcId);
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', { ResourceId: vpcRef });
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfig', { DestinationArn: 'arn:aws:s3:::seclog-dns-query-999999999999-eu-west-2' });
    template.hasResourceProperties('AWS::EC2::FlowLog', {
      ResourceId: vpcRef,
      ResourceType: 'VPC',
      TrafficType: 'REJECT',
      LogDestination: 'arn:aws:s3:::seclog-vpc-flow-999999999999-eu-west-2',
    });
  });

  test('account: the trail and the finding, compute and pipeline rules to the central bus', () => {
    // GIVEN
    const { stack } = fullStack();
    // WHEN
    collection(stack);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::CloudTrail::Trail', {
      S3BucketName: 'seclog-cloudtrail-999999999999-eu-west-2',
      IsMultiRegionTrail: true,
    });
    expect(ruleSources(stack)).toEqual(expect.arrayContaining(['aws.codepipeline', 'aws.codebuild', 'aws.cloudformation', 'aws.guardduty', 'aws.ec2']));
    const pipelineRule = resources(stack, 'AWS::Events::Rule').find((r) => (r.Properties.EventPattern.source ?? []).includes('aws.codepipeline'));
    expect(pipelineRule!.Properties.EventPattern.resources).toBeUndefined();
    expect(pipelineRule!.Properties.Targets[0].Arn).toBe(central.eventBusArn);
  });

  test('EKS: required log types, a retained log group and a subscription to the central destination', () => {
    // GIVEN
    const { stack } = fullStack();
    // WHEN
    collection(stack);
    // THEN
    const template = Template.fromStack(stack);
    const [eksCluster] = resources(stack, 'AWS::EKS::Cluster');
    expect(eksCluster.Properties.Logging.ClusterLogging.EnabledTypes.map((t: { Type: string }) => t.Type))
      .toEqual(expect.arrayContaining(['api', 'audit', 'authenticator']));
    template.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/eks/platform/cluster' });
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      DestinationArn: central.logDestinationArn('eu-west-2'),
    });
  });

  test('Cognito: one log delivery configuration for the Plus pool', () => {
    // GIVEN
    const { stack, pool } = fullStack();
    // WHEN
    collection(stack);
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Cognito::LogDeliveryConfiguration', 1);
    template.hasResourceProperties('AWS::Cognito::LogDeliveryConfiguration', {
      UserPoolId: stack.resolve(pool.userPoolId),
      LogConfigurations: Match.arrayWith([Match.objectLike({ EventSource: 'userAuthEvents' })]),
    });
  });

  test('account-level pieces are there at once; per-resource pieces fill in at synth', () => {
    // GIVEN
    const { stack } = fullStack();
    // WHEN
    const logs = collection(stack);
    // THEN
    expect(logs.auditTrail).toBeInstanceOf(AuditTrail);
    expect(logs.identityEvents?.directories).toEqual([UserDirectory.IAM_IDENTITY_CENTER, UserDirectory.COGNITO_USER_POOL]);
    expect(logs.securityFindings?.rules.length).toBeGreaterThan(0);
    expect(logs.computeEvents?.rules.length).toBeGreaterThan(0);
    expect(logs.pipelineEvents?.rules.length).toBeGreaterThan(0);
    expect([logs.dnsQueryLogging, logs.vpcFlowLogging, logs.eksAuditLogging.length, logs.cognitoLogging.length]).toEqual([undefined, undefined, 0, 0]);

    Template.fromStack(stack);

    expect(logs.dnsQueryLogging?.associations).toHaveLength(1);
    expect(logs.vpcFlowLogging?.flowLogs).toHaveLength(1);
    expect(logs.dnsQueryLoggingFor(stack)).toBe(logs.dnsQueryLogging);
    expect(logs.vpcFlowLoggingFor(stack)).toBe(logs.vpcFlowLogging);
    expect(logs.eksAuditLogging.map((e) => e.clusterName)).toEqual(['platform']);
    expect(logs.cognitoLogging).toHaveLength(1);
    expect(logs.dnsQueryLogging?.node.path).toBe('Workload/SecurityLogs/DnsQueryLogging');
  });

  test('works on an aws-eks-v2 Cluster with a clusterName', () => {
    // GIVEN
    const stack = workloadStack();
    new eksv2.Cluster(stack, 'Platform', {
      clusterName: 'platform-v2',
      version: eksv2.KubernetesVersion.V1_34,
      vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }),
    });
    // WHEN
    const logs = collection(stack);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/eks/platform-v2/cluster' });
    expect(logs.eksAuditLogging.map((e) => e.clusterName)).toEqual(['platform-v2']);
  });
});

describe('opt-outs', () => {
  const SOURCES: Array<[keyof WorkloadLogCollectionProps, LibraryConstructName]> = [
    ['auditTrail', C.AUDIT_TRAIL],
    ['identityEvents', C.IDENTITY_EVENT_FORWARDING],
    ['cognitoLogging', C.COGNITO_USER_POOL_LOGGING],
    ['dnsQueryLogging', C.DNS_QUERY_LOGGING],
    ['eksAuditLogging', C.EKS_AUDIT_LOGGING],
    ['flowLogs', C.VPC_FLOW_LOGGING],
    ['computeEvents', C.COMPUTE_EVENT_FORWARDING],
    ['securityFindings', C.SECURITY_FINDING_FORWARDING],
    ['pipelineEvents', C.PIPELINE_EVENT_FORWARDING],
  ];

  test.each(SOURCES)('%s: false removes exactly %s and notes the requirements it leaves unmet', (option, name) => {
    // GIVEN
    const { stack } = fullStack();
    const unmet = requirementsFor(MaturityTier.ENHANCED, LoggingProfile.HOSTING_PLATFORM)
      .filter((r) => (r.implementedBy ?? []).includes(name)).map((r) => r.id);
    // WHEN
    const logs = collection(stack, { [option]: false });
    // THEN
    expect(present(stack).sort()).toEqual(HP_ENHANCED.filter((n) => n !== name).sort());
    expect(logs.enabledSources).not.toContain(name);
    expect(unmet.length).toBeGreaterThan(0);
    Annotations.fromStack(stack).hasInfo(PATH,
      Match.stringLikeRegexp(`${option}: false turns off ${name}, which the requirement catalogue lists for ${unmet.join(', ')} `));
  });

  test('the trail note names the organisation trail as the alternative', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    collection(stack, { auditTrail: false, tier: MaturityTier.BASELINE, profile: LoggingProfile.CUSTOM_APPLICATION });
    // THEN
    Annotations.fromStack(stack).hasInfo(PATH, Match.stringLikeRegexp('AuditTrail, which the requirement catalogue lists for CA-B1 .*organisation trail'));
    Annotations.fromStack(stack).hasNoWarning(PATH, Match.anyValue());
  });

  test('turning on a source beyond the tier is allowed: flow logs at Baseline record ALL traffic, with no note', () => {
    // GIVEN
    const { stack } = fullStack();
    // WHEN
    const logs = collection(stack, { tier: MaturityTier.BASELINE, flowLogs: true });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
    expect(logs.enabledSources).toContain(C.VPC_FLOW_LOGGING);
    expect(logs.requiredSources).not.toContain(C.VPC_FLOW_LOGGING);
    Annotations.fromStack(stack).hasNoInfo(PATH, Match.stringLikeRegexp('turns off'));
  });

  test('turning off a source the tier does not ask for leaves no note', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    collection(stack, { tier: MaturityTier.BASELINE, flowLogs: false });
    // THEN
    Annotations.fromStack(stack).hasNoInfo(PATH, Match.stringLikeRegexp('turns off'));
  });

  test('flowLogTrafficType ALL is passed to the flow logs', () => {
    // GIVEN
    const { stack } = fullStack();
    // WHEN
    collection(stack, { flowLogTrafficType: ec2.FlowLogTrafficType.ALL });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL' });
  });

  test('resolverQueryLogConfigId uses the central shared configuration instead of a local one', () => {
    // GIVEN
    const { stack } = fullStack();
    // WHEN
    collection(stack, { resolverQueryLogConfigId: 'rqlc-1111222233334444' });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfig', 0);
    template.hasResourceProperties('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', { ResolverQueryLogConfigId: 'rqlc-1111222233334444' });
  });
});

describe('the Aspect', () => {
  test('exclude skips a VPC and keeps the others', () => {
    // GIVEN
    const stack = workloadStack();
    const kept = vpc(stack, 'Kept');
    const skipped = vpc(stack, 'Skipped');
    // WHEN
    collection(stack, { exclude: [skipped] });
    // THEN
    const associations = resources(stack, 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation');
    const flowLogs = resources(stack, 'AWS::EC2::FlowLog');
    expect(associations.map((a) => a.Properties.ResourceId)).toEqual([stack.resolve(kept.vpcId)]);
    expect(flowLogs.map((f) => f.Properties.ResourceId)).toEqual([stack.resolve(kept.vpcId)]);
  });

  test('exclude of an L1 cluster and a user pool skips them', () => {
    // GIVEN
    const { stack, cluster: eksCluster, pool } = fullStack();
    // WHEN
    const logs = collection(stack, { exclude: [eksCluster, pool] });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Logs::SubscriptionFilter', 0);
    template.resourceCountIs('AWS::Cognito::LogDeliveryConfiguration', 0);
    expect([logs.eksAuditLogging.length, logs.cognitoLogging.length]).toEqual([0, 0]);
  });

  test('a VPC in a nested stack gets its flow log and query logging in that nested stack', () => {
    // GIVEN
    const stack = workloadStack();
    const nested = new NestedStack(stack, 'Network');
    const network = vpc(nested);
    // WHEN
    const logs = collection(stack);
    // THEN
    const nestedTemplate = Template.fromStack(nested);
    nestedTemplate.hasResourceProperties('AWS::EC2::FlowLog', { ResourceId: nested.resolve(network.vpcId), TrafficType: 'REJECT' });
    nestedTemplate.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', 1);
    const parent = Template.fromStack(stack);
    parent.resourceCountIs('AWS::EC2::FlowLog', 0);
    parent.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', 0);
    expect(logs.vpcFlowLoggingFor(nested)?.node.path).toBe('Workload/Network/SecurityLogs/VpcFlowLogging');
    expect(logs.vpcFlowLogging).toBeUndefined();
  });

  test('a cluster and user pool in a nested stack get their logging in that nested stack', () => {
    // GIVEN
    const stack = workloadStack();
    const nested = new NestedStack(stack, 'Platform');
    cluster(nested);
    plusPool(nested);
    // WHEN
    collection(stack);
    // THEN
    const nestedTemplate = Template.fromStack(nested);
    nestedTemplate.resourceCountIs('AWS::Logs::SubscriptionFilter', 1);
    nestedTemplate.resourceCountIs('AWS::Cognito::LogDeliveryConfiguration', 1);
    Template.fromStack(stack).resourceCountIs('AWS::Logs::SubscriptionFilter', 0);
  });

  test('a separate stack under this one in the tree is out of scope', () => {
    // GIVEN
    const stack = workloadStack();
    const child = new Stack(stack, 'Separate', { env: { account: ACCOUNT, region: 'eu-west-2' } });
    vpc(child);
    // WHEN
    collection(stack);
    // THEN
    Template.fromStack(child).resourceCountIs('AWS::EC2::FlowLog', 0);
    Template.fromStack(stack).resourceCountIs('AWS::EC2::FlowLog', 0);
  });

  test('an imported VPC is not touched', () => {
    // GIVEN
    const stack = workloadStack();
    ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-2a'] });
    // WHEN
    const logs = collection(stack);
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 0);
    template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', 0);
    expect(logs.dnsQueryLogging).toBeUndefined();
  });

  test('a bare CfnVPC is logged by its id', () => {
    // GIVEN
    const stack = workloadStack();
    const l1 = new ec2.CfnVPC(stack, 'L1Vpc', { cidrBlock: '10.1.0.0/16' });
    // WHEN
    collection(stack);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', { ResourceId: stack.resolve(l1.ref) });
  });

  test('synthesising twice does not duplicate anything', () => {
    // GIVEN
    const { app, stack } = fullStack();
    collection(stack);
    // WHEN
    app.synth();
    app.synth({ force: true });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', 1);
    template.resourceCountIs('AWS::Cognito::LogDeliveryConfiguration', 1);
    template.resourceCountIs('AWS::Logs::SubscriptionFilter', 1);
    template.resourceCountIs('AWS::CloudTrail::Trail', 1);
  });

  test('resources that already have their logging are left as they are, with a note', () => {
    // GIVEN
    const { stack, vpc: network, cluster: eksCluster, pool } = fullStack();
    new DnsQueryLogging(stack, 'OwnDns', { central, vpcs: [network] });
    new ec2.FlowLog(stack, 'OwnFlowLog', { resourceType: ec2.FlowLogResourceType.fromVpc(network) });
    new EksAuditLogging(stack, 'OwnEks', { cluster: eksCluster, central, exposure: ServiceExposure.INTERNAL });
    new CognitoUserPoolLogging(stack, 'OwnPool', { userPool: pool, central, exposure: ServiceExposure.INTERNAL });
    // WHEN
    const logs = collection(stack);
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', 1);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.resourceCountIs('AWS::Logs::SubscriptionFilter', 1);
    template.resourceCountIs('AWS::Cognito::LogDeliveryConfiguration', 1);
    expect([logs.dnsQueryLogging, logs.vpcFlowLogging, logs.eksAuditLogging.length, logs.cognitoLogging.length]).toEqual([undefined, undefined, 0, 0]);
    Annotations.fromStack(stack).hasInfo(PATH, Match.stringLikeRegexp('Workload/Vpc/Resource already has a flow log .*Workload/OwnFlowLog'));
    Annotations.fromStack(stack).hasInfo(PATH, Match.stringLikeRegexp('Workload/Cluster already has an EksAuditLogging .*Workload/OwnEks'));
  });

  test('never acts on resources inside this library\'s own constructs', () => {
    // GIVEN a VPC (oddly) placed inside a source construct of the library
    const stack = workloadStack();
    const own = new DnsQueryLogging(stack, 'OwnDns', { central, resolverQueryLogConfigId: 'rqlc-1111222233334444' });
    own.addVpc(vpc(own, 'Inner'));
    // WHEN
    collection(stack);
    // THEN only the library construct's own association exists, and no flow log
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', 1);
    template.resourceCountIs('AWS::EC2::FlowLog', 0);
  });

  test('an aws-eks (v1) cluster gets a warning naming HP-B6', () => {
    // GIVEN
    const stack = workloadStack();
    new CfnResource(stack, 'V1Cluster', { type: 'Custom::AWSCDK-EKS-Cluster' });
    // WHEN
    collection(stack);
    // THEN
    Annotations.fromStack(stack).hasWarning(PATH, Match.stringLikeRegexp('Workload/V1Cluster is an aws-eks \\(v1\\) Cluster.*HP-B6'));
  });

  test('pipelines in scope: the CodePipeline rule matches only the pipelines found', () => {
    // GIVEN
    const { stack, pipeline: release } = fullStack();
    // WHEN
    const logs = collection(stack, { pipelineEventScope: PipelineEventScope.PIPELINES_IN_SCOPE });
    // THEN
    expect(logs.pipelineEvents).toBeUndefined();
    const rule = resources(stack, 'AWS::Events::Rule').find((r) => (r.Properties.EventPattern.source ?? []).includes('aws.codepipeline'));
    expect(JSON.stringify(rule!.Properties.EventPattern.resources)).toContain(`"Ref":"${stack.getLogicalId(release)}"`);
    expect(logs.pipelineEvents).toBeDefined();
  });

  test('pipelines in scope: a pipeline in a nested stack is matched by its ARN, an excluded one is not', () => {
    // GIVEN
    const stack = workloadStack();
    const nested = new NestedStack(stack, 'Delivery');
    pipeline(nested, 'Release');
    const skipped = pipeline(nested, 'Experiment');
    // WHEN
    collection(stack, { pipelineEventScope: PipelineEventScope.PIPELINES_IN_SCOPE, exclude: [skipped] });
    // THEN
    const rule = resources(stack, 'AWS::Events::Rule').find((r) => (r.Properties.EventPattern.source ?? []).includes('aws.codepipeline'));
    const arns = JSON.stringify(rule!.Properties.EventPattern.resources);
    expect(rule!.Properties.EventPattern.resources).toHaveLength(1);
    expect(arns).toMatch(/Outputs\.WorkloadDeliveryRelease[0-9A-F]{8}Ref/);
    expect(arns).not.toContain('Experiment');
  });

  test('what it creates at synth is seen by Aspects that run after it, such as tags, and raises no warning', () => {
    // GIVEN
    const { app, stack } = fullStack();
    collection(stack);
    // WHEN
    Tags.of(app).add('team', 'platform');
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::FlowLog', { Tags: [{ Key: 'team', Value: 'platform' }] });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::SubscriptionFilter', Match.anyValue());
    Annotations.fromStack(stack).hasNoWarning('*', Match.anyValue());
  });

  test('an unused exclude entry gets a warning', () => {
    // GIVEN
    const stack = workloadStack();
    const other = new Construct(stack, 'NothingHere');
    // WHEN
    collection(stack, { exclude: [other] });
    // THEN
    Annotations.fromStack(stack).hasWarning(PATH, Match.stringLikeRegexp("exclude\\[0\\] \\('Workload/NothingHere'\\) holds no VPC"));
  });
});

describe('identity directories', () => {
  test('in us-east-1 every directory is forwarded', () => {
    // GIVEN
    const stack = workloadStack(new App(), 'Workload', 'us-east-1');
    // WHEN
    const logs = collection(stack);
    // THEN
    expect(logs.identityEvents?.directories).toEqual([UserDirectory.IAM, UserDirectory.IAM_IDENTITY_CENTER, UserDirectory.COGNITO_USER_POOL]);
  });

  test('elsewhere IAM is left out, with a note saying to cover it in us-east-1', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    collection(stack);
    // THEN
    Annotations.fromStack(stack).hasInfo(PATH, Match.stringLikeRegexp('this stack is in eu-west-2.*in us-east-1 for this account'));
  });

  test('identityDirectories and allowNonUsEast1 are passed through', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    const logs = collection(stack, { identityDirectories: [UserDirectory.IAM], allowNonUsEast1: true });
    // THEN
    expect(logs.identityEvents?.directories).toEqual([UserDirectory.IAM]);
    Annotations.fromStack(stack).hasWarning('/Workload/SecurityLogs/IdentityEvents', Match.stringLikeRegexp('allowNonUsEast1 is set'));
  });
});

describe('more than one collection', () => {
  test('a second stack in the same account and region reuses the account-level sources', () => {
    // GIVEN
    const app = new App();
    const first = collection(workloadStack(app, 'Network'));
    const secondStack = workloadStack(app, 'Apps');
    vpc(secondStack);
    // WHEN
    const second = collection(secondStack);
    // THEN
    expect(second.auditTrail).toBe(first.auditTrail);
    expect(second.securityFindings).toBe(first.securityFindings);
    expect(second.pipelineEvents).toBe(first.pipelineEvents);
    const template = Template.fromStack(secondStack);
    template.resourceCountIs('AWS::CloudTrail::Trail', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
    Annotations.fromStack(secondStack).hasInfo('/Apps/SecurityLogs', Match.stringLikeRegexp("auditTrail: reuses AuditTrail 'Network/SecurityLogs/AuditTrail'"));
  });

  test('a stack in another region of the same account reuses the trail only', () => {
    // GIVEN
    const app = new App();
    const first = collection(workloadStack(app, 'London'));
    // WHEN
    const second = collection(workloadStack(app, 'Ireland', 'eu-west-1'));
    // THEN
    expect(second.auditTrail).toBe(first.auditTrail);
    expect(second.computeEvents).not.toBe(first.computeEvents);
    expect(second.computeEvents).toBeDefined();
  });

  test('a collection in a nested stack of a stack that has one is reported', () => {
    // GIVEN
    const stack = workloadStack();
    collection(stack);
    const nested = new NestedStack(stack, 'Network');
    vpc(nested);
    // WHEN
    collection(nested, { auditTrail: false, identityEvents: false, computeEvents: false, securityFindings: false, pipelineEvents: false }, 'InnerLogs');
    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/Workload\/Network\/Vpc\/Resource is in the scope of WorkloadLogCollection 'Workload\/Network\/InnerLogs' and of 'Workload\/SecurityLogs'/);
  });

  test('an AuditTrail of the app for the same account is reported', () => {
    // GIVEN
    const stack = workloadStack();
    new AuditTrail(stack, 'OwnTrail', { central, trailName: 'own-trail' });
    // WHEN
    collection(stack);
    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/AuditTrail 'Workload\/OwnTrail' also records account 111111111111.*set auditTrail: false/);
  });
});

describe('bad input', () => {
  test('a second collection in one stack', () => {
    // GIVEN
    const stack = workloadStack();
    collection(stack);
    // WHEN / THEN
    expect(() => collection(stack, {}, 'More')).toThrow(/Stack 'Workload' already has WorkloadLogCollection 'Workload\/SecurityLogs'/);
  });

  test('an exclude entry outside the scope', () => {
    // GIVEN
    const app = new App();
    const other = workloadStack(app, 'Other');
    const outside = vpc(other);
    // WHEN / THEN
    expect(() => collection(workloadStack(app), { exclude: [outside] }))
      .toThrow(/exclude\[0\] \('Other\/Vpc'\) is in stack 'Other', outside the scope of WorkloadLogCollection 'Workload\/SecurityLogs'/);
  });

  test('the stack itself in exclude', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN / THEN
    expect(() => collection(stack, { exclude: [stack] })).toThrow(/exclude\[0\] is stack 'Workload' itself/);
  });

  test('an option for a source that is off', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN / THEN
    expect(() => collection(stack, { tier: MaturityTier.BASELINE, flowLogTrafficType: ec2.FlowLogTrafficType.ALL }))
      .toThrow(/flowLogTrafficType only applies to VpcFlowLogging, which is off here \(BASELINE, HOSTING_PLATFORM\).*flowLogs: true/);
  });

  test('ACCEPT flow logs', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN / THEN
    expect(() => collection(stack, { flowLogTrafficType: ec2.FlowLogTrafficType.ACCEPT })).toThrow(/flowLogTrafficType 'ACCEPT' is not allowed/);
  });

  test('a malformed query logging configuration id', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN / THEN
    expect(() => collection(stack, { resolverQueryLogConfigId: 'config-1' })).toThrow(/resolverQueryLogConfigId 'config-1' is not a Resolver query logging configuration id/);
  });

  test('an unknown tier', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN / THEN
    expect(() => collection(stack, { tier: 'GOLD' as MaturityTier })).toThrow(/Unknown maturity tier 'GOLD'/);
  });

  test('an unknown exposure', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN / THEN
    expect(() => collection(stack, { exposure: 'PUBLIC' as ServiceExposure })).toThrow(/exposure 'PUBLIC' is not a service exposure/);
  });

  test('an opt-out that is not a boolean', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN / THEN
    expect(() => collection(stack, { flowLogs: 'no' as unknown as boolean })).toThrow(/flowLogs must be true or false, got 'no'/);
  });

  test('a retention below the exposure minimum', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN / THEN
    expect(() => collection(stack, { retentionDays: 30 })).toThrow(/retentionDays of 30 days is below the 400-day minimum for INTERNAL services/);
  });

  test('trail options while reusing another collection\'s trail', () => {
    // GIVEN
    const app = new App();
    collection(workloadStack(app, 'First'));
    // WHEN / THEN
    expect(() => collection(workloadStack(app, 'Second'), { trailName: 'second-trail' }))
      .toThrow(/trailName applies only to the AuditTrail this WorkloadLogCollection would create, but it reuses 'First\/SecurityLogs\/AuditTrail'.*set trailName there, or set auditTrail: false here/);
  });

  test('a cluster without a name fails synth, naming the cluster and the fixes', () => {
    // GIVEN
    const stack = workloadStack();
    cluster(stack, { name: undefined });
    collection(stack);
    // WHEN / THEN
    expect(() => Template.fromStack(stack)).toThrow(/EKS cluster Workload\/Cluster has no name.*set clusterName.*exclude.*eksAuditLogging: false/);
  });

  test('a user pool not on the Plus plan fails synth with the fix', () => {
    // GIVEN
    const stack = workloadStack();
    new cognito.UserPool(stack, 'Pool');
    collection(stack);
    // WHEN / THEN
    expect(() => Template.fromStack(stack)).toThrow(/Workload\/Pool\/Resource' is on the default \(ESSENTIALS\) feature plan/);
  });

  test('pipelines in scope with no pipeline fails synth', () => {
    // GIVEN
    const stack = workloadStack();
    collection(stack, { pipelineEventScope: PipelineEventScope.PIPELINES_IN_SCOPE });
    // WHEN / THEN
    expect(() => Template.fromStack(stack)).toThrow(/pipelineEventScope is PIPELINES_IN_SCOPE, but stack 'Workload' and its nested stacks hold no CodePipeline pipeline/);
  });

  test('the trail needs the central archive key', () => {
    // GIVEN
    const stack = workloadStack();
    const noKey = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });
    // WHEN / THEN
    expect(() => collection(stack, { central: noKey })).toThrow(/CentralLogTargets has no archiveKeyArn/);
  });
});

describe('checks()', () => {
  beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  test('registers a pack for the stack at the collection\'s tier, profile and exposure, once', () => {
    // GIVEN
    const stack = workloadStack();
    const logs = collection(stack);
    // WHEN
    const pack = logs.checks();
    // THEN
    expect(logs.checks()).toBe(pack);
    expect([pack.tier, pack.profile, pack.exposure]).toEqual([MaturityTier.ENHANCED, LoggingProfile.HOSTING_PLATFORM, ServiceExposure.INTERNAL]);
    expect(pack.ruleIds).toContain('LogCollection-HP-E1');
  });

  test('fails synth when a VPC the collection was told to skip has no flow log', () => {
    // GIVEN a VPC excluded from the collection at the Enhanced tier
    const app = new App();
    const stack = workloadStack(app);
    const skipped = vpc(stack);
    collection(stack, { exclude: [skipped] }).checks();
    // WHEN / THEN the pack reports it
    expect(() => app.synth()).toThrow(/VPC Workload\/Vpc\/Resource has no VPC flow log/);
  });
});
