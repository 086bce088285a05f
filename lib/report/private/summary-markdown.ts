import { CoverageReportDocument } from '../coverage-report-document';
import { cell, code, declarationTitle, renderSummary, STATUS_TEXT, titleOf } from './markdown';
import { requirementAnchor } from './text';

/**
 * The short Markdown report (`log-collection-report-summary.md`): the counts,
 * then one line per requirement of each declaration (id, title, status,
 * resource count, link to its row in the detailed report). It fits in a
 * pull-request comment. Not public API.
 */

/** The most a GitHub pull-request comment holds, in characters. */
export const SUMMARY_MAX_CHARS = 65536;

/**
 * Render the summary. `detailFile` is the detailed report's file name, which
 * the links point into. If the lines would pass `SUMMARY_MAX_CHARS`, the
 * last ones are left out and a line says how many and where they are.
 */
export function renderSummaryMarkdown(report: CoverageReportDocument, detailFile: string): string {
  const head: string[] = ['# Security log collection coverage: summary', ''];
  head.push(
    `One line per requirement; the reasons, findings and resources are in ${code(detailFile)} and ` +
    '`log-collection-report.json`.',
    '',
  );
  head.push(...renderSummary(report), '');
  const body: string[] = [];
  for (const d of report.declarations) {
    body.push(`## ${declarationTitle(d)}`, '');
    body.push('| Id | Requirement | Status | Resources | Detail |', '| --- | --- | --- | ---: | --- |');
    for (const r of d.requirements.filter((x) => x.profiles.includes(d.profile))) {
      body.push(
        `| ${r.id} | ${cell(titleOf(r))} | ${STATUS_TEXT[r.status]} | ${r.resources.length} | ` +
        `[detail](${detailFile}#${requirementAnchor(d.id, r.id)}) |`,
      );
    }
    body.push('');
  }
  return fit(head, body);
}

/**
 * The summary, whole when it fits in SUMMARY_MAX_CHARS, else the head and as many body lines as fit, with a note of
 * how many were left out. The kept count is found by bisection (the text grows with every kept line), so a report
 * of thousands of lines is joined a few dozen times, not once per line.
 */
function fit(head: string[], body: string[]): string {
  const join = (lines: string[]) => `${lines.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
  const full = join([...head, ...body]);
  if (full.length <= SUMMARY_MAX_CHARS) {
    return full;
  }
  const withNote = (kept: number) => join([...head, ...body.slice(0, kept), '',
    `${body.length - kept} more lines are left out to fit a pull-request comment; they are in the detailed report.`]);
  // The largest kept count whose text fits: `low` always fits (none kept is the floor), `high` never does.
  let low = 0;
  let high = body.length;
  while (high - low > 1) {
    const mid = Math.floor((low + high) / 2);
    if (withNote(mid).length <= SUMMARY_MAX_CHARS) {
      low = mid;
    } else {
      high = mid;
    }
  }
  return withNote(low);
}
