import { CfnResource, Stack, TagManager, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ReferenceResolver } from './private/resolve';
import { asArray, field } from '../core/l1';
import { LOG_STORE_TAG } from '../core/log-store-tags';

/** CloudFormation resource types the pack reads. */
export const ResourceType = {
  VPC: 'AWS::EC2::VPC',
  FLOW_LOG: 'AWS::EC2::FlowLog',
  RESOLVER_QUERY_LOG_CONFIG: 'AWS::Route53Resolver::ResolverQueryLoggingConfig',
  RESOLVER_QUERY_LOG_ASSOCIATION: 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation',
  EKS_CLUSTER: 'AWS::EKS::Cluster',
  EKS_CLUSTER_CUSTOM: 'Custom::AWSCDK-EKS-Cluster',
  TRAIL: 'AWS::CloudTrail::Trail',
  USER_POOL: 'AWS::Cognito::UserPool',
  LOG_DELIVERY_CONFIGURATION: 'AWS::Cognito::LogDeliveryConfiguration',
  PIPELINE: 'AWS::CodePipeline::Pipeline',
  EVENTS_RULE: 'AWS::Events::Rule',
  EVENT_BUS: 'AWS::Events::EventBus',
  KINESIS_STREAM: 'AWS::Kinesis::Stream',
  FIREHOSE: 'AWS::KinesisFirehose::DeliveryStream',
  LOG_GROUP: 'AWS::Logs::LogGroup',
  LOGS_DELIVERY_DESTINATION: 'AWS::Logs::DeliveryDestination',
  BUCKET: 'AWS::S3::Bucket',
  API_STAGE: 'AWS::ApiGateway::Stage',
  API_DEPLOYMENT: 'AWS::ApiGateway::Deployment',
  REST_API: 'AWS::ApiGateway::RestApi',
  API_V2_STAGE: 'AWS::ApiGatewayV2::Stage',
  API_V2: 'AWS::ApiGatewayV2::Api',
  LOAD_BALANCER_V2: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  CLOUDFRONT_DISTRIBUTION: 'AWS::CloudFront::Distribution',
  LOGS_DELIVERY_SOURCE: 'AWS::Logs::DeliverySource',
  LOGS_DELIVERY: 'AWS::Logs::Delivery',
  CLIENT_VPN_ENDPOINT: 'AWS::EC2::ClientVpnEndpoint',
} as const;

export { LOG_STORE_TAG, RETENTION_APPROVAL_TAG } from '../core/log-store-tags';

/** A rule that sends CodePipeline events somewhere, as read from an `AWS::Events::Rule`. */
export interface PipelineForwardingRule {
  /** The rule resource. */
  readonly rule: CfnResource;
  /** detail-types it matches for source `aws.codepipeline`; undefined = every detail-type. */
  readonly detailTypes?: string[];
  /** Pipelines it is limited to (by `resources` ARN or `detail.pipeline` name); undefined = every pipeline. */
  readonly pipelines?: CfnResource[];
  /** Literal pipeline names or ARNs it is limited to. */
  readonly pipelineNames: string[];
  /** Whether it has a target that is an event bus, a Kinesis stream or a Firehose stream. */
  readonly forwards: boolean;
}

/**
 * Everything the rules need about an app, built in one walk of the construct
 * tree, so validation costs grow linearly with the app: the resources by
 * type, and the relations between them that cross-resource rules need (VPC →
 * flow logs, VPC → resolver query logging associations, user pool → log
 * delivery configurations, CodePipeline forwarding rules, which buckets hold
 * logs). References are resolved across stacks and nested stacks.
 */
export class AppIndex {
  /** Index a construct tree (usually the app). */
  public static build(root: IConstruct): AppIndex {
    return new AppIndex(root);
  }

  /** Every CfnResource under the root, in construct tree order. */
  public readonly resources: CfnResource[] = [];
  /** Resolves property values, including references to other stacks. */
  public readonly resolver: ReferenceResolver;

