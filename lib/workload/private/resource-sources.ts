import { Annotations, CfnResource, Names, Stack, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnCluster } from 'aws-cdk-lib/aws-eks';
import { Construct, IConstruct } from 'constructs';
import { CentralLogTargets } from '../../central/targets';
import { LibraryConstructName } from '../source-names';
import { MaturityTier, ServiceExposure } from '../../requirements/types';
import { ApiAccessLogging } from '../../sources/services/api-access-logging';
import { ClientVpnConnectionLogging } from '../../sources/network/client-vpn-connection-logging';
import { CognitoUserPoolLogging } from '../../sources/identity/cognito-user-pool-logging';
import { DnsQueryLogging } from '../../sources/network/dns-query-logging';
import { EksAuditLogging } from '../../sources/services/eks-audit-logging';
import { VpcFlowLogging } from '../../sources/network/vpc-flow-logging';
import { WorkloadLogCollectionProps } from '../workload-log-collection-props';
import {
  deploymentStageName,
  existingAccessLogDestination,
  existingConnectionLogging,
  existingFlowLog,
  existingImportedFlowLog,
  existingImportedQueryLogAssociation,
  existingLogDelivery,
  ExistingLogging,
  existingQueryLogAssociation,
  hasApiGatewayAccount,
  stageApi,
  StageProtocol,
  userPoolOf,
  vpcOf,
} from './discovery';
import { requirementIdsImplementedBy } from './source-table';

/**
 * The per-resource sources `WorkloadLogCollection`'s Aspect adds at synth:
 * one DnsQueryLogging and one VpcFlowLogging per stack that holds VPCs, and
 * one source per EKS cluster, user pool, API stage and Client VPN endpoint,
 * created in the stack that owns the resource. Not public API.
 */

/** What the Aspect and the per-resource sources need of the WorkloadLogCollection they work for. */
export interface CollectionContext {
  /** The collection: notes go on it, and the sources of its own stack's resources are created under it. */
  readonly collection: Construct;
  /** The stack the collection is in. */
  readonly home: Stack;
  readonly central: CentralLogTargets;
  readonly tier: MaturityTier;
  readonly exposure: ServiceExposure;
  readonly props: WorkloadLogCollectionProps;
  /** The checked `exclude` entries. */
  readonly exclude: readonly IConstruct[];
  /** The problems the collection reports when the app is validated. */
  readonly problems: string[];
  /** Whether a source is on. */
  isEnabled(source: LibraryConstructName): boolean;
}

/** The per-stack pieces in one stack of the scope. */
export interface StackPieces {
  readonly container: Construct;
  dns?: DnsQueryLogging;
  flow?: VpcFlowLogging;
}

/** Constructs a collection created outside itself (its containers in nested stacks). */
const NESTED_CONTAINERS = new WeakSet<IConstruct>();

/** Whether a construct is the container a collection created in a nested stack. */
export function isNestedContainer(construct: IConstruct): boolean {
  return NESTED_CONTAINERS.has(construct);
}

/** The per-resource sources of one collection, created as the Aspect finds the resources. */
export class ResourceSources {
  /** The EKS audit logging of every cluster in scope, in discovery order. */
  public readonly eks: EksAuditLogging[] = [];
  /** The user pool logging of every user pool in scope, in discovery order. */
  public readonly cognito: CognitoUserPoolLogging[] = [];
  /** The access logging of every REST and HTTP API stage in scope, in discovery order. */
  public readonly apis: ApiAccessLogging[] = [];
  /** The connection logging of every Client VPN endpoint in scope, in discovery order. */
  public readonly vpns: ClientVpnConnectionLogging[] = [];
  private readonly stacks = new Map<Stack, StackPieces>();
  /** Whether the REST API CloudWatch Logs role note was given (once per collection). */
  private apiAccountNoted = false;

  constructor(private readonly ctx: CollectionContext) {}

  /** The pieces of a stack in scope, if the Aspect has created any there. */
  public piecesOf(stack: Stack): StackPieces | undefined {
    return this.stacks.get(stack);
  }

  /** The pieces of a stack in scope, with the construct they are created under. */
  private piecesFor(stack: Stack): StackPieces {
    let pieces = this.stacks.get(stack);
    if (!pieces) {
      pieces = { container: stack === this.ctx.home ? this.ctx.collection : this.nestedContainer(stack) };
      this.stacks.set(stack, pieces);
    }
    return pieces;
  }

