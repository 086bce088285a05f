import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage, Validations } from 'aws-cdk-lib';
import { LogCollectionChecks } from '../../lib/checks';
import { cfnVpc, ENHANCED_HP, frameworkApp, goodLogGroup, pluginReport, silenceValidationReport } from './helpers';

describe('synthesis with the pack attached', () => {
  silenceValidationReport();

  test('only informational notes: synthesis succeeds and the note is in the report', () => {
    // GIVEN an app with a compliant log group and no trail (an info note)
    const { app, outdir } = frameworkApp();
    goodLogGroup(new Stack(app, 'Workload'), 'Logs');
    // WHEN
    expect(() => app.synth()).not.toThrow();
    // THEN
    const report = pluginReport(outdir);
    expect(report.conclusion).toBe('success');
    expect(report.violations).toEqual([
      expect.objectContaining({ ruleName: 'LogCollection-HP-B1-Trail', severity: 'info' }),
    ]);
  });

  test('an unmet requirement fails synthesis, naming the HP-E1 rule and the VPC', () => {
    // GIVEN a VPC without a flow log
    const { app } = frameworkApp();
    cfnVpc(new Stack(app, 'Workload'));
    // THEN
    expect(() => app.synth()).toThrow(/Workload\/Vpc[\s\S]*LogCollection-HP-E1/);
  });
});

describe('packs added to a stage', () => {
  silenceValidationReport();

  test('judge that stage only', () => {
    // GIVEN a non-compliant VPC in stage Prod (which has the pack) and one outside it
    const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'log-collection-checks-')), builtinCloudFormationValidation: false });
    const prod = new Stage(app, 'Prod');
    Validations.of(prod).addPlugins(new LogCollectionChecks(prod, ENHANCED_HP));
    cfnVpc(new Stack(prod, 'Workload'));
    cfnVpc(new Stack(app, 'Other'));
    // THEN
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('Prod/Workload/Vpc');
    expect(message).not.toContain('Other/Vpc');
  });
});
