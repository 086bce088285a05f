/**
 * activity-stream: the onEvent and isComplete handlers of the custom resource
 * that starts an Aurora Database Activity Stream (see stream.ts). Both run on
 * the custom resource provider framework, which retries isComplete until the
 * stream has started or the provider's total timeout passes.
 */
import { isComplete as complete, onEvent as start, RdsApi, StreamEvent } from './stream';

/**
 * The RDS client of the Lambda runtime's SDK
 * (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html: the
 * Node.js runtimes include the AWS SDK for JavaScript v3). Loaded lazily so
 * this package needs no dependency on it.
 */
function runtimeRds(): RdsApi {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('@aws-sdk/client-rds');
  const client = new sdk.RDSClient({ maxAttempts: 5 });
  return {
    async describe(clusterArn) {
      const out = await client.send(new sdk.DescribeDBClustersCommand({ DBClusterIdentifier: clusterArn }));
      const c = out.DBClusters?.[0] ?? {};
      return {
        status: c.ActivityStreamStatus, kmsKeyId: c.ActivityStreamKmsKeyId, mode: c.ActivityStreamMode,
        kinesisStreamName: c.ActivityStreamKinesisStreamName,
      };
    },
    async start(clusterArn, kmsKeyArn, mode) {
      await client.send(new sdk.StartActivityStreamCommand({ ResourceArn: clusterArn, KmsKeyId: kmsKeyArn, Mode: mode, ApplyImmediately: true }));
    },
  };
}

let rds: RdsApi | undefined;

/** Replace the RDS calls (tests). */
export function setRds(next: RdsApi | undefined): void {
  rds = next;
}

export async function onEvent(event: StreamEvent) {
  rds ??= runtimeRds();
  return start(event, rds, (line) => console.log(JSON.stringify(line)));
}

export async function isComplete(event: StreamEvent) {
  rds ??= runtimeRds();
  return complete(event, rds);
}