  private readonly byType = new Map<string, CfnResource[]>();
  private readonly logicalIds = new Map<Stack, Map<string, CfnResource>>();
  private readonly logicalIdCache = new Map<CfnResource, string>();
  private readonly resourcesByStack = new Map<Stack, CfnResource[]>();
  private readonly flowLogs = new Map<CfnResource, CfnResource[]>();
  private readonly resolverAssociations = new Map<CfnResource, CfnResource[]>();
  private readonly logDeliveries = new Map<CfnResource, CfnResource[]>();
  private readonly logBucketReasons = new Map<CfnResource, string[]>();
  private readonly accessLogTargets = new Set<CfnResource>();
  private readonly pipelineRules: PipelineForwardingRule[] = [];
  private readonly pipelineRulesByEnvironment = new Map<string, PipelineForwardingRule[]>();
  private readonly pipelineRulesAnywhere: PipelineForwardingRule[] = [];
  private readonly stageApis = new Map<CfnResource, CfnResource>();
  private readonly deliverySources = new Map<CfnResource, CfnResource[]>();
  private readonly deliveries = new Map<CfnResource, CfnResource[]>();

  private constructor(public readonly root: IConstruct) {
    this.resolver = new ReferenceResolver((stack, logicalId) => this.byLogicalId(stack, logicalId));
    const pending: IConstruct[] = [root];
    while (pending.length > 0) {
      const node = pending.pop()!;
      if (CfnResource.isCfnResource(node)) {
        this.resources.push(node);
        const list = this.byType.get(node.cfnResourceType) ?? [];
        list.push(node);
        this.byType.set(node.cfnResourceType, list);
        push(this.resourcesByStack, Stack.of(node), node);
      }
      const children = node.node.children;
      for (let i = children.length - 1; i >= 0; i--) {
        pending.push(children[i]);
      }
    }
    this.indexFlowLogs();
    this.indexResolverAssociations();
    this.indexLogDeliveries();
    this.indexLogBuckets();
    this.indexPipelineRules();
    this.indexStageApis();
    this.indexLogsDeliveries();
  }

  /** The resources of one CloudFormation type, in construct tree order. */
  public ofType(type: string): CfnResource[] {
    return this.byType.get(type) ?? [];
  }

  /** The `AWS::EC2::FlowLog` resources whose ResourceId is this VPC. */
  public flowLogsOf(vpc: CfnResource): CfnResource[] {
    return this.flowLogs.get(vpc) ?? [];
  }

  /** The resolver query logging associations whose ResourceId is this VPC. */
  public resolverAssociationsOf(vpc: CfnResource): CfnResource[] {
    return this.resolverAssociations.get(vpc) ?? [];
  }

  /** The Cognito log delivery configurations whose UserPoolId is this user pool. */
  public logDeliveriesOf(userPool: CfnResource): CfnResource[] {
    return this.logDeliveries.get(userPool) ?? [];
  }

  /**
   * The API of an API Gateway stage: the `AWS::ApiGateway::RestApi` of an
   * `AWS::ApiGateway::Stage` or `AWS::ApiGateway::Deployment` (RestApiId), the
   * `AWS::ApiGatewayV2::Api` of an `AWS::ApiGatewayV2::Stage` (ApiId).
   * Undefined when the API is not in the app (an imported id).
   */
  public apiOf(stage: CfnResource): CfnResource | undefined {
    return this.stageApis.get(stage);
  }

  /** The CloudWatch Logs delivery sources (`AWS::Logs::DeliverySource`) whose ResourceArn refers to this resource. */
  public deliverySourcesOf(resource: CfnResource): CfnResource[] {
    return this.deliverySources.get(resource) ?? [];
  }

  /**
   * The CloudWatch Logs deliveries (`AWS::Logs::Delivery`) of a delivery
   * source: their DeliverySourceName refers to it or is its literal name.
   */
  public deliveriesOf(deliverySource: CfnResource): CfnResource[] {
    return this.deliveries.get(deliverySource) ?? [];
  }

  /** Every events rule that matches CodePipeline events. */
  public get codePipelineRules(): PipelineForwardingRule[] {
    return this.pipelineRules;
  }

  /**
   * The events rules that match CodePipeline events and may see a resource's
   * events: those of its account and region, and those whose account or
   * region is unknown at synth. (All of them, when the resource's own is
   * unknown.) Keeps the pipeline rule linear in the app's size.
   */
  public codePipelineRulesNear(resource: CfnResource): PipelineForwardingRule[] {
    const key = environmentKey(Stack.of(resource));
    if (key === undefined) {
      return this.pipelineRules;
    }
    return [...(this.pipelineRulesByEnvironment.get(key) ?? []), ...this.pipelineRulesAnywhere];
  }

