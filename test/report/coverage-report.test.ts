import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { CheckCompliance, LogCollectionChecks } from '../../lib/checks';
import { addEvidence } from '../../lib/core/evidence';
import { buildCoverageReport, CoverageReport, CoverageStatus, isCoverageReportEnabled, StatusCounts } from '../../lib/report';
import { REQUIREMENTS } from '../../lib/requirements/catalogue';
import { LoggingProfile, MaturityTier, ServiceExposure, Verdict } from '../../lib/requirements/types';
import {
  declare,
  ENHANCED_HP_INTERNAL,
  entry,
  flowLogFor,
  logGroup,
  newApp,
  readJsonReport,
  readMarkdownReport,
  synthQuietly,
  tempOutdir,
  trail,
  vpc,
  workloadApp,
} from './helpers';

const HP_E1_RULE = 'LogCollection-HP-E1';

describe('the coverage report written at synth', () => {
  test('lists every catalogue requirement, in catalogue order, with a status', () => {
    // GIVEN the example workload app with a declaration
    const { app, outdir } = workloadApp();
    // WHEN
    const { failed } = synthQuietly(app);
    // THEN synthesis passes and the report names every requirement id once
    expect(failed).toBe(false);
    const report = readJsonReport(outdir);
    expect(report.declarations).toHaveLength(1);
    const entries = report.declarations[0].requirements;
    expect(entries.map((e) => e.id)).toEqual(REQUIREMENTS.map((r) => r.id));
    for (const e of entries) {
      expect(Object.values(CoverageStatus)).toContain(e.status);
      expect(e.reason.length).toBeGreaterThan(0);
    }
    expect(fs.existsSync(path.join(outdir, CoverageReport.MARKDOWN_FILE_NAME))).toBe(true);
  });

  test('HP-E1 is PARTIAL (its catalogue verdict) and names the VPC when the VPC has a compliant flow log', () => {
    // GIVEN
    const { app, outdir } = workloadApp({ flowLog: true });
    // WHEN
    synthQuietly(app);
    // THEN
    const hpE1 = entry(readJsonReport(outdir), 'HP-E1');
    expect(hpE1.verdict).toBe(Verdict.PARTIAL);
    expect(hpE1.status).toBe(CoverageStatus.PARTIAL);
    expect(hpE1.ruleIds).toEqual([HP_E1_RULE]);
    expect(hpE1.resources).toEqual([{ stack: 'Workload', constructPath: 'Workload/Vpc', logicalId: 'Vpc', type: 'AWS::EC2::VPC' }]);
    expect(hpE1.findings).toEqual([]);
  });

  test('removing the flow log turns HP-E1 into NOT_MET naming the VPC', () => {
    // GIVEN the same app without the flow log
    const { app, outdir } = workloadApp({ flowLog: false });
    // WHEN
    const { failed } = synthQuietly(app);
    // THEN synthesis fails on HP-E1, and the report says why
    expect(failed).toBe(true);
    const hpE1 = entry(readJsonReport(outdir), 'HP-E1');
    expect(hpE1.status).toBe(CoverageStatus.NOT_MET);
    expect(hpE1.reason).toContain('Workload/Vpc');
    expect(hpE1.resources).toEqual([]);
    expect(hpE1.findings).toEqual([
      expect.objectContaining({
        ruleId: HP_E1_RULE,
        compliance: CheckCompliance.NON_COMPLIANT,
        severity: 'error',
        constructPath: 'Workload/Vpc',
        stack: 'Workload',
        logicalId: 'Vpc',
        type: 'AWS::EC2::VPC',
        acknowledged: false,
        message: expect.stringContaining('VPC Workload/Vpc has no VPC flow log'),
      }),
    ]);
  });

  test('the report is written even when the pack fails synthesis', () => {
    // GIVEN an app whose VPC has no flow log, the pack registered
    const { app, outdir } = workloadApp({ flowLog: false });
    // WHEN
    expect(() => {
      const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
      try {
        app.synth();
      } finally {
        spy.mockRestore();
      }
    }).toThrow(/LogCollection-HP-E1/);
    // THEN both files are in the assembly directory
    expect(fs.existsSync(path.join(outdir, CoverageReport.JSON_FILE_NAME))).toBe(true);
    expect(fs.existsSync(path.join(outdir, CoverageReport.MARKDOWN_FILE_NAME))).toBe(true);
    expect(readMarkdownReport(outdir)).toContain('NOT_MET');
  });

  test('an acknowledged finding appears with its reason and caps the requirement at PARTIAL', () => {
    // GIVEN a second VPC without a flow log, acknowledged
    const { app, outdir, stack } = workloadApp();
    const sandbox = vpc(stack, 'Sandbox', false);
    const reason = 'sandbox VPC without workloads; flow logs follow in SEC-123';
    Validations.of(sandbox).acknowledge({ id: `LogCollection::${HP_E1_RULE}`, reason });
    // WHEN
    const { failed } = synthQuietly(app);
    // THEN synthesis passes and the report shows the acknowledgement
    expect(failed).toBe(false);
    const hpE1 = entry(readJsonReport(outdir), 'HP-E1');
    expect(hpE1.status).toBe(CoverageStatus.PARTIAL);
    expect(hpE1.reason).toContain(reason);
    expect(hpE1.acknowledgements).toEqual([{
      ruleId: HP_E1_RULE,
      constructPath: 'Workload/Sandbox',
      reason,
      acknowledgedId: `LogCollection::${HP_E1_RULE}`,
      acknowledgedAt: 'Workload/Sandbox',
    }]);
    expect(hpE1.findings).toEqual([expect.objectContaining({ constructPath: 'Workload/Sandbox', acknowledged: true })]);
    expect(hpE1.resources.map((r) => r.constructPath)).toEqual(['Workload/Vpc']);
    expect(readMarkdownReport(outdir)).toContain(reason);
  });

  test('NOT_POSSIBLE_ON_AWS requirements carry the catalogue\'s nearest equivalent', () => {
    // GIVEN
    const { app, outdir } = workloadApp();
    // WHEN
    synthQuietly(app);
    // THEN
    const report = readJsonReport(outdir);
    const impossible = REQUIREMENTS.filter((r) => r.verdict === Verdict.NOT_POSSIBLE_ON_AWS && r.profiles.includes(LoggingProfile.HOSTING_PLATFORM));
    expect(impossible.length).toBeGreaterThan(0);
    for (const r of impossible) {
      const e = entry(report, r.id);
      expect(e.status).toBe(CoverageStatus.NOT_POSSIBLE_ON_AWS);
      expect(e.nearestEquivalent).toBe(r.nearestEquivalent);
    }
  });

  test('PARTIAL entries carry the nearest equivalent; MET and NOT_MET entries do not', () => {
    // GIVEN
    const { app, outdir } = workloadApp();
    // WHEN
    synthQuietly(app);
    // THEN
    for (const e of readJsonReport(outdir).declarations[0].requirements) {
      const shouldHave = e.verdict !== Verdict.FULL && (e.status === CoverageStatus.PARTIAL || e.status === CoverageStatus.NOT_POSSIBLE_ON_AWS);
      expect({ id: e.id, has: e.nearestEquivalent !== undefined }).toEqual({ id: e.id, has: shouldHave });
    }
  });

  test('at Baseline, Enhanced requirements are listed as NOT_APPLICABLE and the pack does not judge them', () => {
    // GIVEN a Baseline declaration and a VPC without a flow log (an Enhanced requirement)
    const { app, outdir } = workloadApp({ flowLog: false, props: { ...ENHANCED_HP_INTERNAL, tier: MaturityTier.BASELINE, failOnNotMet: false } });
    // WHEN
    const { failed } = synthQuietly(app);
    // THEN
    expect(failed).toBe(false);
    const report = readJsonReport(outdir);
    const enhanced = report.declarations[0].requirements.filter((r) => r.tier === MaturityTier.ENHANCED);
    expect(enhanced.length).toBeGreaterThan(0);
    for (const e of enhanced) {
      expect(e.status).toBe(CoverageStatus.NOT_APPLICABLE);
      expect(e.findings).toEqual([]);
    }
    expect(entry(report, 'HP-E1').reason).toMatch(/Enhanced requirement; this declaration checks the Baseline tier/);
    expect(entry(report, 'CA-B2').reason).toMatch(/custom application requirement; this declaration is for the hosting platform profile/);
  });

  test('the exposure decides which minimum-retention rule applies', () => {
    // GIVEN an internal declaration
    const { app, outdir } = workloadApp();
    // WHEN
    synthQuietly(app);
    // THEN LM-2 (13 months) is judged and LM-1 (external) is not applicable
    const report = readJsonReport(outdir);
    expect(entry(report, 'LM-1').status).toBe(CoverageStatus.NOT_APPLICABLE);
    expect(entry(report, 'LM-1').reason).toContain('INTERNAL');
    expect(entry(report, 'LM-2').status).toBe(CoverageStatus.MET);
    expect(entry(report, 'LM-2').ruleIds).toEqual(['LogCollection-LM-2']);
  });

  test('retention requirements list the retention of each log store (0 = never expires)', () => {
    // GIVEN a second log group that never expires
    const { app, outdir, stack } = workloadApp();
    logGroup(stack, 'Forever', 'never');
    // WHEN
    synthQuietly(app);
    // THEN LM-2 shows both figures, LM-3 fails on the one that never expires
    const report = readJsonReport(outdir);
    const figures = [
      { stack: 'Workload', constructPath: 'Workload/AppLogs', logicalId: 'AppLogs', type: 'AWS::Logs::LogGroup', days: 400 },
      { stack: 'Workload', constructPath: 'Workload/Forever', logicalId: 'Forever', type: 'AWS::Logs::LogGroup', days: 0 },
    ];
    expect(entry(report, 'LM-2').retention).toEqual(figures);
    expect(entry(report, 'LM-3').retention).toEqual(figures);
    expect(entry(report, 'LM-3').status).toBe(CoverageStatus.NOT_MET);
    expect(entry(report, 'LM-3').reason).toContain('Workload/Forever');
    expect(entry(report, 'LM-4').retention).toBeUndefined();
  });

  test('summary counts add up per tier, per declaration and in total', () => {
    // GIVEN two declarations: the app at Enhanced and the stack at Baseline
    const { app, outdir, stack } = workloadApp();
    declare(app, { ...ENHANCED_HP_INTERNAL, tier: MaturityTier.BASELINE }, stack);
    // WHEN
    synthQuietly(app);
    // THEN
    const report = readJsonReport(outdir);
    expect(report.declarations.map((d) => d.id)).toEqual([
      'app:ENHANCED:HOSTING_PLATFORM:INTERNAL',
      'Workload:BASELINE:HOSTING_PLATFORM:INTERNAL',
    ]);
    const sum = (counts: StatusCounts) => counts.met + counts.partial + counts.notMet + counts.notPossibleOnAws + counts.notApplicable;
    for (const d of report.declarations) {
      for (const t of d.summary.tiers) {
        const statuses = d.requirements.filter((r) => r.tier === t.tier).map((r) => r.status);
        expect(t.total).toBe(statuses.length);
        expect(sum(t)).toBe(t.total);
        expect(t.notMet).toBe(statuses.filter((s) => s === CoverageStatus.NOT_MET).length);
        expect(t.met).toBe(statuses.filter((s) => s === CoverageStatus.MET).length);
      }
      expect(d.summary.total.total).toBe(REQUIREMENTS.length);
      expect(sum(d.summary.total)).toBe(REQUIREMENTS.length);
    }
    expect(report.summary.total.total).toBe(2 * REQUIREMENTS.length);
    expect(report.summary.total.notApplicable).toBe(report.declarations[0].summary.total.notApplicable + report.declarations[1].summary.total.notApplicable);
    expect(report.summary.tiers.map((t) => t.tier)).toEqual([MaturityTier.BASELINE, MaturityTier.ENHANCED]);
  });

  test('two syntheses of identically built apps write byte-identical reports without absolute paths or timestamps', () => {
    // GIVEN two apps built the same way (one acknowledged finding each), in two directories
    const build = () => {
      const built = workloadApp();
      const sandbox = vpc(built.stack, 'Sandbox', false);
      Validations.of(sandbox).acknowledge({ id: `LogCollection::${HP_E1_RULE}`, reason: 'sandbox' });
      return built;
    };
    const first = build();
    const second = build();
    // WHEN
    synthQuietly(first.app);
    synthQuietly(second.app);
    // THEN
    for (const file of [CoverageReport.JSON_FILE_NAME, CoverageReport.MARKDOWN_FILE_NAME]) {
      const a = fs.readFileSync(path.join(first.outdir, file));
      const b = fs.readFileSync(path.join(second.outdir, file));
      expect(a.equals(b)).toBe(true);
      const text = a.toString('utf8');
      expect(text).not.toContain(first.outdir);
      expect(text).not.toContain(process.cwd());
      expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
      expect(text).not.toMatch(/\bat .*\.(js|ts):\d+/);
    }
  });

  test('synthesising the same app again rewrites identical files', () => {
    // GIVEN an app synthesised once
    const { app, outdir } = workloadApp();
    synthQuietly(app);
    const before = fs.readFileSync(path.join(outdir, CoverageReport.JSON_FILE_NAME));
    // WHEN the report is written again from the same tree
    CoverageReport.of(app).writeTo(outdir);
    // THEN
    expect(fs.readFileSync(path.join(outdir, CoverageReport.JSON_FILE_NAME)).equals(before)).toBe(true);
  });
});

