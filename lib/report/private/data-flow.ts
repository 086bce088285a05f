import { CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AppIndex } from '../../checks/app-index';
import { asArray, field } from '../../core/l1';
import { DataFlowDrafts, NodeDraft } from './data-flow-drafts';
import { DataFlowTargets } from './data-flow-targets';
import { DEPLOY_TIME, FLOW_LOG_SOURCES, FORWARDING_TYPES, LOG_GROUP_SOURCES, Target, typeOf } from './data-flow-types';
import { TextCleaner } from './text';
import { DataFlowGraph, DataFlowNodeKind } from '../coverage-report-document';

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

/** Reads each resource of the app into the drafts of the diagram. */
class DataFlowBuilder {
  private readonly index: AppIndex;
  private readonly targets: DataFlowTargets;
  private readonly drafts: DataFlowDrafts;

  constructor(root: IConstruct, cleaner: TextCleaner) {
    this.index = AppIndex.build(root);
    this.targets = new DataFlowTargets(this.index);
    this.drafts = new DataFlowDrafts(cleaner);
  }

  public build(): DataFlowGraph {
    this.targets.indexNames();
    for (const r of this.index.resources) {
      this.safely(() => this.readResource(r));
    }
    // Roles are read last: only queues already in the diagram lead to them.
    for (const r of this.index.resources) {
      if (r.cfnResourceType === 'AWS::IAM::Policy' || r.cfnResourceType === 'AWS::IAM::Role') {
        this.safely(() => this.readPolicies(r));
      }
    }
    return this.drafts.finish();
  }

  private readResource(r: CfnResource): void {
    switch (r.cfnResourceType) {
      case 'AWS::EC2::FlowLog':
        return this.readFlowLog(r);
      case 'AWS::CloudTrail::Trail':
        return this.readTrail(r);
      case 'AWS::Route53Resolver::ResolverQueryLoggingConfig':
        return this.drafts.link(this.drafts.resourceNode(r), this.targets.target(r, 'destinationArn'), 'query logs', r);
      case 'AWS::Route53Resolver::ResolverQueryLoggingConfigAssociation':
        return this.readResolverAssociation(r);
      case 'AWS::Logs::SubscriptionFilter':
        return this.readSubscriptionFilter(r);
      case 'AWS::Logs::Destination':
        return this.drafts.link(this.drafts.resourceNode(r), this.targets.target(r, 'targetArn'), 'forwards', r);
      case 'AWS::KinesisFirehose::DeliveryStream':
        return this.readFirehose(r);
      case 'AWS::Events::Rule':
        return this.readEventsRule(r);
      case 'AWS::Cognito::LogDeliveryConfiguration':
        return this.readCognitoDelivery(r);
      case 'AWS::Logs::Delivery':
        return this.readLogsDelivery(r);
      case 'AWS::S3::Bucket':
        return this.readBucketNotifications(r, r, field(this.targets.props(r).notificationConfiguration, 'queueConfigurations'));
      case 'Custom::S3BucketNotifications':
        return this.readCustomBucketNotifications(r);
      default:
        return undefined;
    }
  }

  private readFlowLog(r: CfnResource): void {
    const p = this.targets.props(r);
    const resourceType = this.targets.text(p.resourceType) ?? 'VPC';
    const source = this.drafts.sourceNode(FLOW_LOG_SOURCES[resourceType] ?? `${resourceType} flow logs`, r);
    const destination = p.logDestination !== undefined ? this.targets.target(r, 'logDestination') : this.targets.target(r, 'logGroupName', 'AWS::Logs::LogGroup');
    this.drafts.link(source, destination, 'flow log delivery', r);
  }

