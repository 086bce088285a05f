import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledgeNist } from './acknowledge';

/**
 * The DynamoDB table a correlator keeps its recent sign-in attempts in: `pk`/`sk` keys, on-demand, items
 * expiring through TTL on `expiresAt`, point-in-time recovery, encrypted with `key`, deletion-protected and
 * retained.
 */
export function correlationStateTable(scope: Construct, id: string, key: kms.IKey): dynamodb.Table {
  const table = new dynamodb.Table(scope, id, {
    partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
    billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
    timeToLiveAttribute: 'expiresAt',
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
    encryptionKey: key,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  acknowledgeNist(table, 'DynamoDBInBackupPlan',
    'Short-lived correlation state, not a log store: items expire within the correlation window, point-in-time recovery is on, ' +
    'and the sign-in events themselves are archived centrally. A backup plan would restore counts that have already expired.');
  return table;
}
