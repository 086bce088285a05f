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
});
