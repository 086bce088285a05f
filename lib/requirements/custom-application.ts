/**
 * Custom application requirements (seed 000): CA-B1..CA-B3 and CA-E1..CA-E2.
 *
 * How the names were checked: see the comment at the top of `catalogue.ts`.
 */
import { SeedFile } from './seeds';
import { collectionRecord, PIPELINE_NEAREST_EQUIVALENT, pipelineCloudTrailEvents, pipelineEventBridgeEvents, pipelineEventBridgeSource, userDirectoryRecord } from './shared';
import { LogSourceName, Requirement, Verdict } from './types';

const SEED = SeedFile.CUSTOM_APPLICATIONS;

/** CA-B1..CA-B3: the Baseline tier. */
const BASELINE: Requirement[] = [
  userDirectoryRecord('CA-B1', SEED),

  collectionRecord({
    id: 'CA-B2',
    title: 'Authenticated user activity events',
    seed: SEED,
    fields: ['User/group identifier(s)', 'Action/query', 'Response size', 'Response time'],
    awsSources: [
      {
        name: LogSourceName.API_GATEWAY_REST_ACCESS_LOGS,
        fields: [
          '$context.authorizer.claims.sub', '$context.authorizer.principalId', '$context.identity.userArn', '$context.identity.sourceIp',
          '$context.httpMethod', '$context.resourcePath', '$context.status', '$context.responseLength', '$context.responseLatency', '$context.requestTime',
          '$context.requestId',
        ],
        requiredFields: [
          '$context.authorizer.claims.sub', '$context.authorizer.principalId', '$context.identity.userArn',
          '$context.httpMethod', '$context.resourcePath', '$context.responseLength', '$context.responseLatency',
        ],
        notes:
          'Required: the user (all three identity variables, as the authorisation type decides which is filled), the action, the ' +
          'response size and time; recommended: the client address, status, time and request id. ' +
          'Access log format variables. The user comes from the authorizer: claims.* for a Cognito or JWT authorizer, principalId ' +
          'for a Lambda authorizer, identity.userArn for IAM authorisation. Groups are claims (for example cognito:groups). ' +
          'API Gateway rejects a format without $context.requestId (or $context.extendedRequestId).',
      },
      {
        name: LogSourceName.API_GATEWAY_HTTP_ACCESS_LOGS,
        fields: [
          '$context.authorizer.claims.sub', '$context.authorizer.principalId', '$context.identity.userArn', '$context.identity.sourceIp',
          '$context.httpMethod', '$context.routeKey', '$context.status', '$context.responseLength', '$context.responseLatency', '$context.requestTime',
          '$context.requestId',
        ],
        requiredFields: [
          '$context.authorizer.claims.sub', '$context.authorizer.principalId', '$context.identity.userArn',
          '$context.httpMethod', '$context.routeKey', '$context.responseLength', '$context.responseLatency',
        ],
        notes:
          'HTTP API access log variables: the action is the route key ($context.resourcePath is a REST API variable). claims.* come ' +
          'from a JWT authorizer, principalId from a Lambda authorizer, identity.userArn from IAM authorisation. API Gateway rejects ' +
          'a format without $context.requestId (or $context.extendedRequestId).',
      },
      { name: 'AppSync request logs', notes: 'Field-level logging records the identity, the operation and resolver timings.' },
      { name: 'Application structured logs', notes: 'What the application writes itself: the only complete source when no gateway authenticates.' },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'Where API Gateway (or AppSync) authenticates the user, its access log carries user, action, response size and ' +
      'latency. Load balancer and CloudFront logs do not know the user (ALB OIDC authentication only passes the identity to ' +
      'the target in headers), so applications behind them must log authenticated activity themselves.',
  }),

  collectionRecord({
    id: 'CA-B3',
    title: 'Unauthenticated user activity events',
    seed: SEED,
    fields: [
      'End-client identifier(s)',
      'Query metadata: destination identifier (such as target hostname, TCP/UDP port and/or full URI)',
      'Query metadata: query type (for example, HTTP GET or HTTP POST)',
      'Query metadata: query size',
      'Response size',
      'Response time',
    ],
    awsSources: [
      {
        name: 'Application Load Balancer access logs',
        fields: [
          'client:port', 'request', 'domain_name', 'user_agent', 'received_bytes', 'sent_bytes',
          'request_processing_time', 'target_processing_time', 'response_processing_time', 'elb_status_code',
        ],
        notes: "'request' holds the method, full URL and protocol.",
      },
      {
        name: LogSourceName.CLOUDFRONT_STANDARD_LOGS,
        fields: ['c-ip', 'x-forwarded-for', 'cs-method', 'cs(Host)', 'cs-uri-stem', 'cs-uri-query', 'cs-bytes', 'sc-bytes', 'sc-status', 'time-taken'],
        requiredFields: ['c-ip', 'cs-method', 'cs(Host)', 'cs-uri-stem', 'cs-bytes', 'sc-bytes', 'time-taken'],
        notes: 'Required: client, method, host and path, request and response size, time taken; recommended: x-forwarded-for, query string, status.',
      },
      {
        name: LogSourceName.API_GATEWAY_REST_ACCESS_LOGS,
        fields: [
          '$context.identity.sourceIp', '$context.domainName', '$context.httpMethod', '$context.path',
          '$context.requestLength', '$context.responseLength', '$context.responseLatency',
        ],
        notes:
          '$context.requestLength is taken from public REST API examples; the variable tables read for this catalogue do not list it ' +
          '(not confirmed here).',
      },
      {
        name: LogSourceName.API_GATEWAY_HTTP_ACCESS_LOGS,
        fields: [
          '$context.identity.sourceIp', '$context.domainName', '$context.httpMethod', '$context.path',
          '$context.responseLength', '$context.responseLatency',
        ],
        notes:
          'The HTTP API variable table has no request size ($context.requestLength is not in it, and public reports say HTTP APIs ' +
          'reject it), so for HTTP APIs take the request size from the CloudFront or ALB log in front.',
      },
    ],
    verdict: Verdict.FULL,
  }),
];

/** CA-E1..CA-E2: the Enhanced tier. */
const ENHANCED: Requirement[] = [
  collectionRecord({
    id: 'CA-E1',
    title: 'Pipeline events of the application',
    section: 'Pipeline events',
    seed: SEED,
    fields: [
      'Source identifier(s): user(s)',
      'Source identifier(s): repository',
      'Activity events: resource creation',
      'Activity events: resource destruction',
      'Activity events: target environment',
    ],
    cloudTrailEvents: pipelineCloudTrailEvents(),
    eventBridgeDetailTypes: pipelineEventBridgeEvents(),
    awsSources: [
      pipelineEventBridgeSource(),
      {
        name: LogSourceName.CLOUDTRAIL,
        fields: ['recipientAccountId', 'awsRegion', 'userIdentity', 'requestParameters.stackName'],
        notes:
          'Target environment: the account and region every deployment event lands in (map account ids to environment names), ' +
          'and for GitHub OIDC the environment in the token sub (repo:org/repo:environment:name).',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent: PIPELINE_NEAREST_EQUIVALENT,
  }),

  collectionRecord({
    id: 'CA-E2',
    title: 'Data store events',
    seed: SEED,
    fields: ['Data store identifier(s)', 'Credential identifier(s)', 'Query', 'Query response size', 'Query response time'],
    cloudTrailEvents: [
      {
        eventSource: 'dynamodb.amazonaws.com',
        eventNames: [
          'GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'BatchGetItem', 'BatchWriteItem', 'Query', 'Scan',
          'TransactGetItems', 'TransactWriteItems', 'ExecuteStatement', 'BatchExecuteStatement', 'ExecuteTransaction',
        ],
        dataEventResourceType: 'AWS::DynamoDB::Table',
      },
      {
        eventSource: 's3.amazonaws.com',
        eventNames: ['GetObject', 'PutObject', 'DeleteObject', 'DeleteObjects', 'CopyObject', 'RestoreObject', 'SelectObjectContent'],
        dataEventResourceType: 'AWS::S3::Object',
      },
      {
        eventSource: 'sqs.amazonaws.com',
        eventNames: ['SendMessage', 'SendMessageBatch', 'ReceiveMessage', 'DeleteMessage', 'DeleteMessageBatch'],
        dataEventResourceType: 'AWS::SQS::Queue',
      },
    ],
    awsSources: [
      {
        name: LogSourceName.CLOUDTRAIL,
        fields: ['userIdentity.arn', 'userIdentity.accessKeyId', 'requestParameters', 'resources', 'eventName'],
        notes: 'Data events, off by default and charged per event: the trail needs advanced event selectors for the listed resource types.',
      },
      {
        name: 'RDS and Aurora Database Activity Streams',
        fields: ['databaseName', 'dbUserName', 'remoteHost', 'remotePort', 'command', 'commandText', 'rowCount', 'logTime', 'sessionId'],
        notes: 'Delivered encrypted to Kinesis Data Streams. Engine audit logs (pgaudit, Aurora MySQL advanced auditing) to CloudWatch Logs are the lighter alternative.',
      },
      {
        name: 'S3 server access logs',
        fields: ['Bucket', 'Requester', 'Operation', 'Key', 'Request-URI', 'HTTP status', 'Bytes Sent', 'Total Time', 'Turn-Around Time'],
      },
      { name: 'Redshift user activity log', notes: 'Every query with user and database; SYS_QUERY_HISTORY adds elapsed time and rows.' },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'CloudTrail data events identify the data store, the credential (principal and access key) and the operation, but not ' +
      'the response size or time. S3 server access logs and Redshift logs carry all five items; Database Activity Streams ' +
      'carry store, user, statement and rows, with timing depending on the engine. RDS IAM authentication tokens are signed ' +
      'locally, so database logins are only in the database\'s own logs, and ElastiCache has no command audit log.',
  }),
];

/** The custom application records, in id order. */
export const CUSTOM_APPLICATION_REQUIREMENTS: readonly Requirement[] = [...BASELINE, ...ENHANCED];
