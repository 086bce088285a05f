/**
 * Renders one VPC's "DHCP scopes" as a machine-readable JSON document. VPCs
 * have no DHCP scopes: each subnet (its CIDR, in its Availability Zone) is the
 * scope AWS's DHCP hands addresses out of, and the VPC's DHCP options set
 * holds the options every scope serves. The purpose of a scope exists only in
 * tags, so the configured purpose tags are copied. Pure and deterministic
 * (scopes sorted by address), so an unchanged VPC gives an identical document.
 */
import type { DhcpOptions, Subnet, Tag, Vpc } from '@aws-sdk/client-ec2';
import { DHCP_SCOPES_FORMAT } from './contract';

/** AWS reserves the first four addresses and the last address of every subnet. */
const RESERVED_PER_SUBNET = 5;

/** The DHCP options every document lists, present or not. */
const STANDARD_OPTIONS = ['domain-name', 'domain-name-servers', 'ntp-servers', 'netbios-name-servers', 'netbios-node-type'];

/** One subnet as a DHCP scope. */
export interface DhcpScope {
  readonly subnetId: string;
  readonly subnetArn: string | null;
  readonly cidrBlock: string | null;
  readonly ipv6CidrBlocks: string[];
  readonly availabilityZone: string | null;
  readonly availabilityZoneId: string | null;
  readonly state: string | null;
  readonly addressCount: number | null;
  readonly reservedAddressCount: number | null;
  readonly availableIpAddressCount: number | null;
  readonly router: string | null;
  readonly leaseRange: { readonly first: string; readonly last: string } | null;
  readonly mapPublicIpOnLaunch: boolean;
  readonly assignIpv6AddressOnCreation: boolean;
  readonly ipv6Native: boolean;
  readonly defaultForAz: boolean;
  readonly purpose: Record<string, string>;
  readonly purposeDocumented: boolean;
}

/** The document written to `dhcp/<vpc-id>.json`. */
export interface DhcpScopesDocument {
  readonly format: string;
  readonly account: string;
  readonly region: string;
  readonly vpc: {
    readonly vpcId: string;
    readonly state: string | null;
    readonly isDefault: boolean;
    readonly cidrBlocks: string[];
    readonly ipv6CidrBlocks: string[];
    readonly amazonProvidedDnsAddress: string | null;
    readonly purpose: Record<string, string>;
  };
  readonly dhcpOptions: {
    readonly dhcpOptionsId: string;
    /** Option name to values, in the order AWS returns them (server order matters); null when the VPC has none. */
    readonly options: Record<string, string[]> | null;
    readonly purpose: Record<string, string>;
    readonly note?: string;
  };
  readonly scopes: DhcpScope[];
}

/** What the renderer needs about one VPC. */
export interface DhcpInput {
  readonly account: string;
  readonly region: string;
  readonly vpc: Vpc;
  /** The VPC's DHCP options set, undefined when the VPC has none (`default`). */
  readonly dhcpOptions?: DhcpOptions;
  readonly subnets: readonly Subnet[];
  readonly purposeTagKeys: readonly string[];
}

/** Build the document for one VPC. */
export function buildDhcpDocument(input: DhcpInput): DhcpScopesDocument {
  const vpc = input.vpc;
  if (!vpc.VpcId) {
    throw new Error('DescribeVpcs returned a VPC without a VpcId.');
  }
  const cidrBlocks = (vpc.CidrBlockAssociationSet ?? [])
    .filter((a) => a.CidrBlock && a.CidrBlockState?.State === 'associated')
    .map((a) => a.CidrBlock!);
  if (cidrBlocks.length === 0 && vpc.CidrBlock) {
    cidrBlocks.push(vpc.CidrBlock);
  }
  const ipv6CidrBlocks = (vpc.Ipv6CidrBlockAssociationSet ?? [])
    .filter((a) => a.Ipv6CidrBlock && a.Ipv6CidrBlockState?.State === 'associated')
    .map((a) => a.Ipv6CidrBlock!);
  // The Amazon-provided resolver listens on the primary IPv4 CIDR's base address plus two.
  const primary = vpc.CidrBlock ? parseIpv4Cidr(vpc.CidrBlock) : undefined;
  const dhcpOptionsId = vpc.DhcpOptionsId ?? 'default';

  return {
    format: DHCP_SCOPES_FORMAT,
    account: input.account,
    region: input.region,
    vpc: {
      vpcId: vpc.VpcId,
      state: vpc.State ?? null,
      isDefault: vpc.IsDefault ?? false,
      cidrBlocks,
      ipv6CidrBlocks,
      amazonProvidedDnsAddress: primary ? formatIpv4(primary.base + 2) : null,
      purpose: purposeOf(vpc.Tags, input.purposeTagKeys),
    },
    dhcpOptions: input.dhcpOptions
      ? {
        dhcpOptionsId: input.dhcpOptions.DhcpOptionsId ?? dhcpOptionsId,
        options: optionsOf(input.dhcpOptions),
        purpose: purposeOf(input.dhcpOptions.Tags, input.purposeTagKeys),
      }
      : {
        dhcpOptionsId,
        options: null,
        purpose: {},
        note: 'The VPC has no DHCP options set: instances get AmazonProvidedDNS and the region\'s default domain name ' +
          '(ec2.internal in us-east-1, <region>.compute.internal elsewhere).',
      },
    scopes: [...input.subnets].map((s) => scopeOf(s, input.purposeTagKeys)).sort(compareScopes),
  };
}

