import { App, Stack } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CentralLogTargets } from '../../../../lib/central';
import { CheckCompliance, LogCollectionChecks } from '../../../../lib/checks';
import { CloudFrontAccessLogging } from '../../../../lib/sources';
import { LoggingProfile, MaturityTier } from '../../../../lib/requirements/types';
import { awsSource, requiredFields } from '../../../../lib/requirements/catalogue';
import { appWithStack, evaluate, resultOf } from '../../helpers';
import { BASELINE_CA } from '../api-stage-fixtures';

const RULE = 'LogCollection-CA-B3-CloudFront';

function distribution(stack: Stack, logging?: cloudfront.CfnDistribution.LoggingProperty): cloudfront.CfnDistribution {
  return new cloudfront.CfnDistribution(stack, 'Cdn', {
    distributionConfig: {
      enabled: true,
      defaultCacheBehavior: { targetOriginId: 'origin', viewerProtocolPolicy: 'redirect-to-https', cachePolicyId: 'policy' },
      origins: [{ id: 'origin', domainName: 'example.com', customOriginConfig: { originProtocolPolicy: 'https-only' } }],
      ...(logging ? { logging } : {}),
    },
  });
}

/** Standard logging v2 for a distribution: a delivery source, a destination and (unless told otherwise) a delivery. */
function logsV2(stack: Stack, dist: cloudfront.CfnDistribution, options: { delivery?: boolean; recordFields?: string[]; literalName?: boolean } = {}): void {
  const source = new logs.CfnDeliverySource(stack, 'CdnSource', {
    name: 'cdn-access-logs',
    logType: 'ACCESS_LOGS',
    resourceArn: `arn:aws:cloudfront::111111111111:distribution/${dist.ref}`,
  });
  const destination = new logs.CfnDeliveryDestination(stack, 'CdnDestination', {
    name: 'cdn-logs-bucket',
    destinationResourceArn: 'arn:aws:s3:::cdn-logs',
  });
  if (options.delivery ?? true) {
    const delivery = new logs.CfnDelivery(stack, 'CdnDelivery', {
      deliverySourceName: options.literalName ? 'cdn-access-logs' : source.ref,
      deliveryDestinationArn: destination.attrArn,
      ...(options.recordFields ? { recordFields: options.recordFields } : {}),
    });
    delivery.addResourceDependency(source, 'the delivery needs its source');
  }
}

describe(RULE, () => {
  test('a distribution with legacy standard logging to a bucket is compliant', () => {
    const { app, stack } = appWithStack();
    distribution(stack, { bucket: 'cdn-logs.s3.amazonaws.com' });
    expect(resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/Cdn').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a distribution without standard logging is an error naming the construct and both aws-cdk-lib fixes', () => {
    // GIVEN
    const { app, stack } = appWithStack();
    distribution(stack);
    // WHEN
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/Cdn');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/DistributionConfig\.Logging has no Bucket; no AWS::Logs::DeliverySource refers to it/);
    expect(result.message).toMatch(/To fix, add a CloudFrontAccessLogging in a us-east-1 stack of the distribution's account/);
    expect(result.message).toMatch(/enableLogging: true and logBucket/);
    expect(result.message).toMatch(/LogType ACCESS_LOGS/);
  });

  test('the rule names CloudFrontAccessLogging as its fix', () => {
    expect(LogCollectionChecks.describeRules(MaturityTier.BASELINE, LoggingProfile.CUSTOM_APPLICATION)
      .find((r) => r.ruleId === RULE)?.fixedBy).toEqual(['CloudFrontAccessLogging']);
  });

  test('a distribution logged by CloudFrontAccessLogging is compliant', () => {
    // GIVEN a distribution in a us-east-1 stack with the construct
    const app = new App();
    const stack = new Stack(app, 'Workload', { env: { account: '222222222222', region: 'us-east-1' } });
    const cdn = new cloudfront.Distribution(stack, 'Cdn', { defaultBehavior: { origin: new origins.HttpOrigin('shop.example.com') } });
    new CloudFrontAccessLogging(stack, 'CdnAccessLogs', {
      central: CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2' }), distribution: cdn,
    });
    // WHEN
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/Cdn/Resource');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.message).toMatch(/delivers its access logs through Workload\/CdnAccessLogs\/Delivery \(standard logging v2\)/);
  });

  test('standard logging v2 with a delivery is compliant, whether the delivery refers to the source or names it', () => {
    const referenced = appWithStack();
    logsV2(referenced.stack, distribution(referenced.stack));
    const named = appWithStack();
    logsV2(named.stack, distribution(named.stack), { literalName: true });
    expect(resultOf(evaluate(referenced.app, BASELINE_CA), RULE, 'Workload/Cdn').compliance).toBe(CheckCompliance.COMPLIANT);
    expect(resultOf(evaluate(named.app, BASELINE_CA), RULE, 'Workload/Cdn').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a v2 delivery source without a delivery is an error: nothing is delivered', () => {
    const { app, stack } = appWithStack();
    logsV2(stack, distribution(stack), { delivery: false });
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/Cdn');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/delivery source Workload\/CdnSource has no AWS::Logs::Delivery/);
  });

  test('a v2 delivery that selects fields without the client address is an error naming the missing fields', () => {
    // GIVEN record fields that keep every catalogue field but c-ip
    const { app, stack } = appWithStack();
    const fields = (awsSource('CA-B3', 'CloudFront standard logs').fields ?? []).filter((f) => f !== 'c-ip');
    logsV2(stack, distribution(stack), { recordFields: ['date', 'time', ...fields] });
    // WHEN
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/Cdn');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/selects RecordFields without c-ip/);
  });

  test('a v2 delivery that keeps the required fields but not x-forwarded-for is compliant, naming the recommended field', () => {
    // GIVEN record fields that keep every required field and no recommended one
    const { app, stack } = appWithStack();
    const fields = requiredFields(awsSource('CA-B3', 'CloudFront standard logs'));
    logsV2(stack, distribution(stack), { recordFields: ['date', 'time', ...fields] });
    // WHEN
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/Cdn');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.message).toContain('Recommended, not required: RecordFields x-forwarded-for, cs-uri-query and sc-status');
  });

  test('an app without distributions has no results for this rule', () => {
    const { app } = appWithStack();
    expect(evaluate(app, BASELINE_CA).filter((r) => r.ruleId === RULE)).toEqual([]);
  });
});
