import { BatchWriteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { AwsStub } from 'aws-sdk-client-mock';

type Item = Record<string, any>;

/**
 * A tiny in-memory table behind an aws-sdk-client-mock stub of the document
 * client: PutItem, Query (pk = :pk AND sk BETWEEN :from AND :until) and
 * BatchWriteItem deletes, enough to run the correlator end to end.
 */
export class FakeTable {
  public readonly items = new Map<string, Item>();

  constructor(mock: AwsStub<any, any, any>, private readonly tableName: string) {
    mock.on(PutCommand).callsFake((input: any) => {
      this.expectTable(input.TableName);
      this.items.set(this.key(input.Item.pk, input.Item.sk), structuredClone(input.Item));
      return {};
    });
    mock.on(QueryCommand).callsFake((input: any) => {
      this.expectTable(input.TableName);
      if (input.KeyConditionExpression !== 'pk = :pk AND sk BETWEEN :from AND :until') {
        throw new Error(`FakeTable does not understand ${input.KeyConditionExpression}`);
      }
      const v = input.ExpressionAttributeValues;
      const found = [...this.items.values()]
        .filter((i) => i.pk === v[':pk'] && i.sk >= v[':from'] && i.sk <= v[':until'])
        .sort((a, b) => (a.sk < b.sk ? -1 : 1));
      return { Items: structuredClone(found) };
    });
    mock.on(BatchWriteCommand).callsFake((input: any) => {
      for (const request of input.RequestItems[this.tableName]) {
        this.items.delete(this.key(request.DeleteRequest.Key.pk, request.DeleteRequest.Key.sk));
      }
      return { UnprocessedItems: {} };
    });
  }

  public get size(): number {
    return this.items.size;
  }

  public partitions(): string[] {
    return [...new Set([...this.items.values()].map((i) => i.pk as string))].sort();
  }

  private key(pk: string, sk: string): string {
    return `${pk}\u0000${sk}`;
  }

  private expectTable(name: string): void {
    if (name !== this.tableName) {
      throw new Error(`FakeTable ${this.tableName} got a request for ${name}`);
    }
  }
}
