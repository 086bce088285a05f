import { App, Stack } from 'aws-cdk-lib';
import * as athena from 'aws-cdk-lib/aws-athena';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ArchiveAnalysis, LogArchive } from '../../../../lib/central';
import { CheckCompliance } from '../../../../lib/checks';
import { ServiceExposure } from '../../../../lib/requirements/types';
import { appWithStack, evaluate, resultOf } from '../../helpers';

const RULE = 'LogCollection-LM-4-AthenaWorkgroup';

function workgroup(stack: any, id: string, config: athena.CfnWorkGroup.WorkGroupConfigurationProperty, tagged = true) {
  return new athena.CfnWorkGroup(stack, id, {
    name: id,
    workGroupConfiguration: config,
    tags: tagged ? [{ key: 'security-log-analysis', value: 'true' }] : undefined,
  });
}

describe(RULE, () => {
  test('a workgroup over the archive with KMS-encrypted results and an enforced configuration is compliant', () => {
    const { app, stack } = appWithStack();
    workgroup(stack, 'Analysis', {
      enforceWorkGroupConfiguration: true,
      resultConfiguration: { outputLocation: 's3://results/athena/', encryptionConfiguration: { encryptionOption: 'SSE_KMS', kmsKey: 'arn:aws:kms:eu-west-2:111111111111:key/abc' } },
    });
    expect(resultOf(evaluate(app), RULE, 'Workload/Analysis').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('results not encrypted, or the configuration not enforced, is an error naming what is wrong', () => {
    const { app, stack } = appWithStack();
    workgroup(stack, 'Plain', { enforceWorkGroupConfiguration: true, resultConfiguration: { outputLocation: 's3://results/' } });
    workgroup(stack, 'Open', {
      enforceWorkGroupConfiguration: false,
      resultConfiguration: { outputLocation: 's3://results/', encryptionConfiguration: { encryptionOption: 'SSE_S3' } },
    });
    const results = evaluate(app);
    const plain = resultOf(results, RULE, 'Workload/Plain');
    expect(plain.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(plain.message).toContain('its results are not encrypted (no EncryptionConfiguration)');
    const open = resultOf(results, RULE, 'Workload/Open');
    expect(open.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(open.message).toContain('encrypted with SSE_S3, not a KMS key');
    expect(open.message).toContain('its configuration is not enforced');
  });

  test('a workgroup whose results go to a log bucket is over the archive even untagged', () => {
    const { app, stack } = appWithStack();
    const logs = new s3.Bucket(stack, 'Logs', { bucketName: 'my-log-bucket' });
    (logs.node.defaultChild as s3.CfnBucket).tags.setTag('security-log-store', 'true');
    workgroup(stack, 'Untagged', { resultConfiguration: { outputLocation: 's3://my-log-bucket/results/' } }, false);
    workgroup(stack, 'Elsewhere', { resultConfiguration: { outputLocation: 's3://other-bucket/results/' } }, false);
    const results = evaluate(app);
    expect(resultOf(results, RULE, 'Workload/Untagged').message).toContain('its results go to log bucket my-log-bucket');
    expect(resultOf(results, RULE, 'Workload/Elsewhere').compliance).toBe(CheckCompliance.NOT_APPLICABLE);
  });
});

describe(`${RULE} on ArchiveAnalysis`, () => {
  test('the construct\'s workgroup is compliant', () => {
    const app = new App();
    const stack = new Stack(app, 'Central', { env: { account: '111111111111', region: 'eu-west-2' } });
    const reader = 'arn:aws:iam::111111111111:role/SecurityAnalyst';
    const archive = new LogArchive(stack, 'Archive', {
      exposure: ServiceExposure.INTERNAL, sourceAccounts: ['222222222222'], readerRoleArns: [reader, ArchiveAnalysis.reviewRoleArn('111111111111')],
    });
    new ArchiveAnalysis(stack, 'Analysis', { archive, analystRoleArns: [reader], sourceAccounts: ['222222222222'], reviewTopic: new sns.Topic(stack, 'T') });
    const result = resultOf(evaluate(app), RULE, 'Central/Analysis/WorkGroup');
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.message).toContain('tagged security-log-analysis=true');
  });
});
