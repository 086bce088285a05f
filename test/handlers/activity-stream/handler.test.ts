import { isComplete, onEvent, setRds } from '../../../lib/handlers/activity-stream';
import { ACTIVITY_STREAM_PROPS, KINESIS_STREAM_NAME_ATTRIBUTE } from '../../../lib/handlers/activity-stream/contract';
import { ClusterStream, RdsApi, sameKey, StreamEvent } from '../../../lib/handlers/activity-stream/stream';

const CLUSTER = 'arn:aws:rds:eu-west-1:111111111111:cluster:app-db';
const KEY = 'arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab';

function fakeRds(states: ClusterStream[]): RdsApi & { starts: string[][] } {
  const starts: string[][] = [];
  let i = 0;
  return {
    starts,
    describe: async () => states[Math.min(i++, states.length - 1)],
    start: async (arn, key, mode) => { starts.push([arn, key, mode]); },
  };
}

function event(type: StreamEvent['RequestType'], props: Record<string, string> = {}): StreamEvent {
  return {
    RequestType: type,
    PhysicalResourceId: type === 'Create' ? undefined : CLUSTER,
    ResourceProperties: { [ACTIVITY_STREAM_PROPS.clusterArn]: CLUSTER, [ACTIVITY_STREAM_PROPS.kmsKeyArn]: KEY, [ACTIVITY_STREAM_PROPS.mode]: 'async', ...props },
  };
}

afterEach(() => setRds(undefined));
beforeEach(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));

describe('activity-stream handler', () => {
  test('Create starts the stream on the cluster with the key and mode, and names the cluster as the physical id', async () => {
    const rds = fakeRds([{ status: 'stopped' }]);
    setRds(rds);
    await expect(onEvent(event('Create'))).resolves.toEqual({ PhysicalResourceId: CLUSTER });
    expect(rds.starts).toEqual([[CLUSTER, KEY, 'async']]);
  });

  test('a stream already running with the same key (reported as key id) and mode is not started again', async () => {
    const rds = fakeRds([{ status: 'started', kmsKeyId: '1234abcd-12ab-34cd-56ef-1234567890ab', mode: 'async', kinesisStreamName: 'aws-rds-das-cluster-ABC' }]);
    setRds(rds);
    await onEvent(event('Update'));
    expect(rds.starts).toEqual([]);
  });

  test('a stream running with another key is an error naming both keys and the stop command', async () => {
    setRds(fakeRds([{ status: 'started', kmsKeyId: 'arn:aws:kms:eu-west-1:111111111111:key/other', mode: 'async' }]));
    await expect(onEvent(event('Create'))).rejects.toThrow(/already runs with key arn:aws:kms:eu-west-1:111111111111:key\/other .*not key arn:aws:kms.*aws rds stop-activity-stream --resource-arn arn:aws:rds:eu-west-1:111111111111:cluster:app-db/);
  });

  test('a stream running in sync mode when async is asked is an error', async () => {
    setRds(fakeRds([{ status: 'started', kmsKeyId: KEY, mode: 'sync' }]));
    await expect(onEvent(event('Create'))).rejects.toThrow(/in sync mode, not key .* in async mode/);
  });

  test('a stream that is stopping is an error asking to wait', async () => {
    setRds(fakeRds([{ status: 'stopping' }]));
    await expect(onEvent(event('Create'))).rejects.toThrow(/is stopping; wait/);
  });

  test('Delete does not stop the stream (stopping deletes the Kinesis stream and its unread records)', async () => {
    const rds = fakeRds([{ status: 'started' }]);
    const stop = jest.fn();
    setRds({ ...rds, stop } as unknown as RdsApi);
    await expect(onEvent(event('Delete'))).resolves.toEqual({ PhysicalResourceId: CLUSTER });
    expect(rds.starts).toEqual([]);
    expect(stop).not.toHaveBeenCalled();
  });

  test('isComplete waits while starting, then returns the Kinesis stream name', async () => {
    setRds(fakeRds([{ status: 'starting' }, { status: 'started', kinesisStreamName: 'aws-rds-das-cluster-ABC' }]));
    await expect(isComplete(event('Create'))).resolves.toEqual({ IsComplete: false });
    await expect(isComplete(event('Create'))).resolves.toEqual({ IsComplete: true, Data: { [KINESIS_STREAM_NAME_ATTRIBUTE]: 'aws-rds-das-cluster-ABC' } });
  });

  test('isComplete fails when the stream stops instead, and completes a Delete at once', async () => {
    setRds(fakeRds([{ status: 'stopping' }]));
    await expect(isComplete(event('Create'))).rejects.toThrow(/stopping instead of starting/);
    await expect(isComplete(event('Delete'))).resolves.toEqual({ IsComplete: true });
  });

  test('sameKey matches a key id against its ARN and rejects another key', () => {
    expect(sameKey('1234abcd-12ab-34cd-56ef-1234567890ab', KEY)).toBe(true);
    expect(sameKey(KEY, KEY)).toBe(true);
    expect(sameKey('other', KEY)).toBe(false);
    expect(sameKey(undefined, KEY)).toBe(false);
  });
});