describe('declarations and scope', () => {
  test('a stack-scoped declaration counts a flow log that lives in another stack', () => {
    // GIVEN a VPC in one stack and its flow log in another, declared for the VPC's stack only
    const { app, outdir } = newApp();
    const network = new Stack(app, 'Network');
    const shared = vpc(network, 'Vpc', false);
    flowLogFor(new Stack(app, 'Logging'), 'FlowLog', shared.ref);
    declare(app, ENHANCED_HP_INTERNAL, network);
    // WHEN
    synthQuietly(app);
    // THEN
    const hpE1 = entry(readJsonReport(outdir), 'HP-E1');
    expect(hpE1.status).toBe(CoverageStatus.PARTIAL);
    expect(hpE1.resources.map((r) => r.constructPath)).toEqual(['Network/Vpc']);
  });

  test('a declaration ignores resources outside its scope: with no VPC in scope, HP-E1 asks nothing of it', () => {
    // GIVEN a declaration for a stack with no VPC, next to a stack with a non-compliant VPC
    const { app } = newApp();
    const empty = new Stack(app, 'Empty');
    logGroup(empty, 'Logs');
    vpc(new Stack(app, 'Other'), 'Vpc', false);
    const pack = new LogCollectionChecks(app, ENHANCED_HP_INTERNAL);
    // WHEN
    const report = buildCoverageReport(app, [{ pack, scope: empty }]);
    // THEN
    const hpE1 = entry(report, 'HP-E1');
    expect(hpE1.status).toBe(CoverageStatus.NOT_APPLICABLE);
    expect(hpE1.findings).toEqual([]);
    expect(hpE1.reason).toBe('Nothing in scope it applies to: no AWS::EC2::VPC in scope.');
    expect(report.declarations[0].scope).toBe('Empty');
  });

  test('evidence recorded by a construct meets a requirement no rule can judge', () => {
    // GIVEN a construct that records HP-E4 evidence for a resource it made
    const { app } = newApp();
    const stack = new Stack(app, 'Workload');
    vpc(stack, 'Vpc');
    const forwarding = new Construct(stack, 'Findings');
    const rule = new ec2.CfnVPC(forwarding, 'Resource', { cidrBlock: '10.1.0.0/16' });
    addEvidence(forwarding, { requirementIds: ['HP-E4'], resources: [forwarding], note: 'Forwards GuardDuty findings to the central bus.' });
    const pack = new LogCollectionChecks(app, ENHANCED_HP_INTERNAL);
    // WHEN
    const report = buildCoverageReport(app, [{ pack, scope: app }]);
    // THEN
    const hpE4 = entry(report, 'HP-E4');
    expect(hpE4.status).toBe(CoverageStatus.PARTIAL);
    expect(hpE4.resources).toEqual([{ stack: 'Workload', constructPath: rule.node.path, logicalId: expect.stringMatching(/^Findings[0-9A-F]{8}$/), type: 'AWS::EC2::VPC' }]);
    expect(hpE4.evidence).toEqual([{ constructPath: 'Workload/Findings', note: 'Forwards GuardDuty findings to the central bus.' }]);
  });

  test('policy evidence counts app-wide, collection evidence only in scope', () => {
    // GIVEN evidence for LM-6 (policy) and HP-E4 (collection), both recorded in the central stack
    const { app } = newApp();
    const central = new Stack(app, 'Central');
    const archive = new Construct(central, 'Archive');
    new ec2.CfnVPC(archive, 'Resource', { cidrBlock: '10.2.0.0/16' });
    addEvidence(archive, { requirementIds: ['LM-6', 'HP-E4'], resources: [archive], note: 'Denies bulk export.' });
    const workload = new Stack(app, 'Workload');
    logGroup(workload, 'Logs');
    const pack = new LogCollectionChecks(app, ENHANCED_HP_INTERNAL);
    // WHEN the workload stack is reported
    const report = buildCoverageReport(app, [{ pack, scope: workload }]);
    // THEN
    expect(entry(report, 'LM-6').status).toBe(CoverageStatus.PARTIAL);
    expect(entry(report, 'LM-6').resources.map((r) => r.constructPath)).toEqual(['Central/Archive/Resource']);
    expect(entry(report, 'HP-E4').status).toBe(CoverageStatus.NOT_MET);
  });

  test('an undecided app-wide note is NOT_MET until acknowledged, then PARTIAL with the reason', () => {
    // GIVEN an app without a trail (the pack adds an app-wide note)
    const { app } = newApp();
    const stack = new Stack(app, 'Workload');
    vpc(stack, 'Vpc');
    const pack = new LogCollectionChecks(app, ENHANCED_HP_INTERNAL);
    // WHEN
    const before = entry(buildCoverageReport(app, [{ pack, scope: app }]), 'HP-B1');
    Validations.of(app).acknowledge({ id: 'LogCollection::LogCollection-HP-B1-Trail', reason: 'the organisation trail o-trail covers this account' });
    const after = entry(buildCoverageReport(app, [{ pack, scope: app }]), 'HP-B1');
    // THEN
    expect(before.status).toBe(CoverageStatus.NOT_MET);
    expect(before.reason).toContain('could not decide at synth time');
    expect(before.findings).toEqual([expect.objectContaining({ compliance: CheckCompliance.UNKNOWN, constructPath: '', acknowledged: false })]);
    expect(after.status).toBe(CoverageStatus.PARTIAL);
    expect(after.acknowledgements).toEqual([expect.objectContaining({ reason: 'the organisation trail o-trail covers this account', acknowledgedAt: '' })]);
  });

  test('a requirement with no rule and no evidence names the constructs that meet it', () => {
    // GIVEN
    const { app } = newApp();
    const pack = new LogCollectionChecks(app, ENHANCED_HP_INTERNAL);
    trail(new Stack(app, 'Workload'));
    // WHEN
    const report = buildCoverageReport(app, [{ pack, scope: app }]);
    // THEN
    expect(entry(report, 'HP-E4').reason).toBe(
      'No resource in scope meets it: no rule of the pack can judge it from the template, and no SecurityFindingForwarding in scope recorded evidence for it.',
    );
    expect(entry(report, 'PU-2').reason).toBe(
      'No resource in scope meets it: no rule of the pack can judge it from the template, and no TimeSyncConfiguration in the app recorded evidence for it.',
    );
  });
});

