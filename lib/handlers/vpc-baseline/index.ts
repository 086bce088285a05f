/**
 * vpc-baseline: gives every VPC of the account, in this region, a flow log to
 * the central VPC_FLOW bucket with the standard's fields (HP-E1) and an
 * association with the organisation's shared Resolver query logging
 * configuration (HP-B3), idempotently.
 *
 * Invoked by an EventBridge rule on `CreateVpc` (CloudTrail, this region) and
 * by a daily EventBridge Scheduler schedule (`{"sweep": true}`), both
 * asynchronously. Every action is a JSON line in the function's log. When any
 * VPC failed, the invocation throws after the others were covered, so Lambda
 * records an error (alarmed), retries, and finally sends the event to the
 * dead-letter queue (alarmed).
 */
import { EC2Client } from '@aws-sdk/client-ec2';
import {
  AssociateResolverQueryLogConfigCommand, ListResolverQueryLogConfigAssociationsCommand, Route53ResolverClient,
} from '@aws-sdk/client-route53resolver';
import { readConfig } from './config';
import { BaselineEvent, BaselineSummary, ResolverApi, runBaseline } from './run';

/**
 * The Route 53 Resolver client of the Lambda runtime's SDK
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html: the
 * Node.js runtimes include the AWS SDK for JavaScript v3; the bundle leaves
 * `@aws-sdk/*` external).
 */
function runtimeResolver(): ResolverApi {
  const client = new Route53ResolverClient({ maxAttempts: 5 });
  return {
    async listAssociations(vpcId) {
      const all: Array<{ ResolverQueryLogConfigId?: string; Status?: string }> = [];
      let nextToken: string | undefined;
      do {
        const page = await client.send(new ListResolverQueryLogConfigAssociationsCommand({
          Filters: [{ Name: 'ResourceId', Values: [vpcId] }],
          NextToken: nextToken,
        }));
        all.push(...(page.ResolverQueryLogConfigAssociations ?? []));
        nextToken = page.NextToken;
      } while (nextToken);
      return all;
    },
    async associate(queryLogConfigId, vpcId) {
      await client.send(new AssociateResolverQueryLogConfigCommand({ ResolverQueryLogConfigId: queryLogConfigId, ResourceId: vpcId }));
    },
  };
}

let clients: { ec2: EC2Client; resolver: ResolverApi } | undefined;

/** Replace the clients (tests). */
export function setClients(next: { ec2: EC2Client; resolver: ResolverApi } | undefined): void {
  clients = next;
}

export async function handler(event: BaselineEvent): Promise<BaselineSummary> {
  const config = readConfig(process.env);
  clients ??= { ec2: new EC2Client({ maxAttempts: 5 }), resolver: runtimeResolver() };
  const summary = await runBaseline(clients, config, event, (record) => console.log(JSON.stringify(record)));
  console.log(JSON.stringify({ trigger: summary.trigger, vpcCount: summary.vpcCount, failures: summary.failures.length }));
  if (summary.failures.length > 0) {
    throw new Error(`vpc-baseline: ${summary.failures.length} step(s) failed: ` +
      summary.failures.map((f) => `${f.vpcId} ${f.detail}`).join('; '));
  }
  return summary;
}
