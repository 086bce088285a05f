/**
 * Renders a Route 53 private hosted zone as an RFC 1035 master file: the
 * nearest equivalent of a zone transfer (AXFR, RFC 5936), which Route 53
 * does not offer. Pure: takes what ListResourceRecordSets and GetHostedZone
 * returned, gives text. The output is deterministic (record sets in DNSSEC
 * canonical name order), so an unchanged zone gives an identical file.
 */
import type { ResourceRecordSet } from '@aws-sdk/client-route-53';
import {
  absoluteName,
  commentText,
  compareNames,
  encodeBareToken,
  encodeCharacterString,
  isAtOrBelow,
  Labels,
  nameKey,
  parseRoute53Name,
  relativeName,
  tokenizeRdata,
} from './dns-text';

/** A VPC association of the zone. */
export interface ZoneVpc {
  readonly region: string;
  readonly vpcId: string;
}

/** What the renderer needs to know about one zone. */
export interface ZoneFileInput {
  /** Hosted zone id without the `/hostedzone/` prefix. */
  readonly zoneId: string;
  /** Zone name as Route 53 returns it (`example.internal.`). */
  readonly zoneName: string;
  /** The hosted zone's comment, if any. */
  readonly comment?: string;
  /** The record set count Route 53 reports for the zone. */
  readonly reportedRecordSetCount?: number;
  /** Every VPC the zone is associated with. */
  readonly vpcs: readonly ZoneVpc[];
  /** Every record set of the zone (all pages of ListResourceRecordSets). */
  readonly recordSets: readonly ResourceRecordSet[];
}

/** The rendered file and counts for the run summary. */
export interface ZoneFile {
  readonly text: string;
  readonly recordSetCount: number;
  readonly aliasCount: number;
  readonly resolvedAliasCount: number;
}

/** The rdata fields that are domain names, by type (0-based, whitespace-separated). */
const NAME_FIELDS: Record<string, number[]> = {
  CNAME: [0],
  NS: [0],
  PTR: [0],
  MX: [1],
  SRV: [3],
  SOA: [0, 1],
  NAPTR: [5],
  SVCB: [1],
  HTTPS: [1],
};

/** Types whose every rdata item is a character-string. */
const TEXT_TYPES = new Set(['TXT', 'SPF']);

/** Alias chains longer than this are not followed. */
const MAX_ALIAS_DEPTH = 8;

const HEADER_NOTES = [
  'This is an RFC 1035 master file built from Route 53 ListResourceRecordSets. Route 53 does',
  'not serve zone transfers (AXFR, RFC 5936); this file is the nearest equivalent and differs',
  'from what an AXFR of the zone would carry in these ways:',
  '- Alias records are a Route 53 extension with no master-file form. Each is written as a',
  '  comment naming its target. An alias to another record of this zone is also written as',
  '  that record\'s data under the alias name (what Route 53 answers, with the target\'s TTL);',
  '  an alias to an AWS resource (load balancer, CloudFront, API Gateway, VPC endpoint, S3)',
  '  or to another zone is not resolved, so its addresses are not in this file.',
  '- Record sets with a routing policy (weighted, latency, failover, geolocation,',
  '  geoproximity, IP-based, multivalue) are all written, each after a comment giving its',
  '  policy; a resolver is given only what the policy selects, so a name can hold more',
  '  records here than any one answer (even more than one CNAME).',
  '- The SOA serial is Route 53\'s and does not change when records change. The export time',
  '  is in the object metadata (exported-at), not in this file, so an unchanged zone gives',
  '  an identical file (same content-sha256).',
  '- Private hosted zones cannot be DNSSEC-signed: there are no RRSIG, NSEC or DNSKEY records.',
  '- Escapes follow RFC 1035 (\\DDD is decimal); Route 53\'s octal escapes were converted.',
  'CloudTrail (when on) records every change between exports: route53.amazonaws.com ChangeResourceRecordSets.',
];

interface ParsedSet {
  readonly rs: ResourceRecordSet;
  readonly labels: Labels;
  readonly type: string;
}

