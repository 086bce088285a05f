import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { LogCollectionChecks, LogCollectionChecksProps } from '../../lib/checks';
import { CoverageReport, CoverageStatus } from '../../lib/report';
import { ENHANCED_HP_INTERNAL, logGroup, newApp, readJsonReport, synthQuietly, trail, vpc } from './helpers';

/** The report-level gate: failOnNotMet fails synth on NOT_MET requirements that no rule fails, unless accepted. */

function gatedApp(props: Partial<LogCollectionChecksProps>) {
  const { app, outdir } = newApp();
  const stack = new Stack(app, 'Workload');
  vpc(stack, 'Vpc');
  trail(stack);
  logGroup(stack, 'AppLogs');
  const pack = new LogCollectionChecks(app, { ...ENHANCED_HP_INTERNAL, ...props });
  Validations.of(app).addPlugins(pack);
  CoverageReport.of(app).include(pack, app);
  return { app, outdir };
}

/** The NOT_MET requirement ids of the only declaration, from a synthesis without the gate. */
function notMetIds(): string[] {
  const { app, outdir } = gatedApp({});
  synthQuietly(app);
  return readJsonReport(outdir).declarations[0].requirements
    .filter((r) => r.status === CoverageStatus.NOT_MET).map((r) => r.id);
}

function gateMessages(outdir: string): string[] {
  const validation = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
  return validation.pluginReports
    .filter((p: any) => p.pluginName === 'LogCollectionCoverageReport')
    .flatMap((p: any) => p.violations.map((v: any) => `${v.ruleName}: ${v.description}`));
}

describe('the report-level gate', () => {
  test('off by default: requirements without a rule are NOT_MET in the report and synth passes', () => {
    // GIVEN the workload without the gate
    const { app, outdir } = gatedApp({});
    // WHEN
    const { failed } = synthQuietly(app);
    // THEN
    expect(failed).toBe(false);
    expect(notMetIds()).toContain('PU-2');
    expect(fs.existsSync(path.join(outdir, CoverageReport.JSON_FILE_NAME))).toBe(true);
  });

  test('failOnNotMet fails synth with an error per NOT_MET requirement naming it, the reason and acceptedGaps', () => {
    // GIVEN the gate on, and every NOT_MET requirement accepted but PU-2
    const accepted = Object.fromEntries(notMetIds().filter((id) => id !== 'PU-2').map((id) => [id, 'accepted in this test']));
    const { app, outdir } = gatedApp({ failOnNotMet: true, acceptedGaps: accepted });
    // WHEN
    const { failed } = synthQuietly(app);
    // THEN
    const messages = gateMessages(outdir);
    expect(failed).toBe(true);
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatch(/^LogCollectionCoverageReport-NotMet: PU-2 \(Systems synchronised to the central timing source\) is NOT_MET for the whole app \(ENHANCED, HOSTING_PLATFORM\): No resource in scope meets it: .* Meet it, or name it in acceptedGaps of the LogCollectionChecks pack/);
  });

  test('failOnNotMet passes when every NOT_MET requirement is accepted', () => {
    const accepted = Object.fromEntries(notMetIds().map((id) => [id, 'accepted in this test']));
    const { app, outdir } = gatedApp({ failOnNotMet: true, acceptedGaps: accepted });
    expect(synthQuietly(app).failed).toBe(false);
    expect(gateMessages(outdir)).toEqual([]);
  });

  test('acceptedGaps without failOnNotMet is an error naming both props', () => {
    expect(() => new LogCollectionChecks(new App(), { ...ENHANCED_HP_INTERNAL, acceptedGaps: { 'HP-B4': 'no proxy' } }))
      .toThrow("LogCollectionChecks acceptedGaps names HP-B4, but failOnNotMet is not true, so nothing would be gated; set failOnNotMet: true, or remove acceptedGaps.");
  });

  test('an acceptedGaps id that is not a requirement is an error naming it and the known ids', () => {
    expect(() => new LogCollectionChecks(new App(), { ...ENHANCED_HP_INTERNAL, failOnNotMet: true, acceptedGaps: { 'HP-B44': 'typo' } }))
      .toThrow(/LogCollectionChecks acceptedGaps names 'HP-B44', which is not a requirement id; use one of HP-B1, .*PU-4\./);
  });

  test('an accepted gap without a reason is an error', () => {
    expect(() => new LogCollectionChecks(new App(), { ...ENHANCED_HP_INTERNAL, failOnNotMet: true, acceptedGaps: { 'HP-B4': ' ' } }))
      .toThrow("LogCollectionChecks acceptedGaps['HP-B4'] has no reason; give the reason the gap is accepted, as text.");
  });

  test('failOnNotMet with coverageReport: false is an error', () => {
    expect(() => new LogCollectionChecks(new App(), { ...ENHANCED_HP_INTERNAL, failOnNotMet: true, coverageReport: false }))
      .toThrow(/failOnNotMet is true but coverageReport is false/);
  });
});
