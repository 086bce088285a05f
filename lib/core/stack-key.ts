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
  return key;
}
