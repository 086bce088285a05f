import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AppIndex } from '../../checks/app-index';
import { asArray, field } from '../../core/l1';
import { compareBy, compareText, plural, TextCleaner } from './text';
import { DataFlowEdge, DataFlowGraph, DataFlowNode, DataFlowNodeKind } from '../coverage-report-document';

/**
 * Reads the synthesised data flow of an app from its CloudFormation
 * resources (never from this library's constructs, so any app is drawn):
 *
 * - sources: `AWS::EC2::FlowLog`, `AWS::CloudTrail::Trail`, Route 53 Resolver
 *   query logging associations, `AWS::Logs::SubscriptionFilter` (grouped by
 *   the kind of log group), `AWS::Events::Rule` on the default bus that
 *   forwards to a bus or stream, `AWS::Cognito::LogDeliveryConfiguration`,
 *   `AWS::Logs::Delivery`;
 * - routes: resolver query log configurations, CloudWatch Logs destinations,
 *   event buses (and the rules on them), Firehose and Kinesis streams;
 * - stores: S3 buckets and log groups that receive logs;
 * - SIEM hand-off: SQS queues that S3 notifies of new objects, the roles
 *   allowed `sqs:ReceiveMessage` on them, and the accounts those roles trust.
 *
 * References are followed across stacks of the app; an ARN or name written
 * as text (how a workload addresses the central account) is matched by name
 * to a resource of the app when there is one, and otherwise drawn as an
 * external node.
 */
export function buildDataFlow(root: IConstruct, cleaner: TextCleaner): DataFlowGraph {
  return new DataFlowBuilder(root, cleaner).build();
}

/** Types the diagram knows, with their label and kind. */
const NODE_TYPES: Record<string, { label: string; kind: DataFlowNodeKind }> = {
  'AWS::S3::Bucket': { label: 'S3 bucket', kind: DataFlowNodeKind.STORE },
  'AWS::Logs::LogGroup': { label: 'Log group', kind: DataFlowNodeKind.STORE },
  'AWS::Logs::Destination': { label: 'CloudWatch Logs destination', kind: DataFlowNodeKind.ROUTE },
  'AWS::KinesisFirehose::DeliveryStream': { label: 'Firehose stream', kind: DataFlowNodeKind.ROUTE },
  'AWS::Kinesis::Stream': { label: 'Kinesis stream', kind: DataFlowNodeKind.ROUTE },
  'AWS::Events::EventBus': { label: 'Event bus', kind: DataFlowNodeKind.ROUTE },
  'AWS::Route53Resolver::ResolverQueryLoggingConfig': { label: 'Resolver query log config', kind: DataFlowNodeKind.ROUTE },
  'AWS::Lambda::Function': { label: 'Lambda function', kind: DataFlowNodeKind.ROUTE },
  'AWS::SQS::Queue': { label: 'SQS queue', kind: DataFlowNodeKind.SIEM },
  'AWS::IAM::Role': { label: 'IAM role', kind: DataFlowNodeKind.SIEM },
};

/** The property that holds a literal name, per type, to match ARNs and names written as text. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::S3::Bucket': 'bucketName',
  'AWS::Logs::LogGroup': 'logGroupName',
  'AWS::Logs::Destination': 'destinationName',
  'AWS::KinesisFirehose::DeliveryStream': 'deliveryStreamName',
  'AWS::Kinesis::Stream': 'name',
  'AWS::Events::EventBus': 'name',
  'AWS::SQS::Queue': 'queueName',
  'AWS::IAM::Role': 'roleName',
  'AWS::Lambda::Function': 'functionName',
};

/** Types a forwarding rule may send to (anything else, such as a Lambda function, is processing, not forwarding). */
const FORWARDING_TYPES = ['AWS::Events::EventBus', 'AWS::KinesisFirehose::DeliveryStream', 'AWS::Kinesis::Stream', 'AWS::Logs::LogGroup'];

