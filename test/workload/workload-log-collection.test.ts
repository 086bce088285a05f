import { App, CfnResource, NestedStack, Stack, Tags } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as eks from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../../lib/central/targets';
import { CheckCompliance } from '../../lib/checks';
import { requirementsFor } from '../../lib/requirements/catalogue';
import { LibraryConstructName } from '../../lib/workload/source-names';
import { LoggingProfile, MaturityTier, ServiceExposure, UserDirectory } from '../../lib/requirements/types';
import { ApiAccessLogging, ApiGatewayApiType } from '../../lib/sources/services/api-access-logging';
import { AuditTrail } from '../../lib/sources/services/audit-trail';
import { ClientVpnConnectionLogging } from '../../lib/sources/network/client-vpn-connection-logging';
import { CognitoUserPoolLogging } from '../../lib/sources/identity/cognito-user-pool-logging';
import { DnsQueryLogging } from '../../lib/sources/network/dns-query-logging';
import { EksAuditLogging } from '../../lib/sources/services/eks-audit-logging';
import { NetworkInventoryExport } from '../../lib/sources/network/network-inventory-export';
import { WorkloadLogCollection } from '../../lib/workload/workload-log-collection';
import { PipelineEventScope, WorkloadLogCollectionProps } from '../../lib/workload/workload-log-collection-props';
import { implementersOf } from '../../lib/checks/implementations';

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

function restApi(scope: Construct, id = 'Api', props: apigateway.RestApiProps = {}): apigateway.RestApi {
  const api = new apigateway.RestApi(scope, id, props);
  api.root.addMethod('GET');
  return api;
}

/** An ec2.ClientVpnEndpoint with mutual authentication and the L2's default logging (its own, unencrypted log group). */
function vpnEndpoint(network: ec2.Vpc, id = 'Vpn', props: Partial<ec2.ClientVpnEndpointOptions> = {}): ec2.ClientVpnEndpoint {
  return network.addClientVpnEndpoint(id, {
    cidr: '10.100.0.0/16',
    serverCertificateArn: `arn:aws:acm:eu-west-2:${ACCOUNT}:certificate/server`,
    clientCertificateArn: `arn:aws:acm:eu-west-2:${ACCOUNT}:certificate/client`,
    ...props,
  });
}

/** A stack with one of everything the Aspect looks for. */
function fullStack(app = new App()) {
  const stack = workloadStack(app);
  const network = vpc(stack);
  return {
    app, stack, vpc: network, cluster: cluster(stack), pool: plusPool(stack), pipeline: pipeline(stack),
    restApi: restApi(stack), httpApi: new apigatewayv2.HttpApi(stack, 'Http'), vpn: vpnEndpoint(network),
  };
}

type Resource = { Properties: Record<string, any> };

function resources(stack: Stack, type: string): Resource[] {
  return Object.values(Template.fromStack(stack).findResources(type)) as Resource[];
}

function ruleSources(stack: Stack): string[] {
  return resources(stack, 'AWS::Events::Rule').flatMap((r) => r.Properties.EventPattern?.source ?? []);
}

/** Log group names of a stack's template that start with a prefix. */
function logGroupNames(stack: Stack, prefix: string): string[] {
  return resources(stack, 'AWS::Logs::LogGroup').map((r) => r.Properties.LogGroupName)
    .filter((n): n is string => typeof n === 'string' && n.startsWith(prefix));
}

/** The network inventory exporter functions of a stack's template. */
function inventoryExporters(stack: Stack): Resource[] {
  return resources(stack, 'AWS::Lambda::Function').filter((f) => /private hosted zones/.test(f.Properties.Description ?? ''));
}

