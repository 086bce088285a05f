import {
  CreateFlowLogsCommand,
  DescribeFlowLogsCommand,
  DescribeVpcsCommand,
  EC2Client,
  FlowLog,
} from '@aws-sdk/client-ec2';
import { BaselineConfig } from './config';
import { BaselineAction, CREATED_BY_TAG } from './contract';

/**
 * The part of the Route 53 Resolver API the baseline uses. The Lambda
 * runtime's SDK provides `@aws-sdk/client-route53resolver` (index.ts adapts
 * it); this package does not depend on it, and the tests give a fake.
 */
export interface ResolverApi {
  /** Every query logging configuration association of a VPC (all pages). */
  listAssociations(vpcId: string): Promise<Array<{ ResolverQueryLogConfigId?: string; Status?: string }>>;
  /** Associate a VPC with a query logging configuration. */
  associate(queryLogConfigId: string, vpcId: string): Promise<void>;
}

/** The clients the baseline calls. */
export interface BaselineClients {
  readonly ec2: EC2Client;
  readonly resolver: ResolverApi;
}

/** One line of the function's log: what it did for a VPC. */
export interface BaselineRecord {
  readonly action: BaselineAction;
  readonly vpcId?: string;
  readonly region: string;
  readonly detail?: string;
}

/** What one invocation did. */
export interface BaselineSummary {
  readonly trigger: 'create-vpc' | 'sweep';
  readonly vpcCount: number;
  readonly records: BaselineRecord[];
  readonly failures: BaselineRecord[];
}

/** The EventBridge event of a CloudTrail-recorded `CreateVpc`, or the scheduled sweep's input. */
export interface BaselineEvent {
  readonly sweep?: boolean;
  readonly 'detail-type'?: string;
  readonly region?: string;
  readonly detail?: {
    readonly eventName?: string;
    readonly awsRegion?: string;
    readonly errorCode?: string;
    readonly responseElements?: { readonly vpc?: { readonly vpcId?: string } } | null;
  };
}

/** Association states that mean the VPC is (or is about to be) logged. */
const LIVE_ASSOCIATION = new Set(['ACTIVE', 'CREATING']);

/** Exceptions of AssociateResolverQueryLogConfig that mean the association already exists (idempotent retry). */
const ALREADY_ASSOCIATED = new Set(['ResourceExistsException']);

/**
 * Cover the VPCs an event names: a `CreateVpc` event names one VPC; the
 * sweep covers every VPC this account owns in the region. Each VPC gets a
 * flow log to the central VPC_FLOW bucket with the standard's fields unless
 * one to that bucket exists, and is associated with the shared Resolver query
 * logging configuration unless it already is. Every step is logged through
 * `log`; a VPC whose step failed is a failure, and the others still run.
 */
export async function runBaseline(clients: BaselineClients, config: BaselineConfig, event: BaselineEvent,
  log: (record: BaselineRecord) => void = () => undefined): Promise<BaselineSummary> {
  const records: BaselineRecord[] = [];
  const note = (record: BaselineRecord) => {
    records.push(record);
    log(record);
  };
  let trigger: BaselineSummary['trigger'];
  let vpcIds: string[];
  if (event.sweep === true) {
    trigger = 'sweep';
    vpcIds = await ownedVpcIds(clients.ec2, config.accountId);
  } else {
    trigger = 'create-vpc';
    vpcIds = vpcFromCreateEvent(event, config, note);
  }
  for (const vpcId of vpcIds) {
    await coverVpc(clients, config, vpcId, note);
  }
  return { trigger, vpcCount: vpcIds.length, records, failures: records.filter((r) => r.action === BaselineAction.FAILED) };
}

function vpcFromCreateEvent(event: BaselineEvent, config: BaselineConfig, note: (r: BaselineRecord) => void): string[] {
  const detail = event.detail ?? {};
  const eventRegion = detail.awsRegion ?? event.region;
  const vpcId = detail.responseElements?.vpc?.vpcId;
  if (detail.eventName !== 'CreateVpc') {
    throw new Error(`vpc-baseline: unexpected event (eventName '${detail.eventName}'); expected a CreateVpc call or the sweep input.`);
  }
  if (eventRegion !== undefined && eventRegion !== config.region) {
    // A flow log and a query log association are made in the VPC's own region, by the baseline of that region.
    note({ action: BaselineAction.SKIPPED_OTHER_REGION, vpcId, region: eventRegion, detail: `this function covers ${config.region}` });
    return [];
  }
  if (detail.errorCode !== undefined || vpcId === undefined) {
    note({ action: BaselineAction.SKIPPED_FAILED_CALL, vpcId, region: config.region, detail: detail.errorCode ?? 'no VPC in the response' });
    return [];
  }
  return [vpcId];
}

