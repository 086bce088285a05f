import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CheckCompliance, LOG_STORE_TAG, RETENTION_APPROVAL_TAG } from '../../../../lib/checks';
import { appWithStack, evaluate, goodLogBucket, goodLogGroup, resultOf } from '../../helpers';

const RULE = 'LogCollection-LM-3';

describe(RULE, () => {
  test('a log group kept two years is compliant', () => {
    const { app, stack } = appWithStack();
    goodLogGroup(stack, 'Logs', logs.RetentionDays.TWO_YEARS);
    const result = resultOf(evaluate(app), RULE, 'Workload/Logs/Resource');
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.retentionDays).toBe(731);
  });

  test('a log group that never expires is an error, reported as 0 days', () => {
    const { app, stack } = appWithStack();
    new logs.CfnLogGroup(stack, 'Logs');
    const result = resultOf(evaluate(app), RULE, 'Workload/Logs');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/never expires its logs, beyond the 731-day maximum.*log-retention-approval/);
    expect(result.retentionDays).toBe(0);
  });

  test('a log group kept five years is an error unless the approval tag is recorded', () => {
    const { app, stack } = appWithStack();
    new logs.CfnLogGroup(stack, 'Unapproved', { retentionInDays: 1827 });
    new logs.CfnLogGroup(stack, 'Approved', { retentionInDays: 1827, tags: [{ key: RETENTION_APPROVAL_TAG, value: 'CISO-2024-017' }] });
    const results = evaluate(app);
    expect(resultOf(results, RULE, 'Workload/Unapproved').compliance).toBe(CheckCompliance.NON_COMPLIANT);
    const approved = resultOf(results, RULE, 'Workload/Approved');
    expect(approved.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(approved.message).toContain('CISO-2024-017');
  });

  test('a log bucket without a lifecycle expiration is an error', () => {
    const { app, stack } = appWithStack();
    const access = new s3.Bucket(stack, 'AccessLogs');
    new s3.Bucket(stack, 'Logs', { serverAccessLogsBucket: access, removalPolicy: RemovalPolicy.RETAIN });
    const result = resultOf(evaluate(app), RULE, 'Workload/AccessLogs/Resource');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toContain('no enabled lifecycle rule expires every object');
  });

  test('a versioned log bucket must also expire noncurrent versions, and the total counts', () => {
    const { app, stack } = appWithStack();
    const access = new s3.Bucket(stack, 'AccessLogs');
    const keepsVersions = goodLogBucket(stack, 'KeepsVersions', access, 400);
    (keepsVersions.node.defaultChild as s3.CfnBucket).versioningConfiguration = { status: 'Enabled' };
    const expires = new s3.Bucket(stack, 'Expires', {
      versioned: true,
      serverAccessLogsBucket: access,
      lifecycleRules: [{ expiration: Duration.days(400), noncurrentVersionExpiration: Duration.days(30) }],
    });
    (expires.node.defaultChild as s3.CfnBucket).tags.setTag(LOG_STORE_TAG, 'true');
    const results = evaluate(app);
    expect(resultOf(results, RULE, 'Workload/KeepsVersions/Resource').message).toContain('no rule expires noncurrent versions');
    const total = resultOf(results, RULE, 'Workload/Expires/Resource');
    expect(total.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(total.retentionDays).toBe(430);
  });

  test('a lifecycle rule limited to a prefix does not count as expiring the bucket', () => {
    const { app, stack } = appWithStack();
    const access = new s3.Bucket(stack, 'AccessLogs', { lifecycleRules: [{ prefix: 'tmp/', expiration: Duration.days(7) }] });
    new s3.Bucket(stack, 'Logs', { serverAccessLogsBucket: access });
    expect(resultOf(evaluate(app), RULE, 'Workload/AccessLogs/Resource').compliance).toBe(CheckCompliance.NON_COMPLIANT);
  });
});
