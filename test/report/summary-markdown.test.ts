import * as fs from 'fs';
import * as path from 'path';
import { Stack } from 'aws-cdk-lib';
import { LogCollectionChecks } from '../../lib/checks';
import { buildCoverageReport, CoverageReport, CoverageReportDocument, renderMarkdown } from '../../lib/report';
import { LoggingProfile, MaturityTier } from '../../lib/requirements/types';
import { ENHANCED_HP_INTERNAL, newApp, readMarkdownReport, synthQuietly, workloadApp } from './helpers';

function summaryOf(outdir: string): string {
  return fs.readFileSync(path.join(outdir, CoverageReport.SUMMARY_FILE_NAME), 'utf8');
}

describe('the summary Markdown report', () => {
  test('written at synth beside the detailed report: one line per requirement with id, title, status, resource count and a link', () => {
    // GIVEN
    const { app, outdir } = workloadApp();
    // WHEN
    synthQuietly(app);
    const summary = summaryOf(outdir);
    const detail = readMarkdownReport(outdir);
    // THEN
    expect(summary.startsWith('# Security log collection coverage: summary\n')).toBe(true);
    const rows = summary.split('\n').filter((l) => /^\| (HP|CA|LM|PU)-/.test(l));
    expect(rows.map((l) => l.split(' | ')[0].slice(2))).toEqual(
      JSON.parse(fs.readFileSync(path.join(outdir, CoverageReport.JSON_FILE_NAME), 'utf8')).declarations[0].requirements
        .filter((r: any) => r.profiles.includes(LoggingProfile.HOSTING_PLATFORM)).map((r: any) => r.id),
    );
    expect(rows).toContainEqual(expect.stringMatching(
      /^\| HP-E1 \| Firewall log data for denied network traffic \| 🟡 PARTIAL \| 1 \| \[detail\]\(log-collection-report\.md#app-enhanced-hosting-platform-internal-hp-e1\) \|$/));
    // every link lands on an anchor of the detailed report
    for (const [, anchor] of summary.matchAll(/\(log-collection-report\.md#([a-z0-9-]+)\)/g)) {
      expect(detail).toContain(`<a id="${anchor}"></a>`);
    }
    expect(summary.length).toBeLessThanOrEqual(CoverageReport.SUMMARY_MAX_CHARS);
  });

  test('titles are distinct in the summary (LM-4/5/6 and PU-1/2/4 no longer share one)', () => {
    const { app, outdir } = workloadApp();
    synthQuietly(app);
    const titles = summaryOf(outdir).split('\n').filter((l) => /^\| (LM|PU)-/.test(l)).map((l) => l.split(' | ')[1]);
    expect(titles).toHaveLength(10);
    expect(new Set(titles).size).toBe(titles.length);
  });

  test('stays within a pull-request comment for an estate of many declarations, saying what it left out', () => {
    // GIVEN 60 stacks, each declared on its own (60 × 30 lines)
    const { app } = newApp();
    const declarations = [];
    for (let i = 0; i < 60; i++) {
      const stack = new Stack(app, `Service${i}WithALongNameSoThatTheLinesAreLong`);
      declarations.push({ pack: new LogCollectionChecks(stack, ENHANCED_HP_INTERNAL), scope: stack });
    }
    const report: CoverageReportDocument = buildCoverageReport(app, declarations);
    // WHEN
    const summary = CoverageReport.renderSummaryMarkdown(report);
    // THEN
    expect(summary.length).toBeLessThanOrEqual(CoverageReport.SUMMARY_MAX_CHARS);
    expect(summary).toMatch(/\d+ more lines are left out to fit a pull-request comment; they are in the detailed report\.\n$/);
    expect(renderMarkdown(report).length).toBeGreaterThan(CoverageReport.SUMMARY_MAX_CHARS);
  });

  test('two syntheses of the same app write the same summary', () => {
    const first = workloadApp();
    synthQuietly(first.app);
    const second = workloadApp();
    synthQuietly(second.app);
    expect(summaryOf(first.outdir)).toBe(summaryOf(second.outdir));
  });

  test('a Baseline declaration lists the Baseline and Enhanced requirements of its profile', () => {
    const { app, outdir } = workloadApp({ props: { ...ENHANCED_HP_INTERNAL, tier: MaturityTier.BASELINE } });
    synthQuietly(app);
    expect(summaryOf(outdir)).toMatch(/^\| HP-E1 \| .* \| ➖ NOT_APPLICABLE \| 0 \| /m);
  });
});
