import { Token } from 'aws-cdk-lib';
import { awsSource } from '../../requirements/catalogue';
import { LogSourceName } from '../../requirements/types';

/**
 * The vocabularies of VPC and transit gateway flow log records, used to check
 * field names and to translate a VPC field list into the nearest transit
 * gateway fields.
 *
 * These lists are AWS facts (which names `LogFormat` accepts), not requirement
 * data: which fields the standard asks for comes from the catalogue
 * (`awsSource('HP-E1', LogSourceName.VPC_FLOW_LOGS).fields`).
 *
 * Sources: Amazon VPC User Guide "Flow log records" (versions 2 to 11) and
 * Transit Gateway Guide "Transit Gateway Flow Log records" (version 6).
 */

/** Every field a VPC flow log custom format may name, without `${}`. */
export const VPC_FLOW_LOG_FIELDS: ReadonlySet<string> = new Set([
  // version 2 (the default format)
  'version', 'account-id', 'interface-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol',
  'packets', 'bytes', 'start', 'end', 'action', 'log-status',
  // version 3
  'vpc-id', 'subnet-id', 'instance-id', 'tcp-flags', 'type', 'pkt-srcaddr', 'pkt-dstaddr',
  // version 4
  'region', 'az-id', 'sublocation-type', 'sublocation-id',
  // version 5
  'pkt-src-aws-service', 'pkt-dst-aws-service', 'flow-direction', 'traffic-path',
  // version 7 (ECS)
  'ecs-cluster-arn', 'ecs-cluster-name', 'ecs-container-instance-arn', 'ecs-container-instance-id',
  'ecs-container-id', 'ecs-second-container-id', 'ecs-service-name', 'ecs-task-definition-arn',
  'ecs-task-arn', 'ecs-task-id',
  // versions 8 to 10
  'reject-reason', 'resource-id', 'encryption-status',
  // version 11 (next hop)
  'interface-type', 'next-hop-interface-id', 'next-hop-subnet-id', 'next-hop-az-id', 'next-hop-vpc-id',
  'next-hop-interface-type',
]);

/** Every field a transit gateway flow log custom format may name, without `${}`. */
export const TRANSIT_GATEWAY_FLOW_LOG_FIELDS: ReadonlySet<string> = new Set([
  'version', 'resource-type', 'account-id', 'tgw-id', 'tgw-attachment-id',
  'tgw-src-vpc-account-id', 'tgw-dst-vpc-account-id', 'tgw-src-vpc-id', 'tgw-dst-vpc-id',
  'tgw-src-subnet-id', 'tgw-dst-subnet-id', 'tgw-src-eni', 'tgw-dst-eni', 'tgw-src-az-id', 'tgw-dst-az-id',
  'tgw-pair-attachment-id', 'srcaddr', 'dstaddr', 'srcport', 'dstport', 'protocol', 'packets', 'bytes',
  'start', 'end', 'log-status', 'type', 'packets-lost-no-route', 'packets-lost-blackhole',
  'packets-lost-mtu-exceeded', 'packets-lost-ttl-expired', 'tcp-flags', 'region', 'flow-direction',
  'pkt-src-aws-service', 'pkt-dst-aws-service',
]);

/**
 * VPC fields whose meaning a transit gateway record carries under other
 * names. A transit gateway has no ACCEPT/REJECT verdict: the nearest
 * equivalent of `action` is its four dropped-packet counters. The router
 * identifier (`interface-id` on a VPC) is the gateway and its attachment.
 * VPC fields absent from both this table and the transit gateway vocabulary
 * (for example `instance-id`, `traffic-path`) have no transit gateway value.
 */
const VPC_TO_TRANSIT_GATEWAY: Readonly<Record<string, readonly string[]>> = {
  'action': ['packets-lost-no-route', 'packets-lost-blackhole', 'packets-lost-mtu-exceeded', 'packets-lost-ttl-expired'],
  'interface-id': ['tgw-id', 'tgw-attachment-id', 'tgw-src-eni', 'tgw-dst-eni'],
  'vpc-id': ['tgw-src-vpc-id', 'tgw-dst-vpc-id'],
  'subnet-id': ['tgw-src-subnet-id', 'tgw-dst-subnet-id'],
  'az-id': ['tgw-src-az-id', 'tgw-dst-az-id'],
  'pkt-srcaddr': ['srcaddr'],
  'pkt-dstaddr': ['dstaddr'],
};

