import { CfnParameter } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CheckCompliance } from '../../../../lib/checks';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../../../../lib/requirements/types';
import { appWithStack, evaluate, goodLogBucket, goodLogGroup, resultOf } from '../../helpers';

const INTERNAL = { tier: MaturityTier.BASELINE, profile: LoggingProfile.HOSTING_PLATFORM, exposure: ServiceExposure.INTERNAL };
const EXTERNAL = { tier: MaturityTier.BASELINE, profile: LoggingProfile.HOSTING_PLATFORM, exposure: ServiceExposure.EXTERNAL };

describe('LogCollection-LM-1 / LogCollection-LM-2', () => {
  test('a log group kept 400 days meets the internal minimum and reports the days', () => {
    const { app, stack } = appWithStack();
    goodLogGroup(stack, 'Logs', logs.RetentionDays.THIRTEEN_MONTHS);
    const result = resultOf(evaluate(app, INTERNAL), 'LogCollection-LM-2', 'Workload/Logs/Resource');
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.retentionDays).toBe(400);
  });

  test('a log group kept 90 days is an error for an internal service', () => {
    const { app, stack } = appWithStack();
    goodLogGroup(stack, 'Logs', logs.RetentionDays.THREE_MONTHS);
    const result = resultOf(evaluate(app, INTERNAL), 'LogCollection-LM-2', 'Workload/Logs/Resource');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/keeps logs 90 days .*below the 400-day minimum for internal services/);
    expect(result.retentionDays).toBe(90);
  });

  test('a log group kept 90 days meets the external minimum', () => {
    const { app, stack } = appWithStack();
    goodLogGroup(stack, 'Logs', logs.RetentionDays.THREE_MONTHS);
    expect(resultOf(evaluate(app, EXTERNAL), 'LogCollection-LM-1', 'Workload/Logs/Resource').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('without an exposure the 90-day floor is checked under LM-1, and the message says how to check 13 months', () => {
    const { app, stack } = appWithStack();
    goodLogGroup(stack, 'Logs', logs.RetentionDays.ONE_MONTH);
    const result = resultOf(evaluate(app, { tier: MaturityTier.BASELINE, profile: LoggingProfile.HOSTING_PLATFORM }), 'LogCollection-LM-1', 'Workload/Logs/Resource');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toContain('pass exposure INTERNAL');
  });

  test('a log bucket expiring objects after 30 days is an error; 400 days is compliant', () => {
    const { app, stack } = appWithStack();
    const access = new s3.Bucket(stack, 'AccessLogs');
    goodLogBucket(stack, 'Short', access, 30);
    goodLogBucket(stack, 'Long', access, 400);
    const results = evaluate(app, INTERNAL);
    expect(resultOf(results, 'LogCollection-LM-2', 'Workload/Short/Resource').compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(resultOf(results, 'LogCollection-LM-2', 'Workload/Long/Resource').retentionDays).toBe(400);
  });

  test('a bucket that holds no logs is not applicable', () => {
    const { app, stack } = appWithStack();
    new s3.Bucket(stack, 'Assets');
    expect(resultOf(evaluate(app, INTERNAL), 'LogCollection-LM-2', 'Workload/Assets/Resource').compliance).toBe(CheckCompliance.NOT_APPLICABLE);
  });

  test('a retention known only at deploy time is a warning', () => {
    const { app, stack } = appWithStack();
    new logs.CfnLogGroup(stack, 'Logs', { retentionInDays: new CfnParameter(stack, 'Days', { type: 'Number' }).valueAsNumber });
    const result = resultOf(evaluate(app, INTERNAL), 'LogCollection-LM-2', 'Workload/Logs');
    expect(result.compliance).toBe(CheckCompliance.UNKNOWN);
    expect(result.severity).toBe('warning');
  });

  describe('a landing bucket is judged by the vault it replicates into', () => {
    function replicate(landing: s3.Bucket, destination: string, rule: Partial<s3.CfnBucket.ReplicationRuleProperty> = {}): void {
      (landing.node.defaultChild as s3.CfnBucket).replicationConfiguration = {
        role: 'arn:aws:iam::111111111111:role/replication',
        rules: [{
          status: 'Enabled',
          filter: { prefix: '' },
          deleteMarkerReplication: { status: 'Disabled' },
          sourceSelectionCriteria: { sseKmsEncryptedObjects: { status: 'Enabled' } },
          destination: { bucket: destination, encryptionConfiguration: { replicaKmsKeyId: 'arn:aws:kms:eu-west-2:111111111111:key/1' } },
          ...rule,
        }],
      };
    }

    test('a 30-day landing bucket that copies every object into a 400-day vault meets the internal minimum', () => {
      // GIVEN
      const { app, stack } = appWithStack();
      const access = new s3.Bucket(stack, 'AccessLogs');
      const vault = goodLogBucket(stack, 'Vault', access, 400);
      const landing = goodLogBucket(stack, 'Landing', access, 30);
      // WHEN
      replicate(landing, vault.bucketArn);
      // THEN
      const result = resultOf(evaluate(app, INTERNAL), 'LogCollection-LM-2', 'Workload/Landing/Resource');
      expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
      expect(result.message).toMatch(/landing copy 30 days and replicates every object into the vault Workload\/Vault\/Resource/);
      expect(result.retentionDays).toBe(400);
    });

    test('the vault is found by the literal bucket name of the destination ARN (a landing bucket in another stack or region)', () => {
      // GIVEN
      const { app, stack } = appWithStack();
      const access = new s3.Bucket(stack, 'AccessLogs');
      const vault = goodLogBucket(stack, 'Vault', access, 400);
      (vault.node.defaultChild as s3.CfnBucket).bucketName = 'seclog-vault-111111111111-eu-west-2';
      const landing = goodLogBucket(stack, 'Landing', access, 30);
      // WHEN
      replicate(landing, 'arn:aws:s3:::seclog-vault-111111111111-eu-west-2');
      // THEN
      expect(resultOf(evaluate(app, INTERNAL), 'LogCollection-LM-2', 'Workload/Landing/Resource').compliance).toBe(CheckCompliance.COMPLIANT);
    });

    test('a vault that keeps copies only 90 days does not meet the internal minimum', () => {
      // GIVEN
      const { app, stack } = appWithStack();
      const access = new s3.Bucket(stack, 'AccessLogs');
      const vault = goodLogBucket(stack, 'Vault', access, 90);
      const landing = goodLogBucket(stack, 'Landing', access, 30);
      // WHEN
      replicate(landing, vault.bucketArn);
      // THEN
      const result = resultOf(evaluate(app, INTERNAL), 'LogCollection-LM-2', 'Workload/Landing/Resource');
      expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
      expect(result.message).toMatch(/keeps them 90 days, below the 400-day minimum/);
    });

    test.each([
      ['a prefix filter', { filter: { prefix: 'AWSLogs/' } }],
      ['a disabled rule', { status: 'Disabled' }],
      ['SSE-KMS objects not selected', { sourceSelectionCriteria: undefined }],
    ])('a rule with %s does not copy every object, so the 30-day landing bucket is an error', (_what, rule) => {
      // GIVEN
      const { app, stack } = appWithStack();
      const access = new s3.Bucket(stack, 'AccessLogs');
      const vault = goodLogBucket(stack, 'Vault', access, 400);
      const landing = goodLogBucket(stack, 'Landing', access, 30);
      // WHEN
      replicate(landing, vault.bucketArn, rule as Partial<s3.CfnBucket.ReplicationRuleProperty>);
      // THEN
      expect(resultOf(evaluate(app, INTERNAL), 'LogCollection-LM-2', 'Workload/Landing/Resource').compliance).toBe(CheckCompliance.NON_COMPLIANT);
    });

    test('a destination that is not a bucket of the app leaves the landing bucket judged on its own', () => {
      // GIVEN
      const { app, stack } = appWithStack();
      const access = new s3.Bucket(stack, 'AccessLogs');
      const landing = goodLogBucket(stack, 'Landing', access, 30);
      // WHEN
      replicate(landing, 'arn:aws:s3:::somewhere-else');
      // THEN
      expect(resultOf(evaluate(app, INTERNAL), 'LogCollection-LM-2', 'Workload/Landing/Resource').compliance).toBe(CheckCompliance.NON_COMPLIANT);
    });
  });
});