/** Which sources the template shows, by a resource only that source makes. */
function present(stack: Stack): LibraryConstructName[] {
  const t = Template.fromStack(stack);
  const has = (type: string) => Object.keys(t.findResources(type)).length > 0;
  const sources = ruleSources(stack);
  const found: Array<[LibraryConstructName, boolean]> = [
    [C.AUDIT_TRAIL, has('AWS::CloudTrail::Trail')],
    [C.IDENTITY_EVENT_FORWARDING, resources(stack, 'AWS::Events::Rule').some((r) => /user-directory events/.test(r.Properties.Description ?? ''))],
    [C.COGNITO_USER_POOL_LOGGING, has('AWS::Cognito::LogDeliveryConfiguration')],
    [C.DNS_QUERY_LOGGING, has('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation')],
    [C.EKS_AUDIT_LOGGING, logGroupNames(stack, '/aws/eks/').length > 0],
    [C.VPC_FLOW_LOGGING, has('AWS::EC2::FlowLog')],
    [C.COMPUTE_EVENT_FORWARDING, sources.includes('aws.ec2')],
    [C.SECURITY_FINDING_FORWARDING, sources.includes('aws.guardduty')],
    [C.PIPELINE_EVENT_FORWARDING, sources.includes('aws.codepipeline')],
    [C.API_ACCESS_LOGGING, logGroupNames(stack, '/aws/apigateway/access-logs/').length > 0],
    [C.CLIENT_VPN_CONNECTION_LOGGING, logGroupNames(stack, '/aws/clientvpn/').length > 0],
    [C.NETWORK_INVENTORY_EXPORT, inventoryExporters(stack).length > 0],
    [C.ORCHESTRATOR_EVENT_FORWARDING, sources.includes('aws.ecs')],
  ];
  return found.filter(([, on]) => on).map(([name]) => name);
}