  /** The construct, named like the collection, under which the sources of a nested stack's resources are created. */
  private nestedContainer(stack: Stack): Construct {
    if (stack.node.tryFindChild(this.ctx.collection.node.id)) {
      throw new Error(
        `Nested stack '${stack.node.path}' already has a construct '${this.ctx.collection.node.id}', where WorkloadLogCollection ` +
        `'${this.ctx.collection.node.path}' puts the sources of the nested stack's resources; give the WorkloadLogCollection another id.`,
      );
    }
    const container = new Construct(stack, this.ctx.collection.node.id);
    NESTED_CONTAINERS.add(container);
    return container;
  }

  public addVpc(cfnVpc: ec2.CfnVPC): void {
    const pieces = this.piecesFor(Stack.of(cfnVpc));
    const uid = Names.nodeUniqueId(cfnVpc.node);
    let vpc: ec2.IVpc | undefined;
    const vpcRef = () => vpc ??= vpcOf(cfnVpc, pieces.container, `Vpc-${uid}`);

    if (this.ctx.isEnabled(LibraryConstructName.DNS_QUERY_LOGGING)) {
      const existing = existingQueryLogAssociation(cfnVpc);
      if (existing) {
        this.leftAsIs(cfnVpc, 'a Resolver query logging association', existing);
      } else {
        pieces.dns ??= new DnsQueryLogging(pieces.container, 'DnsQueryLogging', {
          central: this.ctx.central,
          resolverQueryLogConfigId: this.ctx.props.resolverQueryLogConfigId,
        });
        pieces.dns.addVpc(vpcRef());
      }
    }
    if (this.ctx.isEnabled(LibraryConstructName.VPC_FLOW_LOGGING)) {
      const existing = existingFlowLog(cfnVpc);
      if (existing) {
        this.leftAsIs(cfnVpc, 'a flow log', existing);
      } else {
        pieces.flow ??= new VpcFlowLogging(pieces.container, 'VpcFlowLogging', {
          central: this.ctx.central,
          tier: this.ctx.tier,
          trafficType: this.ctx.props.flowLogTrafficType,
        });
        pieces.flow.addVpc(vpcRef());
      }
    }
  }

  /**
   * Cover a VPC imported into the app (`ec2.Vpc.fromLookup`,
   * `fromVpcAttributes`): a flow log and a Resolver query logging
   * association by its VPC id, in the stack it was imported into. A VPC
   * owned by another account or in another region is refused: neither can
   * be made for it here.
   */
  public addImportedVpc(vpc: ec2.IVpc): void {
    const stack = Stack.of(vpc);
    const where = `${vpc.node.path} (${Token.isUnresolved(vpc.vpcId) ? 'its id known at deploy time' : vpc.vpcId})`;
    const fix = 'log it in its own account and region (a WorkloadLogCollection there), or list it in exclude';
    const owner = vpc.env.account;
    if (!Token.isUnresolved(owner) && !Token.isUnresolved(stack.account) && owner !== stack.account) {
      this.ctx.problems.push(
        `imported VPC ${where} is owned by account ${owner}, not by stack '${stack.node.path}' (account ${stack.account}), so ` +
        `no flow log or Resolver query logging association can be made for it here; ${fix}.`);
      return;
    }
    const region = vpc.env.region;
    if (!Token.isUnresolved(region) && !Token.isUnresolved(stack.region) && region !== stack.region) {
      this.ctx.problems.push(
        `imported VPC ${where} is in region ${region}, not in stack '${stack.node.path}''s region ${stack.region}, so no flow ` +
        `log or Resolver query logging association can be made for it here; ${fix}.`);
      return;
    }
    const pieces = this.piecesFor(stack);
    const covered: string[] = [];
    if (this.ctx.isEnabled(LibraryConstructName.DNS_QUERY_LOGGING)) {
      const existing = existingImportedQueryLogAssociation(stack, vpc);
      if (existing) {
        this.leftAsIs(vpc, 'a Resolver query logging association', existing);
      } else {
        pieces.dns ??= new DnsQueryLogging(pieces.container, 'DnsQueryLogging', {
          central: this.ctx.central,
          resolverQueryLogConfigId: this.ctx.props.resolverQueryLogConfigId,
        });
        pieces.dns.addVpc(vpc);
        covered.push('Resolver query logging (DnsQueryLogging)');
      }
    }
    if (this.ctx.isEnabled(LibraryConstructName.VPC_FLOW_LOGGING)) {
      const existing = existingImportedFlowLog(stack, vpc);
      if (existing) {
        this.leftAsIs(vpc, 'a flow log', existing);
      } else {
        pieces.flow ??= new VpcFlowLogging(pieces.container, 'VpcFlowLogging', {
          central: this.ctx.central,
          tier: this.ctx.tier,
          trafficType: this.ctx.props.flowLogTrafficType,
        });
        pieces.flow.addVpc(vpc);
        covered.push('a flow log (VpcFlowLogging)');
      }
    }
    if (covered.length > 0) {
      Annotations.of(this.ctx.collection).addInfo(
        `imported VPC ${where} gets ${covered.join(' and ')} by its VPC id; list it in exclude if it is logged elsewhere.`);
    }
  }

