import { Aspects, IAspect, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { acknowledgeInPacks, acknowledgeLogCollection, acknowledgeNag, acknowledgeNist, renderForNag } from '../../core/acknowledge';

/** The construct id prefix of aws-cdk-lib's BucketDeployment singleton function. */
const BUCKET_DEPLOYMENT_ID = 'Custom::CDKBucketDeployment';

const WHAT = 'aws-cdk-lib\'s BucketDeployment custom resource, which copies the baseline\'s Lambda code into ' +
  'the asset bucket of every target region, runs only while CloudFormation deploys the management stack';

/**
 * The findings of the common rule packs on the BucketDeployment function that
 * `HandlerCodeCopies` adds to the stack (`Custom::CDKBucketDeployment...`),
 * acknowledged where they arise with the reason, so users of
 * `WorkloadBaselineStackSet` inherit them. An Aspect, because the function is a
 * singleton of the stack made as assets are added, and its IAM5 finding ids
 * name the buckets its grants cover.
 */
export function acknowledgeAssetCopies(scope: IConstruct): void {
  Aspects.of(Stack.of(scope)).add(new AssetCopyFindings());
}

class AssetCopyFindings implements IAspect {
  public visit(node: IConstruct): void {
    if (node instanceof logs.LogGroup && node.node.scope instanceof lambda.Function && node.node.scope.node.id.startsWith(BUCKET_DEPLOYMENT_ID)) {
      // aws-cdk-lib makes this log group itself under the feature flag @aws-cdk/aws-lambda:useCdkManagedLogGroup
      // (a new project's default); without the flag Lambda creates it at the first run, outside the template.
      const reason = `${WHAT}; this log group holds only that function's own run log (the objects it copied), no security log ` +
        'data. CloudWatch Logs encrypts it at rest with its own key (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html), ' +
        'and aws-cdk-lib retains it on stack deletion.';
      acknowledgeInPacks(node, { nist: ['CloudWatchLogGroupEncrypted'], guard: ['cloudwatch_log_group_encrypted_check'] }, reason);
      acknowledgeLogCollection(node, 'LM-4-Encryption', reason);
      return;
    }
    if (!(node instanceof lambda.Function) || !node.node.id.startsWith(BUCKET_DEPLOYMENT_ID)) {
      return;
    }
    acknowledgeNag(node, 'AwsSolutions-L1', `${WHAT}; its runtime is aws-cdk-lib's choice and moves with aws-cdk-lib.`);
    acknowledgeInPacks(node, { nist: ['LambdaConcurrency', 'LambdaDLQ', 'LambdaInsideVPC'], guard: ['lambda_inside_vpc_check'] },
      `${WHAT}: CloudFormation invokes it synchronously and fails the deployment when it fails (no event to dead-letter, no ` +
      'concurrency to bound), and it calls only S3 APIs.');
    const role = node.role;
    if (!(role instanceof iam.Role)) {
      return;
    }
    acknowledgeNag(role, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      `${WHAT}; AWSLambdaBasicExecutionRole lets it write its own logs only.`);
    const policy = role.node.tryFindChild('DefaultPolicy') as iam.Policy | undefined;
    if (policy === undefined) {
      return;
    }
    acknowledgeNist(policy, 'IAMNoInlinePolicy', `${WHAT}; aws-cdk-lib writes its grants inline, for this role alone.`);
    for (const id of wildcardFindingIds(Stack.of(node).resolve(policy.document.toJSON()))) {
      acknowledgeNag(policy, `AwsSolutions-IAM5[${id}]`,
        `${WHAT}; aws-cdk-lib grants it read on the CDK asset bucket and write on each region's baseline asset bucket, by object prefix.`);
    }
  }
}

/** The `Action::...` and `Resource::...` parts of cdk-nag's IAM5 finding ids for a resolved policy document. */
export function wildcardFindingIds(document: { Statement?: Array<{ Action?: unknown; Resource?: unknown }> }): string[] {
  const ids = new Set<string>();
  for (const statement of document.Statement ?? []) {
    for (const action of asList(statement.Action)) {
      if (typeof action === 'string' && action.includes('*')) {
        ids.add(`Action::${action}`);
      }
    }
    for (const resource of asList(statement.Resource)) {
      const text = renderForNag(resource);
      if (text.includes('*')) {
        ids.add(`Resource::${text}`);
      }
    }
  }
  return [...ids];
}

function asList(value: unknown): unknown[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}
