/**
 * network-inventory-export: writes the workload account's network inventory
 * to the central EXPORTS archive bucket (requirements HP-E2 and HP-E3):
 * - `<prefix>route53/<zone-id>/<zone-name>.zone`: each private hosted zone the
 *   account owns that its VPCs in this region are associated with, as an
 *   RFC 1035 master file (Route 53 has no zone transfer);
 * - `<prefix>dhcp/<vpc-id>.json`: each VPC the account owns in this region,
 *   with its DHCP options set and its subnets as DHCP scopes.
 *
 * Invoked on a schedule by EventBridge (asynchronously). It writes as the
 * central account's export writer role. Each zone and VPC is exported on its
 * own; when any failed, the invocation throws after the others were written,
 * so Lambda records an error (alarmed), retries, and finally sends the event
 * to the dead-letter queue (alarmed).
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import { Route53Client } from '@aws-sdk/client-route-53';
import { STSClient } from '@aws-sdk/client-sts';
import { readConfig } from './config';
import { ExportSummary, runExport } from './run';

// Route 53 allows five requests a second per account: back off adaptively rather than fail a zone.
const clients = {
  route53: new Route53Client({ maxAttempts: 10, retryMode: 'adaptive' }),
  ec2: new EC2Client({ maxAttempts: 5 }),
  sts: new STSClient({}),
};

export async function handler(): Promise<ExportSummary> {
  const config = readConfig(process.env);
  const summary = await runExport(clients, config, new Date());
  console.log(JSON.stringify({
    account: summary.account,
    region: summary.region,
    vpcCount: summary.vpcCount,
    zoneCount: summary.zoneCount,
    written: summary.written,
    skipped: summary.skipped,
    failures: summary.failures,
  }));
  if (summary.failures.length > 0) {
    throw new Error(
      `Network inventory export of account ${summary.account} in ${summary.region}: ${summary.failures.length} export(s) failed ` +
      `(${summary.written.length} written): ${summary.failures.map((f) => `${f.scope}: ${f.reason}`).join('; ')}`,
    );
  }
  return summary;
}
