import { Arn, CfnResource, Fn, Reference, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as apigatewayv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { aws_cognito as cognitoRefs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';
import { asBoolean, field } from '../../core/l1';
import { isImportedVpc } from '../../checks/imported-vpcs';

/**
 * What `WorkloadLogCollection`'s Aspect looks for, and how it turns an L1
 * resource into what the source constructs take. Not public API.
 */

/** The kinds of resource the Aspect acts on. */
export enum DiscoveredKind {
  VPC = 'VPC',
  EKS_CLUSTER = 'EKS_CLUSTER',
  /** An aws-eks (v1) cluster: a custom resource whose logging cannot be merged. */
  EKS_V1_CLUSTER = 'EKS_V1_CLUSTER',
  USER_POOL = 'USER_POOL',
  PIPELINE = 'PIPELINE',
  /** An API Gateway stage: `AWS::ApiGateway::Stage` (REST) or `AWS::ApiGatewayV2::Stage` (HTTP or WebSocket). */
  API_STAGE = 'API_STAGE',
  /** A REST `AWS::ApiGateway::Deployment` whose StageName creates a stage that is no `AWS::ApiGateway::Stage`. */
  API_DEPLOYMENT_STAGE = 'API_DEPLOYMENT_STAGE',
  CLIENT_VPN_ENDPOINT = 'CLIENT_VPN_ENDPOINT',
}

const REST_STAGE = 'AWS::ApiGateway::Stage';
const V2_STAGE = 'AWS::ApiGatewayV2::Stage';
const REST_DEPLOYMENT = 'AWS::ApiGateway::Deployment';

const KIND_BY_TYPE: { readonly [type: string]: DiscoveredKind } = {
  'AWS::EC2::VPC': DiscoveredKind.VPC,
  'AWS::EKS::Cluster': DiscoveredKind.EKS_CLUSTER,
  'Custom::AWSCDK-EKS-Cluster': DiscoveredKind.EKS_V1_CLUSTER,
  'AWS::Cognito::UserPool': DiscoveredKind.USER_POOL,
  'AWS::CodePipeline::Pipeline': DiscoveredKind.PIPELINE,
  [REST_STAGE]: DiscoveredKind.API_STAGE,
  [V2_STAGE]: DiscoveredKind.API_STAGE,
  [REST_DEPLOYMENT]: DiscoveredKind.API_DEPLOYMENT_STAGE,
  'AWS::EC2::ClientVpnEndpoint': DiscoveredKind.CLIENT_VPN_ENDPOINT,
};

/** The kind of a construct the Aspect acts on, or undefined. Imported resources have no L1, so are never found. */
export function discoveredKind(node: IConstruct): DiscoveredKind | undefined {
  if (!CfnResource.isCfnResource(node)) {
    return undefined;
  }
  const kind = KIND_BY_TYPE[node.cfnResourceType];
  // A deployment without StageName creates no stage (the L2 RestApi's stage is an AWS::ApiGateway::Stage).
  if (kind === DiscoveredKind.API_DEPLOYMENT_STAGE && !deploymentStageName(node)) {
    return undefined;
  }
  return kind;
}

/**
 * Whether a construct is in the scope of a collection in `home`: its stack is
 * `home` or a nested stack (at any depth) of it. A separate (non-nested)
 * stack placed under `home` in the construct tree deploys on its own, so is
 * out of scope.
 */
export function isInScope(node: IConstruct, home: Stack): boolean {
  let stack: Stack | undefined = Stack.of(node);
  while (stack) {
    if (stack === home) {
      return true;
    }
    stack = stack.nestedStackParent;
  }
  return false;
}

/** Index of the first `exclude` entry that is the node or one of its ancestors, or -1. */
export function excludedBy(node: IConstruct, exclude: readonly IConstruct[]): number {
  const scopes = new Set<IConstruct>(node.node.scopes);
  return exclude.findIndex((e) => scopes.has(e));
}

/** The resolved form of a value in a stack, or undefined when it cannot be resolved there. */
function resolvedKey(stack: Stack, value: unknown): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  try {
    return JSON.stringify(stack.resolve(value));
  } catch {
    return undefined;
  }
}

/**
 * The first L1 resource of `type` in the resource's own stack (not in nested
 * or separate stacks under it) whose `property` refers to the resource, and
 * that `accept` lets through. It says the resource already has that kind of
 * logging, made by the app or by a source construct of this library.
 */
export function existingFor<T extends CfnResource>(
  resource: CfnResource,
  type: string,
  property: (r: T) => unknown,
  accept: (r: T) => boolean = () => true,
): T | undefined {
  const stack = Stack.of(resource);
  const target = resolvedKey(stack, resource.ref);
  return stack.node.findAll().find((c): c is T => CfnResource.isCfnResource(c)
    && c.cfnResourceType === type
    && Stack.of(c) === stack
    && accept(c as T)
    && resolvedKey(stack, property(c as T)) === target);
}

/** Whether a construct is an imported VPC (one definition, shared with the coverage report). */
export { isImportedVpc };

/**
 * The first L1 resource of `type` in `stack` (not in nested or separate
 * stacks) whose `property` resolves to the VPC id of an imported VPC.
 */
export function existingForVpcId<T extends CfnResource>(
  stack: Stack,
  vpc: ec2.IVpc,
  type: string,
  property: (r: T) => unknown,
  accept: (r: T) => boolean = () => true,
): T | undefined {
  const target = resolvedKey(stack, vpc.vpcId);
  return stack.node.findAll().find((c): c is T => CfnResource.isCfnResource(c)
    && c.cfnResourceType === type
    && Stack.of(c) === stack
    && accept(c as T)
    && resolvedKey(stack, property(c as T)) === target);
}

/** An existing VPC flow log of an imported VPC in a stack. */
export function existingImportedFlowLog(stack: Stack, vpc: ec2.IVpc): ec2.CfnFlowLog | undefined {
  return existingForVpcId<ec2.CfnFlowLog>(stack, vpc, 'AWS::EC2::FlowLog', (f) => f.resourceId, (f) => f.resourceType === 'VPC');
}

/** An existing Resolver query logging association of an imported VPC in a stack. */
export function existingImportedQueryLogAssociation(stack: Stack, vpc: ec2.IVpc): route53resolver.CfnResolverQueryLoggingConfigAssociation | undefined {
  return existingForVpcId<route53resolver.CfnResolverQueryLoggingConfigAssociation>(
    stack, vpc, 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', (a) => a.resourceId);
}

/** An existing VPC flow log of the VPC in its stack. */
export function existingFlowLog(vpc: ec2.CfnVPC): ec2.CfnFlowLog | undefined {
  return existingFor<ec2.CfnFlowLog>(vpc, 'AWS::EC2::FlowLog', (f) => f.resourceId, (f) => f.resourceType === 'VPC');
}

/** An existing Resolver query logging association of the VPC in its stack. */
export function existingQueryLogAssociation(vpc: ec2.CfnVPC): route53resolver.CfnResolverQueryLoggingConfigAssociation | undefined {
  return existingFor<route53resolver.CfnResolverQueryLoggingConfigAssociation>(
    vpc, 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation', (a) => a.resourceId);
}

/** An existing log delivery configuration of the user pool in its stack (a pool takes only one). */
export function existingLogDelivery(pool: cognito.CfnUserPool): cognito.CfnLogDeliveryConfiguration | undefined {
  return existingFor<cognito.CfnLogDeliveryConfiguration>(pool, 'AWS::Cognito::LogDeliveryConfiguration', (l) => l.userPoolId);
}

/**
 * What a construct says about something a resource already has, for the
 * Aspect's "left as it is" note: the construct (the L2 when an L1 is its
 * default child), or a description when nothing in the app is referenced.
 */
export type ExistingLogging = IConstruct | string;

/** How an API stage's API is known: REST, HTTP or WebSocket, or undefined when the app does not tell. */
export enum StageProtocol {
  REST = 'REST',
  HTTP = 'HTTP',
  WEBSOCKET = 'WEBSOCKET',
}

/** The protocol of a stage's API and the API resource, when it is in the app. */
export interface StageApi {
  readonly protocol?: StageProtocol;
  readonly api?: IConstruct;
  /** ApiId of a V2 stage whose API is not in the app, resolved, for messages. */
  readonly apiId?: string;
}

/**
 * The API of an API Gateway stage, judged as `ApiAccessLogging` does: a
 * REST stage is REST; a V2 stage is HTTP when its `AWS::ApiGatewayV2::Api`
 * in the app has ProtocolType HTTP (or no ProtocolType and an imported
 * OpenAPI body), WebSocket when it has ProtocolType WEBSOCKET, and unknown
 * otherwise (an API outside the app, or an unreadable ProtocolType).
 */
export function stageApi(stage: CfnResource): StageApi {
  if (stage.cfnResourceType === REST_STAGE) {
    return { protocol: StageProtocol.REST };
  }
  const apiId = (stage as apigatewayv2.CfnStage).apiId;
  const api = referencedResource(apiId);
  if (!api || !apigatewayv2.CfnApi.isCfnApi(api)) {
    return { apiId: describe(Stack.of(stage), apiId) };
  }
  const protocol = Stack.of(api).resolve(api.protocolType);
  const imported = api.body !== undefined || api.bodyS3Location !== undefined;
  if (protocol === 'HTTP' || (protocol === undefined && imported)) {
    return { protocol: StageProtocol.HTTP, api };
  }
  return { protocol: protocol === 'WEBSOCKET' ? StageProtocol.WEBSOCKET : undefined, api };
}

/**
 * Where an API stage (`AWS::ApiGateway::Stage`, `AWS::ApiGatewayV2::Stage`),
 * or the stage a REST deployment creates (StageDescription), already sends
 * access logs: the log group the destination refers to, or a description
 * of the destination, or of settings known only at deploy time. Undefined
 * when there is no destination.
 */
export function existingAccessLogDestination(resource: CfnResource): ExistingLogging | undefined {
  const stack = Stack.of(resource);
  let raw: unknown;
  if (apigateway.CfnStage.isCfnStage(resource)) {
    raw = resource.accessLogSetting;
  } else if (apigateway.CfnDeployment.isCfnDeployment(resource)) {
    const description = resource.stageDescription;
    raw = description === undefined || Token.isUnresolved(description)
      ? field(stack.resolve(description), 'accessLogSetting')
      : (description as apigateway.CfnDeployment.StageDescriptionProperty).accessLogSetting;
  } else {
    raw = (resource as apigatewayv2.CfnStage).accessLogSettings;
  }
  if (raw === undefined) {
    return undefined;
  }
  const resolved = stack.resolve(raw);
  if (resolved === null || typeof resolved !== 'object' || Array.isArray(resolved) || isIntrinsic(resolved)) {
    return `access log settings known only at deploy time (${JSON.stringify(resolved)})`;
  }
  const destination = field(resolved, 'destinationArn');
  if (destination === undefined || destination === '') {
    return undefined;
  }
  const unresolved = Token.isUnresolved(raw) ? undefined : field(raw, 'destinationArn');
  return ownerOf(referencedResource(unresolved)) ?? `an access log destination (${describe(stack, destination)})`;
}

/** The StageName of a REST deployment, quoted for messages, when it creates a stage. */
export function deploymentStageName(deployment: CfnResource): string | undefined {
  const name = Stack.of(deployment).resolve((deployment as apigateway.CfnDeployment).stageName);
  return name === undefined || name === '' ? undefined : describeValue(name);
}

/**
 * Where a Client VPN endpoint already sends connection logs, or undefined
 * when it sends none, or sends them only to the unencrypted log group that
 * `ec2.ClientVpnEndpoint` creates for itself (which `ClientVpnConnectionLogging`
 * replaces).
 */
export function existingConnectionLogging(endpoint: ec2.CfnClientVpnEndpoint): ExistingLogging | undefined {
  const stack = Stack.of(endpoint);
  const raw = endpoint.connectionLogOptions;
  const current = stack.resolve(raw);
  if (current === undefined) {
    return undefined;
  }
  if (current === null || typeof current !== 'object' || Array.isArray(current) || isIntrinsic(current)) {
    return `connection log options known only at deploy time (${JSON.stringify(current)})`;
  }
  const enabled = field(current, 'enabled');
  if (enabled === undefined || asBoolean(enabled) === false) {
    return undefined;
  }
  const options = Token.isUnresolved(raw) ? undefined : raw as ec2.CfnClientVpnEndpoint.ConnectionLogOptionsProperty;
  const target = referencedResource(options?.cloudwatchLogGroup);
  const l2 = endpoint.node.scope;
  const own = l2 instanceof ec2.ClientVpnEndpoint ? l2.node.tryFindChild('LogGroup') : undefined;
  if (own instanceof logs.LogGroup && target !== undefined && target === own.node.defaultChild && options?.cloudwatchLogStream === undefined) {
    return undefined;
  }
  const group = field(current, 'cloudwatchLogGroup');
  return ownerOf(target) ?? (group === undefined ? `connection logging (${JSON.stringify(current)})` : `connection logging to log group ${describe(stack, group)}`);
}

/**
 * Whether an `AWS::ApiGateway::Account` (the account's API Gateway CloudWatch
 * Logs role) is in the app for an account and region. Stacks whose account or
 * region is not known at synth count as a match.
 */
export function hasApiGatewayAccount(root: IConstruct, account: string, region: string): boolean {
  return root.node.findAll().some((c) => {
    if (!CfnResource.isCfnResource(c) || c.cfnResourceType !== 'AWS::ApiGateway::Account') {
      return false;
    }
    const stack = Stack.of(c);
    return (Token.isUnresolved(stack.account) || Token.isUnresolved(account) || stack.account === account)
      && (Token.isUnresolved(stack.region) || Token.isUnresolved(region) || stack.region === region);
  });
}

/** The resource a token string refers to (`Ref` or `Fn::GetAtt`), if it is one. */
function referencedResource(value: unknown): IConstruct | undefined {
  if (typeof value !== 'string' || !Token.isUnresolved(value)) {
    return undefined;
  }
  const token = Tokenization.reverseString(value).firstToken;
  return token && Reference.isReference(token) ? token.target : undefined;
}

/** The construct to name for a referenced L1: its L2 when it is the L2's default child. */
function ownerOf(resource: IConstruct | undefined): IConstruct | undefined {
  const parent = resource?.node.scope;
  return parent && parent.node.defaultChild === resource ? parent : resource;
}

function isIntrinsic(value: object): boolean {
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}

function describe(stack: Stack, value: unknown): string {
  return describeValue(stack.resolve(value));
}

function describeValue(resolved: unknown): string {
  return typeof resolved === 'string' ? `'${resolved}'` : JSON.stringify(resolved);
}

/**
 * The VPC as the sources take it: the `ec2.Vpc` whose default child the L1
 * is, or else an import by the L1's id, created under `scope` (which must be
 * in the VPC's stack).
 */
export function vpcOf(cfnVpc: ec2.CfnVPC, scope: Construct, id: string): ec2.IVpc {
  const parent = cfnVpc.node.scope;
  if (parent instanceof ec2.Vpc && parent.node.defaultChild === cfnVpc) {
    return parent;
  }
  // The sources only read the id; the zones are a deploy-time list so no context lookup is made.
  return ec2.Vpc.fromVpcAttributes(scope, id, { vpcId: cfnVpc.ref, availabilityZones: Fn.getAzs() });
}

/** The user pool as `CognitoUserPoolLogging` takes it: the `cognito.UserPool` (so its plan is checked), or the L1. */
export function userPoolOf(cfnPool: cognito.CfnUserPool): cognitoRefs.IUserPoolRef {
  const parent = cfnPool.node.scope;
  if (parent instanceof cognito.UserPool && parent.node.defaultChild === cfnPool) {
    return parent;
  }
  return cfnPool;
}

/**
 * The pipeline as `PipelineEventForwarding` takes it: the `codepipeline.Pipeline`,
 * or else an import by the L1's ARN, created under `scope`.
 */
export function pipelineOf(cfnPipeline: codepipeline.CfnPipeline, scope: Construct, id: string): codepipeline.IPipeline {
  const parent = cfnPipeline.node.scope;
  if (parent instanceof codepipeline.Pipeline && parent.node.defaultChild === cfnPipeline) {
    return parent;
  }
  const arn = Arn.format({ service: 'codepipeline', resource: cfnPipeline.ref }, Stack.of(cfnPipeline));
  return codepipeline.Pipeline.fromPipelineArn(scope, id, arn);
}

/** Whether the subtree of `entry` holds an L1 resource of one of `kinds` (or, for VPCs, an imported VPC). */
export function holdsKind(entry: IConstruct, kinds: readonly DiscoveredKind[]): boolean {
  return entry.node.findAll().some((c) => {
    if (kinds.includes(DiscoveredKind.VPC) && isImportedVpc(c)) {
      return true;
    }
    const kind = discoveredKind(c);
    return kind !== undefined && kinds.includes(kind);
  });
}
