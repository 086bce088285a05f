import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { AwsStub } from 'aws-sdk-client-mock';

type Item = Record<string, any>;

/**
 * An in-memory table behind an aws-sdk-client-mock stub of the document
 * client: PutItem (with `attribute_not_exists(pk)`), DeleteItem and
 * Query (pk = :pk AND sk BETWEEN :from AND :until), enough to run the
 * central correlator end to end.
 */
export class FakeAttemptTable {
  public readonly items = new Map<string, Item>();

  constructor(mock: AwsStub<any, any, any>, private readonly tableName: string) {
    mock.on(PutCommand).callsFake((input: any) => {
      this.expectTable(input.TableName);
      const key = this.key(input.Item.pk, input.Item.sk);
      if (input.ConditionExpression !== undefined) {
        if (input.ConditionExpression !== 'attribute_not_exists(pk)') {
          throw new Error(`FakeAttemptTable does not understand ${input.ConditionExpression}`);
        }
        if (this.items.has(key)) {
          throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
        }
      }
      this.items.set(key, structuredClone(input.Item));
      return {};
    });
    mock.on(DeleteCommand).callsFake((input: any) => {
      this.expectTable(input.TableName);
      this.items.delete(this.key(input.Key.pk, input.Key.sk));
      return {};
    });
    mock.on(QueryCommand).callsFake((input: any) => {
      this.expectTable(input.TableName);
      if (input.KeyConditionExpression !== 'pk = :pk AND sk BETWEEN :from AND :until' || input.ConsistentRead !== true) {
        throw new Error(`FakeAttemptTable does not understand ${input.KeyConditionExpression}`);
      }
      const v = input.ExpressionAttributeValues;
      const found = [...this.items.values()]
        .filter((i) => i.pk === v[':pk'] && i.sk >= v[':from'] && i.sk <= v[':until'])
        .sort((a, b) => (a.sk < b.sk ? -1 : 1));
      return { Items: structuredClone(found) };
    });
  }

  private key(pk: string, sk: string): string {
    return `${pk}\u0000${sk}`;
  }

  private expectTable(name: string): void {
    if (name !== this.tableName) {
      throw new Error(`FakeAttemptTable ${this.tableName} got a request for ${name}`);
    }
  }
}
