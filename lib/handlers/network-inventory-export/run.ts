/**
 * One export run: DHCP scopes of every VPC the account owns in this region,
 * then every private hosted zone the account owns that those VPCs are
 * associated with. Each VPC and each zone is exported on its own: a failure
 * is recorded and the run goes on; the caller fails the invocation at the
 * end when anything failed, so the Errors alarm fires.
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { Route53Client } from '@aws-sdk/client-route-53';
import type { STSClient } from '@aws-sdk/client-sts';
import { dhcpObjectKey, DHCP_SCOPES_FORMAT, zoneObjectKey, ZONE_FILE_FORMAT } from './contract';
import { ExportConfig } from './config';
import { buildDhcpDocument, dhcpDocumentText } from './dhcp';
import { keySafeName, parseRoute53Name } from './dns-text';
import {
  AssociatedZone,
  describeDhcpOptions,
  getZone,
  listOwnSubnetsByVpc,
  listOwnVpcs,
  listRecordSets,
  listZonesOfVpc,
} from './inventory';
import { openWriter, WrittenObject } from './writer';
import { renderZoneFile } from './zone-file';

/** The AWS clients a run uses. */
export interface ExportClients {
  readonly route53: Route53Client;
  readonly ec2: EC2Client;
  readonly sts: STSClient;
}

/** Something that was not exported, and why. */
export interface ExportIssue {
  /** What it was: `dhcp vpc-0abc`, `zone Z0123 (example.internal.)`, ... */
  readonly scope: string;
  readonly reason: string;
}

/** What one run did (returned, and logged by the handler). */
export interface ExportSummary {
  readonly account: string;
  readonly region: string;
  readonly vpcCount: number;
  readonly zoneCount: number;
  readonly written: WrittenObject[];
  /** Left out on purpose (zones another account or an AWS service owns). */
  readonly skipped: ExportIssue[];
  /** Failed: the run reports failure when this is not empty. */
  readonly failures: ExportIssue[];
}

export async function runExport(clients: ExportClients, config: ExportConfig, now: Date): Promise<ExportSummary> {
  // Without the writer role or the VPC list nothing can be exported: let these throw.
  const writer = await openWriter(clients.sts, config);
  const vpcs = (await listOwnVpcs(clients.ec2, config.sourceAccountId))
    .filter((v) => v.VpcId)
    .sort((a, b) => compareText(a.VpcId!, b.VpcId!));

  const written: WrittenObject[] = [];
  const skipped: ExportIssue[] = [];
  const failures: ExportIssue[] = [];
  const attempt = async (scope: string, work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (e) {
      failures.push({ scope, reason: errorText(e) });
    }
  };

  await attempt('dhcp (DescribeSubnets, DescribeDhcpOptions)', async () => {
    const subnets = await listOwnSubnetsByVpc(clients.ec2, config.sourceAccountId);
    const options = await describeDhcpOptions(clients.ec2, vpcs.map((v) => v.DhcpOptionsId ?? 'default'));
    for (const vpc of vpcs) {
      await attempt(`dhcp ${vpc.VpcId}`, async () => {
        const optionsId = vpc.DhcpOptionsId ?? 'default';
        const dhcpOptions = options.get(optionsId);
        if (optionsId !== 'default' && !dhcpOptions) {
          throw new Error(`DHCP options set ${optionsId} of ${vpc.VpcId} was not returned by DescribeDhcpOptions.`);
        }
        const doc = buildDhcpDocument({
          account: config.sourceAccountId,
          region: config.sourceRegion,
          vpc,
          dhcpOptions,
          subnets: subnets.get(vpc.VpcId!) ?? [],
          purposeTagKeys: config.purposeTagKeys,
        });
        written.push(await writer.put({
          key: dhcpObjectKey(config.objectPrefix, vpc.VpcId!, now),
          body: dhcpDocumentText(doc),
          contentType: 'application/json',
          format: DHCP_SCOPES_FORMAT,
          metadata: { 'vpc-id': vpc.VpcId!, 'scope-count': String(doc.scopes.length) },
        }, now));
      });
    }
  });

  const zones = new Map<string, AssociatedZone>();
  for (const vpc of vpcs) {
    await attempt(`zones of ${vpc.VpcId} (ListHostedZonesByVPC)`, async () => {
      for (const zone of await listZonesOfVpc(clients.route53, vpc.VpcId!, config.sourceRegion)) {
        zones.set(zone.zoneId, zone);
      }
    });
  }
  let selected = [...zones.values()].sort((a, b) => compareText(a.zoneId, b.zoneId));
  if (config.zoneIds.length > 0) {
    for (const id of config.zoneIds.filter((z) => !zones.has(z))) {
      failures.push({
        scope: `zone ${id}`,
        reason: `not associated with any VPC of account ${config.sourceAccountId} in ${config.sourceRegion}, so it was not exported; ` +
          'remove it from zones, or deploy the exporter in the region of a VPC it is associated with.',
      });
    }
    selected = selected.filter((z) => config.zoneIds.includes(z.zoneId));
  }

  let zoneCount = 0;
  for (const zone of selected) {
    const scope = `zone ${zone.zoneId} (${zone.name})`;
    if (zone.owningAccount !== config.sourceAccountId) {
      skipped.push({
        scope,
        reason: zone.owningService
          ? `owned by the AWS service ${zone.owningService}, whose records this account cannot list`
          : `owned by account ${zone.owningAccount ?? '(not reported)'}; the exporter in that account writes it`,
      });
      continue;
    }
    await attempt(scope, async () => {
      const details = await getZone(clients.route53, zone.zoneId);
      if (!details.privateZone) {
        throw new Error('GetHostedZone says it is not a private zone.');
      }
      const recordSets = await listRecordSets(clients.route53, zone.zoneId);
      const file = renderZoneFile({
        zoneId: zone.zoneId,
        zoneName: details.name,
        comment: details.comment,
        reportedRecordSetCount: details.recordSetCount,
        vpcs: details.vpcs,
        recordSets,
      });
      const fileName = keySafeName(parseRoute53Name(details.name));
      written.push(await writer.put({
        key: zoneObjectKey(config.objectPrefix, zone.zoneId, fileName, now),
        body: file.text,
        contentType: 'text/dns',
        format: ZONE_FILE_FORMAT,
        metadata: {
          'zone-id': zone.zoneId,
          'zone-name': fileName,
          'record-set-count': String(file.recordSetCount),
          'alias-count': String(file.aliasCount),
        },
      }, now));
      zoneCount += 1;
    });
  }

  return {
    account: config.sourceAccountId,
    region: config.sourceRegion,
    vpcCount: vpcs.length,
    zoneCount,
    written,
    skipped,
    failures,
  };
}

function compareText(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  return a < b ? -1 : 1;
}

function errorText(e: unknown): string {
  if (e instanceof Error) {
    return e.name && e.name !== 'Error' ? `${e.name}: ${e.message}` : e.message;
  }
  return String(e);
}