// The sources whose class declares a requirement of requirementsFor(tier, profile), in LibraryConstructName order.
const HP_BASELINE = [
  C.AUDIT_TRAIL, C.IDENTITY_EVENT_FORWARDING, C.COGNITO_USER_POOL_LOGGING, C.DNS_QUERY_LOGGING, C.EKS_AUDIT_LOGGING,
  C.COMPUTE_EVENT_FORWARDING, C.ORCHESTRATOR_EVENT_FORWARDING,
];
const HP_ENHANCED = [
  C.AUDIT_TRAIL, C.IDENTITY_EVENT_FORWARDING, C.COGNITO_USER_POOL_LOGGING, C.DNS_QUERY_LOGGING, C.EKS_AUDIT_LOGGING,
  C.VPC_FLOW_LOGGING, C.COMPUTE_EVENT_FORWARDING, C.SECURITY_FINDING_FORWARDING, C.PIPELINE_EVENT_FORWARDING,
  C.CLIENT_VPN_CONNECTION_LOGGING, C.NETWORK_INVENTORY_EXPORT, C.ORCHESTRATOR_EVENT_FORWARDING,
];
const CA_BASELINE = [C.AUDIT_TRAIL, C.IDENTITY_EVENT_FORWARDING, C.COGNITO_USER_POOL_LOGGING, C.API_ACCESS_LOGGING];
const CA_ENHANCED = [C.AUDIT_TRAIL, C.IDENTITY_EVENT_FORWARDING, C.COGNITO_USER_POOL_LOGGING, C.PIPELINE_EVENT_FORWARDING, C.API_ACCESS_LOGGING];

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
    expect(sources).toEqual(expected);
    expect(sources).not.toContain(C.LOG_ARCHIVE);
    expect(sources).not.toContain(C.LOG_PROTECTION_GUARDRAIL);
  });

  test.each([
    [MaturityTier.BASELINE, LoggingProfile.HOSTING_PLATFORM, HP_BASELINE],
    [MaturityTier.ENHANCED, LoggingProfile.HOSTING_PLATFORM, HP_ENHANCED],
    [MaturityTier.BASELINE, LoggingProfile.CUSTOM_APPLICATION, CA_BASELINE],
    [MaturityTier.ENHANCED, LoggingProfile.CUSTOM_APPLICATION, CA_ENHANCED],
  ])('a stack with a VPC, cluster, user pool, pipeline, API stages and Client VPN endpoint gets exactly those sources at %s for %s', (tier, profile, expected) => {
    // GIVEN
    const { stack } = fullStack();
    // WHEN
    const logs = collection(stack, { tier, profile });
    // THEN
    expect(logs.enabledSources).toEqual(expected);
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
    const pipelineRule = resources(stack, 'AWS::Events::Rule').find((r) => (r.Properties.EventPattern?.source ?? []).includes('aws.codepipeline'));
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
    expect(logs.orchestratorEvents?.rules.length).toBeGreaterThan(0);
    expect(logs.pipelineEvents?.rules.length).toBeGreaterThan(0);
    expect(logs.networkInventory).toBeInstanceOf(NetworkInventoryExport);
    expect([logs.dnsQueryLogging, logs.vpcFlowLogging, logs.eksAuditLogging.length, logs.cognitoLogging.length, logs.clientVpnLogging.length])
      .toEqual([undefined, undefined, 0, 0, 0]);

    Template.fromStack(stack);

    expect(logs.dnsQueryLogging?.associations).toHaveLength(1);
    expect(logs.vpcFlowLogging?.flowLogs).toHaveLength(1);
    expect(logs.dnsQueryLoggingFor(stack)).toBe(logs.dnsQueryLogging);
    expect(logs.vpcFlowLoggingFor(stack)).toBe(logs.vpcFlowLogging);
    expect(logs.eksAuditLogging.map((e) => e.clusterName)).toEqual(['platform']);
    expect(logs.cognitoLogging).toHaveLength(1);
    expect(logs.clientVpnLogging).toHaveLength(1);
    expect(logs.apiAccessLogging).toEqual([]);
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
    ['clientVpnLogging', C.CLIENT_VPN_CONNECTION_LOGGING],
    ['networkInventory', C.NETWORK_INVENTORY_EXPORT],
    ['orchestratorEvents', C.ORCHESTRATOR_EVENT_FORWARDING],
  ];

  test.each(SOURCES)('%s: false removes exactly %s and notes the requirements it leaves unmet', (option, name) => {
    // GIVEN
    const { stack } = fullStack();
    const unmet = requirementsFor(MaturityTier.ENHANCED, LoggingProfile.HOSTING_PLATFORM)
      .filter((r) => implementersOf(r.id).includes(name)).map((r) => r.id);
    // WHEN
    const logs = collection(stack, { [option]: false });
    // THEN
    expect(present(stack).sort()).toEqual(HP_ENHANCED.filter((n) => n !== name).sort());
    expect(logs.enabledSources).not.toContain(name);
    expect(unmet.length).toBeGreaterThan(0);
    Annotations.fromStack(stack).hasInfo(PATH,
      Match.stringLikeRegexp(`${option}: false turns off ${name}, which the requirement catalogue lists for ${unmet.join(', ')} `));
  });

  test('apiAccessLogging: false at Baseline for a custom application leaves the stages alone and notes CA-B2, CA-B3', () => {
    // GIVEN
    const { stack } = fullStack();
    // WHEN
    const logs = collection(stack, { tier: MaturityTier.BASELINE, profile: LoggingProfile.CUSTOM_APPLICATION, apiAccessLogging: false });
    // THEN
    expect(present(stack).sort()).toEqual(CA_BASELINE.filter((n) => n !== C.API_ACCESS_LOGGING).sort());
    expect(logs.apiAccessLogging).toEqual([]);
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: Match.absent() });
    Annotations.fromStack(stack).hasInfo(PATH, Match.stringLikeRegexp(
      'apiAccessLogging: false turns off ApiAccessLogging, which the requirement catalogue lists for CA-B2, CA-B3 \\(BASELINE, CUSTOM_APPLICATION\\)'));
  });

  test('turning Client VPN logging on below Enhanced logs the endpoint, with no note', () => {
    // GIVEN
    const { stack } = fullStack();
    // WHEN
    const logs = collection(stack, { tier: MaturityTier.BASELINE, clientVpnLogging: true });
    // THEN
    expect(logs.requiredSources).not.toContain(C.CLIENT_VPN_CONNECTION_LOGGING);
    expect(logGroupNames(stack, '/aws/clientvpn/')).toHaveLength(1);
    expect(logs.clientVpnLogging).toHaveLength(1);
    Annotations.fromStack(stack).hasNoInfo(PATH, Match.stringLikeRegexp('turns off'));
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
    expect(logGroupNames(stack, '/aws/eks/')).toEqual([]);
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
    const logs = collection(stack, { apiAccessLogging: true });
    // WHEN
    app.synth();
    app.synth({ force: true });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::FlowLog', 1);
    template.resourceCountIs('AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', 1);
    template.resourceCountIs('AWS::Cognito::LogDeliveryConfiguration', 1);
    // EKS, Client VPN, REST stage, HTTP stage
    template.resourceCountIs('AWS::Logs::SubscriptionFilter', 4);
    template.resourceCountIs('AWS::CloudTrail::Trail', 1);
    expect(inventoryExporters(stack)).toHaveLength(1);
    expect([logs.apiAccessLogging.length, logs.clientVpnLogging.length]).toEqual([2, 1]);
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
    expect(logGroupNames(stack, '/aws/eks/')).toHaveLength(1);
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
    const rule = resources(stack, 'AWS::Events::Rule').find((r) => (r.Properties.EventPattern?.source ?? []).includes('aws.codepipeline'));
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
    const rule = resources(stack, 'AWS::Events::Rule').find((r) => (r.Properties.EventPattern?.source ?? []).includes('aws.codepipeline'));
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

describe('API stages, Client VPN endpoints and the network inventory', () => {
  const CA_BASELINE_EXTERNAL = { tier: MaturityTier.BASELINE, profile: LoggingProfile.CUSTOM_APPLICATION, exposure: ServiceExposure.EXTERNAL };
  const noKey = CentralLogTargets.fromAttributes({ accountId: '999999999999', region: 'eu-west-2' });

  test('a REST API stage and an HTTP API stage both get access logs to the central destination at Baseline for a custom application', () => {
    // GIVEN
    const stack = workloadStack();
    restApi(stack);
    new apigatewayv2.HttpApi(stack, 'Http');
    // WHEN
    const logs = collection(stack, { ...CA_BASELINE_EXTERNAL, retentionDays: 180 });
    // THEN
    const template = Template.fromStack(stack);
    expect(logs.apiAccessLogging.map((a) => a.apiType).sort()).toEqual([ApiGatewayApiType.HTTP_API, ApiGatewayApiType.REST_API]);
    const rest = logs.apiAccessLogging.find((a) => a.apiType === ApiGatewayApiType.REST_API)!;
    const http = logs.apiAccessLogging.find((a) => a.apiType === ApiGatewayApiType.HTTP_API)!;
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      AccessLogSetting: { DestinationArn: stack.resolve(rest.logGroup.logGroupArn), Format: rest.accessLogFormat },
    });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AccessLogSettings: { DestinationArn: stack.resolve(http.logGroup.logGroupArn), Format: http.accessLogFormat },
    });
    expect(rest.variables).toContain('$context.requestLength');
    template.resourcePropertiesCountIs('AWS::Logs::SubscriptionFilter', { DestinationArn: central.logDestinationArn('eu-west-2') }, 2);
    template.resourcePropertiesCountIs('AWS::Logs::LogGroup',
      { LogGroupName: Match.stringLikeRegexp('^/aws/apigateway/access-logs/'), RetentionInDays: 180 }, 2);
    expect(logs.apiAccessLogging.map((a) => a.node.path)).toEqual([
      expect.stringMatching(/^Workload\/SecurityLogs\/ApiAccessLogging-/), expect.stringMatching(/^Workload\/SecurityLogs\/ApiAccessLogging-/),
    ]);
    Annotations.fromStack(stack).hasNoInfo(PATH, Match.stringLikeRegexp('AWS::ApiGateway::Account'));
  });

  test('a REST API stage in an app without the account\'s API Gateway CloudWatch role gets a note that the deployment needs it', () => {
    // GIVEN
    const stack = workloadStack();
    restApi(stack, 'Api', { cloudWatchRole: false });
    // WHEN
    const logs = collection(stack, CA_BASELINE_EXTERNAL);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: Match.objectLike({ Format: Match.anyValue() }) });
    expect(logs.apiAccessLogging).toHaveLength(1);
    Annotations.fromStack(stack).hasInfo(PATH, Match.stringLikeRegexp(
      'REST API stages \\(such as Workload/Api/DeploymentStage.prod/Resource\\).*no AWS::ApiGateway::Account for account 111111111111 in eu-west-2.*cloudWatchRole: true'));
  });

  test('a Client VPN endpoint gets connection logging to the central destination at Enhanced for a hosting platform, replacing the L2\'s own log group', () => {
    // GIVEN
    const stack = workloadStack();
    const endpoint = vpnEndpoint(vpc(stack));
    // WHEN
    const logs = collection(stack);
    // THEN
    const template = Template.fromStack(stack);
    expect(logs.clientVpnLogging).toHaveLength(1);
    const [logging] = logs.clientVpnLogging;
    expect(logging).toBeInstanceOf(ClientVpnConnectionLogging);
    template.hasResourceProperties('AWS::EC2::ClientVpnEndpoint', {
      ConnectionLogOptions: { Enabled: true, CloudwatchLogGroup: stack.resolve(logging.logGroup.logGroupName) },
    });
    template.hasResourceProperties('AWS::Logs::SubscriptionFilter', {
      LogGroupName: stack.resolve(logging.logGroup.logGroupName),
      DestinationArn: central.logDestinationArn('eu-west-2'),
    });
    expect(endpoint.node.tryFindChild('LogGroup')).toBeUndefined();
    expect(logging.node.path).toMatch(/^Workload\/SecurityLogs\/ClientVpnConnectionLogging-/);
  });

  test('the network inventory export is created once per account and region, and reused by a second collection there', () => {
    // GIVEN
    const app = new App();
    const networkStack = workloadStack(app, 'Network');
    const first = collection(networkStack);
    const appsStack = workloadStack(app, 'Apps');
    const irelandStack = workloadStack(app, 'Ireland', 'eu-west-1');
    // WHEN
    const second = collection(appsStack);
    const third = collection(irelandStack);
    // THEN
    expect(first.networkInventory).toBeInstanceOf(NetworkInventoryExport);
    expect(second.networkInventory).toBe(first.networkInventory);
    expect(third.networkInventory).toBeInstanceOf(NetworkInventoryExport);
    expect(third.networkInventory).not.toBe(first.networkInventory);
    expect([networkStack, appsStack, irelandStack].map((st) => inventoryExporters(st).length)).toEqual([1, 0, 1]);
    expect(JSON.stringify(inventoryExporters(networkStack)[0].Properties.Environment)).toContain('seclog-exports-999999999999-eu-west-2');
    Annotations.fromStack(appsStack).hasInfo('/Apps/SecurityLogs',
      Match.stringLikeRegexp("networkInventory: reuses NetworkInventoryExport 'Network/SecurityLogs/NetworkInventory' .*account 111111111111 in eu-west-2"));
  });

  test('the network inventory export\'s alarms take the alarmAction', () => {
    // GIVEN
    const stack = workloadStack();
    const topic = new sns.Topic(stack, 'Soc');
    // WHEN
    const logs = collection(stack, { alarmAction: new SnsAction(topic) });
    // THEN
    expect(logs.networkInventory?.alarms).toHaveLength(2);
    const alarms = resources(stack, 'AWS::CloudWatch::Alarm').filter((a) => /network inventory/i.test(a.Properties.AlarmDescription));
    expect(alarms.map((a) => a.Properties.AlarmActions)).toEqual([[stack.resolve(topic.topicArn)], [stack.resolve(topic.topicArn)]]);
  });

  test('the network inventory export needs the central archive key: the error names networkInventory: false', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN / THEN
    expect(() => collection(stack, { central: noKey, auditTrail: false }))
      .toThrow(/networkInventory: NetworkInventoryExport writes the network inventory \(HP-E2, HP-E3\) .*has no archiveKeyArn.*or set networkInventory: false/);
  });

  test('without the central archive key, networkInventory: false builds and notes HP-E2, HP-E3', () => {
    // GIVEN
    const stack = workloadStack();
    // WHEN
    const logs = collection(stack, { central: noKey, auditTrail: false, networkInventory: false });
    // THEN
    expect(logs.networkInventory).toBeUndefined();
    expect(inventoryExporters(stack)).toEqual([]);
    Annotations.fromStack(stack).hasInfo(PATH, Match.stringLikeRegexp(
      'networkInventory: false turns off NetworkInventoryExport, which the requirement catalogue lists for HP-E2, HP-E3 .*NetworkInventoryExport deployed elsewhere'));
  });

  test('exclude skips a RestApi (and its stage) and a Client VPN endpoint, and keeps the others', () => {
    // GIVEN
    const { stack, restApi: rest, vpn } = fullStack();
    // WHEN
    const logs = collection(stack, { apiAccessLogging: true, exclude: [rest, vpn] });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: Match.absent() });
    template.hasResourceProperties('AWS::ApiGatewayV2::Stage', { AccessLogSettings: Match.objectLike({ DestinationArn: Match.anyValue() }) });
    expect(logs.apiAccessLogging.map((a) => a.apiType)).toEqual([ApiGatewayApiType.HTTP_API]);
    expect(logs.clientVpnLogging).toEqual([]);
    expect(vpn.node.tryFindChild('LogGroup')).toBeDefined();
    Annotations.fromStack(stack).hasNoWarning(PATH, Match.stringLikeRegexp('exclude'));
  });

  test('a stage that already sends access logs or has an ApiAccessLogging, and an endpoint that already logs connections, are left alone with a note', () => {
    // GIVEN
    const stack = workloadStack();
    const ownGroup = new LogGroup(stack, 'OwnAccessLogs');
    restApi(stack, 'Logged', {
      deployOptions: { accessLogDestination: new apigateway.LogGroupLogDestination(ownGroup), accessLogFormat: apigateway.AccessLogFormat.clf() },
    });
    const http = new apigatewayv2.HttpApi(stack, 'Http');
    ApiAccessLogging.ofStage(stack, 'OwnHttpLogs', http.defaultStage!, { central, exposure: ServiceExposure.INTERNAL });
    const network = vpc(stack);
    vpnEndpoint(network, 'Vpn', { logGroup: new LogGroup(stack, 'OwnVpnLogs') });
    const second = vpnEndpoint(network, 'Vpn2', { cidr: '10.101.0.0/16' });
    ClientVpnConnectionLogging.ofEndpoint(stack, 'OwnVpnConnectionLogs', second, { central, exposure: ServiceExposure.INTERNAL });
    // WHEN
    const logs = collection(stack, { apiAccessLogging: true });
    // THEN
    const template = Template.fromStack(stack);
    expect([logs.apiAccessLogging.length, logs.clientVpnLogging.length]).toEqual([0, 0]);
    template.hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: { DestinationArn: stack.resolve(ownGroup.logGroupArn), Format: Match.anyValue() } });
    expect(logGroupNames(stack, '/aws/apigateway/access-logs/')).toHaveLength(1);
    expect(logGroupNames(stack, '/aws/clientvpn/')).toHaveLength(1);
    const notes = Annotations.fromStack(stack);
    notes.hasInfo(PATH, Match.stringLikeRegexp("Workload/Logged/DeploymentStage.prod/Resource already has an access log destination \\('Workload/OwnAccessLogs'\\)"));
    notes.hasInfo(PATH, Match.stringLikeRegexp("Workload/Http/DefaultStage/Resource already has an access log destination \\('Workload/OwnHttpLogs/LogGroup'\\)"));
    notes.hasInfo(PATH, Match.stringLikeRegexp("Workload/Vpc/Vpn/Resource already has connection logging \\('Workload/OwnVpnLogs'\\).*LogCollectionChecks judges it"));
    notes.hasInfo(PATH, Match.stringLikeRegexp("Workload/Vpc/Vpn2/Resource already has connection logging \\('Workload/OwnVpnConnectionLogs/LogGroup'\\)"));
  });

  test('a WebSocket API stage is left alone, with a note', () => {
    // GIVEN
    const stack = workloadStack();
    const chat = new apigatewayv2.WebSocketApi(stack, 'Chat');
    new apigatewayv2.WebSocketStage(stack, 'ChatStage', { webSocketApi: chat, stageName: 'prod', autoDeploy: true });
    // WHEN
    const logs = collection(stack, CA_BASELINE_EXTERNAL);
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', { AccessLogSettings: Match.absent() });
    expect(logs.apiAccessLogging).toEqual([]);
    Annotations.fromStack(stack).hasInfo(PATH,
      Match.stringLikeRegexp('Workload/ChatStage/Resource is a stage of WebSocket API Workload/Chat/Resource, and ApiAccessLogging supports REST and HTTP APIs only'));
    Annotations.fromStack(stack).hasNoError('*', Match.anyValue());
  });

  test('an HTTP API stage whose API is not in the app fails synth, naming the ApiId and the ways out', () => {
    // GIVEN
    const stack = workloadStack();
    new apigatewayv2.CfnStage(stack, 'Imported', { apiId: 'a1b2c3d4e5', stageName: 'prod' });
    // WHEN
    collection(stack, CA_BASELINE_EXTERNAL);
    // THEN
    expect(() => Template.fromStack(stack))
      .toThrow(/API stage Workload\/Imported belongs to an API not defined in this app \(ApiId 'a1b2c3d4e5'\).*list the stage in exclude.*apiAccessLogging: false/);
  });

  test('a stage whose access log format ApiAccessLogging cannot extend fails synth, naming exclude and the opt-out', () => {
    // GIVEN
    const stack = workloadStack();
    const api = new apigateway.CfnRestApi(stack, 'L1Api', { name: 'l1' });
    new apigateway.CfnStage(stack, 'Stage', { restApiId: api.ref, stageName: 'prod', accessLogSetting: { format: '$context.requestId' } });
    // WHEN
    const logs = collection(stack, CA_BASELINE_EXTERNAL);
    // THEN
    expect(() => Template.fromStack(stack)).toThrow(
      /access log format of API stage Workload\/Stage is not a JSON object.*; or list Workload\/Stage in the exclude of WorkloadLogCollection 'Workload\/SecurityLogs', or set apiAccessLogging: false/);
    expect(logs.apiAccessLogging).toEqual([]);
    expect(stack.node.findAll().filter((c) => c instanceof ApiAccessLogging)).toEqual([]);
  });

  test('a REST deployment that creates its stage through StageName gets a warning naming CA-B2 and CA-B3; one with StageDescription access logs a note', () => {
    // GIVEN
    const stack = workloadStack();
    const api = new apigateway.CfnRestApi(stack, 'L1Api', { name: 'l1' });
    new apigateway.CfnDeployment(stack, 'Live', { restApiId: api.ref, stageName: 'live' });
    new apigateway.CfnDeployment(stack, 'Logged', {
      restApiId: api.ref,
      stageName: 'logged',
      stageDescription: { accessLogSetting: { destinationArn: 'arn:aws:logs:eu-west-2:111111111111:log-group:own', format: '{"id":"$context.requestId"}' } },
    });
    // WHEN
    collection(stack, CA_BASELINE_EXTERNAL);
    // THEN
    const notes = Annotations.fromStack(stack);
    notes.hasWarning(PATH, Match.stringLikeRegexp("Workload/Live creates stage 'live' through its StageName.*CA-B2, CA-B3 are not met for that stage"));
    notes.hasInfo(PATH, Match.stringLikeRegexp(
      "Workload/Logged already has an access log destination for the stage it creates .*'arn:aws:logs:eu-west-2:111111111111:log-group:own'"));
    notes.hasNoWarning(PATH, Match.stringLikeRegexp('Workload/Logged'));
  });

  test('an API stage and a Client VPN endpoint in a nested stack get their logging in that nested stack', () => {
    // GIVEN
    const stack = workloadStack();
    const nested = new NestedStack(stack, 'Edge');
    restApi(nested);
    vpnEndpoint(vpc(nested));
    // WHEN
    const logs = collection(stack, { apiAccessLogging: true });
    // THEN
    Template.fromStack(nested).hasResourceProperties('AWS::ApiGateway::Stage', { AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }) });
    expect(logGroupNames(nested, '/aws/apigateway/access-logs/')).toHaveLength(1);
    expect(logGroupNames(nested, '/aws/clientvpn/')).toHaveLength(1);
    expect([...logGroupNames(stack, '/aws/apigateway/access-logs/'), ...logGroupNames(stack, '/aws/clientvpn/')]).toEqual([]);
    expect(logs.apiAccessLogging.map((a) => a.node.path)).toEqual([expect.stringMatching(/^Workload\/Edge\/SecurityLogs\/ApiAccessLogging-/)]);
    expect(logs.clientVpnLogging.map((v) => v.node.path)).toEqual([expect.stringMatching(/^Workload\/Edge\/SecurityLogs\/ClientVpnConnectionLogging-/)]);
  });

  test('a stage and an endpoint in a stack without a concrete region fail synth, naming the fix', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Agnostic');
    restApi(stack);
    vpnEndpoint(vpc(stack));
    // WHEN
    collection(stack, { apiAccessLogging: true, identityEvents: false });
    // THEN
    expect(() => Template.fromStack(stack)).toThrow(/API stage Agnostic\/Api\/DeploymentStage.prod\/Resource is in stack 'Agnostic', whose region is not known at synth.*set apiAccessLogging: false/);
    expect(() => Template.fromStack(stack)).toThrow(/Client VPN endpoint Agnostic\/Vpc\/Vpn\/Resource is in stack 'Agnostic'.*set clientVpnLogging: false/);
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

  test('the pack judges the API stages and the Client VPN endpoint the collection logged compliant', () => {
    // GIVEN a custom application with a REST and an HTTP API, and a hosting platform with a Client VPN endpoint
    const app = new App();
    const application = workloadStack(app, 'Application');
    const rest = restApi(application);
    const http = new apigatewayv2.HttpApi(application, 'Http');
    const platform = workloadStack(app, 'Platform');
    const endpoint = vpnEndpoint(vpc(platform));
    const applicationPack = collection(application, { tier: MaturityTier.BASELINE, profile: LoggingProfile.CUSTOM_APPLICATION }).checks();
    const platformPack = collection(platform).checks();
    Template.fromStack(application);
    Template.fromStack(platform);
    // WHEN
    const results = [...applicationPack.evaluate(application), ...platformPack.evaluate(platform)];
    // THEN
    const judged = (ruleId: string, path: string) => results.filter((r) => r.ruleId === ruleId && r.constructPath === path).map((r) => r.compliance);
    for (const stage of [rest.deploymentStage.node.defaultChild!.node.path, http.defaultStage!.node.defaultChild!.node.path]) {
      expect(judged('LogCollection-CA-B2', stage)).toEqual([CheckCompliance.COMPLIANT]);
      expect(judged('LogCollection-CA-B3-Api', stage)).toEqual([CheckCompliance.COMPLIANT]);
    }
    expect(judged('LogCollection-HP-E7', endpoint.node.defaultChild!.node.path)).toEqual([CheckCompliance.COMPLIANT]);
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
