import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CheckCompliance } from '../../../../lib/checks';
import { appWithStack, evaluate, resultOf } from '../../helpers';

const RULE = 'LogCollection-PU-3';

describe(RULE, () => {
  test('a log group with RemovalPolicy.RETAIN is compliant', () => {
    const { app, stack } = appWithStack();
    new logs.LogGroup(stack, 'Logs', { removalPolicy: RemovalPolicy.RETAIN });
    expect(resultOf(evaluate(app), RULE, 'Workload/Logs/Resource').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('RETAIN_ON_UPDATE_OR_DELETE (DeletionPolicy RetainExceptOnCreate) is compliant', () => {
    const { app, stack } = appWithStack();
    new logs.LogGroup(stack, 'Logs', { removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE });
    expect(resultOf(evaluate(app), RULE, 'Workload/Logs/Resource').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a log group with RemovalPolicy.DESTROY is an error that says how to fix it', () => {
    const { app, stack } = appWithStack();
    new logs.LogGroup(stack, 'Logs', { removalPolicy: RemovalPolicy.DESTROY });
    const result = resultOf(evaluate(app), RULE, 'Workload/Logs/Resource');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/DeletionPolicy is Delete; UpdateReplacePolicy is Delete.*RemovalPolicy.RETAIN/);
    expect(result.location).toBe('DeletionPolicy');
  });

  test('an L1 log bucket with no policies is an error', () => {
    const { app, stack } = appWithStack();
    const access = new s3.CfnBucket(stack, 'AccessLogs');
    new s3.CfnBucket(stack, 'Logs', { loggingConfiguration: { destinationBucketName: access.ref } });
    expect(resultOf(evaluate(app), RULE, 'Workload/AccessLogs').message).toContain('DeletionPolicy is not set (Delete)');
  });
});
