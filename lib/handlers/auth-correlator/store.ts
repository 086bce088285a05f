import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AuthenticationAttempt } from './classify';
import { StoredFailure, canonicalTime, failureSortKey } from './correlate';

/** Items outlive the window by this much before TTL may delete them. */
const TTL_GRACE_SECONDS = 3600;
/** BatchWriteItem takes at most 25 requests. */
const BATCH_SIZE = 25;
const MAX_BATCH_RETRIES = 5;

/** Keeps recent failures per principal key in DynamoDB. */
export class FailureStore {
  constructor(private readonly client: DynamoDBDocumentClient, private readonly tableName: string) {}

  /** Store a failure under every key of its principal. Idempotent: a redelivered record overwrites itself. */
  public async recordFailure(failure: AuthenticationAttempt, windowSeconds: number): Promise<void> {
    const expiresAt = Math.floor(Date.parse(failure.eventTime) / 1000) + windowSeconds + TTL_GRACE_SECONDS;
    for (const pk of failure.principal.keys) {
      const item: StoredFailure = {
        pk,
        sk: failureSortKey(failure.eventTime, failure.eventId),
        keys: failure.principal.keys,
        eventId: failure.eventId,
        eventTime: failure.eventTime,
        directory: failure.directory,
        eventSource: failure.eventSource,
        eventName: failure.eventName,
        sourceIpAddress: failure.sourceIpAddress,
        principal: failure.principal.attributes,
        expiresAt,
      };
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
    }
  }

  /**
   * Failures stored under any of the keys, from `windowSeconds` before `untilTime`
   * up to and including it (strongly consistent reads, all pages).
   */
  public async failuresBefore(keys: string[], untilTime: string, windowSeconds: number): Promise<StoredFailure[]> {
    const until = canonicalTime(untilTime);
    const from = new Date(Date.parse(untilTime) - windowSeconds * 1000).toISOString();
    const items: StoredFailure[] = [];
    for (const pk of keys) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :until',
          ExpressionAttributeValues: { ':pk': pk, ':from': from, ':until': `${until}#\uffff` },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }));
        items.push(...((page.Items ?? []) as StoredFailure[]));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return items;
  }

  /**
   * Delete stored failures, every copy (one per principal key); retries
   * unprocessed items and throws if some remain.
   */
  public async clear(failures: StoredFailure[]): Promise<void> {
    const copies = failures.flatMap((f) => (f.keys?.length ? f.keys : [f.pk]).map((pk) => ({ pk, sk: f.sk })));
    const unique = new Map(copies.map((k) => [`${k.pk}\u0000${k.sk}`, k]));
    const keys = [...unique.values()];
    for (let i = 0; i < keys.length; i += BATCH_SIZE) {
      let requests: any[] = keys.slice(i, i + BATCH_SIZE).map((Key) => ({ DeleteRequest: { Key } }));
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > MAX_BATCH_RETRIES) {
          throw new Error(`Could not delete ${requests.length} correlated failure item(s) from ${this.tableName} after ${MAX_BATCH_RETRIES} retries.`);
        }
        const result = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: requests } }));
        requests = result.UnprocessedItems?.[this.tableName] ?? [];
      }
    }
  }
}
