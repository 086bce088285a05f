import { Stack, Validations } from 'aws-cdk-lib';
import { LogCollectionChecks } from '../../lib/checks';
import { buildCoverageReport, CoverageReportDocument, CoverageStatus, renderMarkdown } from '../../lib/report';
import { MaturityTier } from '../../lib/requirements/types';
import { ENHANCED_HP_INTERNAL, logGroup, newApp, readMarkdownReport, synthQuietly, trail, vpc, workloadApp } from './helpers';

/** The report of a workload app with one acknowledged VPC without a flow log. */
function report(): CoverageReportDocument {
  const { app } = newApp();
  const stack = new Stack(app, 'Workload');
  vpc(stack, 'Vpc');
  const sandbox = vpc(stack, 'Sandbox', false);
  Validations.of(sandbox).acknowledge({ id: 'LogCollection::LogCollection-HP-E1', reason: 'sandbox, no traffic' });
  trail(stack);
  logGroup(stack, 'Logs');
  return buildCoverageReport(app, [{ pack: new LogCollectionChecks(app, ENHANCED_HP_INTERNAL), scope: app }]);
}

/** The lines of one section (from its heading to the next heading of the same or higher level). */
function section(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start === -1) {
    throw new Error(`no heading '${heading}'`);
  }
  const level = heading.split(' ')[0];
  const end = lines.findIndex((l, i) => i > start && /^#+ /.test(l) && l.split(' ')[0].length <= level.length);
  return lines.slice(start + 1, end === -1 ? undefined : end);
}

describe('the Markdown report', () => {
  test('written at synth: a summary table, one table per tier and a mermaid block', () => {
    // GIVEN
    const { app, outdir } = workloadApp();
    // WHEN
    synthQuietly(app);
    const md = readMarkdownReport(outdir);
    // THEN
    expect(md.startsWith('# Security log collection coverage\n')).toBe(true);
    const summary = section(md, '## Summary');
    expect(summary).toContain('| Declaration | Tier | ✅ MET | 🟡 PARTIAL | ❌ NOT_MET | 🏢 MET_ELSEWHERE | ⛔ NOT_POSSIBLE_ON_AWS | ➖ NOT_APPLICABLE | Total |');
    expect(summary.filter((l) => l.startsWith('| the whole app, Enhanced tier, hosting platform, internal exposure | '))).toHaveLength(2);
    expect(summary.some((l) => l.startsWith('| **Total** | all | '))).toBe(true);
    for (const tier of ['### Baseline', '### Enhanced']) {
      const table = section(md, tier).filter((l) => l.startsWith('|'));
      expect(table[0]).toBe('| Id | Requirement | Status | Why | Resources |');
      expect(table.length).toBeGreaterThan(2);
    }
    expect(section(md, '### Baseline').some((l) => l.startsWith('| HP-B1 |'))).toBe(true);
    expect(section(md, '### Enhanced').some((l) => l.startsWith('| HP-E1 | Firewall log data for denied network traffic | 🟡 PARTIAL |'))).toBe(true);
    expect(md).toMatch(/```mermaid\nflowchart LR\n[\s\S]*?\n```/);
  });

  test('the summary row counts match the JSON summary', () => {
    // GIVEN
    const doc = report();
    // WHEN
    const md = renderMarkdown(doc);
    // THEN
    const t = doc.summary.total;
    expect(md).toContain(`| **Total** | all | ${t.met} | ${t.partial} | ${t.notMet} | ${t.metElsewhere} | ${t.notPossibleOnAws} | ${t.notApplicable} | ${t.total} |`);
    expect(t.total).toBe(doc.declarations[0].requirements.length);
  });

  test('details list findings, acknowledgements with their reason and the nearest equivalent', () => {
    // GIVEN
    const md = renderMarkdown(report());
    // THEN
    const details = md.slice(md.indexOf('<details><summary>HP-E1 '));
    const block = details.slice(0, details.indexOf('</details>'));
    expect(block).toContain('🟡 PARTIAL</summary>');
    expect(block).toContain('`LogCollection-HP-E1` NON_COMPLIANT (acknowledged) on `Workload/Sandbox`');
    expect(block).toContain('acknowledged at `Workload/Sandbox` as `LogCollection::LogCollection-HP-E1`: sandbox, no traffic');
    expect(block).toContain('**Nearest equivalent on AWS**');
  });

  test('the other profile\'s requirements are left out of the tables and counted in one line', () => {
    // GIVEN a hosting platform declaration
    const doc = report();
    // WHEN
    const md = renderMarkdown(doc);
    // THEN
    const hidden = doc.declarations[0].requirements.filter((r) => !r.profiles.includes(doc.declarations[0].profile)).length;
    expect(hidden).toBeGreaterThan(0);
    expect(md).toContain(`The ${hidden} custom application requirements are not applicable to this declaration`);
    expect(md).not.toMatch(/^\| CA-B2 \|/m);
  });

  test('text from the app cannot break a table or inject HTML', () => {
    // GIVEN a reason holding a pipe, a tag and emphasis characters
    const doc = report();
    const tampered: CoverageReportDocument = {
      ...doc,
      declarations: [{
        ...doc.declarations[0],
        requirements: doc.declarations[0].requirements.map((r) => (r.id === 'HP-B1'
          ? { ...r, status: CoverageStatus.NOT_MET, reason: 'a | b <script>x</script> *bold* _it_\nnext' }
          : r)),
      }],
    };
    // WHEN
    const row = renderMarkdown(tampered).split('\n').find((l) => l.startsWith('| HP-B1 |'))!;
    // THEN the row still has five cells and the text is escaped
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(5);
    expect(row).toContain('a \\| b &lt;script&gt;x&lt;/script&gt; \\*bold\\* \\_it\\_ next');
    expect(row).not.toContain('<script>');
  });

  test('several declarations get a heading each and an all-declarations row', () => {
    // GIVEN
    const { app } = newApp();
    const stack = new Stack(app, 'Workload');
    vpc(stack, 'Vpc');
    const baseline = new LogCollectionChecks(app, { ...ENHANCED_HP_INTERNAL, tier: MaturityTier.BASELINE });
    const enhanced = new LogCollectionChecks(app, ENHANCED_HP_INTERNAL);
    // WHEN
    const md = renderMarkdown(buildCoverageReport(app, [{ pack: enhanced, scope: app }, { pack: baseline, scope: stack }]));
    // THEN
    expect(md).toContain('## Declaration: the whole app, Enhanced tier, hosting platform, internal exposure');
    expect(md).toContain('## Declaration: `Workload`, Baseline tier, hosting platform, internal exposure');
    expect(md).toContain('| **All declarations** | Baseline |');
  });
});
