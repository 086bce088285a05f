import {
  AthenaClient, GetNamedQueryCommand, GetQueryExecutionCommand, GetQueryResultsCommand, QueryExecutionState, StartQueryExecutionCommand,
} from '@aws-sdk/client-athena';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { ReviewClients } from './review';

// The AWS SDK clients come from the Lambda Node.js runtime (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html):
// the bundle leaves @aws-sdk/* external. The review logic is written against ReviewClients, so tests mock either side.

/** The AWS SDK behind {@link ReviewClients}. */
export function awsReviewClients(): ReviewClients {
  const athena = new AthenaClient({});
  const sns = new SNSClient({});
  const s3 = new S3Client({});
  return {
    // https://docs.aws.amazon.com/athena/latest/APIReference/API_GetNamedQuery.html
    async namedQuerySql(id) {
      const out = await athena.send(new GetNamedQueryCommand({ NamedQueryId: id }));
      const sql = out.NamedQuery?.QueryString;
      if (sql === undefined) throw new Error(`Athena returned no query text for named query ${id}.`);
      return sql;
    },
    // https://docs.aws.amazon.com/athena/latest/APIReference/API_StartQueryExecution.html
    async startQuery(input) {
      const out = await athena.send(new StartQueryExecutionCommand({
        QueryString: input.sql,
        WorkGroup: input.workgroup,
        QueryExecutionContext: { Database: input.database },
        ExecutionParameters: input.parameters.length > 0 ? input.parameters : undefined,
      }));
      if (out.QueryExecutionId === undefined) throw new Error('Athena StartQueryExecution returned no QueryExecutionId.');
      return out.QueryExecutionId;
    },
    // https://docs.aws.amazon.com/athena/latest/APIReference/API_QueryExecutionStatus.html
    async queryStatus(executionId) {
      const out = await athena.send(new GetQueryExecutionCommand({ QueryExecutionId: executionId }));
      const status = out.QueryExecution?.Status ?? {};
      return {
        state: status.State ?? QueryExecutionState.QUEUED,
        reason: status.StateChangeReason ?? status.AthenaError?.ErrorMessage,
        retryable: status.AthenaError?.Retryable,
      };
    },
    // https://docs.aws.amazon.com/athena/latest/APIReference/API_GetQueryResults.html
    async resultPage(executionId, nextToken) {
      const out = await athena.send(new GetQueryResultsCommand({ QueryExecutionId: executionId, NextToken: nextToken }));
      const rows = (out.ResultSet?.Rows ?? []).map((r) => (r.Data ?? []).map((d) => d.VarCharValue ?? ''));
      return { rows, nextToken: out.NextToken };
    },
    async putObject(bucket, key, body, contentType) {
      // The bucket's default encryption (the archive key) applies.
      await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: contentType }));
    },
    async publish(topicArn, subject, message) {
      await sns.send(new PublishCommand({ TopicArn: topicArn, Subject: subject, Message: message }));
    },
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  };
}
