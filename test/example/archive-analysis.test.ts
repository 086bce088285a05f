import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { buildExampleApp, ExampleApp } from '../../bin/example-app';
import { example } from './example-helpers';

// Issue 19, "Done when": the example's central stack analyses the archive in place, and the report names it.
const CONTEXT = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;

beforeEach(() => jest.spyOn(console, 'error').mockImplementation(() => undefined));
afterEach(() => jest.restoreAllMocks());

describe('the example app\'s archive analysis', () => {
  let built: ExampleApp;
  let outdir: string;
  let template: Template;
  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'example-analysis-'));
    // Our pack and the report only: the common rule packs are checked by example-app.test.ts.
    built = buildExampleApp(new App({ outdir, context: CONTEXT }), { commonRulePacks: false });
    built.app.synth();
    template = Template.fromStack(built.central);
  });

  test('the central stack has the workgroup (archive key, enforced, scan limit), projected tables, named queries and the monthly schedule', () => {
    template.hasResourceProperties('AWS::Athena::WorkGroup', {
      WorkGroupConfiguration: Match.objectLike({
        EnforceWorkGroupConfiguration: true,
        BytesScannedCutoffPerQuery: Match.anyValue(),
        ResultConfiguration: Match.objectLike({ EncryptionConfiguration: { EncryptionOption: 'SSE_KMS', KmsKey: Match.anyValue() } }),
      }),
    });
    const tables = Object.values(template.findResources('AWS::Glue::Table'))
      .filter((t: any) => t.Properties.TableInput.Parameters['projection.enabled'] === 'true');
    expect(tables.length).toBeGreaterThanOrEqual(4);
    expect(Object.keys(template.findResources('AWS::Athena::NamedQuery')).length).toBeGreaterThanOrEqual(6);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: Match.stringLikeRegexp('^cron\\(0 6 ([1-9]|1[0-9]|2[0-8]) \\* \\? \\*\\)$'),
      Target: Match.objectLike({ Input: '{"kind":"monthly-review"}' }),
    });
  });

  test('the analyst and the review function may read the archive (its readers)', () => {
    expect(built.central.central.archive.readerRoleArns).toEqual([
      `arn:aws:iam::${CONTEXT.centralAccount}:role/SecurityAnalyst`,
      `arn:aws:iam::${CONTEXT.centralAccount}:role/seclog-archive-review`,
    ]);
  });

  test('the report\'s LM-6, PU-1 and PU-3 evidence names the workgroup, tables, schedules and queries', () => {
    const doc = JSON.parse(fs.readFileSync(path.join(outdir, 'log-collection-report.json'), 'utf8'));
    const platform = doc.declarations.find((d: any) => d.scope === 'LogPlatform');
    const types = (id: string) => new Set(platform.requirements.find((r: any) => r.id === id).resources
      .filter((r: any) => r.constructPath.includes('/Analysis/')).map((r: any) => r.type));
    expect([...types('LM-6')]).toEqual(expect.arrayContaining(['AWS::Athena::WorkGroup', 'AWS::Glue::Table']));
    expect([...types('PU-1')]).toEqual(expect.arrayContaining(['AWS::Scheduler::Schedule', 'AWS::Athena::NamedQuery']));
    expect([...types('PU-3')]).toEqual(expect.arrayContaining(['AWS::Scheduler::Schedule', 'AWS::Athena::NamedQuery', 'AWS::Lambda::Function']));
  });

  test('the Markdown report lists the detections with their requirement ids', () => {
    const markdown = fs.readFileSync(path.join(outdir, 'log-collection-report.md'), 'utf8');
    for (const name of ['root-and-break-glass-use (PU-3)', 'flow-rejects-to-sensitive-ports (HP-E1)', 'signin-success-after-failures (HP-B1, CA-B1)']) {
      expect(markdown).toContain(name);
    }
  });

  test('the LM-4 workgroup rule finds the example\'s workgroup compliant', () => {
    const validation = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const findings = validation.pluginReports.flatMap((p: any) => p.violations ?? [])
      .filter((v: any) => String(v.ruleName).includes('AthenaWorkgroup'));
    expect(findings).toEqual([]);
  });
  test('a second synthesis of the example app gives byte-identical report files', () => {
    // This file's synthesis (above) and one more: the coverage report is deterministic.
    const second = example();
    second.app.synth();
    for (const file of ['log-collection-report.json', 'log-collection-report.md']) {
      // As text: jest compares strings at once, but a Buffer byte by byte through its generic equality (seconds per MB).
      expect(fs.readFileSync(path.join(second.outdir, file), 'utf8')).toBe(fs.readFileSync(path.join(outdir, file), 'utf8'));
    }
  });
});
