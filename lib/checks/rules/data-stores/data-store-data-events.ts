import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { dataSelectors, selects } from '../../private/data-store';
import { fixedRequirements, LogCollectionRule, outcome, RuleContext, RuleOutcome } from '../../private/rule';
import { DataStoreAuditLogging } from '../../../sources';

/** The data event resource type that records a store's calls, by the store's CloudFormation type. */
const DATA_EVENT_TYPE: Record<string, string> = {
  'AWS::DynamoDB::Table': 'AWS::DynamoDB::Table',
  'AWS::DynamoDB::GlobalTable': 'AWS::DynamoDB::Table',
  'AWS::S3::Bucket': 'AWS::S3::Object',
};

/**
 * CA-E2, the named stores: every DynamoDB table and every S3 bucket that is
 * not a log bucket has its data events recorded by a trail of the app: an
 * advanced (or basic) data event selector of its type whose ARN values refer
 * to it (or are a literal prefix of its literal ARN), or that names no ARN
 * at all (every resource of the type; `data-events-all-buckets` flags that
 * for S3). Log buckets (the library's, or any bucket the app uses for logs or
 * as an access-log target) are not judged: their reads are not application
 * data, and selecting them loops.
 */
export const dataStoreDataEvents: LogCollectionRule = {
  name: 'data-store-data-events',
  requirementIds: fixedRequirements('CA-E2'),
  idSuffix: 'DataEvents',
  resourceTypes: Object.keys(DATA_EVENT_TYPE),
  fixedBy: [DataStoreAuditLogging.IMPLEMENTS.construct],
  summary: 'Every DynamoDB table and every S3 bucket that is not a log bucket has its data events selected, by name, by a trail of the app.',
  check(store: CfnResource, context: RuleContext): RuleOutcome {
    const index = context.index;
    const isBucket = store.cfnResourceType === 'AWS::S3::Bucket';
    const kind = isBucket ? 'S3 bucket' : 'DynamoDB table';
    if (isBucket && (index.whyLogBucket(store).length > 0 || index.isAccessLogTarget(store))) {
      return outcome.notApplicable(`S3 bucket ${store.node.path} holds logs, not application data.`);
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
      'which item is not recorded; add it to the tables or buckets of DataStoreAuditLogging with an AuditTrail.',
    );
  },
};

/** The store's ARN when its name is literal (a bucket name or table name set in the template). */
function literalArn(store: CfnResource): string | undefined {
  const props = store as unknown as Record<string, unknown>;
  const name = store.cfnResourceType === 'AWS::S3::Bucket' ? props.bucketName : props.tableName;
  if (typeof name !== 'string' || Token.isUnresolved(name)) {
    return undefined;
  }
  const stack = Stack.of(store);
  if (store.cfnResourceType === 'AWS::S3::Bucket') {
    return `arn:aws:s3:::${name}/`;
  }
  return Token.isUnresolved(stack.region) || Token.isUnresolved(stack.account)
    ? undefined : `arn:aws:dynamodb:${stack.region}:${stack.account}:table/${name}`;
}