/** A hosted zone id without the `/hostedzone/` prefix. */
export function bareZoneId(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

/** Render one zone. Throws when the zone has no SOA record at its apex. */
export function renderZoneFile(input: ZoneFileInput): ZoneFile {
  const origin = parseRoute53Name(input.zoneName);
  const sets: ParsedSet[] = input.recordSets.map((rs) => {
    if (!rs.Name || !rs.Type) {
      throw new Error(`Zone ${input.zoneName} (${input.zoneId}) returned a record set without a name or type.`);
    }
    return { rs, labels: parseRoute53Name(rs.Name), type: rs.Type };
  });
  const apex = (s: ParsedSet) => compareNames(s.labels, origin) === 0;
  const soa = sets.filter((s) => s.type === 'SOA' && apex(s));
  if (soa.length !== 1 || (soa[0].rs.ResourceRecords ?? []).length !== 1) {
    throw new Error(
      `Zone ${input.zoneName} (${input.zoneId}) has ${soa.length} SOA record sets at its apex, so it cannot be written as a ` +
      'master file (which must start with exactly one SOA); check the zone with ListResourceRecordSets.',
    );
  }
  const soaTtl = soa[0].rs.TTL;

  const byNameAndType = new Map<string, ParsedSet[]>();
  for (const s of sets) {
    const key = `${nameKey(s.labels)}|${s.type}`;
    byNameAndType.set(key, [...(byNameAndType.get(key) ?? []), s]);
  }
  const inZone = (hostedZoneId: string | undefined) => hostedZoneId !== undefined && bareZoneId(hostedZoneId) === input.zoneId;

  /** The records an in-zone alias resolves to, or undefined when it leaves the zone or finds nothing. */
  const resolve = (labels: Labels, type: string, depth: number, seen: Set<string>): { ttl?: number; rdata: string[] } | undefined => {
    const key = `${nameKey(labels)}|${type}`;
    if (depth > MAX_ALIAS_DEPTH || seen.has(key)) {
      return undefined;
    }
    seen.add(key);
    const targets = byNameAndType.get(key) ?? [];
    if (targets.length === 0) {
      return undefined;
    }
    let ttl: number | undefined;
    const rdata: string[] = [];
    const add = (values: string[], t?: number) => {
      values.filter((v) => !rdata.includes(v)).forEach((v) => rdata.push(v));
      if (t !== undefined) {
        ttl = ttl === undefined ? t : Math.min(ttl, t);
      }
    };
    for (const target of targets) {
      const alias = target.rs.AliasTarget;
      if (alias) {
        if (!inZone(alias.HostedZoneId) || !alias.DNSName) {
          return undefined;
        }
        const next = resolve(parseRoute53Name(alias.DNSName), type, depth + 1, seen);
        if (!next) {
          return undefined;
        }
        add(next.rdata, next.ttl);
      } else {
        add((target.rs.ResourceRecords ?? []).map((r) => rdataText(type, r.Value ?? '')), target.rs.TTL);
      }
    }
    return rdata.length > 0 ? { ttl, rdata } : undefined;
  };

  const sorted = [...sets].sort((a, b) => compareSets(a, b, origin));
  const lines: string[] = [
    `; Route 53 private hosted zone ${absoluteName(origin)} (${input.zoneId})`,
    ...(input.comment ? [`; Hosted zone comment: ${commentText(input.comment)}`] : []),
    `; Associated VPCs: ${input.vpcs.length === 0 ? 'none' : [...input.vpcs]
      .sort((a, b) => compareText(a.region, b.region) || compareText(a.vpcId, b.vpcId))
      .map((v) => `${v.region}/${v.vpcId}`).join(', ')}`,
    `; Record sets: ${sets.length}` +
      (input.reportedRecordSetCount !== undefined ? ` (Route 53 reports ${input.reportedRecordSetCount})` : ''),
    ';',
    ...HEADER_NOTES.map((n) => `; ${n}`),
    '',
    `$ORIGIN ${absoluteName(origin)}`,
    ...(soaTtl !== undefined ? [`$TTL ${soaTtl}`] : []),
    '',
  ];

  let aliasCount = 0;
  let resolvedAliasCount = 0;
  for (const s of sorted) {
    const owner = relativeName(s.labels, origin);
    const routing = routingComment(s.rs);
    if (routing) {
      lines.push(routing);
    }
    const alias = s.rs.AliasTarget;
    if (alias) {
      aliasCount += 1;
      const targetName = alias.DNSName ?? '';
      const targetLabels = parseRoute53Name(targetName);
      const described = `; alias: ${owner} ${s.type} -> ${absoluteName(targetLabels)} ` +
        `(alias hosted zone ${bareZoneId(alias.HostedZoneId ?? 'unknown')}, evaluate target health: ${alias.EvaluateTargetHealth ? 'yes' : 'no'})`;
      const resolved = inZone(alias.HostedZoneId) && isAtOrBelow(targetLabels, origin)
        ? resolve(targetLabels, s.type, 1, new Set([`${nameKey(s.labels)}|${s.type}`]))
        : undefined;
      if (resolved) {
        resolvedAliasCount += 1;
        lines.push(`${described}: resolved in this zone to the records below`);
        resolved.rdata.forEach((r) => lines.push(recordLine(owner, resolved.ttl, s.type, r)));
      } else if (inZone(alias.HostedZoneId)) {
        lines.push(`${described}: not resolved (no ${s.type} record at the target in this zone)`);
      } else {
        lines.push(`${described}: not resolved (an AWS resource or another hosted zone)`);
      }
      continue;
    }
    for (const r of s.rs.ResourceRecords ?? []) {
      lines.push(recordLine(owner, s.rs.TTL, s.type, rdataText(s.type, r.Value ?? '')));
    }
  }
  return { text: `${lines.join('\n')}\n`, recordSetCount: sets.length, aliasCount, resolvedAliasCount };
}

function recordLine(owner: string, ttl: number | undefined, type: string, rdata: string): string {
  return ttl === undefined ? `${owner}\tIN\t${type}\t${rdata}` : `${owner}\t${ttl}\tIN\t${type}\t${rdata}`;
}

/** A Route 53 record value as master-file rdata. */
export function rdataText(type: string, value: string): string {
  const nameFields = NAME_FIELDS[type] ?? [];
  return tokenizeRdata(value).map((t, i) => {
    if (TEXT_TYPES.has(type) || t.quoted) {
      return encodeCharacterString(t.octets);
    }
    if (nameFields.includes(i)) {
      return absoluteName(parseRoute53Name(t.raw));
    }
    return encodeBareToken(t.octets);
  }).join(' ');
}

function typeRank(type: string): string {
  if (type === 'SOA') {
    return '0';
  }
  return type === 'NS' ? '1' : `2${type}`;
}

function compareSets(a: ParsedSet, b: ParsedSet, origin: Labels): number {
  const aApex = compareNames(a.labels, origin) === 0;
  const bApex = compareNames(b.labels, origin) === 0;
  if (aApex !== bApex) {
    return aApex ? -1 : 1;
  }
  return compareNames(a.labels, b.labels)
    || compareText(typeRank(a.type), typeRank(b.type))
    || compareText(a.rs.SetIdentifier ?? '', b.rs.SetIdentifier ?? '')
    || Number(a.rs.AliasTarget !== undefined) - Number(b.rs.AliasTarget !== undefined);
}

function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

/** One comment line describing a record set's routing policy, or undefined for a simple record set. */
function routingComment(rs: ResourceRecordSet): string | undefined {
  const parts: string[] = [];
  if (rs.Weight !== undefined) {
    parts.push(`weighted (weight ${rs.Weight})`);
  }
  if (rs.Region) {
    parts.push(`latency (region ${rs.Region})`);
  }
  if (rs.Failover) {
    parts.push(`failover (${rs.Failover})`);
  }
  if (rs.GeoLocation) {
    const g = rs.GeoLocation;
    parts.push(`geolocation (${[g.ContinentCode && `continent ${g.ContinentCode}`, g.CountryCode && `country ${g.CountryCode}`,
      g.SubdivisionCode && `subdivision ${g.SubdivisionCode}`].filter(Boolean).join(', ')})`);
  }
  if (rs.GeoProximityLocation) {
    const g = rs.GeoProximityLocation;
    parts.push(`geoproximity (${[g.AWSRegion && `region ${g.AWSRegion}`, g.LocalZoneGroup && `local zone group ${g.LocalZoneGroup}`,
      g.Coordinates && `coordinates ${g.Coordinates.Latitude},${g.Coordinates.Longitude}`,
      g.Bias !== undefined && `bias ${g.Bias}`].filter(Boolean).join(', ')})`);
  }
  if (rs.CidrRoutingConfig) {
    parts.push(`IP-based (collection ${rs.CidrRoutingConfig.CollectionId}, location ${rs.CidrRoutingConfig.LocationName})`);
  }
  if (rs.MultiValueAnswer) {
    parts.push('multivalue answer');
  }
  if (rs.SetIdentifier !== undefined) {
    parts.push(`set identifier "${rs.SetIdentifier}"`);
  }
  if (rs.HealthCheckId) {
    parts.push(`health check ${rs.HealthCheckId}`);
  }
  if (rs.TrafficPolicyInstanceId) {
    parts.push(`traffic policy instance ${rs.TrafficPolicyInstanceId}`);
  }
  return parts.length > 0 ? `; routing: ${commentText(parts.join('; '))}` : undefined;
}