async function ownedVpcIds(ec2: EC2Client, accountId: string): Promise<string[]> {
  const ids: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ec2.send(new DescribeVpcsCommand({
      Filters: [{ Name: 'owner-id', Values: [accountId] }],
      NextToken: nextToken,
    }));
    ids.push(...(page.Vpcs ?? []).map((v) => v.VpcId).filter((id): id is string => id !== undefined));
    nextToken = page.NextToken;
  } while (nextToken);
  return ids;
}

async function coverVpc(clients: BaselineClients, config: BaselineConfig, vpcId: string, note: (r: BaselineRecord) => void) {
  const region = config.region;
  try {
    note({ vpcId, region, ...await ensureFlowLog(clients.ec2, config, vpcId) });
  } catch (e) {
    note({ action: BaselineAction.FAILED, vpcId, region, detail: `flow log: ${describe(e)}` });
  }
  if (config.queryLogConfigId === undefined) {
    return;
  }
  try {
    note({ vpcId, region, ...await ensureQueryLogAssociation(clients.resolver, config.queryLogConfigId, vpcId) });
  } catch (e) {
    note({ action: BaselineAction.FAILED, vpcId, region, detail: `query log association: ${describe(e)}` });
  }
}

/** The `${field}` names of a flow log format. */
function formatFields(format: string | undefined): Set<string> {
  return new Set([...(format ?? '').matchAll(/\$\{([a-z0-9-]+)\}/g)].map((m) => m[1]));
}

function toCentralBucket(flowLog: FlowLog, destinationArn: string): boolean {
  const destination = flowLog.LogDestination ?? '';
  return flowLog.LogDestinationType === 's3' && (destination === destinationArn || destination.startsWith(`${destinationArn}/`));
}

async function ensureFlowLog(ec2: EC2Client, config: BaselineConfig, vpcId: string): Promise<{ action: BaselineAction; detail?: string }> {
  const existing = await ec2.send(new DescribeFlowLogsCommand({ Filter: [{ Name: 'resource-id', Values: [vpcId] }] }));
  const central = (existing.FlowLogs ?? []).filter((f) => toCentralBucket(f, config.flowLogDestinationArn));
  if (central.length > 0) {
    const wanted = formatFields(config.flowLogFormat);
    const best = central.find((f) => [...wanted].every((field) => formatFields(f.LogFormat).has(field)));
    if (best) {
      return { action: BaselineAction.FLOW_LOG_PRESENT, detail: best.FlowLogId };
    }
    const have = formatFields(central[0].LogFormat);
    return {
      action: BaselineAction.FLOW_LOG_FORMAT_DIFFERS,
      detail: `${central[0].FlowLogId} lacks ${[...wanted].filter((f) => !have.has(f)).join(', ')}`,
    };
  }
  const tags = [CREATED_BY_TAG, ...Object.entries(config.tags).map(([Key, Value]) => ({ Key, Value }))];
  const created = await ec2.send(new CreateFlowLogsCommand({
    ResourceIds: [vpcId],
    ResourceType: 'VPC',
    TrafficType: config.trafficType,
    LogDestinationType: 's3',
    LogDestination: config.flowLogDestinationArn,
    LogFormat: config.flowLogFormat,
    MaxAggregationInterval: config.maxAggregationInterval,
    DestinationOptions: config.destinationOptions as never,
    TagSpecifications: [{ ResourceType: 'vpc-flow-log', Tags: tags }],
  }));
  const failed = created.Unsuccessful ?? [];
  if (failed.length > 0) {
    const error = failed[0].Error;
    if (error?.Code === 'FlowLogAlreadyExists') {
      return { action: BaselineAction.FLOW_LOG_PRESENT, detail: 'created meanwhile' };
    }
    throw new Error(`${error?.Code ?? 'Unsuccessful'}: ${error?.Message ?? 'CreateFlowLogs did not create the flow log'}`);
  }
  return { action: BaselineAction.FLOW_LOG_CREATED, detail: (created.FlowLogIds ?? []).join(',') };
}

async function ensureQueryLogAssociation(resolver: ResolverApi, configId: string, vpcId: string):
Promise<{ action: BaselineAction; detail?: string }> {
  const associations = await resolver.listAssociations(vpcId);
  if (associations.some((a) => a.ResolverQueryLogConfigId === configId && LIVE_ASSOCIATION.has(a.Status ?? ''))) {
    return { action: BaselineAction.QUERY_LOG_PRESENT, detail: configId };
  }
  try {
    await resolver.associate(configId, vpcId);
  } catch (e) {
    if (ALREADY_ASSOCIATED.has((e as { name?: string }).name ?? '')) {
      return { action: BaselineAction.QUERY_LOG_PRESENT, detail: `${configId} (associated meanwhile)` };
    }
    throw e;
  }
  return { action: BaselineAction.QUERY_LOG_ASSOCIATED, detail: configId };
}

function describe(e: unknown): string {
  const err = e as { name?: string; message?: string };
  return `${err.name ?? 'Error'}: ${err.message ?? String(e)}`;
}
