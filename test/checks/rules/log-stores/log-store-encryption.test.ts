import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CheckCompliance } from '../../../../lib/checks';
import { appWithStack, evaluate, goodLogBucket, goodLogGroup, resultOf } from '../../helpers';

const RULE = 'LogCollection-LM-4-Encryption';

describe(RULE, () => {
  test('a log group and a log bucket encrypted with KMS are compliant', () => {
    const { app, stack } = appWithStack();
    goodLogGroup(stack, 'Logs');
    const access = new s3.Bucket(stack, 'AccessLogs', { encryption: s3.BucketEncryption.KMS });
    goodLogBucket(stack, 'Archive', access);
    const results = evaluate(app);
    expect(resultOf(results, RULE, 'Workload/Logs/Resource').compliance).toBe(CheckCompliance.COMPLIANT);
    expect(resultOf(results, RULE, 'Workload/AccessLogs/Resource').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a log group without a KMS key is an error', () => {
    const { app, stack } = appWithStack();
    new logs.LogGroup(stack, 'Logs');
    const result = resultOf(evaluate(app), RULE, 'Workload/Logs/Resource');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toContain('has no KmsKeyId');
  });

  test('a log bucket with S3-managed keys is an error naming the algorithm', () => {
    const { app, stack } = appWithStack();
    const access = new s3.Bucket(stack, 'AccessLogs', { encryption: s3.BucketEncryption.S3_MANAGED });
    new s3.Bucket(stack, 'Logs', { serverAccessLogsBucket: access });
    const result = resultOf(evaluate(app), RULE, 'Workload/AccessLogs/Resource');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toContain('encrypts with AES256, not a KMS key');
  });
});