  private readTrail(r: CfnResource): void {
    const source = this.drafts.sourceNode('CloudTrail trails', r);
    this.drafts.link(source, this.targets.target(r, 's3BucketName', 'AWS::S3::Bucket'), 'trail delivery', r);
    if (this.targets.props(r).cloudWatchLogsLogGroupArn !== undefined) {
      this.drafts.link(source, this.targets.target(r, 'cloudWatchLogsLogGroupArn', 'AWS::Logs::LogGroup'), 'CloudWatch Logs copy', r);
    }
  }

  private readResolverAssociation(r: CfnResource): void {
    const source = this.drafts.sourceNode('Route 53 Resolver query logs', r, this.targets.memberOf(r, 'resourceId'), ['VPC', 'VPCs']);
    const value = this.targets.props(r).resolverQueryLogConfigId;
    const ref = this.index.resolver.referenceOf(value);
    if (ref) {
      this.drafts.link(source, { resource: ref }, 'association', r);
      return;
    }
    const id = this.targets.text(value);
    if (id !== undefined) {
      this.drafts.link(source, { external: { type: 'AWS::Route53Resolver::ResolverQueryLoggingConfig', name: id } }, 'association', r);
    }
  }

  private readSubscriptionFilter(r: CfnResource): void {
    const p = this.targets.props(r);
    const group = this.index.resolver.referenceOf(p.logGroupName);
    const groupName = group ? this.targets.text(this.targets.props(group).logGroupName) : this.targets.text(p.logGroupName);
    const label = LOG_GROUP_SOURCES.find((s) => groupName !== undefined && s.test.test(groupName))?.label ?? 'CloudWatch Logs log groups';
    const member = group ? group.node.path : groupName ?? r.node.path;
    const source = this.drafts.sourceNode(label, r, member, ['log group', 'log groups']);
    if (group) {
      source.paths.add(group.node.path);
    }
    this.drafts.link(source, this.targets.target(r, 'destinationArn'), 'subscription filter', r);
  }

  private readFirehose(r: CfnResource): void {
    const p = this.targets.props(r);
    const node = this.drafts.resourceNode(r);
    for (const config of [p.extendedS3DestinationConfiguration, p.s3DestinationConfiguration]) {
      const arn = field(config, 'bucketArn') ?? field(config, 'BucketARN');
      if (arn !== undefined) {
        this.drafts.link(node, this.targets.targetOf(arn, 'AWS::S3::Bucket'), 'delivery', r);
      }
    }
    const stream = field(p.kinesisStreamSourceConfiguration, 'kinesisStreamArn') ?? field(p.kinesisStreamSourceConfiguration, 'KinesisStreamARN');
    if (stream !== undefined) {
      const from = this.drafts.nodeFor(this.targets.targetOf(stream, 'AWS::Kinesis::Stream'));
      if (from) {
        this.drafts.addEdge(from, node, 'stream source', r);
      }
    }
  }

  private readEventsRule(r: CfnResource): void {
    const p = this.targets.props(r);
    const state = this.targets.text(p.state);
    if (state !== undefined && state !== 'ENABLED' && state !== DEPLOY_TIME) {
      return;
    }
    const targets = asArray(p.targets)
      .map((t) => this.targets.targetOf(field(t, 'arn')))
      .filter((t): t is Target => t !== undefined && FORWARDING_TYPES.includes(typeOf(t) ?? ''));
    if (targets.length === 0) {
      return;
    }
    const busValue = p.eventBusName;
    const busText = this.targets.text(busValue);
    const onDefaultBus = busValue === undefined || busText === 'default' || (busText ?? '').endsWith(':event-bus/default');
    const from = onDefaultBus
      ? this.drafts.sourceNode('EventBridge rules', r)
      : this.drafts.nodeFor(this.targets.targetOf(busValue, 'AWS::Events::EventBus'));
    for (const t of targets) {
      this.drafts.link(from, t, onDefaultBus ? 'rule target' : 'rule', r);
    }
  }

