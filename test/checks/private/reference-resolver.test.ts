import { App, Aws, CfnResource, Fn, Lazy, NestedStack, Stack } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AppIndex } from '../../../lib/checks/app-index';

describe('reference resolution', () => {
  test('a reference inside a string with pseudo parameters is found, and the text keeps the rest', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'A');
    const bucket = new s3.CfnBucket(stack, 'Bucket');
    const owner = new CfnResource(stack, 'Owner', { type: 'Custom::Thing' });
    const index = AppIndex.build(app);
    // WHEN
    const resolved = index.resolve(owner, `arn:${Aws.PARTITION}:s3:::${bucket.ref}/AWSLogs`);
    // THEN
    expect(index.resolver.referencesIn(resolved)).toEqual([bucket]);
    expect(index.resolver.describe(resolved)).toBe('arn:${?}:s3:::<A/Bucket>/AWSLogs');
    expect(index.resolver.hasDeployTimeValue(resolved)).toBe(true);
  });

  test('references in another stack, in a nested stack and behind a Lazy all lead to the CfnResource', () => {
    const app = new App();
    const a = new Stack(app, 'A');
    const bucket = new s3.CfnBucket(a, 'Bucket');
    const b = new Stack(app, 'B');
    const inOtherStack = new CfnResource(b, 'Owner', { type: 'Custom::Thing' });
    const inNested = new CfnResource(new NestedStack(a, 'N'), 'Owner', { type: 'Custom::Thing' });
    const index = AppIndex.build(app);
    for (const owner of [inOtherStack, inNested]) {
      expect(index.resolver.referenceOf(index.resolve(owner, bucket.attrArn))).toBe(bucket);
      expect(index.resolver.referenceOf(index.resolve(owner, Lazy.string({ produce: () => bucket.ref })))).toBe(bucket);
    }
  });

  test('a literal Ref or Fn::GetAtt is looked up by logical id in the owner\'s stack only', () => {
    const app = new App();
    const a = new Stack(app, 'A');
    const bucket = new s3.CfnBucket(a, 'Bucket');
    const owner = new CfnResource(a, 'Owner', { type: 'Custom::Thing' });
    const elsewhere = new CfnResource(new Stack(app, 'B'), 'Owner', { type: 'Custom::Thing' });
    const index = AppIndex.build(app);
    expect(index.resolver.referenceOf(index.resolve(owner, Fn.ref('Bucket')))).toBe(bucket);
    expect(index.resolver.referenceOf(index.resolve(owner, { 'Fn::GetAtt': ['Bucket', 'Arn'] }))).toBe(bucket);
    expect(index.resolver.referenceOf(index.resolve(elsewhere, Fn.ref('Bucket')))).toBeUndefined();
  });
});