  /** Why a bucket counts as a log store; empty when it does not. */
  public whyLogBucket(bucket: CfnResource): string[] {
    return this.logBucketReasons.get(bucket) ?? [];
  }

  /** Whether a bucket receives S3 server access logs of another bucket. */
  public isAccessLogTarget(bucket: CfnResource): boolean {
    return this.accessLogTargets.has(bucket);
  }

  /** Resolve a property value of a resource (see {@link ReferenceResolver}). */
  public resolve(owner: CfnResource, value: unknown): unknown {
    return this.resolver.resolve(owner, value);
  }

  /** Tags of a resource, including those given in its props and, after synthesis, those from `Tags.of()`. */
  public tagsOf(resource: CfnResource): Record<string, string> {
    const r = resource as unknown;
    if (TagManager.isTaggableV2(r)) {
      return r.cdkTagManager.tagValues();
    }
    if (TagManager.isTaggable(r)) {
      return r.tags.tagValues();
    }
    return {};
  }

  /** A resource's logical id. */
  public logicalIdOf(resource: CfnResource): string {
    // Resolving a logical id is a token resolution, and results ask for it once per rule: keep each.
    let id = this.logicalIdCache.get(resource);
    if (id === undefined) {
      // `logicalId` honours overrideLogicalId(); getLogicalId() would give the generated id.
      const stack = Stack.of(resource);
      const resolved = stack.resolve(resource.logicalId);
      id = typeof resolved === 'string' ? resolved : stack.getLogicalId(resource);
      this.logicalIdCache.set(resource, id);
    }
    return id;
  }

  /** The name of a resource's stack; a nested stack's construct path, since its name is chosen at deploy time. */
  public stackNameOf(resource: CfnResource): string {
    const stack = Stack.of(resource);
    return Token.isUnresolved(stack.stackName) ? stack.node.path : stack.stackName;
  }

  /** Find a resource of a stack by logical id (for literal `Ref` / `Fn::GetAtt`). */
  private byLogicalId(stack: Stack, logicalId: string): CfnResource | undefined {
    if (logicalId.startsWith('AWS::')) {
      return undefined; // a pseudo parameter (AWS::Partition, AWS::AccountId, ...), never a resource
    }
    let ids = this.logicalIds.get(stack);
    if (!ids) {
      // Only this stack's resources: looking through the whole app for each
      // stack made validation grow with stacks x resources.
      ids = new Map();
      for (const r of this.resourcesByStack.get(stack) ?? []) {
        ids.set(this.logicalIdOf(r), r);
      }
      this.logicalIds.set(stack, ids);
    }
    return ids.get(logicalId);
  }

  /** The resources of a given type that a property value refers to; unresolvable values refer to nothing. */
  private referencedOfType(owner: CfnResource, value: unknown, type: string): CfnResource[] {
    try {
      return this.resolver.referencedBy(owner, value).filter((r) => r.cfnResourceType === type);
    } catch {
      return [];
    }
  }

  private readL1(owner: CfnResource, prop: string): unknown {
    return (owner as unknown as Record<string, unknown>)[prop];
  }

  private indexFlowLogs(): void {
    for (const fl of this.ofType(ResourceType.FLOW_LOG)) {
      const type = this.safeResolve(fl, this.readL1(fl, 'resourceType'));
      if (type !== 'VPC') {
        continue;
      }
      for (const vpc of this.referencedOfType(fl, this.readL1(fl, 'resourceId'), ResourceType.VPC)) {
        push(this.flowLogs, vpc, fl);
      }
    }
  }

  private indexResolverAssociations(): void {
    for (const assoc of this.ofType(ResourceType.RESOLVER_QUERY_LOG_ASSOCIATION)) {
      for (const vpc of this.referencedOfType(assoc, this.readL1(assoc, 'resourceId'), ResourceType.VPC)) {
        push(this.resolverAssociations, vpc, assoc);
      }
    }
  }

  private indexLogDeliveries(): void {
    for (const cfg of this.ofType(ResourceType.LOG_DELIVERY_CONFIGURATION)) {
      for (const pool of this.referencedOfType(cfg, this.readL1(cfg, 'userPoolId'), ResourceType.USER_POOL)) {
        push(this.logDeliveries, pool, cfg);
      }
    }
  }

