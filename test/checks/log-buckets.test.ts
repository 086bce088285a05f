import { Stack, Tags } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CheckCompliance, LOG_STORE_TAG, LogCollectionChecks } from '../../lib/checks';
import { appWithStack, ENHANCED_HP, evaluate, resultOf } from './helpers';

/** Retention and protection rules judge a bucket only when it is a log bucket. */
const RULE = 'LogCollection-LM-4-Encryption';

function judged(app: any, path: string): boolean {
  return resultOf(evaluate(app), RULE, path).compliance !== CheckCompliance.NOT_APPLICABLE;
}

describe('which buckets are log buckets', () => {
  test('a CloudTrail trail bucket is a log bucket', () => {
    const { app, stack } = appWithStack();
    const bucket = new s3.Bucket(stack, 'TrailBucket');
    new cloudtrail.Trail(stack, 'Trail', { bucket });
    expect(judged(app, 'Workload/TrailBucket/Resource')).toBe(true);
  });

  test('a Resolver query logging destination in another stack is a log bucket', () => {
    const { app, stack } = appWithStack();
    const bucket = new s3.Bucket(stack, 'DnsLogs');
    new route53resolver.CfnResolverQueryLoggingConfig(new Stack(app, 'Dns'), 'Config', { destinationArn: bucket.bucketArn });
    expect(judged(app, 'Workload/DnsLogs/Resource')).toBe(true);
  });

  test('a Firehose S3 destination and a Cognito log delivery bucket are log buckets', () => {
    const { app, stack } = appWithStack();
    const viaFirehose = new s3.Bucket(stack, 'Firehose');
    new firehose.CfnDeliveryStream(stack, 'Stream', {
      extendedS3DestinationConfiguration: { bucketArn: viaFirehose.bucketArn, roleArn: 'arn:aws:iam::111111111111:role/firehose' },
    });
    const viaCognito = new s3.Bucket(stack, 'Cognito');
    new cognito.CfnLogDeliveryConfiguration(stack, 'Delivery', {
      userPoolId: 'eu-west-2_abc',
      logConfigurations: [{ eventSource: 'userAuthEvents', logLevel: 'INFO', s3Configuration: { bucketArn: viaCognito.bucketArn } }],
    });
    const results = evaluate(app);
    expect(resultOf(results, RULE, 'Workload/Firehose/Resource').compliance).not.toBe(CheckCompliance.NOT_APPLICABLE);
    expect(resultOf(results, RULE, 'Workload/Cognito/Resource').compliance).not.toBe(CheckCompliance.NOT_APPLICABLE);
  });

  test('a bucket tagged security-log-store=true is a log bucket once tags are applied', () => {
    // GIVEN Tags.of() tags, which CDK applies during synthesis
    const { app, stack } = appWithStack();
    const bucket = new s3.Bucket(stack, 'External');
    Tags.of(bucket).add(LOG_STORE_TAG, 'true');
    app.synth();
    // THEN
    expect(judged(app, 'Workload/External/Resource')).toBe(true);
  });

  test('an ordinary bucket is not judged and says why', () => {
    const { app, stack } = appWithStack();
    new s3.Bucket(stack, 'Assets');
    const result = resultOf(new LogCollectionChecks(app, ENHANCED_HP).evaluate(app), RULE, 'Workload/Assets/Resource');
    expect(result.compliance).toBe(CheckCompliance.NOT_APPLICABLE);
    expect(result.message).toContain('not a log bucket');
  });
});