describe('CoverageReport.of and include', () => {
  test('one report per app, registered as a validation plugin once', () => {
    // GIVEN
    const { app } = newApp();
    const stack = new Stack(app, 'Workload');
    // WHEN
    const fromApp = CoverageReport.of(app);
    const fromStack = CoverageReport.of(stack);
    // THEN
    expect(fromStack).toBe(fromApp);
    const plugins = (app as unknown as { _validationPlugins: unknown[] })._validationPlugins;
    expect(plugins.filter((p) => p instanceof CoverageReport)).toHaveLength(1);
  });

  test('including the same pack for the same scope twice keeps one declaration', () => {
    // GIVEN
    const { app } = newApp();
    const pack = new LogCollectionChecks(app, ENHANCED_HP_INTERNAL);
    // WHEN
    CoverageReport.of(app).include(pack, app);
    CoverageReport.of(app).include(pack);
    // THEN
    expect(CoverageReport.of(app).declarations).toHaveLength(1);
    expect(CoverageReport.of(app).declarations[0].scope).toBe(app);
  });

  test('including a scope of another app is an error naming the scope', () => {
    // GIVEN
    const { app } = newApp();
    const other = new Stack(new App(), 'Elsewhere');
    const pack = new LogCollectionChecks(app, ENHANCED_HP_INTERNAL);
    // THEN
    expect(() => CoverageReport.of(app).include(pack, other)).toThrow(/scope 'Elsewhere' is not in the app/);
  });

  test('an app with no declaration still gets a report with the data flow', () => {
    // GIVEN a report created without a pack
    const { app, outdir } = newApp();
    trail(new Stack(app, 'Workload'));
    CoverageReport.of(app);
    // WHEN
    synthQuietly(app);
    // THEN
    const report = readJsonReport(outdir);
    expect(report.declarations).toEqual([]);
    expect(report.summary.total.total).toBe(0);
    expect(report.dataFlow.nodes.map((n) => n.label)).toContain('CloudTrail trails (1)');
  });
});