/** Source labels of flow logs by their ResourceType. */
const FLOW_LOG_SOURCES: Record<string, string> = {
  VPC: 'VPC flow logs',
  Subnet: 'Subnet flow logs',
  NetworkInterface: 'Network interface flow logs',
  TransitGateway: 'Transit gateway flow logs',
  TransitGatewayAttachment: 'Transit gateway attachment flow logs',
};

/** What a log group holds, from its name. */
const LOG_GROUP_SOURCES: Array<{ test: RegExp; label: string }> = [
  { test: /^\/aws\/eks\//, label: 'EKS control plane logs' },
  { test: /^\/aws\/rds\//, label: 'RDS and Aurora logs' },
  { test: /^(API-Gateway-Execution-Logs|\/aws\/apigateway\/|\/aws\/api-gateway\/)/i, label: 'API Gateway logs' },
  { test: /^\/aws\/(clientvpn|client-vpn)/i, label: 'Client VPN connection logs' },
  { test: /^\/aws\/ssm\//, label: 'Session Manager logs' },
  { test: /^\/aws\/lambda\//, label: 'Lambda function logs' },
];

/** A resource of the app, or something named only by text (an ARN or a name). */
interface Target {
  readonly resource?: CfnResource;
  readonly external?: { readonly type?: string; readonly name: string; readonly account?: string };
}

interface NodeDraft {
  readonly key: string;
  readonly kind: DataFlowNodeKind;
  readonly external: boolean;
  /** Label without the count. */
  readonly label: string;
  /** For aggregated sources: what is counted, singular and plural. */
  readonly countNoun?: readonly [string, string];
  readonly members: Set<string>;
  readonly paths: Set<string>;
}

interface EdgeDraft {
  readonly from: string;
  readonly to: string;
  readonly label: string;
  readonly links: Set<string>;
}

/** The placeholder the reference resolver writes for a value known only at deploy time. */
const DEPLOY_TIME = '${?}';

class DataFlowBuilder {
  private readonly index: AppIndex;
  private readonly nodes = new Map<string, NodeDraft>();
  private readonly edges = new Map<string, EdgeDraft>();
  private readonly propsCache = new Map<CfnResource, Record<string, unknown>>();
  private readonly names = new Map<string, Map<string, CfnResource[]>>();

  constructor(root: IConstruct, private readonly cleaner: TextCleaner) {
    this.index = AppIndex.build(root);
  }

  public build(): DataFlowGraph {
    this.indexNames();
    for (const r of this.index.resources) {
      this.safely(() => this.readResource(r));
    }
    // Roles are read last: only queues already in the diagram lead to them.
    for (const r of this.index.resources) {
      if (r.cfnResourceType === 'AWS::IAM::Policy' || r.cfnResourceType === 'AWS::IAM::Role') {
        this.safely(() => this.readPolicies(r));
      }
    }
    return this.finish();
  }

  private readResource(r: CfnResource): void {
    switch (r.cfnResourceType) {
      case 'AWS::EC2::FlowLog':
        return this.readFlowLog(r);
      case 'AWS::CloudTrail::Trail':
        return this.readTrail(r);
      case 'AWS::Route53Resolver::ResolverQueryLoggingConfig':
        return this.link(this.resourceNode(r), this.target(r, 'destinationArn'), 'query logs', r);
      case 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation':
        return this.readResolverAssociation(r);
      case 'AWS::Logs::SubscriptionFilter':
        return this.readSubscriptionFilter(r);
      case 'AWS::Logs::Destination':
        return this.link(this.resourceNode(r), this.target(r, 'targetArn'), 'forwards', r);
      case 'AWS::KinesisFirehose::DeliveryStream':
        return this.readFirehose(r);
      case 'AWS::Events::Rule':
        return this.readEventsRule(r);
      case 'AWS::Cognito::LogDeliveryConfiguration':
        return this.readCognitoDelivery(r);
      case 'AWS::Logs::Delivery':
        return this.readLogsDelivery(r);
      case 'AWS::S3::Bucket':
        return this.readBucketNotifications(r, r, field(this.props(r).notificationConfiguration, 'queueConfigurations'));
      case 'Custom::S3BucketNotifications':
        return this.readCustomBucketNotifications(r);
      default:
        return undefined;
    }
  }

  private readFlowLog(r: CfnResource): void {
    const p = this.props(r);
    const resourceType = this.text(p.resourceType) ?? 'VPC';
    const source = this.sourceNode(FLOW_LOG_SOURCES[resourceType] ?? `${resourceType} flow logs`, r);
    const destination = p.logDestination !== undefined ? this.target(r, 'logDestination') : this.target(r, 'logGroupName', 'AWS::Logs::LogGroup');
    this.link(source, destination, 'flow log delivery', r);
  }

  private readTrail(r: CfnResource): void {
    const source = this.sourceNode('CloudTrail trails', r);
    this.link(source, this.target(r, 's3BucketName', 'AWS::S3::Bucket'), 'trail delivery', r);
    if (this.props(r).cloudWatchLogsLogGroupArn !== undefined) {
      this.link(source, this.target(r, 'cloudWatchLogsLogGroupArn', 'AWS::Logs::LogGroup'), 'CloudWatch Logs copy', r);
    }
  }

  private readResolverAssociation(r: CfnResource): void {
    const source = this.sourceNode('Route 53 Resolver query logs', r, this.memberOf(r, 'resourceId'), ['VPC', 'VPCs']);
    const value = this.props(r).resolverQueryLogConfigId;
    const ref = this.index.resolver.referenceOf(value);
    if (ref) {
      this.link(source, { resource: ref }, 'association', r);
      return;
    }
    const id = this.text(value);
    if (id !== undefined) {
      this.link(source, { external: { type: 'AWS::Route53Resolver::ResolverQueryLoggingConfig', name: id } }, 'association', r);
    }
  }

  private readSubscriptionFilter(r: CfnResource): void {
    const p = this.props(r);
    const group = this.index.resolver.referenceOf(p.logGroupName);
    const groupName = group ? this.text(this.props(group).logGroupName) : this.text(p.logGroupName);
    const label = LOG_GROUP_SOURCES.find((s) => groupName !== undefined && s.test.test(groupName))?.label ?? 'CloudWatch Logs log groups';
    const member = group ? group.node.path : groupName ?? r.node.path;
    const source = this.sourceNode(label, r, member, ['log group', 'log groups']);
    if (group) {
      source.paths.add(group.node.path);
    }
    this.link(source, this.target(r, 'destinationArn'), 'subscription filter', r);
  }

  private readFirehose(r: CfnResource): void {
    const p = this.props(r);
    const node = this.resourceNode(r);
    for (const config of [p.extendedS3DestinationConfiguration, p.s3DestinationConfiguration]) {
      const arn = field(config, 'bucketArn') ?? field(config, 'BucketARN');
      if (arn !== undefined) {
        this.link(node, this.targetOf(arn, 'AWS::S3::Bucket'), 'delivery', r);
      }
    }
    const stream = field(p.kinesisStreamSourceConfiguration, 'kinesisStreamArn') ?? field(p.kinesisStreamSourceConfiguration, 'KinesisStreamARN');
    if (stream !== undefined) {
      const from = this.nodeFor(this.targetOf(stream, 'AWS::Kinesis::Stream'));
      if (from) {
        this.addEdge(from, node, 'stream source', r);
      }
    }
  }

  private readEventsRule(r: CfnResource): void {
    const p = this.props(r);
    const state = this.text(p.state);
    if (state !== undefined && state !== 'ENABLED' && state !== DEPLOY_TIME) {
      return;
    }
    const targets = asArray(p.targets)
      .map((t) => this.targetOf(field(t, 'arn')))
      .filter((t): t is Target => t !== undefined && FORWARDING_TYPES.includes(typeOf(t) ?? ''));
    if (targets.length === 0) {
      return;
    }
    const busValue = p.eventBusName;
    const busText = this.text(busValue);
    const onDefaultBus = busValue === undefined || busText === 'default' || (busText ?? '').endsWith(':event-bus/default');
    const from = onDefaultBus
      ? this.sourceNode('EventBridge rules', r)
      : this.nodeFor(this.targetOf(busValue, 'AWS::Events::EventBus'));
    for (const t of targets) {
      this.link(from, t, onDefaultBus ? 'rule target' : 'rule', r);
    }
  }

  private readCognitoDelivery(r: CfnResource): void {
    for (const config of asArray(this.props(r).logConfigurations)) {
      const eventSource = this.text(field(config, 'eventSource')) ?? 'user pool';
      const source = this.sourceNode(`Cognito ${eventSource} logs`, r, this.memberOf(r, 'userPoolId'), ['user pool', 'user pools']);
      const s3 = field(field(config, 's3Configuration'), 'bucketArn');
      const stream = field(field(config, 'firehoseConfiguration'), 'streamArn');
      const group = field(field(config, 'cloudWatchLogsConfiguration'), 'logGroupArn');
      for (const [value, type] of [[s3, 'AWS::S3::Bucket'], [stream, 'AWS::KinesisFirehose::DeliveryStream'], [group, 'AWS::Logs::LogGroup']] as const) {
        if (value !== undefined) {
          this.link(source, this.targetOf(value, type), 'log delivery', r);
        }
      }
    }
  }

  private readLogsDelivery(r: CfnResource): void {
    const p = this.props(r);
    const sourceRef = this.index.resolver.referenceOf(p.deliverySourceName);
    const logType = sourceRef ? this.text(this.props(sourceRef).logType) : undefined;
    const source = this.sourceNode(logType ? `Vended ${logType} logs` : 'Vended log deliveries', r);
    const destination = this.index.resolver.referenceOf(p.deliveryDestinationArn);
    const target = destination
      ? this.targetOf(this.props(destination).destinationResourceArn)
      : this.targetOf(p.deliveryDestinationArn);
    this.link(source, target, 'log delivery', r);
  }

  private readCustomBucketNotifications(r: CfnResource): void {
    const p = this.props(r);
    const bucket = this.index.resolver.referenceOf(p.bucketName ?? p.BucketName);
    if (bucket) {
      this.readBucketNotifications(bucket, r, field(p.notificationConfiguration ?? p.NotificationConfiguration, 'queueConfigurations'));
    }
  }

  private readBucketNotifications(bucket: CfnResource, owner: CfnResource, queueConfigurations: unknown): void {
    for (const config of asArray(queueConfigurations)) {
      const queue = field(config, 'queue') ?? field(config, 'queueArn');
      if (queue === undefined) {
        continue;
      }
      this.link(this.resourceNode(bucket), this.targetOf(queue, 'AWS::SQS::Queue'), 'object created', owner);
    }
  }

  /** Queue → role for every role allowed sqs:ReceiveMessage on a queue of the diagram; role → the accounts that assume it. */
  private readPolicies(r: CfnResource): void {
    const p = this.props(r);
    const documents: Array<{ roles: CfnResource[]; document: unknown }> = [];
    if (r.cfnResourceType === 'AWS::IAM::Policy') {
      const roles = asArray(p.roles).map((v) => this.index.resolver.referenceOf(v)).filter((x): x is CfnResource => x !== undefined);
      documents.push({ roles, document: p.policyDocument });
    } else {
      for (const policy of asArray(p.policies)) {
        documents.push({ roles: [r], document: field(policy, 'policyDocument') });
      }
    }
    for (const { roles, document } of documents) {
      for (const statement of asArray(field(document, 'Statement'))) {
        if (field(statement, 'Effect') !== 'Allow' || !asArray(field(statement, 'Action')).some((a) => receivesMessages(a))) {
          continue;
        }
        for (const resource of asArray(field(statement, 'Resource'))) {
          const queue = this.nodeFor(this.targetOf(resource, 'AWS::SQS::Queue'), false);
          if (!queue) {
            continue;
          }
          for (const role of roles) {
            const roleNode = this.resourceNode(role);
            this.addEdge(queue, roleNode, 'sqs:ReceiveMessage', r);
            this.readTrust(role, roleNode);
          }
        }
      }
    }
  }

  private readTrust(role: CfnResource, roleNode: NodeDraft): void {
    for (const statement of asArray(field(this.props(role).assumeRolePolicyDocument, 'Statement'))) {
      if (field(statement, 'Effect') !== 'Allow') {
        continue;
      }
      const externalId = JSON.stringify(field(statement, 'Condition') ?? {}).includes('sts:ExternalId');
      for (const principal of asArray(field(field(statement, 'Principal'), 'AWS'))) {
        const text = this.text(principal);
        const account = text === undefined ? undefined : /^(\d{12})$/.exec(text)?.[1] ?? /:iam::(\d{12}):/.exec(text)?.[1];
        if (account) {
          const node = this.node(`ext:account:${account}`, DataFlowNodeKind.SIEM, `Account ${account}`, true);
          this.addEdge(roleNode, node, externalId ? 'assumed with external id by' : 'assumed by', role);
        }
      }
    }
  }

  // ---- targets and nodes

  /** The target a property of a resource names. */
  private target(r: CfnResource, prop: string, expectedType?: string): Target | undefined {
    return this.targetOf(this.props(r)[prop], expectedType);
  }

  /** The target a resolved value names: a reference to a resource, or an ARN or name matched by name. */
  private targetOf(value: unknown, expectedType?: string): Target | undefined {
    if (value === undefined || value === null) {
      return undefined;
    }
    const ref = this.index.resolver.referenceOf(value);
    if (ref) {
      return { resource: ref };
    }
    const refs = this.index.resolver.referencesIn(value);
    const known = refs.find((x) => NODE_TYPES[x.cfnResourceType] !== undefined && (!expectedType || x.cfnResourceType === expectedType));
    if (known) {
      return { resource: known };
    }
    const text = this.text(value);
    if (text === undefined || text === '') {
      return undefined;
    }
    const arn = parseArn(text);
    const type = arn?.type ?? expectedType;
    const name = arn?.name ?? text;
    const byName = type ? this.byName(type, name, arn?.region) : undefined;
    if (byName) {
      return { resource: byName };
    }
    return { external: { type, name, account: arn?.account } };
  }

  private nodeFor(target: Target | undefined, create = true): NodeDraft | undefined {
    if (!target) {
      return undefined;
    }
    if (target.resource) {
      const key = `res:${target.resource.node.path}`;
      return create ? this.resourceNode(target.resource) : this.nodes.get(key);
    }
    const ext = target.external!;
    const info = ext.type ? NODE_TYPES[ext.type] : undefined;
    const key = `ext:${ext.type ?? 'unknown'}:${ext.account ?? ''}:${ext.name}`;
    if (!create) {
      return this.nodes.get(key);
    }
    const account = ext.account && ext.account !== DEPLOY_TIME && ext.type !== 'AWS::S3::Bucket' ? `\naccount ${ext.account}` : '';
    return this.node(key, info?.kind ?? DataFlowNodeKind.ROUTE, `${info?.label ?? ext.type ?? 'Destination'} ${ext.name}${account}`, true);
  }

  private resourceNode(r: CfnResource): NodeDraft {
    const info = NODE_TYPES[r.cfnResourceType] ?? { label: r.cfnResourceType, kind: DataFlowNodeKind.ROUTE };
    const node = this.node(`res:${r.node.path}`, info.kind, `${info.label}\n${shortPath(r.node.path)}`, false);
    node.paths.add(r.node.path);
    return node;
  }

  /** An aggregated source node; `member` is what is counted (by default the resource itself). */
  private sourceNode(label: string, r: CfnResource, member: string = r.node.path, countNoun?: readonly [string, string]): NodeDraft {
    const node = this.node(`src:${label}`, DataFlowNodeKind.SOURCE, label, false, countNoun);
    node.members.add(member);
    node.paths.add(r.node.path);
    return node;
  }

  private node(key: string, kind: DataFlowNodeKind, label: string, external: boolean, countNoun?: readonly [string, string]): NodeDraft {
    let node = this.nodes.get(key);
    if (!node) {
      node = { key, kind, label: this.cleaner.clean(label), external, countNoun, members: new Set(), paths: new Set() };
      this.nodes.set(key, node);
    }
    return node;
  }

  private link(from: NodeDraft | undefined, to: Target | undefined, label: string, via: CfnResource): void {
    const toNode = this.nodeFor(to);
    if (from && toNode) {
      this.addEdge(from, toNode, label, via);
    }
  }

  private addEdge(from: NodeDraft, to: NodeDraft, label: string, via: CfnResource): void {
    const key = `${from.key}\u0000${to.key}\u0000${label}`;
    let edge = this.edges.get(key);
    if (!edge) {
      edge = { from: from.key, to: to.key, label, links: new Set() };
      this.edges.set(key, edge);
    }
    edge.links.add(via.node.path);
  }

  /** What a source counts: the resource a property refers to (a VPC, a user pool), or its text. */
  private memberOf(r: CfnResource, prop: string): string {
    const value = this.props(r)[prop];
    const ref = this.index.resolver.referenceOf(value);
    return ref ? ref.node.path : this.text(value) ?? r.node.path;
  }

  // ---- reading resources

  /** The resource's properties, resolved (references become placeholders), keyed in camelCase. */
  private props(r: CfnResource): Record<string, unknown> {
    let cached = this.propsCache.get(r);
    if (!cached) {
      cached = {};
      let raw: unknown;
      try {
        raw = (r as unknown as { cfnProperties: unknown }).cfnProperties;
      } catch {
        raw = undefined;
      }
      if (raw && typeof raw === 'object') {
        for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
          if (v === undefined) {
            continue;
          }
          try {
            cached[k.charAt(0).toLowerCase() + k.slice(1)] = this.index.resolve(r, v);
          } catch {
            // A value this reader cannot resolve draws no edge.
          }
        }
      }
      this.propsCache.set(r, cached);
    }
    return cached;
  }

  /** A resolved value as text (`${?}` for parts known only at deploy time), with references written as construct paths. */
  private text(value: unknown): string | undefined {
    const text = this.index.resolver.textOf(value);
    return text === undefined ? undefined : this.index.resolver.describe(text);
  }

  private indexNames(): void {
    for (const r of this.index.resources) {
      const prop = NAME_PROPERTY[r.cfnResourceType];
      if (!prop) {
        continue;
      }
      const name = this.index.resolver.textOf(this.props(r)[prop]);
      if (name === undefined || name.includes(DEPLOY_TIME) || this.index.resolver.referencesIn(name).length > 0) {
        continue;
      }
      const byType = this.names.get(r.cfnResourceType) ?? new Map<string, CfnResource[]>();
      byType.set(name, [...(byType.get(name) ?? []), r]);
      this.names.set(r.cfnResourceType, byType);
    }
  }

  /** The resource of a type with this literal name; with several, the one in the ARN's region. */
  private byName(type: string, name: string, region: string | undefined): CfnResource | undefined {
    const found = this.names.get(type)?.get(name) ?? [];
    if (found.length > 1 && region) {
      const inRegion = found.find((r) => {
        const stackRegion = Stack.of(r).region;
        return !Token.isUnresolved(stackRegion) && stackRegion === region;
      });
      if (inRegion) {
        return inRegion;
      }
    }
    return found[0];
  }

  private safely(read: () => void): void {
    try {
      read();
    } catch {
      // The diagram is best effort: a resource this reader cannot follow draws no edge.
    }
  }

  private finish(): DataFlowGraph {
    const drafts = [...this.nodes.values()].filter((n) => n.kind === DataFlowNodeKind.SOURCE || this.hasEdge(n));
    const ids = assignIds(drafts.map((n) => n.key));
    const nodes: DataFlowNode[] = drafts
      .map((n) => ({
        id: ids.get(n.key)!,
        kind: n.kind,
        label: n.kind === DataFlowNodeKind.SOURCE
          ? `${n.label} (${n.countNoun ? plural(n.members.size, ...n.countNoun) : n.members.size})`
          : n.label,
        external: n.external,
        constructPaths: [...n.paths].sort(compareText),
      }))
      .sort(compareBy<DataFlowNode>((n) => KIND_ORDER.indexOf(n.kind), (n) => n.label, (n) => n.id));
    const edges: DataFlowEdge[] = [...this.edges.values()]
      .filter((e) => ids.has(e.from) && ids.has(e.to))
      .map((e) => ({
        from: ids.get(e.from)!,
        to: ids.get(e.to)!,
        label: e.links.size > 1 ? `${e.label} (${e.links.size})` : e.label,
      }))
      .sort(compareBy<DataFlowEdge>((e) => e.from, (e) => e.to, (e) => e.label));
    return { nodes, edges };
  }

  private hasEdge(n: NodeDraft): boolean {
    for (const e of this.edges.values()) {
      if (e.from === n.key || e.to === n.key) {
        return true;
      }
    }
    return false;
  }
}

const KIND_ORDER = [DataFlowNodeKind.SOURCE, DataFlowNodeKind.ROUTE, DataFlowNodeKind.STORE, DataFlowNodeKind.SIEM];

/** Mermaid ids from node keys: letters, digits and underscores, unique, assigned in key order. */
function assignIds(keys: string[]): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const key of [...keys].sort(compareText)) {
    const [prefix, ...rest] = key.split(':');
    const base = `${prefix}_${rest.join('_').replace(/[^A-Za-z0-9]+/g, '_').replace(/^_+|_+$/g, '')}`.slice(0, 80);
    let id = base;
    for (let n = 2; used.has(id); n++) {
      id = `${base}_${n}`;
    }
    used.add(id);
    ids.set(key, id);
  }
  return ids;
}

/** A construct path without the trailing `/Resource` or `/Default` of an L2's L1. */
function shortPath(path: string): string {
  return path.replace(/\/(Resource|Default)$/, '');
}

function typeOf(t: Target): string | undefined {
  return t.resource?.cfnResourceType ?? t.external?.type;
}

/** Whether an IAM action allows receiving SQS messages. */
function receivesMessages(action: unknown): boolean {
  if (typeof action !== 'string') {
    return false;
  }
  const a = action.toLowerCase();
  return a === '*' || a === 'sqs:*' || a === 'sqs:receivemessage' || (a.startsWith('sqs:receive') && a.endsWith('*'));
}

/** The resource type, name, account and region an ARN names, for the types the diagram matches by name. */
function parseArn(text: string): { type?: string; name: string; account?: string; region?: string } | undefined {
  const m = /^arn:[^:]*:([^:]+):([^:]*):([^:]*):(.+)$/.exec(text);
  if (!m) {
    return undefined;
  }
  const [, service, region, account, resource] = m;
  const extra = { account: account || undefined, region: region || undefined };
  switch (service) {
    case 's3':
      return { type: 'AWS::S3::Bucket', name: resource.split('/')[0], ...extra };
    case 'logs': {
      const destination = /^destination:(.+)$/.exec(resource);
      if (destination) {
        return { type: 'AWS::Logs::Destination', name: destination[1], ...extra };
      }
      const group = /^log-group:([^:]+)/.exec(resource);
      return group ? { type: 'AWS::Logs::LogGroup', name: group[1], ...extra } : { name: text, ...extra };
    }
    case 'firehose':
      return { type: 'AWS::KinesisFirehose::DeliveryStream', name: resource.replace(/^deliverystream\//, ''), ...extra };
    case 'kinesis':
      return { type: 'AWS::Kinesis::Stream', name: resource.replace(/^stream\//, ''), ...extra };
    case 'events':
      return { type: 'AWS::Events::EventBus', name: resource.replace(/^event-bus\//, ''), ...extra };
    case 'sqs':
      return { type: 'AWS::SQS::Queue', name: resource, ...extra };
    case 'lambda':
      return { type: 'AWS::Lambda::Function', name: resource.replace(/^function:/, '').split(':')[0], ...extra };
    case 'iam':
      return { type: 'AWS::IAM::Role', name: resource.replace(/^role\/(.*\/)?/, ''), ...extra };
    default:
      return { name: text, ...extra };
  }
}
