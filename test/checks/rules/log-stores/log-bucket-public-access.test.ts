import * as s3 from 'aws-cdk-lib/aws-s3';
import { CheckCompliance } from '../../../../lib/checks';
import { appWithStack, evaluate, resultOf } from '../../helpers';

const RULE = 'LogCollection-LM-4-PublicAccess';

describe(RULE, () => {
  test('a log bucket with BLOCK_ALL is compliant', () => {
    const { app, stack } = appWithStack();
    const access = new s3.Bucket(stack, 'AccessLogs', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    new s3.Bucket(stack, 'Logs', { serverAccessLogsBucket: access });
    expect(resultOf(evaluate(app), RULE, 'Workload/AccessLogs/Resource').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a log bucket without a public access block, or with part of one, is an error', () => {
    const { app, stack } = appWithStack();
    const none = new s3.Bucket(stack, 'None');
    const part = new s3.Bucket(stack, 'Part', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY });
    new s3.Bucket(stack, 'Logs1', { serverAccessLogsBucket: none });
    new s3.Bucket(stack, 'Logs2', { serverAccessLogsBucket: part });
    const results = evaluate(app);
    expect(resultOf(results, RULE, 'Workload/None/Resource').message).toContain('no PublicAccessBlockConfiguration');
    expect(resultOf(results, RULE, 'Workload/Part/Resource').message).toContain('BlockPublicPolicy, RestrictPublicBuckets not true');
  });
});
