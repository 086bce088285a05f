/**
 * Reads of the workload account's network inventory: VPCs, subnets, DHCP
 * options sets (EC2) and private hosted zones with their record sets
 * (Route 53). Every list call follows its pagination to the end.
 */
import {
  DescribeDhcpOptionsCommand,
  DescribeSubnetsCommand,
  DescribeVpcsCommand,
  DhcpOptions,
  EC2Client,
  Subnet,
  Vpc,
} from '@aws-sdk/client-ec2';
import {
  GetHostedZoneCommand,
  ListHostedZonesByVPCCommand,
  ListResourceRecordSetsCommand,
  ListResourceRecordSetsResponse,
  ResourceRecordSet,
  Route53Client,
  RRType,
  VPCRegion,
} from '@aws-sdk/client-route-53';
import { bareZoneId, ZoneVpc } from './zone-file';

/** VPCs owned by the account in the client's region (shared VPCs are exported by their owner). */
export async function listOwnVpcs(ec2: EC2Client, account: string): Promise<Vpc[]> {
  const vpcs: Vpc[] = [];
  let token: string | undefined;
  do {
    const page = await ec2.send(new DescribeVpcsCommand({ Filters: [{ Name: 'owner-id', Values: [account] }], NextToken: token }));
    vpcs.push(...(page.Vpcs ?? []));
    token = page.NextToken;
  } while (token);
  return vpcs;
}

/** Subnets owned by the account, grouped by VPC id. */
export async function listOwnSubnetsByVpc(ec2: EC2Client, account: string): Promise<Map<string, Subnet[]>> {
  const byVpc = new Map<string, Subnet[]>();
  let token: string | undefined;
  do {
    const page = await ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'owner-id', Values: [account] }], NextToken: token }));
    for (const subnet of page.Subnets ?? []) {
      if (subnet.VpcId) {
        byVpc.set(subnet.VpcId, [...(byVpc.get(subnet.VpcId) ?? []), subnet]);
      }
    }
    token = page.NextToken;
  } while (token);
  return byVpc;
}

/** DHCP options sets by id (`default`, meaning none, is never looked up). */
export async function describeDhcpOptions(ec2: EC2Client, ids: string[]): Promise<Map<string, DhcpOptions>> {
  const wanted = [...new Set(ids.filter((id) => id !== 'default'))].sort();
  const found = new Map<string, DhcpOptions>();
  if (wanted.length === 0) {
    return found;
  }
  let token: string | undefined;
  do {
    const page = await ec2.send(new DescribeDhcpOptionsCommand({
      Filters: [{ Name: 'dhcp-options-id', Values: wanted }],
      NextToken: token,
    }));
    for (const options of page.DhcpOptions ?? []) {
      if (options.DhcpOptionsId) {
        found.set(options.DhcpOptionsId, options);
      }
    }
    token = page.NextToken;
  } while (token);
  return found;
}

/** A private hosted zone a VPC of the account is associated with. */
export interface AssociatedZone {
  readonly zoneId: string;
  readonly name: string;
  /** The owning account, or undefined when an AWS service owns the zone. */
  readonly owningAccount?: string;
  /** The owning AWS service (for example `efs.amazonaws.com`), when the zone is a service's. */
  readonly owningService?: string;
}

/** The private hosted zones associated with one VPC. */
export async function listZonesOfVpc(route53: Route53Client, vpcId: string, region: string): Promise<AssociatedZone[]> {
  const zones: AssociatedZone[] = [];
  let token: string | undefined;
  do {
    const page = await route53.send(new ListHostedZonesByVPCCommand({
      VPCId: vpcId,
      VPCRegion: region as VPCRegion,
      NextToken: token,
    }));
    for (const summary of page.HostedZoneSummaries ?? []) {
      if (summary.HostedZoneId && summary.Name) {
        zones.push({
          zoneId: bareZoneId(summary.HostedZoneId),
          name: summary.Name,
          owningAccount: summary.Owner?.OwningAccount,
          owningService: summary.Owner?.OwningService,
        });
      }
    }
    token = page.NextToken;
  } while (token);
  return zones;
}

/** What GetHostedZone says about a zone. */
export interface ZoneDetails {
  readonly name: string;
  readonly privateZone: boolean;
  readonly comment?: string;
  readonly recordSetCount?: number;
  readonly vpcs: ZoneVpc[];
}

export async function getZone(route53: Route53Client, zoneId: string): Promise<ZoneDetails> {
  const out = await route53.send(new GetHostedZoneCommand({ Id: zoneId }));
  if (!out.HostedZone?.Name) {
    throw new Error(`GetHostedZone ${zoneId} returned no hosted zone.`);
  }
  return {
    name: out.HostedZone.Name,
    privateZone: out.HostedZone.Config?.PrivateZone ?? false,
    comment: out.HostedZone.Config?.Comment,
    recordSetCount: out.HostedZone.ResourceRecordSetCount,
    vpcs: (out.VPCs ?? []).filter((v) => v.VPCId && v.VPCRegion).map((v) => ({ region: v.VPCRegion!, vpcId: v.VPCId! })),
  };
}

/** Every record set of a zone, following NextRecordName / NextRecordType / NextRecordIdentifier. */
export async function listRecordSets(route53: Route53Client, zoneId: string): Promise<ResourceRecordSet[]> {
  const sets: ResourceRecordSet[] = [];
  let next: { name?: string; type?: RRType; identifier?: string } | undefined = {};
  while (next) {
    const page: ListResourceRecordSetsResponse = await route53.send(new ListResourceRecordSetsCommand({
      HostedZoneId: zoneId,
      StartRecordName: next.name,
      StartRecordType: next.type,
      StartRecordIdentifier: next.identifier,
    }));
    sets.push(...(page.ResourceRecordSets ?? []));
    if (page.IsTruncated) {
      if (!page.NextRecordName) {
        throw new Error(`ListResourceRecordSets for ${zoneId} was truncated but gave no NextRecordName.`);
      }
      next = { name: page.NextRecordName, type: page.NextRecordType, identifier: page.NextRecordIdentifier };
    } else {
      next = undefined;
    }
  }
  return sets;
}
