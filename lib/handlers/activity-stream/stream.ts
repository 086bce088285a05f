/**
 * Start a Database Activity Stream and wait until it runs (the logic of the
 * activity-stream custom resource, with the RDS calls injected).
 *
 * - Create and Update call StartActivityStream (ApplyImmediately) unless the
 *   cluster already streams with the same key and mode; a stream with another
 *   key or mode is an error that says how to change it (RDS changes neither
 *   while the stream runs).
 * - isComplete polls DescribeDBClusters until `ActivityStreamStatus` is
 *   `started` and returns the Kinesis stream's name, so the pipe that reads
 *   the stream is created only once the stream exists.
 * - Delete does not stop the stream: stopping it makes Aurora delete the
 *   Kinesis stream with any records not yet forwarded
 *   (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/DBActivityStreams.Monitoring.html).
 *
 * API: https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_StartActivityStream.html
 * and https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_DescribeDBClusters.html
 */
import { ACTIVITY_STREAM_PROPS, KINESIS_STREAM_NAME_ATTRIBUTE } from './contract';

/** What the handler reads of a cluster. */
export interface ClusterStream {
  readonly status?: string;
  readonly kmsKeyId?: string;
  readonly mode?: string;
  readonly kinesisStreamName?: string;
}

/** The RDS calls the handler makes. */
export interface RdsApi {
  describe(clusterArn: string): Promise<ClusterStream>;
  start(clusterArn: string, kmsKeyArn: string, mode: string): Promise<void>;
}

/** The CloudFormation custom resource event fields used here. */
export interface StreamEvent {
  readonly RequestType: 'Create' | 'Update' | 'Delete';
  readonly PhysicalResourceId?: string;
  readonly ResourceProperties: Record<string, string>;
}

/** Whether two key identifiers name the same key (RDS may report the key id, the ARN or the alias). */
export function sameKey(reported: string | undefined, wanted: string): boolean {
  if (!reported) {
    return false;
  }
  const id = (s: string) => s.split(':').pop()!.replace(/^key\//, '');
  return reported === wanted || id(reported) === id(wanted);
}

export async function onEvent(event: StreamEvent, rds: RdsApi, log: (line: object) => void): Promise<{ PhysicalResourceId: string }> {
  const props = event.ResourceProperties;
  const clusterArn = props[ACTIVITY_STREAM_PROPS.clusterArn];
  if (event.RequestType === 'Delete') {
    log({ action: 'left-running', clusterArn: event.PhysicalResourceId,
      reason: 'stopping the activity stream deletes its Kinesis stream with any records not yet forwarded; stop it by hand once the pipe has drained' });
    return { PhysicalResourceId: event.PhysicalResourceId ?? clusterArn };
  }
  const keyArn = props[ACTIVITY_STREAM_PROPS.kmsKeyArn];
  const mode = props[ACTIVITY_STREAM_PROPS.mode];
  const current = await rds.describe(clusterArn);
  if (current.status === 'started' || current.status === 'starting') {
    if (!sameKey(current.kmsKeyId, keyArn) || (current.mode && current.mode !== mode)) {
      throw new Error(
        `The activity stream of ${clusterArn} already runs with key ${current.kmsKeyId} in ${current.mode} mode, not key ${keyArn} in ` +
        `${mode} mode; RDS cannot change either while it runs: pass that key and mode, or stop the stream ` +
        `(aws rds stop-activity-stream --resource-arn ${clusterArn} --apply-immediately) after its records were forwarded, and deploy again.`);
    }
    log({ action: 'already-running', clusterArn, kinesisStreamName: current.kinesisStreamName });
  } else if (current.status === 'stopping') {
    throw new Error(`The activity stream of ${clusterArn} is stopping; wait until it has stopped and deploy again.`);
  } else {
    await rds.start(clusterArn, keyArn, mode);
    log({ action: 'started', clusterArn, mode });
  }
  return { PhysicalResourceId: clusterArn };
}

export async function isComplete(event: StreamEvent, rds: RdsApi): Promise<{ IsComplete: boolean; Data?: Record<string, string> }> {
  if (event.RequestType === 'Delete') {
    return { IsComplete: true };
  }
  const clusterArn = event.ResourceProperties[ACTIVITY_STREAM_PROPS.clusterArn];
  const current = await rds.describe(clusterArn);
  if (current.status === 'started' && current.kinesisStreamName) {
    return { IsComplete: true, Data: { [KINESIS_STREAM_NAME_ATTRIBUTE]: current.kinesisStreamName } };
  }
  if (current.status === 'stopping') {
    throw new Error(`The activity stream of ${clusterArn} is stopping instead of starting; see the cluster's RDS events for why.`);
  }
  return { IsComplete: false };
}