/** The document as the exact text written (two-space indented JSON, newline at the end). */
export function dhcpDocumentText(doc: DhcpScopesDocument): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

function optionsOf(options: DhcpOptions): Record<string, string[]> {
  const found = new Map<string, string[]>();
  for (const c of options.DhcpConfigurations ?? []) {
    if (c.Key) {
      found.set(c.Key, [...(found.get(c.Key) ?? []), ...(c.Values ?? []).map((v) => v.Value ?? '').filter((v) => v !== '')]);
    }
  }
  const keys = [...new Set([...STANDARD_OPTIONS, ...found.keys()])].sort();
  return Object.fromEntries(keys.map((k) => [k, found.get(k) ?? []]));
}

function scopeOf(subnet: Subnet, purposeTagKeys: readonly string[]): DhcpScope {
  if (!subnet.SubnetId) {
    throw new Error('DescribeSubnets returned a subnet without a SubnetId.');
  }
  const cidr = subnet.CidrBlock ? parseIpv4Cidr(subnet.CidrBlock) : undefined;
  // AWS subnets are /16 to /28; anything else has no meaningful lease range.
  const usable = cidr && cidr.prefix >= 16 && cidr.prefix <= 28 ? cidr : undefined;
  const size = usable ? 2 ** (32 - usable.prefix) : undefined;
  const purpose = purposeOf(subnet.Tags, purposeTagKeys);
  return {
    subnetId: subnet.SubnetId,
    subnetArn: subnet.SubnetArn ?? null,
    cidrBlock: subnet.CidrBlock ?? null,
    ipv6CidrBlocks: (subnet.Ipv6CidrBlockAssociationSet ?? [])
      .filter((a) => a.Ipv6CidrBlock && a.Ipv6CidrBlockState?.State === 'associated')
      .map((a) => a.Ipv6CidrBlock!)
      .sort(),
    availabilityZone: subnet.AvailabilityZone ?? null,
    availabilityZoneId: subnet.AvailabilityZoneId ?? null,
    state: subnet.State ?? null,
    addressCount: size ?? null,
    reservedAddressCount: usable ? RESERVED_PER_SUBNET : null,
    availableIpAddressCount: subnet.AvailableIpAddressCount ?? null,
    router: usable ? formatIpv4(usable.base + 1) : null,
    leaseRange: usable && size ? { first: formatIpv4(usable.base + 4), last: formatIpv4(usable.base + size - 2) } : null,
    mapPublicIpOnLaunch: subnet.MapPublicIpOnLaunch ?? false,
    assignIpv6AddressOnCreation: subnet.AssignIpv6AddressOnCreation ?? false,
    ipv6Native: subnet.Ipv6Native ?? false,
    defaultForAz: subnet.DefaultForAz ?? false,
    purpose,
    purposeDocumented: Object.keys(purpose).length > 0,
  };
}

/** The configured purpose tags present on a resource, in the configured order. */
function purposeOf(tags: Tag[] | undefined, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of keys) {
    const tag = (tags ?? []).find((t) => t.Key === key);
    if (tag && tag.Value !== undefined && tag.Value !== '') {
      out[key] = tag.Value;
    }
  }
  return out;
}

/** Scopes by IPv4 address, then IPv6-only scopes, then by subnet id. */
function compareScopes(a: DhcpScope, b: DhcpScope): number {
  const pa = a.cidrBlock ? parseIpv4Cidr(a.cidrBlock) : undefined;
  const pb = b.cidrBlock ? parseIpv4Cidr(b.cidrBlock) : undefined;
  if (pa && pb && (pa.base !== pb.base || pa.prefix !== pb.prefix)) {
    return pa.base - pb.base || pa.prefix - pb.prefix;
  }
  if (!pa !== !pb) {
    return pa ? -1 : 1;
  }
  return a.subnetId < b.subnetId ? -1 : a.subnetId > b.subnetId ? 1 : 0;
}

/** An IPv4 CIDR as its network address (unsigned 32-bit) and prefix length; undefined when it is not one. */
export function parseIpv4Cidr(cidr: string): { base: number; prefix: number } | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) {
    return undefined;
  }
  const octets = m.slice(1, 5).map(Number);
  const prefix = Number(m[5]);
  if (octets.some((o) => o > 255) || prefix > 32) {
    return undefined;
  }
  const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return { base: (address & mask) >>> 0, prefix };
}

/** An unsigned 32-bit address in dotted-decimal form. */
export function formatIpv4(address: number): string {
  const a = address >>> 0;
  return [a >>> 24, (a >>> 16) & 0xff, (a >>> 8) & 0xff, a & 0xff].join('.');
}