  private indexLogBuckets(): void {
    const mark = (owner: CfnResource, value: unknown, reason: string): CfnResource[] => {
      const buckets = this.referencedOfType(owner, value, ResourceType.BUCKET);
      for (const bucket of buckets) {
        const reasons = this.logBucketReasons.get(bucket) ?? [];
        const text = `${reason} (${owner.node.path})`;
        if (!reasons.includes(text)) {
          reasons.push(text);
        }
        this.logBucketReasons.set(bucket, reasons);
      }
      return buckets;
    };
    for (const fl of this.ofType(ResourceType.FLOW_LOG)) {
      mark(fl, this.readL1(fl, 'logDestination'), 'destination of a VPC flow log');
    }
    for (const trail of this.ofType(ResourceType.TRAIL)) {
      mark(trail, this.readL1(trail, 's3BucketName'), 'bucket of a CloudTrail trail');
    }
    for (const cfg of this.ofType(ResourceType.RESOLVER_QUERY_LOG_CONFIG)) {
      mark(cfg, this.readL1(cfg, 'destinationArn'), 'destination of a Resolver query logging configuration');
    }
    for (const stream of this.ofType(ResourceType.FIREHOSE)) {
      mark(stream, this.readL1(stream, 's3DestinationConfiguration'), 'destination of a Firehose stream');
      mark(stream, this.readL1(stream, 'extendedS3DestinationConfiguration'), 'destination of a Firehose stream');
    }
    for (const cfg of this.ofType(ResourceType.LOG_DELIVERY_CONFIGURATION)) {
      mark(cfg, this.readL1(cfg, 'logConfigurations'), 'destination of a Cognito log delivery configuration');
    }
    for (const dest of this.ofType(ResourceType.LOGS_DELIVERY_DESTINATION)) {
      mark(dest, this.readL1(dest, 'destinationResourceArn'), 'destination of a CloudWatch Logs delivery');
    }
    for (const bucket of this.ofType(ResourceType.BUCKET)) {
      const logging = this.safeResolve(bucket, this.readL1(bucket, 'loggingConfiguration'));
      const targets = this.resolver.referencesIn(field(logging, 'destinationBucketName'))
        .filter((r) => r.cfnResourceType === ResourceType.BUCKET && r !== bucket);
      if (targets.length > 0) {
        targets.forEach((t) => this.accessLogTargets.add(t));
        mark(bucket, field(logging, 'destinationBucketName'), 'server access log target of a bucket');
      }
    }
    for (const bucket of this.ofType(ResourceType.BUCKET)) {
      const tag = this.tagsOf(bucket)[LOG_STORE_TAG];
      if (tag !== undefined && tag.toLowerCase() === 'true') {
        const reasons = this.logBucketReasons.get(bucket) ?? [];
        reasons.push(`tagged ${LOG_STORE_TAG}=true`);
        this.logBucketReasons.set(bucket, reasons);
      }
    }
  }

  private indexPipelineRules(): void {
    for (const rule of this.ofType(ResourceType.EVENTS_RULE)) {
      const parsed = this.readPipelineRule(rule);
      if (parsed) {
        this.pipelineRules.push(parsed);
        const key = environmentKey(Stack.of(rule));
        if (key === undefined) {
          this.pipelineRulesAnywhere.push(parsed);
        } else {
          const list = this.pipelineRulesByEnvironment.get(key) ?? [];
          list.push(parsed);
          this.pipelineRulesByEnvironment.set(key, list);
        }
      }
    }
  }