  private readCognitoDelivery(r: CfnResource): void {
    for (const config of asArray(this.targets.props(r).logConfigurations)) {
      const eventSource = this.targets.text(field(config, 'eventSource')) ?? 'user pool';
      const source = this.drafts.sourceNode(`Cognito ${eventSource} logs`, r, this.targets.memberOf(r, 'userPoolId'), ['user pool', 'user pools']);
      const s3 = field(field(config, 's3Configuration'), 'bucketArn');
      const stream = field(field(config, 'firehoseConfiguration'), 'streamArn');
      const group = field(field(config, 'cloudWatchLogsConfiguration'), 'logGroupArn');
      for (const [value, type] of [[s3, 'AWS::S3::Bucket'], [stream, 'AWS::KinesisFirehose::DeliveryStream'], [group, 'AWS::Logs::LogGroup']] as const) {
        if (value !== undefined) {
          this.drafts.link(source, this.targets.targetOf(value, type), 'log delivery', r);
        }
      }
    }
  }

  private readLogsDelivery(r: CfnResource): void {
    const p = this.targets.props(r);
    const sourceRef = this.index.resolver.referenceOf(p.deliverySourceName);
    const logType = sourceRef ? this.targets.text(this.targets.props(sourceRef).logType) : undefined;
    const source = this.drafts.sourceNode(logType ? `Vended ${logType} logs` : 'Vended log deliveries', r);
    const destination = this.index.resolver.referenceOf(p.deliveryDestinationArn);
    const target = destination
      ? this.targets.targetOf(this.targets.props(destination).destinationResourceArn)
      : this.targets.targetOf(p.deliveryDestinationArn);
    this.drafts.link(source, target, 'log delivery', r);
  }

  private readCustomBucketNotifications(r: CfnResource): void {
    const p = this.targets.props(r);
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
      this.drafts.link(this.drafts.resourceNode(bucket), this.targets.targetOf(queue, 'AWS::SQS::Queue'), 'object created', owner);
    }
  }

  /** Queue → role for every role allowed sqs:ReceiveMessage on a queue of the diagram; role → the accounts that assume it. */
  private readPolicies(r: CfnResource): void {
    const p = this.targets.props(r);
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
          const queue = this.drafts.nodeFor(this.targets.targetOf(resource, 'AWS::SQS::Queue'), false);
          if (!queue) {
            continue;
          }
          for (const role of roles) {
            const roleNode = this.drafts.resourceNode(role);
            this.drafts.addEdge(queue, roleNode, 'sqs:ReceiveMessage', r);
            this.readTrust(role, roleNode);
          }
        }
      }
    }
  }

  private readTrust(role: CfnResource, roleNode: NodeDraft): void {
    for (const statement of asArray(field(this.targets.props(role).assumeRolePolicyDocument, 'Statement'))) {
      if (field(statement, 'Effect') !== 'Allow') {
        continue;
      }
      const externalId = JSON.stringify(field(statement, 'Condition') ?? {}).includes('sts:ExternalId');
      for (const principal of asArray(field(field(statement, 'Principal'), 'AWS'))) {
        const text = this.targets.text(principal);
        const account = text === undefined ? undefined : /^(\d{12})$/.exec(text)?.[1] ?? /:iam::(\d{12}):/.exec(text)?.[1];
        if (account) {
          const node = this.drafts.node(`ext:account:${account}`, DataFlowNodeKind.SIEM, `Account ${account}`, true);
          this.drafts.addEdge(roleNode, node, externalId ? 'assumed with external id by' : 'assumed by', role);
        }
      }
    }
  }

  private safely(read: () => void): void {
    try {
      read();
    } catch {
      // The diagram is best effort: a resource this reader cannot follow draws no edge.
    }
  }
}

/** Whether an IAM action allows receiving SQS messages. */
function receivesMessages(action: unknown): boolean {
  if (typeof action !== 'string') {
    return false;
  }
  const a = action.toLowerCase();
  return a === '*' || a === 'sqs:*' || a === 'sqs:receivemessage' || (a.startsWith('sqs:receive') && a.endsWith('*'));
}
