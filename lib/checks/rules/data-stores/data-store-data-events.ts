import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { dataSelectors, selects } from '../../private/data-store';
import { whyNotApplicationQueue } from '../../private/log-queues';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { DataStoreAuditLogging } from '../../../sources';

/** The data event resource type that records a store's calls, by the store's CloudFormation type. */
const DATA_EVENT_TYPE: Record<string, string> = {
  'AWS::DynamoDB::Table': 'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable': 'AWS::DynamoDB::Table',
  'AWS::S3::Bucket': 'AWS::S3::Object',
  'AWS::SQS::Queue': 'AWS::SQS::Queue',
};

/** How messages name a store, by its CloudFormation type. */
const KIND: Record<string, string> = {
  'AWS::DynamoDB::Table': 'DynamoDB table', 'AWS::DynamoDB::GlobalTable': 'DynamoDB table', 'AWS::S3::Bucket': 'S3 bucket',
  'AWS::SQS::Queue': 'SQS queue',
};

/** The DataStoreAuditLogging prop that names a store of the type. */
const PROP: Record<string, string> = { 'S3 bucket': 'buckets', 'DynamoDB table': 'tables', 'SQS queue': 'queues' };

/**
 * CA-E2, the named stores: every DynamoDB table, every S3 bucket that is
 * not a log bucket and every SQS queue that carries application messages has
 * its data events recorded by a trail of the app: an
 * advanced (or basic) data event selector of its type whose ARN values refer
 * to it (or are a literal prefix of its literal ARN), or that names no ARN
 * at all (every resource of the type; `data-events-all-buckets` flags that
 * for S3). Log buckets (the library's, or any bucket the app uses for logs or
 * as an access-log target) are not judged: their reads are not application
 * data, and selecting them loops. Nor are queues that carry no application
 * messages: the library's own (dead-letter, SIEM notification, correlation
 * queues), dead-letter queues of anything, queues tagged
 * `security-log-store=true` and queues a log bucket notifies. SQS data events
 * exist only as advanced event selectors with `resources.type`
 * `AWS::SQS::Queue`
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/logging-using-cloudtrail.html).
 */
export const dataStoreDataEvents: LogCollectionRule = {
  name: 'data-store-data-events',
  requirementIds: fixedRequirements('CA-E2'),
  idSuffix: 'DataEvents',
  resourceTypes: Object.keys(DATA_EVENT_TYPE),
  fixedBy: [DataStoreAuditLogging.IMPLEMENTS.construct],
  summary: 'Every DynamoDB table, S3 bucket that is not a log bucket and SQS queue that carries application messages has its data events ' +
    'selected, by name, by a trail of the app.',
  check(store: CfnResource, context: RuleContext): RuleOutcome {
    const index = context.index;
    const isBucket = store.cfnResourceType === 'AWS::S3::Bucket';
    const kind = KIND[store.cfnResourceType];
    if (isBucket && (index.whyLogBucket(store).length > 0 || index.isAccessLogTarget(store))) {
      return outcome.notApplicable(`S3 bucket ${store.node.path} holds logs, not application data.`);
    }
    const notApplication = store.cfnResourceType === 'AWS::SQS::Queue' ? whyNotApplicationQueue(store, index) : undefined;
    if (notApplication) {
      return outcome.notApplicable(`SQS queue ${store.node.path} carries no application messages: ${notApplication}.`);
    }
    const type = DATA_EVENT_TYPE[store.cfnResourceType];
    const arn = literalArn(store);
    const trail = index.ofType('AWS::CloudTrail::Trail').find((t) => dataSelectors(t, index)
      .filter((s) => s.type === undefined || s.type === type)
      .some((s) => s.arns.length === 0 || s.arns.some((v) => selects(v, store, arn, index))));
    if (trail) {
      return outcome.compliant(`${kind} ${store.node.path}: trail ${trail.node.path} records its ${type} data events.`);
    }
    return outcome.nonCompliant(
      `${kind} ${store.node.path} has no data events: no trail of the app selects ${type} data events for it, so who read or wrote ` +
      `which item is not recorded; add it to the ${PROP[kind]} of DataStoreAuditLogging with an AuditTrail.`,
    );
  },
};

/** The store's ARN when its name is literal (a bucket name or table name set in the template). */
function literalArn(store: CfnResource): string | undefined {
  const props = store as unknown as Record<string, unknown>;
  const name = store.cfnResourceType === 'AWS::S3::Bucket' ? props.bucketName
    : store.cfnResourceType === 'AWS::SQS::Queue' ? props.queueName : props.tableName;
  if (typeof name !== 'string' || Token.isUnresolved(name)) {
    return undefined;
  }
  const stack = Stack.of(store);
  if (store.cfnResourceType === 'AWS::S3::Bucket') {
    return `arn:aws:s3:::${name}/`;
  }
  if (Token.isUnresolved(stack.region) || Token.isUnresolved(stack.account)) {
    return undefined;
  }
  return store.cfnResourceType === 'AWS::SQS::Queue'
    ? `arn:aws:sqs:${stack.region}:${stack.account}:${name}` : `arn:aws:dynamodb:${stack.region}:${stack.account}:table/${name}`;
}