/** The result of translating VPC flow log fields to transit gateway fields. */
export interface TransitGatewayFieldTranslation {
  /** Transit gateway fields, in order, without duplicates. */
  readonly fields: string[];
  /** VPC fields that have no transit gateway equivalent. */
  readonly unmapped: string[];
}

/** Translate an ordered list of VPC flow log fields into transit gateway fields. */
export function toTransitGatewayFields(vpcFields: string[]): TransitGatewayFieldTranslation {
  const fields: string[] = [];
  const unmapped: string[] = [];
  const push = (f: string) => {
    if (!fields.includes(f)) {
      fields.push(f);
    }
  };
  for (const field of vpcFields) {
    const mapped = VPC_TO_TRANSIT_GATEWAY[field];
    if (mapped) {
      mapped.forEach(push);
    } else if (TRANSIT_GATEWAY_FLOW_LOG_FIELDS.has(field)) {
      push(field);
    } else {
      unmapped.push(field);
    }
  }
  return { fields, unmapped };
}

/** `['srcaddr', 'action']` → `'${srcaddr} ${action}'`. */
export function toLogFormat(fields: string[]): string {
  return fields.map((f) => `\${${f}}`).join(' ');
}

/** Append names to a list, keeping the first occurrence of each. */
export function mergeFields(...lists: string[][]): string[] {
  const out: string[] = [];
  for (const list of lists) {
    for (const f of list) {
      if (!out.includes(f)) {
        out.push(f);
      }
    }
  }
  return out;
}

/**
 * Check user-supplied field names: no `${}` wrapping, and each known to VPC or
 * transit gateway flow logs. Returns the names unchanged.
 */
export function validateExtraFields(prop: string, fields: string[]): string[] {
  fields.forEach((field, i) => {
    if (Token.isUnresolved(field)) {
      throw new Error(`${prop}[${i}] is a token; flow log field names must be literal strings such as 'tcp-flags'.`);
    }
    const bare = field.replace(/^\$\{(.*)\}$/, '$1');
    if (bare !== field) {
      throw new Error(`${prop}[${i}] '${field}' is wrapped in \${}; give the bare field name '${bare}'.`);
    }
    if (!VPC_FLOW_LOG_FIELDS.has(field) && !TRANSIT_GATEWAY_FLOW_LOG_FIELDS.has(field)) {
      throw new Error(
        `${prop}[${i}] '${field}' is not a VPC or transit gateway flow log field; use a name from the ` +
        "Amazon VPC 'Flow log records' table, for example 'tcp-flags', 'pkt-srcaddr' or 'reject-reason'.",
      );
    }
  });
  return fields;
}

/**
 * The VPC flow log fields the requirement catalogue lists for a requirement
 * (HP-E1), in its order, checked against AWS's vocabulary. `VpcFlowLogging`
 * and `VpcBaseline` both build their format from it, so the two cannot drift.
 */
export function catalogueVpcFlowLogFields(requirementId: string): string[] {
  const fields = awsSource(requirementId, LogSourceName.VPC_FLOW_LOGS).fields ?? [];
  if (fields.length === 0) {
    throw new Error(
      `The requirement catalogue lists no VPC flow log fields for ${requirementId}; ` +
      'add them to its VPC flow logs source so the custom format can be built.',
    );
  }
  const unknown = fields.filter((f) => !VPC_FLOW_LOG_FIELDS.has(f));
  if (unknown.length > 0) {
    throw new Error(
      `The requirement catalogue lists unknown VPC flow log fields for ${requirementId}: ${unknown.join(', ')}; ` +
      "correct them to names from the Amazon VPC 'Flow log records' table.",
    );
  }
  return [...fields];
}
