import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';

export const CENTRAL_ACCOUNT = '111111111111';
export const CENTRAL_REGION = 'eu-west-2';
export const ORG_ID = 'o-exampleorg1';
export const SIEM_ACCOUNT = '444444444444';
export const BREAK_GLASS = `arn:aws:iam::${CENTRAL_ACCOUNT}:role/LogBreakGlass`;
export const READER = `arn:aws:iam::${CENTRAL_ACCOUNT}:role/SecurityAnalyst`;

/** A stack in the central log account, as the example app makes it. */
export function centralStack(region = CENTRAL_REGION, account = CENTRAL_ACCOUNT): Stack {
  return new Stack(new App(), 'Central', { env: { account, region } });
}

/** The resources of one type, as [logicalId, resource] pairs. */
export function resourcesOfType(template: Template, type: string): Array<[string, any]> {
  return Object.entries(template.findResources(type));
}

/** All statements of all resource policies of one type (bucket, queue, key, role trust). */
export function statementsOf(resource: any, path: string[] = ['Properties', 'PolicyDocument']): any[] {
  let node = resource;
  for (const p of path) {
    node = node[p];
  }
  return node.Statement;
}

/** The bucket policy of the bucket with this name. */
export function bucketPolicyFor(template: Template, bucketName: string): any[] {
  const buckets = template.findResources('AWS::S3::Bucket', { Properties: { BucketName: bucketName } });
  const [bucketId] = Object.keys(buckets);
  if (!bucketId) {
    throw new Error(`no bucket named ${bucketName}`);
  }
  const policies = template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: bucketId } } });
  const [policy] = Object.values(policies);
  return statementsOf(policy);
}
