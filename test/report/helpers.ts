import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { IConstruct } from 'constructs';
import { LogCollectionChecks, LogCollectionChecksProps } from '../../lib/checks';
import { CoverageReport, CoverageReportDocument, RequirementCoverage } from '../../lib/report';
import { awsSource } from '../../lib/requirements/catalogue';
import { LoggingProfile, LogSourceName, MaturityTier, ServiceExposure } from '../../lib/requirements/types';

/** Enhanced hosting platform, internal exposure: every HP rule runs and LM-2 (400 days) is checked. */
export const ENHANCED_HP_INTERNAL: LogCollectionChecksProps = {
  tier: MaturityTier.ENHANCED,
  profile: LoggingProfile.HOSTING_PLATFORM,
  exposure: ServiceExposure.INTERNAL,
};

export const CENTRAL_ACCOUNT = '111111111111';
export const KEY_ARN = `arn:aws:kms:eu-west-2:${CENTRAL_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`;
export const FLOW_LOG_BUCKET_ARN = `arn:aws:s3:::seclog-vpc-flow-${CENTRAL_ACCOUNT}-eu-west-2`;

/** A fresh, empty directory for a cloud assembly. */
export function tempOutdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'log-collection-report-'));
}

/** An app that writes its assembly to a fresh directory, without the CDK's slow CloudFormation schema validation. */
export function newApp(context: Record<string, unknown> = {}): { app: App; outdir: string } {
  const outdir = tempOutdir();
  return { app: new App({ outdir, context, builtinCloudFormationValidation: false }), outdir };
}

/**
 * Create a pack on a scope (the app or a stack), register it on the app and
 * include it in the coverage report for that scope. (Once the pack's
 * constructor includes itself, the explicit include is a no-op.)
 */
export function declare(app: App, props: LogCollectionChecksProps = ENHANCED_HP_INTERNAL, scope: IConstruct = app): LogCollectionChecks {
  const pack = new LogCollectionChecks(scope, props);
  Validations.of(app).addPlugins(pack);
  CoverageReport.of(app).include(pack, scope);
  return pack;
}

/** The flow log format HP-E1 asks for, read from the catalogue. */
export function compliantFlowLogFormat(): string {
  return (awsSource('HP-E1', LogSourceName.VPC_FLOW_LOGS).fields ?? []).map((f) => `\${${f}}`).join(' ');
}

/** An L1 VPC associated with a resolver query log config (HP-B3 met), with a compliant flow log unless `flowLog` is false. */
export function vpc(scope: Stack, id: string, flowLog = true): ec2.CfnVPC {
  const v = new ec2.CfnVPC(scope, id, { cidrBlock: '10.0.0.0/16' });
  new route53resolver.CfnResolverQueryLoggingConfigAssociation(scope, `${id}Dns`, {
    resolverQueryLogConfigId: 'rqlc-0123456789abcdef0',
    resourceId: v.ref,
  });
  if (flowLog) {
    flowLogFor(scope, `${id}FlowLog`, v.ref);
  }
  return v;
}

/** A compliant flow log (REJECT, every HP-E1 field) of a VPC id, into the central flow log bucket. */
export function flowLogFor(scope: Stack, id: string, vpcId: string): ec2.CfnFlowLog {
  return new ec2.CfnFlowLog(scope, id, {
    resourceId: vpcId,
    resourceType: 'VPC',
    trafficType: 'REJECT',
    logDestinationType: 's3',
    logDestination: FLOW_LOG_BUCKET_ARN,
    logFormat: compliantFlowLogFormat(),
  });
}

/** A trail that meets HP-B1, writing to the central CloudTrail bucket (outside the app). */
export function trail(scope: Stack, id = 'Trail'): cloudtrail.CfnTrail {
  return new cloudtrail.CfnTrail(scope, id, {
    isLogging: true,
    isMultiRegionTrail: true,
    includeGlobalServiceEvents: true,
    enableLogFileValidation: true,
    kmsKeyId: KEY_ARN,
    s3BucketName: `seclog-cloudtrail-${CENTRAL_ACCOUNT}-eu-west-2`,
  });
}

/** A log group that meets every log store rule (400 days, KMS, retained) unless told otherwise. */
export function logGroup(scope: Stack, id: string, retentionInDays: number | 'never' = 400): logs.CfnLogGroup {
  const group = new logs.CfnLogGroup(scope, id, { retentionInDays: retentionInDays === 'never' ? undefined : retentionInDays, kmsKeyId: KEY_ARN });
  group.applyRemovalPolicy(RemovalPolicy.RETAIN);
  return group;
}

/**
 * The example the tests share: a workload stack with a VPC (with a flow log
 * unless `flowLog` is false), a trail and a log group, all else compliant, so
 * synthesis fails only when the flow log is missing.
 */
export function workloadApp(options: { flowLog?: boolean; context?: Record<string, unknown>; props?: LogCollectionChecksProps } = {}) {
  const { app, outdir } = newApp(options.context);
  const stack = new Stack(app, 'Workload');
  const network = vpc(stack, 'Vpc', options.flowLog ?? true);
  trail(stack);
  logGroup(stack, 'AppLogs');
  // The report-level gate off unless props say otherwise: these apps are about the report, and HP-B4 is always NOT_MET.
  const pack = declare(app, options.props ?? { ...ENHANCED_HP_INTERNAL, failOnNotMet: false });
  return { app, outdir, stack, vpc: network, pack };
}

/** Synthesise, whatever the pack says (its failure is an exception under jest). */
export function synthQuietly(app: App): { failed: boolean } {
  const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    app.synth();
    return { failed: false };
  } catch {
    return { failed: true };
  } finally {
    spy.mockRestore();
  }
}

/** The JSON report in an assembly directory. */
export function readJsonReport(outdir: string): CoverageReportDocument {
  return JSON.parse(fs.readFileSync(path.join(outdir, CoverageReport.JSON_FILE_NAME), 'utf8'));
}

/** The Markdown report in an assembly directory. */
export function readMarkdownReport(outdir: string): string {
  return fs.readFileSync(path.join(outdir, CoverageReport.MARKDOWN_FILE_NAME), 'utf8');
}

/** The entry of a requirement in the only (or the given) declaration. */
export function entry(report: CoverageReportDocument, id: string, declaration = 0): RequirementCoverage {
  const found = report.declarations[declaration].requirements.find((r) => r.id === id);
  if (!found) {
    throw new Error(`no entry ${id} in declaration ${declaration}`);
  }
  return found;
}