  /** Read an events rule; undefined when it cannot match CodePipeline events on the default bus. */
  private readPipelineRule(rule: CfnResource): PipelineForwardingRule | undefined {
    const state = this.safeResolve(rule, this.readL1(rule, 'state'));
    if (typeof state === 'string' && state !== 'ENABLED') {
      return undefined;
    }
    // Service events arrive on the account's default bus only.
    const bus = this.safeResolve(rule, this.readL1(rule, 'eventBusName'));
    if (bus !== undefined) {
      const text = this.resolver.textOf(bus);
      if (text === undefined || !(text === 'default' || text.endsWith(':event-bus/default'))) {
        return undefined;
      }
    }
    let pattern = this.safeResolve(rule, this.readL1(rule, 'eventPattern'));
    if (typeof pattern === 'string') {
      try {
        pattern = JSON.parse(pattern);
      } catch {
        return undefined;
      }
    }
    if (!pattern || typeof pattern !== 'object') {
      return undefined; // a schedule rule
    }
    const p = pattern as Record<string, unknown>;
    if (!matchesValue(p.source, 'aws.codepipeline')) {
      return undefined;
    }
    const detailTypes = p['detail-type'] === undefined
      ? undefined
      : asArray(p['detail-type']).filter((d): d is string => typeof d === 'string');
    const pipelines: CfnResource[] = [];
    const pipelineNames: string[] = [];
    let limited = false;
    for (const filter of [p.resources, field(p.detail, 'pipeline')]) {
      if (filter === undefined) {
        continue;
      }
      limited = true;
      for (const item of asArray(filter)) {
        const refs = this.resolver.referencesIn(item).filter((r) => r.cfnResourceType === ResourceType.PIPELINE);
        pipelines.push(...refs);
        if (refs.length === 0 && typeof item === 'string') {
          pipelineNames.push(item);
        }
      }
    }
    const targets = asArray(this.safeResolve(rule, this.readL1(rule, 'targets')));
    const forwards = targets.some((t) => this.isForwardingTarget(field(t, 'arn')));
    return { rule, detailTypes, pipelines: limited ? pipelines : undefined, pipelineNames, forwards };
  }

  private indexStageApis(): void {
    const link = (stageType: string, prop: string, apiType: string): void => {
      for (const stage of this.ofType(stageType)) {
        const [api] = this.referencedOfType(stage, this.readL1(stage, prop), apiType);
        if (api) {
          this.stageApis.set(stage, api);
        }
      }
    };
    link(ResourceType.API_STAGE, 'restApiId', ResourceType.REST_API);
    link(ResourceType.API_DEPLOYMENT, 'restApiId', ResourceType.REST_API);
    link(ResourceType.API_V2_STAGE, 'apiId', ResourceType.API_V2);
  }

  private indexLogsDeliveries(): void {
    const byName = new Map<string, CfnResource>();
    for (const source of this.ofType(ResourceType.LOGS_DELIVERY_SOURCE)) {
      let targets: CfnResource[];
      try {
        targets = this.resolver.referencedBy(source, this.readL1(source, 'resourceArn'));
      } catch {
        targets = [];
      }
      targets.filter((t) => t !== source).forEach((t) => push(this.deliverySources, t, source));
      const name = this.safeResolve(source, this.readL1(source, 'name'));
      if (typeof name === 'string' && !this.resolver.hasDeployTimeValue(name)) {
        byName.set(name, source);
      }
    }
    for (const delivery of this.ofType(ResourceType.LOGS_DELIVERY)) {
      const value = this.readL1(delivery, 'deliverySourceName');
      const sources = this.referencedOfType(delivery, value, ResourceType.LOGS_DELIVERY_SOURCE);
      const literal = this.safeResolve(delivery, value);
      if (sources.length === 0 && typeof literal === 'string' && byName.has(literal)) {
        sources.push(byName.get(literal)!);
      }
      sources.forEach((source) => push(this.deliveries, source, delivery));
    }
  }

  private isForwardingTarget(arn: unknown): boolean {
    const ref = this.resolver.referenceOf(arn);
    if (ref) {
      return ([ResourceType.EVENT_BUS, ResourceType.KINESIS_STREAM, ResourceType.FIREHOSE] as string[]).includes(ref.cfnResourceType);
    }
    const text = this.resolver.textOf(arn);
    return text !== undefined && /:(events:[^:]*:[^:]*:event-bus\/|kinesis:[^:]*:[^:]*:stream\/|firehose:[^:]*:[^:]*:deliverystream\/)/.test(text);
  }

  private safeResolve(owner: CfnResource, value: unknown): unknown {
    try {
      return this.resolver.resolve(owner, value);
    } catch {
      return undefined;
    }
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) {
    list.push(value);
  } else {
    map.set(key, [value]);
  }
}

/** Whether an event pattern field matches a value; an absent field matches everything. */
function matchesValue(patternField: unknown, value: string): boolean {
  if (patternField === undefined) {
    return true;
  }
  return asArray(patternField).some((m) => {
    if (typeof m === 'string') {
      return m === value;
    }
    const prefix = field(m, 'prefix');
    return typeof prefix === 'string' && value.startsWith(prefix);
  });
}

/** `account/region` of a stack, or undefined when either is unknown at synth. */
function environmentKey(stack: Stack): string | undefined {
  return Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region) ? undefined : `${stack.account}/${stack.region}`;
}
