import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { regionOfArn } from './emit';

/** The DynamoDB document client both correlators keep their state with (undefined attributes dropped). */
export function createDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({}), { marshallOptions: { removeUndefinedValues: true } });
}

/** An EventBridge client per region, made on first use: a bus is called in its own region. */
export function eventBridgeClients(): (busArn: string) => EventBridgeClient {
  const clients = new Map<string, EventBridgeClient>();
  return (busArn: string) => {
    const region = regionOfArn(busArn);
    let client = clients.get(region);
    if (!client) {
      client = new EventBridgeClient({ region });
      clients.set(region, client);
    }
    return client;
  };
}