  public addCluster(cluster: CfnCluster): void {
    const stack = Stack.of(cluster);
    const name = cluster.name;
    if (name === undefined || Token.isUnresolved(name)) {
      this.ctx.problems.push(
        `EKS cluster ${cluster.node.path} has ${name === undefined ? 'no name' : 'a name not known at synth'}, so its audit log group ` +
        "cannot be created before it; set clusterName on the aws-eks-v2 Cluster (name on a CfnCluster; for a deployed cluster use its " +
        'current name), or list the cluster in exclude, or set eksAuditLogging: false.',
      );
      return;
    }
    if (Token.isUnresolved(stack.region)) {
      this.ctx.problems.push(
        `EKS cluster ${cluster.node.path} is in stack '${stack.node.path}', whose region is not known at synth, so the central ` +
        "CloudWatch Logs destination of its region cannot be named; set env: { account, region } on the stack, or set eksAuditLogging: false.",
      );
      return;
    }
    const existing = stack.node.findAll().find((c): c is EksAuditLogging => c instanceof EksAuditLogging
      && Stack.of(c) === stack && c.clusterName === name);
    if (existing) {
      this.leftAsIs(cluster, 'an EksAuditLogging', existing);
      return;
    }
    this.eks.push(new EksAuditLogging(this.piecesFor(stack).container, `EksAuditLogging-${Names.nodeUniqueId(cluster.node)}`, {
      cluster,
      central: this.ctx.central,
      exposure: this.ctx.exposure,
      retentionDays: this.ctx.props.retentionDays,
      retentionApproval: this.ctx.props.retentionApproval,
    }));
  }

  public addUserPool(pool: cognito.CfnUserPool): void {
    const existing = existingLogDelivery(pool);
    if (existing) {
      this.leftAsIs(pool, 'a log delivery configuration (a user pool takes only one)', existing);
      return;
    }
    const container = this.piecesFor(Stack.of(pool)).container;
    this.cognito.push(new CognitoUserPoolLogging(container, `CognitoUserPoolLogging-${Names.nodeUniqueId(pool.node)}`, {
      userPool: userPoolOf(pool),
      central: this.ctx.central,
      exposure: this.ctx.exposure,
      retentionDays: this.ctx.props.retentionDays,
      retentionApproval: this.ctx.props.retentionApproval,
    }));
  }

  public addApiStage(stage: CfnResource): void {
    const existing = existingAccessLogDestination(stage);
    if (existing) {
      this.leftAsIs(stage, 'an access log destination', existing);
      return;
    }
    const api = stageApi(stage);
    if (api.protocol === StageProtocol.WEBSOCKET) {
      Annotations.of(this.ctx.collection).addInfo(
        `${stage.node.path} is a stage of WebSocket API ${api.api!.node.path}, and ApiAccessLogging supports REST and HTTP APIs ` +
        'only (the requirement catalogue lists no WebSocket access log variables), so WorkloadLogCollection leaves it as it is; ' +
        'set its accessLogSettings yourself (LogCollectionChecks asks for access logs on it).',
      );
      return;
    }
    if (api.protocol === undefined) {
      this.ctx.problems.push(
        `API stage ${stage.node.path} belongs to ` +
        (api.api ? `API ${api.api.node.path}, whose ProtocolType is neither HTTP nor WEBSOCKET at synth,` : `an API not defined in this app (ApiId ${api.apiId}),`) +
        ' so WorkloadLogCollection cannot tell whether it is an HTTP API (which ApiAccessLogging logs) or a WebSocket API; ' +
        'define the API in this app with protocolType HTTP or WEBSOCKET, or list the stage in exclude and set its access logs ' +
        'yourself, or set apiAccessLogging: false.',
      );
      return;
    }
    const stack = Stack.of(stage);
    if (!this.regionKnown(stage, 'API stage', 'apiAccessLogging')) {
      return;
    }
    if (api.protocol === StageProtocol.REST) {
      this.noteApiGatewayAccount(stage, stack);
    }
    const container = this.piecesFor(stack).container;
    const logging = this.attempt(container, `ApiAccessLogging-${Names.nodeUniqueId(stage.node)}`, stage, 'apiAccessLogging',
      (id) => new ApiAccessLogging(container, id, {
        stage,
        central: this.ctx.central,
        exposure: this.ctx.exposure,
        retentionDays: this.ctx.props.retentionDays,
        retentionApproval: this.ctx.props.retentionApproval,
      }));
    if (logging) {
      this.apis.push(logging);
    }
  }

