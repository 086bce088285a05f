import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { IConstruct } from 'constructs';
import { CheckCompliance, CheckResult, LOG_STORE_TAG, LogCollectionChecks, LogCollectionChecksProps } from '../../lib/checks';
import { awsSource } from '../../lib/requirements/catalogue';
import { LoggingProfile, LogSourceName, MaturityTier } from '../../lib/requirements/types';

/** Enhanced hosting platform: every rule of the HP profile runs. */
export const ENHANCED_HP: LogCollectionChecksProps = { tier: MaturityTier.ENHANCED, profile: LoggingProfile.HOSTING_PLATFORM };

/** A fresh app and one stack in it. */
export function appWithStack(id = 'Workload'): { app: App; stack: Stack } {
  const app = new App();
  return { app, stack: new Stack(app, id) };
}

/** Every result of the pack for a scope. */
export function evaluate(scope: IConstruct, props: LogCollectionChecksProps = ENHANCED_HP): CheckResult[] {
  return new LogCollectionChecks(scope, props).evaluate(scope);
}

/** The one result of a rule for a construct path; fails the test when there is not exactly one. */
export function resultOf(results: CheckResult[], ruleId: string, path: string): CheckResult {
  const found = results.filter((r) => r.ruleId === ruleId && r.constructPath === path);
  if (found.length !== 1) {
    throw new Error(`expected one ${ruleId} result for ${path}, got ${found.length}: ${JSON.stringify(results.map((r) => [r.ruleId, r.constructPath]))}`);
  }
  return found[0];
}

/** Results of a rule that are findings (NON_COMPLIANT). */
export function nonCompliant(results: CheckResult[], ruleId: string): CheckResult[] {
  return results.filter((r) => r.ruleId === ruleId && r.compliance === CheckCompliance.NON_COMPLIANT);
}

/** The flow log format HP-E1 asks for, read from the catalogue. */
export function compliantFlowLogFormat(): string {
  return (awsSource('HP-E1', LogSourceName.VPC_FLOW_LOGS).fields ?? []).map((f) => `\${${f}}`).join(' ');
}

/** An L1 VPC. */
export function cfnVpc(scope: IConstruct, id = 'Vpc'): ec2.CfnVPC {
  return new ec2.CfnVPC(scope as Stack, id, { cidrBlock: '10.0.0.0/16' });
}

/** An L1 flow log for a VPC id, REJECT traffic, the compliant format unless told otherwise. */
export function cfnFlowLog(scope: IConstruct, id: string, vpcId: string, props: Partial<ec2.CfnFlowLogProps> = {}): ec2.CfnFlowLog {
  return new ec2.CfnFlowLog(scope as Stack, id, {
    resourceId: vpcId,
    resourceType: 'VPC',
    trafficType: 'REJECT',
    logDestinationType: 's3',
    logDestination: 'arn:aws:s3:::seclog-vpc-flow-111111111111-eu-west-2',
    logFormat: compliantFlowLogFormat(),
    ...props,
  });
}

/** A resolver query logging association for a VPC id. */
export function resolverAssociation(scope: IConstruct, id: string, vpcId: string): CfnResource {
  return new route53resolver.CfnResolverQueryLoggingConfigAssociation(scope as Stack, id, {
    resolverQueryLogConfigId: 'rqlc-0123456789abcdef0',
    resourceId: vpcId,
  });
}

/** A log group that meets every retention and protection rule (400 days, KMS, retained). */
export function goodLogGroup(scope: IConstruct, id: string, retention = logs.RetentionDays.THIRTEEN_MONTHS): logs.LogGroup {
  return new logs.LogGroup(scope as Stack, id, {
    retention,
    encryptionKey: new kms.Key(scope as Stack, `${id}Key`, { removalPolicy: RemovalPolicy.RETAIN }),
    removalPolicy: RemovalPolicy.RETAIN,
  });
}

/**
 * A bucket marked as a log store (tag security-log-store=true, set on the L1 so
 * that no synthesis is needed) that meets every log bucket rule (KMS, public
 * access blocked, access logged, 400-day expiry, retained).
 */
export function goodLogBucket(scope: IConstruct, id: string, accessLogs: s3.IBucket, days = 400): s3.Bucket {
  const bucket = new s3.Bucket(scope as Stack, id, {
    encryption: s3.BucketEncryption.KMS,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    serverAccessLogsBucket: accessLogs,
    lifecycleRules: [{ expiration: Duration.days(days) }],
    removalPolicy: RemovalPolicy.RETAIN,
  });
  (bucket.node.defaultChild as s3.CfnBucket).tags.setTag(LOG_STORE_TAG, 'true');
  return bucket;
}

/** Keep the framework's printed validation report out of the test output. */
export function silenceValidationReport(): void {
  beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());
}

/**
 * An app whose synthesis runs the pack through the CDK validation framework,
 * writing the assembly (and its validation report) to a fresh directory.
 * The CDK's own CloudFormation schema validation is off: it is slow and
 * not what these tests are about.
 */
export function frameworkApp(props: LogCollectionChecksProps = ENHANCED_HP): { app: App; outdir: string } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'log-collection-checks-'));
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  Validations.of(app).addPlugins(new LogCollectionChecks(app, props));
  return { app, outdir };
}

/** The LogCollection plugin's part of the validation report of a synthesised app. */
export function pluginReport(outdir: string): any {
  const report = JSON.parse(fs.readFileSync(path.join(outdir, cxapi.VALIDATION_REPORT_FILE), 'utf8'));
  return report.pluginReports.find((p: any) => p.pluginName === LogCollectionChecks.PACK_NAME);
}
