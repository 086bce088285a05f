import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { AppIndex } from '../../checks/app-index';
import { DEPLOY_TIME, NODE_TYPES, Target } from './data-flow-types';

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

/**
 * Reads the resources of an app for the data-flow diagram: their resolved
 * properties, values as text, and the target a value names (a reference to
 * a resource, or an ARN or name matched by name to a resource of the app,
 * or else an external name). Call `indexNames` once before matching by name.
 */
export class DataFlowTargets {
  private readonly propsCache = new Map<CfnResource, Record<string, unknown>>();
  private readonly names = new Map<string, Map<string, CfnResource[]>>();

  constructor(private readonly index: AppIndex) {}

  /** The target a property of a resource names. */
  public target(r: CfnResource, prop: string, expectedType?: string): Target | undefined {
    return this.targetOf(this.props(r)[prop], expectedType);
  }

  /** The target a resolved value names: a reference to a resource, or an ARN or name matched by name. */
  public targetOf(value: unknown, expectedType?: string): Target | undefined {
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

  /** What a source counts: the resource a property refers to (a VPC, a user pool), or its text. */
  public memberOf(r: CfnResource, prop: string): string {
    const value = this.props(r)[prop];
    const ref = this.index.resolver.referenceOf(value);
    return ref ? ref.node.path : this.text(value) ?? r.node.path;
  }

  /** The resource's properties, resolved (references become placeholders), keyed in camelCase. */
  public props(r: CfnResource): Record<string, unknown> {
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
  public text(value: unknown): string | undefined {
    const text = this.index.resolver.textOf(value);
    return text === undefined ? undefined : this.index.resolver.describe(text);
  }

  /** Index the literal names of the resources of the app, by type, to match ARNs and names written as text. */
  public indexNames(): void {
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