  /** A REST deployment whose StageName creates a stage: ApiAccessLogging cannot reach it. */
  public addDeploymentStage(deployment: CfnResource): void {
    const existing = existingAccessLogDestination(deployment);
    if (existing) {
      this.leftAsIs(deployment, 'an access log destination for the stage it creates (StageDescription.AccessLogSetting)', existing);
      return;
    }
    const ids = requirementIdsImplementedBy(LibraryConstructName.API_ACCESS_LOGGING);
    Annotations.of(this.ctx.collection).addWarningV2('cdk-security-log-collection:workloadApiDeploymentStage',
      `${deployment.node.path} creates stage ${deploymentStageName(deployment)} through its StageName, and ApiAccessLogging can ` +
      `set the access logs of an AWS::ApiGateway::Stage only, so ${ids.join(', ')} ${ids.length > 1 ? 'are' : 'is'} ` +
      'not met for that stage; create the stage as an apigateway.Stage (or CfnStage) and remove StageName from the deployment, ' +
      'or list the deployment in exclude and set its StageDescription.AccessLogSetting yourself.');
  }

  public addClientVpnEndpoint(endpoint: ec2.CfnClientVpnEndpoint): void {
    const existing = existingConnectionLogging(endpoint);
    if (existing) {
      this.leftAsIs(endpoint, 'connection logging', existing);
      return;
    }
    if (!this.regionKnown(endpoint, 'Client VPN endpoint', 'clientVpnLogging')) {
      return;
    }
    const container = this.piecesFor(Stack.of(endpoint)).container;
    const logging = this.attempt(container, `ClientVpnConnectionLogging-${Names.nodeUniqueId(endpoint.node)}`, endpoint, 'clientVpnLogging',
      (id) => new ClientVpnConnectionLogging(container, id, {
        endpoint,
        central: this.ctx.central,
        exposure: this.ctx.exposure,
        retentionDays: this.ctx.props.retentionDays,
        retentionApproval: this.ctx.props.retentionApproval,
      }));
    if (logging) {
      this.vpns.push(logging);
    }
  }

  /** Whether a resource's stack has a concrete region (the central destination is named per region); records the problem when not. */
  private regionKnown(resource: IConstruct, what: string, option: string): boolean {
    const stack = Stack.of(resource);
    if (!Token.isUnresolved(stack.region)) {
      return true;
    }
    this.ctx.problems.push(
      `${what} ${resource.node.path} is in stack '${stack.node.path}', whose region is not known at synth, so the central ` +
      `CloudWatch Logs destination of its region cannot be named; set env: { account, region } on the stack, or list it in ` +
      `exclude, or set ${option}: false.`,
    );
    return false;
  }

  /**
   * Create a per-resource source. An error of the source (a setting of the
   * resource it cannot work with) becomes a synth error that also names the
   * collection's ways out, and the half-made construct is removed.
   */
  private attempt<T extends Construct>(scope: Construct, id: string, resource: IConstruct, option: string,
    create: (id: string) => T): T | undefined {
    try {
      return create(id);
    } catch (e) {
      if (!(e instanceof Error)) {
        throw e;
      }
      scope.node.tryRemoveChild(id);
      this.ctx.problems.push(
        `${e.message.replace(/\.$/, '')}; or list ${resource.node.path} in the exclude of WorkloadLogCollection '${this.ctx.collection.node.path}', ` +
        `or set ${option}: false.`,
      );
      return undefined;
    }
  }

  /** Once per collection: REST API access logs need the account's API Gateway CloudWatch Logs role in the region. */
  private noteApiGatewayAccount(stage: CfnResource, stack: Stack): void {
    if (this.apiAccountNoted) {
      return;
    }
    this.apiAccountNoted = true;
    if (hasApiGatewayAccount(this.ctx.collection.node.root, stack.account, stack.region)) {
      return;
    }
    Annotations.of(this.ctx.collection).addInfo(
      `apiAccessLogging: REST API stages (such as ${stage.node.path}) write access logs through the API Gateway CloudWatch Logs ` +
      `role of the account and region, and this app has no AWS::ApiGateway::Account for account ${stack.account} in ` +
      `${stack.region}; unless it is already set there, set cloudWatchRole: true on one RestApi (or add an apigateway.CfnAccount), ` +
      'or the deployment of the stage fails.',
    );
  }

  private leftAsIs(resource: IConstruct, what: string, existing: ExistingLogging): void {
    const where = typeof existing === 'string' ? existing : `'${existing.node.path}'`;
    Annotations.of(this.ctx.collection).addInfo(
      `${resource.node.path} already has ${what} (${where}), so WorkloadLogCollection leaves it as it is; ` +
      'LogCollectionChecks judges it.',
    );
  }

}
