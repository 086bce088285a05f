import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { VALIDATION_REPORT_FILE } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  CentralEventBus, CentralLogAccount, CentralLogDestination, CentralLogTargets, LogArchive,
} from '../../lib/central';
import { ServiceExposure } from '../../lib/requirements/types';
import { BREAK_GLASS, CENTRAL_ACCOUNT, CENTRAL_REGION, ORG_ID, READER, SIEM_ACCOUNT } from './helpers';

// cdk-nag's EventBusOpenAccess rule reads the deprecated CfnEventBusPolicy.principal; keep its jsii warning out of the output.
const deprecationSetting = process.env.JSII_DEPRECATED;
beforeAll(() => {
  process.env.JSII_DEPRECATED = 'quiet';
});
afterAll(() => {
  if (deprecationSetting === undefined) {
    delete process.env.JSII_DEPRECATED;
  } else {
    process.env.JSII_DEPRECATED = deprecationSetting;
  }
});

interface ReportViolation {
  readonly ruleName: string;
  readonly acknowledgedId?: string;
  readonly reason?: string;
  readonly acknowledgedAt?: string;
  readonly violatingConstructs: Array<{ constructPath: string }>;
}

interface PluginReport {
  readonly pluginName: string;
  readonly conclusion: string;
  readonly violations: ReportViolation[];
  readonly suppressedViolations?: ReportViolation[];
}

/** Synthesise with the AWS Solutions pack as a validation plugin and return the AwsSolutions part of the report. */
function synthWithNag(build: (app: App) => void): PluginReport {
  const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'central-nag-')) });
  build(app);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  // Under jest a failing validation throws with the report text, so a passing synth means no unacknowledged finding.
  const assembly = app.synth();
  const report = JSON.parse(fs.readFileSync(path.join(assembly.directory, VALIDATION_REPORT_FILE), 'utf8'));
  const nag = report.pluginReports.find((r: PluginReport) => r.pluginName === 'AwsSolutions');
  expect(nag).toBeDefined();
  return nag;
}

function exampleCentralStack(app: App): Stack {
  const stack = new Stack(app, 'CentralLogging', { env: { account: CENTRAL_ACCOUNT, region: CENTRAL_REGION } });
  const archive = new LogArchive(stack, 'Archive', {
    exposure: ServiceExposure.INTERNAL,
    organizationId: ORG_ID,
    breakGlassRoleArn: BREAK_GLASS,
    readerRoleArns: [READER],
    siem: { account: SIEM_ACCOUNT, externalId: 'soc-siem-ingest-example' },
  });
  new CentralLogDestination(stack, 'LogDestination', { archive });
  new CentralEventBus(stack, 'EventBus', { archive });
  return stack;
}

describe('AWS Solutions checks on the central log account', () => {
  test('the example central stack synthesises with no unacknowledged AwsSolutions finding', () => {
    // GIVEN / WHEN
    const report = synthWithNag((app) => exampleCentralStack(app));

    // THEN
    expect(report.conclusion).toBe('success');
    expect(report.violations).toEqual([]);
  });

  test('every acknowledged finding is namespaced, made on the construct that causes it, and carries a specific reason', () => {
    // GIVEN / WHEN
    const report = synthWithNag((app) => exampleCentralStack(app));

    // THEN
    const suppressed = report.suppressedViolations ?? [];
    expect(suppressed.length).toBeGreaterThan(0);
    for (const finding of suppressed) {
      expect(finding.acknowledgedId).toBe(`AwsSolutions::${finding.ruleName}`);
      expect(finding.reason).toEqual(expect.any(String));
      expect(finding.reason!.length).toBeGreaterThan(60);
      for (const construct of finding.violatingConstructs) {
        expect(construct.constructPath.startsWith(`${finding.acknowledgedAt}/`)).toBe(true);
      }
    }
    const rules = new Set(suppressed.map((f) => f.ruleName.replace(/\[.*$/, '')));
    // IAM5: object-key wildcards under named prefixes of named buckets; SQS3: the event bus DLQ is itself a DLQ;
    // S1: the vault, whose reads the read-audit trail records (its access-log bucket could not replicate into it).
    // cdk-nag treats the access-log bucket as compliant for S1 because the archive buckets log into it.
    expect([...rules].sort()).toEqual(['AwsSolutions-IAM5', 'AwsSolutions-S1', 'AwsSolutions-SQS3']);
    expect(suppressed.find((f) => f.ruleName === 'AwsSolutions-S1')!.acknowledgedAt).toBe('CentralLogging/Archive/VaultBucket');
    expect(suppressed.find((f) => f.ruleName === 'AwsSolutions-SQS3')!.acknowledgedAt).toBe('CentralLogging/EventBus/DeadLetterQueue');
  });

  test('the one-line CentralLogAccount and a destination in a second region also pass', () => {
    // GIVEN / WHEN
    const report = synthWithNag((app) => {
      const home = new Stack(app, 'Home', { env: { account: CENTRAL_ACCOUNT, region: CENTRAL_REGION } });
      const central = new CentralLogAccount(home, 'Central', {
        exposure: ServiceExposure.EXTERNAL,
        organizationId: ORG_ID,
        siem: { account: SIEM_ACCOUNT, externalId: 'soc-siem-ingest-example' },
      });
      const other = new Stack(app, 'UsEast1', { env: { account: CENTRAL_ACCOUNT, region: 'us-east-1' } });
      const targets = CentralLogTargets.fromAttributes({
        accountId: central.targets.accountId,
        region: central.targets.region,
        organizationId: ORG_ID,
        archiveKeyArn: `arn:aws:kms:${CENTRAL_REGION}:${CENTRAL_ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
      });
      new CentralLogDestination(other, 'LogDestination', { archive: LogArchive.fromLogArchiveAttributes(other, 'Archive', targets) });
    });

    // THEN
    expect(report.violations).toEqual([]);
  });
});
