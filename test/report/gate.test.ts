import * as fs from 'fs';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { LogCollectionChecks, LogCollectionChecksProps } from '../../lib/checks';
import { LoggingProfile } from '../../lib/requirements';
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
  const { app, outdir } = gatedApp({ failOnNotMet: false });
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
  test('on by default for the hosting platform: an unaccepted NOT_MET requirement fails synth', () => {
    // GIVEN a hosting platform declaration that leaves failOnNotMet out
    const { app, outdir } = gatedApp({});
    // WHEN
    const { failed } = synthQuietly(app);
    // THEN synth fails, with one gate error per NOT_MET requirement, and the report is written
    expect(failed).toBe(true);
    expect(gateMessages(outdir).map((m) => m.split(' ')[1])).toEqual(notMetIds());
    expect(notMetIds()).toEqual(expect.arrayContaining(['PU-2']));
    expect(fs.existsSync(path.join(outdir, CoverageReport.JSON_FILE_NAME))).toBe(true);
  });

  test('off by default for a custom application: NOT_MET requirements are in the report and synth passes', () => {
    // GIVEN a custom application declaration that leaves failOnNotMet out
    const { app, outdir } = gatedApp({ profile: LoggingProfile.CUSTOM_APPLICATION });
    // WHEN
    const { failed } = synthQuietly(app);
    // THEN
    expect(failed).toBe(false);
    expect(gateMessages(outdir)).toEqual([]);
    const notMet = readJsonReport(outdir).declarations[0].requirements.filter((r) => r.status === CoverageStatus.NOT_MET).map((r) => r.id);
    expect(notMet).toContain('PU-2');
  });

  test('the default by profile: on for the hosting platform, off for a custom application, off without the coverage report', () => {
    const app = new App();
    expect(LogCollectionChecks.gatesByDefault(LoggingProfile.HOSTING_PLATFORM)).toBe(true);
    expect(LogCollectionChecks.gatesByDefault(LoggingProfile.CUSTOM_APPLICATION)).toBe(false);
    expect(new LogCollectionChecks(app, ENHANCED_HP_INTERNAL).failOnNotMet).toBe(true);
    expect(new LogCollectionChecks(app, { ...ENHANCED_HP_INTERNAL, profile: LoggingProfile.CUSTOM_APPLICATION }).failOnNotMet).toBe(false);
    expect(new LogCollectionChecks(app, { ...ENHANCED_HP_INTERNAL, coverageReport: false }).failOnNotMet).toBe(false);
    expect(new LogCollectionChecks(app, { ...ENHANCED_HP_INTERNAL, failOnNotMet: false }).failOnNotMet).toBe(false);
    expect(new LogCollectionChecks(app, { ...ENHANCED_HP_INTERNAL, profile: LoggingProfile.CUSTOM_APPLICATION, failOnNotMet: true }).failOnNotMet).toBe(true);
  });

  test('failOnNotMet: false turns the hosting platform gate off: synth passes with NOT_MET requirements', () => {
    const { app, outdir } = gatedApp({ failOnNotMet: false });
    expect(synthQuietly(app).failed).toBe(false);
    expect(gateMessages(outdir)).toEqual([]);
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

  test('acceptedGaps with failOnNotMet: false is an error naming both props', () => {
    expect(() => new LogCollectionChecks(new App(), { ...ENHANCED_HP_INTERNAL, failOnNotMet: false, acceptedGaps: { 'HP-B4': 'no proxy' } }))
      .toThrow('LogCollectionChecks acceptedGaps names HP-B4, but failOnNotMet is false, so nothing would be gated; set failOnNotMet: true, or remove acceptedGaps.');
  });

  test('acceptedGaps where the gate is off by default (custom application) is an error naming the default and the fix', () => {
    expect(() => new LogCollectionChecks(new App(), { ...ENHANCED_HP_INTERNAL, profile: LoggingProfile.CUSTOM_APPLICATION, acceptedGaps: { 'PU-2': 'platform' } }))
      .toThrow('LogCollectionChecks acceptedGaps names PU-2, but failOnNotMet is off (its default for LoggingProfile.CUSTOM_APPLICATION), ' +
        'so nothing would be gated; set failOnNotMet: true, or remove acceptedGaps.');
  });

  test('acceptedGaps with coverageReport: false is an error naming both props', () => {
    expect(() => new LogCollectionChecks(new App(), { ...ENHANCED_HP_INTERNAL, coverageReport: false, acceptedGaps: { 'HP-B4': 'no proxy' } }))
      .toThrow('LogCollectionChecks acceptedGaps names HP-B4, but coverageReport is false (the gate judges the coverage report), ' +
        'so nothing would be gated; remove coverageReport: false, or remove acceptedGaps.');
  });

  test('acceptedGaps on the hosting platform needs no failOnNotMet: the gate is on by default', () => {
    const pack = new LogCollectionChecks(new App(), { ...ENHANCED_HP_INTERNAL, acceptedGaps: { 'HP-B4': 'no proxy' } });
    expect(pack.acceptedGaps).toEqual({ 'HP-B4': 'no proxy' });
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
      .toThrow('LogCollectionChecks failOnNotMet is true but coverageReport is false: the gate judges the coverage report; ' +
        'remove coverageReport: false, or failOnNotMet.');
  });
});
