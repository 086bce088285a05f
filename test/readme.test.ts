import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Construct } from 'constructs';
import { HOSTING_PLATFORM_ACCEPTED_GAPS } from '../bin/example-app';
import * as lib from '../lib';
import { LogCollectionChecks, LoggingProfile, MaturityTier, ServiceExposure } from '../lib';
import { gateScript, hasJq, runGate } from './ci-gate';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const headings = README.split('\n').filter((l) => l.startsWith('#'));

describe('README', () => {
  test('has a section for every construct the package exports', () => {
    const constructs = Object.entries(lib)
      .filter(([, value]) => typeof value === 'function' && (value as any).prototype instanceof Construct)
      .map(([name]) => name);
    expect(constructs.length).toBeGreaterThan(10);
    const missing = constructs.filter((name) => !headings.some((h) => h.includes(name)));
    expect(missing).toEqual([]);
  });

  test('lists every rule id the pack can run, in any tier, profile and exposure', () => {
    const ids = new Set<string>();
    for (const tier of Object.values(MaturityTier)) {
      for (const profile of Object.values(LoggingProfile)) {
        for (const exposure of [undefined, ...Object.values(ServiceExposure)]) {
          LogCollectionChecks.ruleIdsFor(tier, profile, exposure).forEach((id) => ids.add(id));
        }
      }
    }
    const missing = [...ids].filter((id) => !README.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });

  test('gives the two commands CI runs', () => {
    const ci = fs.readFileSync(path.join(__dirname, '..', '.ci', 'run'), 'utf8');
    expect(README).toContain('npm ci && npx cdk synth');
    expect(README).toContain('npm test');
    expect(ci).toMatch(/npm ci\n/);
    expect(ci).toMatch(/npx cdk synth/);
    expect(ci).toMatch(/npm test/);
  });

  test('the Quick Start synthesises: the rules and the hosting platform report-level gate pass with its accepted gaps', () => {
    // GIVEN the Quick Start as a reader pastes it, compiled to CommonJS, the package name pointing at lib/
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require('typescript');
    // (the same extraction as scripts/consumer-check.mjs: the ts blocks of the '## Quick start' section, joined)
    const start = README.indexOf('\n## Quick start');
    const section = README.slice(start, README.indexOf('\n## ', start + 1));
    const source = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).join('\n');
    const js: string = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS } }).outputText;
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'quick-start-'));
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const load = (name: string) => (name === 'cdk-security-log-collection' ? lib : require(name));
    const withOutdir = js.replace('new aws_cdk_lib_1.App()', `new aws_cdk_lib_1.App({ outdir: ${JSON.stringify(outdir)} })`);
    expect(withOutdir).not.toBe(js);
    // WHEN it runs and synthesises
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const app = new Function('require', 'exports', `${withOutdir}\nreturn app;`)(load, {});
      expect(() => app.synth()).not.toThrow();
    } finally {
      spy.mockRestore();
    }
    // THEN the report is there, and its NOT_MET requirements are the ones the Quick Start accepts
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'log-collection-report.json'), 'utf8'));
    const notMet = report.declarations.flatMap((d: any) => d.requirements.filter((r: any) => r.status === 'NOT_MET').map((r: any) => r.id));
    expect(notMet).toEqual(['HP-B1', 'PU-2']);
  }, 120_000);

  describe('the CI gate', () => {
    const withJq = hasJq() ? test : test.skip;

    test("accepts the same gaps as the example app's report-level gate", () => {
      const accepted = JSON.parse(/--argjson accepted '([^']+)'/.exec(gateScript())![1]);
      expect(accepted).toEqual(Object.keys(HOSTING_PLATFORM_ACCEPTED_GAPS));
    });

    withJq('fails, naming the requirement, on a report with an unaccepted NOT_MET', () => {
      // GIVEN a report with HP-E1 NOT_MET
      const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'readme-gate-'));
      fs.mkdirSync(path.join(workdir, 'cdk.out'));
      const report = { declarations: [{ id: 'Workload:ENHANCED:HOSTING_PLATFORM:INTERNAL', requirements: [
        { id: 'HP-E1', title: 'Firewall log data for denied network traffic', status: 'NOT_MET', reason: 'VPC Workload/Vpc has no flow log.' },
        { id: 'HP-B4', title: 'Web proxy access logs', status: 'PARTIAL', reason: 'met as far as AWS allows' },
      ] }] };
      fs.writeFileSync(path.join(workdir, 'cdk.out', 'log-collection-report.json'), JSON.stringify(report));
      // WHEN
      const result = runGate(workdir);
      // THEN
      expect(result.code).toBe(1);
      expect(result.output).toBe(
        'Workload:ENHANCED:HOSTING_PLATFORM:INTERNAL HP-E1 Firewall log data for denied network traffic: VPC Workload/Vpc has no flow log.\n');
    });
  });
});
