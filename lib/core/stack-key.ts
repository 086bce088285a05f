import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';

/**
 * A KMS key shared by every construct of a stack that asks for it by `id`:
 * made (rotation on, retained) with `statements` on first use, returned as it
 * is after that.
 */
export function stackSharedKey(scope: IConstruct, id: string, props: { readonly description: string; readonly alias?: string },
  statements: (stack: Stack) => iam.PolicyStatement[] = () => []): kms.Key {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(id) as kms.Key | undefined;
  if (existing) {
    return existing;
  }
  const key = new kms.Key(stack, id, { ...props, enableKeyRotation: true, removalPolicy: RemovalPolicy.RETAIN });
  statements(stack).forEach((s) => key.addToResourcePolicy(s));
  restrictKeyGrants(key);
  return key;
}

/**
 * Deny `kms:CreateGrant` on the key to every principal unless an AWS service creates the grant for an AWS resource
 * (`kms:GrantIsForAWSResource`) or is itself the caller (`aws:PrincipalIsAWSService`): grants are how a principal
 * could hand the key's use to another without a key policy change. The integrated services these keys serve (Lambda,
 * EKS, DynamoDB, Firehose) create their grants on a caller's behalf; CloudWatch Logs, SQS, SNS, S3 and CloudTrail use
 * the key policy, not grants. This is the statement of Control Tower control CT.KMS.PR.3
 * (https://docs.aws.amazon.com/controltower/latest/controlreference/kms-rules.html#ct-kms-pr-3-description;
 * https://docs.aws.amazon.com/kms/latest/developerguide/conditions-kms.html#conditions-kms-grant-is-for-aws-resource;
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalisawsservice).
 * That Firehose's grant for a customer managed stream key carries `kms:GrantIsForAWSResource` is unverified.
 */
export function restrictKeyGrants(key: kms.IKey): void {
  key.addToResourcePolicy(new iam.PolicyStatement({
    sid: 'DenyGrantsNotForAwsResources',
    effect: iam.Effect.DENY,
    principals: [new iam.AnyPrincipal()],
    actions: ['kms:CreateGrant'],
    resources: ['*'],
    conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
  }));
}
