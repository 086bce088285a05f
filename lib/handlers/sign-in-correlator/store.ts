import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { canonicalTime } from '../auth-correlator/correlate';
import { StoredAttempt } from './evaluate';

/** Partition key prefix of the markers that make each success reported once. */
const EMITTED_PREFIX = 'emitted#';

/** Keeps recent sign-in attempts per principal key, and one marker per reported success, in DynamoDB. */
export class AttemptStore {
  constructor(private readonly client: DynamoDBDocumentClient, private readonly tableName: string) {}

  /** Store every copy of an attempt. Idempotent: a redelivered event overwrites its own items with the same values. */
  public async record(items: StoredAttempt[]): Promise<void> {
    for (const item of items) {
      await this.client.send(new PutCommand({ TableName: this.tableName, Item: item }));
    }
  }

  /** Attempts stored under any of the keys with an event time from `fromTime` to `untilTime`, inclusive (strongly consistent, all pages). */
  public async between(keys: string[], fromTime: string, untilTime: string): Promise<StoredAttempt[]> {
    const items: StoredAttempt[] = [];
    for (const pk of keys) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :until',
          ExpressionAttributeValues: { ':pk': pk, ':from': canonicalTime(fromTime), ':until': `${canonicalTime(untilTime)}#\uffff` },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }));
        items.push(...((page.Items ?? []) as StoredAttempt[]));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return items;
  }

  /**
   * Claim the right to report a success: true for the first caller, false when
   * the success was reported already (a duplicate delivery, or a late failure
   * that arrived after the report).
   */
  public async claim(successEventId: string, expiresAt: number): Promise<boolean> {
    try {
      await this.client.send(new PutCommand({
        TableName: this.tableName,
        Item: { pk: `${EMITTED_PREFIX}${successEventId}`, sk: 'emitted', expiresAt },
        ConditionExpression: 'attribute_not_exists(pk)',
      }));
      return true;
    } catch (e) {
      if (e instanceof ConditionalCheckFailedException || (e as Error).name === 'ConditionalCheckFailedException') {
        return false;
      }
      throw e;
    }
  }

  /** Give a claim back, so a retried invocation reports the success after a failed emit. */
  public async release(successEventId: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: { pk: `${EMITTED_PREFIX}${successEventId}`, sk: 'emitted' } }));
  }
}