describe('opting out', () => {
  test('the context key set to false writes no report, and the pack still runs', () => {
    // GIVEN
    const { app, outdir } = workloadApp({ flowLog: false, context: { [CoverageReport.CONTEXT_KEY]: 'false' } });
    // WHEN
    const { failed } = synthQuietly(app);
    // THEN
    expect(failed).toBe(true);
    expect(fs.existsSync(path.join(outdir, CoverageReport.JSON_FILE_NAME))).toBe(false);
    expect(fs.existsSync(path.join(outdir, CoverageReport.MARKDOWN_FILE_NAME))).toBe(false);
  });

  test('isCoverageReportEnabled reads the context key and rejects other values', () => {
    const on = (value: unknown) => isCoverageReportEnabled(new App({ context: value === undefined ? {} : { [CoverageReport.CONTEXT_KEY]: value } }));
    expect(on(undefined)).toBe(true);
    expect(on(true)).toBe(true);
    expect(on('true')).toBe(true);
    expect(on(false)).toBe(false);
    expect(on('false')).toBe(false);
    expect(() => on('no')).toThrow(/cdk-security-log-collection:coverageReport' is "no"; set it to true or false/);
  });
});

describe('the plugin never fails synthesis without the report-level gate', () => {
  test('when the report cannot be written, synthesis goes on and the validation report says why', () => {
    // GIVEN a compliant app whose assembly directory already has a directory where the JSON report goes
    const { app, outdir } = workloadApp();
    fs.mkdirSync(path.join(outdir, CoverageReport.JSON_FILE_NAME));
    // WHEN
    const { failed } = synthQuietly(app);
    // THEN
    expect(failed).toBe(false);
    const validation = JSON.parse(fs.readFileSync(path.join(outdir, cxapi.VALIDATION_REPORT_FILE), 'utf8'));
    const ours = validation.pluginReports.find((p: any) => p.pluginName === CoverageReport.of(app).name);
    expect(ours.conclusion).toBe('success');
    expect(JSON.stringify(ours.violations)).toContain('No coverage report was written');
  });

  test('the report only adds files: an app that confirms plugins do not modify the assembly synthesises', () => {
    // GIVEN an app that makes the framework hash the assembly before the plugins run
    const outdir = tempOutdir();
    const app = new App({ outdir, builtinCloudFormationValidation: false, confirmValidationPluginsDoNotMutate: true });
    const stack = new Stack(app, 'Workload');
    vpc(stack, 'Vpc');
    trail(stack);
    declare(app, { ...ENHANCED_HP_INTERNAL, failOnNotMet: false });
    // WHEN
    const { failed } = synthQuietly(app);
    // THEN
    expect(failed).toBe(false);
    expect(fs.existsSync(path.join(outdir, CoverageReport.JSON_FILE_NAME))).toBe(true);
  });

  test('the report plugin adds nothing to the validation report when it writes the report', () => {
    // GIVEN
    const { app, outdir } = workloadApp();
    // WHEN
    const { failed } = synthQuietly(app);
    // THEN the framework lists no plugin report of ours (it leaves out plugins with nothing to say)
    expect(failed).toBe(false);
    expect(fs.existsSync(path.join(outdir, CoverageReport.JSON_FILE_NAME))).toBe(true);
    const file = path.join(outdir, cxapi.VALIDATION_REPORT_FILE);
    const reports = fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).pluginReports : [];
    expect(reports.filter((p: any) => p.pluginName === 'LogCollectionCoverageReport')).toEqual([]);
  });
});

describe('exposure not declared', () => {
  test('LM-1 is judged and LM-2 is not applicable, saying how to check 13 months', () => {
    // GIVEN
    const { app } = newApp();
    logGroup(new Stack(app, 'Workload'), 'Logs');
    const pack = new LogCollectionChecks(app, { tier: MaturityTier.BASELINE, profile: LoggingProfile.CUSTOM_APPLICATION });
    // WHEN
    const report = buildCoverageReport(app, [{ pack, scope: app }]);
    // THEN
    expect(report.declarations[0].exposure).toBeUndefined();
    expect(report.declarations[0].id).toBe('app:BASELINE:CUSTOM_APPLICATION:UNSPECIFIED');
    expect(entry(report, 'LM-1').status).toBe(CoverageStatus.MET);
    expect(entry(report, 'LM-2').status).toBe(CoverageStatus.NOT_APPLICABLE);
    expect(entry(report, 'LM-2').reason).toContain(`declare exposure ${ServiceExposure.INTERNAL}`);
  });
});
