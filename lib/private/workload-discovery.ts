import { Arn, CfnResource, Fn, Stack } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { aws_cognito as cognitoRefs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';

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
}

const KIND_BY_TYPE: { readonly [type: string]: DiscoveredKind } = {
  'AWS::EC2::VPC': DiscoveredKind.VPC,
  'AWS::EKS::Cluster': DiscoveredKind.EKS_CLUSTER,
  'Custom::AWSCDK-EKS-Cluster': DiscoveredKind.EKS_V1_CLUSTER,
  'AWS::Cognito::UserPool': DiscoveredKind.USER_POOL,
  'AWS::CodePipeline::Pipeline': DiscoveredKind.PIPELINE,
};

/** The kind of a construct the Aspect acts on, or undefined. Imported resources have no L1, so are never found. */
export function discoveredKind(node: IConstruct): DiscoveredKind | undefined {
  return CfnResource.isCfnResource(node) ? KIND_BY_TYPE[node.cfnResourceType] : undefined;
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

/** Whether the subtree of `entry` holds an L1 resource of one of `kinds`. */
export function holdsKind(entry: IConstruct, kinds: readonly DiscoveredKind[]): boolean {
  return entry.node.findAll().some((c) => {
    const kind = discoveredKind(c);
    return kind !== undefined && kinds.includes(kind);
  });
}
