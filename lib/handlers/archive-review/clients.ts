import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReviewClients } from './review';

/* eslint-disable @typescript-eslint/no-require-imports, @typescript-eslint/no-explicit-any */
// @aws-sdk/client-athena and @aws-sdk/client-sns are in the Lambda Node.js runtime
// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html) but not yet dev dependencies of this package, so
// they are loaded untyped here and the review logic is written against ReviewClients.

/** The AWS SDK behind {@link ReviewClients}. */
export function awsReviewClients(): ReviewClients {
  const athenaSdk = require('@aws-sdk/client-athena') as any;
  const snsSdk = require('@aws-sdk/client-sns') as any;
  const athena = new athenaSdk.AthenaClient({});
  const sns = new snsSdk.SNSClient({});
  const s3 = new S3Client({});
  return {
    // https://docs.aws.amazon.com/athena/latest/APIReference/API_GetNamedQuery.html
    async namedQuerySql(id) {
      const out = await athena.send(new athenaSdk.GetNamedQueryCommand({ NamedQueryId: id }));
      return out.NamedQuery.QueryString as string;
    },
    // https://docs.aws.amazon.com/athena/latest/APIReference/API_StartQueryExecution.html
    async startQuery(input) {
      const out = await athena.send(new athenaSdk.StartQueryExecutionCommand({
        QueryString: input.sql,
        WorkGroup: input.workgroup,
        QueryExecutionContext: { Database: input.database },
        ExecutionParameters: input.parameters.length > 0 ? input.parameters : undefined,
      }));
      return out.QueryExecutionId as string;
    },
    // https://docs.aws.amazon.com/athena/latest/APIReference/API_QueryExecutionStatus.html
    async queryStatus(executionId) {
      const out = await athena.send(new athenaSdk.GetQueryExecutionCommand({ QueryExecutionId: executionId }));
      const status = out.QueryExecution?.Status ?? {};
      return {
        state: status.State ?? 'QUEUED',
        reason: status.StateChangeReason ?? status.AthenaError?.ErrorMessage,
        retryable: status.AthenaError?.Retryable,
      };
    },
    // https://docs.aws.amazon.com/athena/latest/APIReference/API_GetQueryResults.html
    async resultPage(executionId, nextToken) {
      const out = await athena.send(new athenaSdk.GetQueryResultsCommand({ QueryExecutionId: executionId, NextToken: nextToken }));
      const rows = (out.ResultSet?.Rows ?? []).map((r: any) => (r.Data ?? []).map((d: any) => d.VarCharValue ?? ''));
      return { rows, nextToken: out.NextToken };
    },
    async putObject(bucket, key, body, contentType) {
      // The bucket's default encryption (the archive key) applies.
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    },
    async publish(topicArn, subject, message) {
      await sns.send(new snsSdk.PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
