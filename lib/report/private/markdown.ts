import {
  CoverageReportDocument,
  CoverageStatus,
  DataFlowGraph,
  DataFlowNodeKind,
  DeclarationCoverage,
  RequirementCoverage,
  StatusCounts,
} from '../coverage-report-document';
import { PROFILE_TEXT, requirementAnchor, TIER_TEXT } from './text';
import { LoggingProfile, MaturityTier, RequirementKind } from '../../requirements/types';

/** The status as the Markdown reports show it. */
export const STATUS_TEXT: Record<CoverageStatus, string> = {
  [CoverageStatus.MET]: '✅ MET',
  [CoverageStatus.PARTIAL]: '🟡 PARTIAL',
  [CoverageStatus.NOT_MET]: '❌ NOT_MET',
  [CoverageStatus.MET_ELSEWHERE]: '🏢 MET_ELSEWHERE',
  [CoverageStatus.NOT_POSSIBLE_ON_AWS]: '⛔ NOT_POSSIBLE_ON_AWS',
  [CoverageStatus.NOT_APPLICABLE]: '➖ NOT_APPLICABLE',
};
const KIND_GROUPS: Array<{ kind: DataFlowNodeKind; id: string; title: string }> = [
  { kind: DataFlowNodeKind.SOURCE, id: 'sources', title: 'Sources' },
  { kind: DataFlowNodeKind.ROUTE, id: 'routes', title: 'Routing' },
  { kind: DataFlowNodeKind.STORE, id: 'stores', title: 'Central stores' },
  { kind: DataFlowNodeKind.SIEM, id: 'siem', title: 'SIEM hand-off' },
];
/** Resources listed in a table cell before "and n more". */
const CELL_RESOURCES = 3;

/**
 * Renders the report as Markdown for a pull request: a summary table, the
 * data flow as a Mermaid diagram, then per declaration one table per tier
 * and the details (findings, acknowledgements, retention, nearest
 * equivalent) of every requirement that has any. Reads only the document,
 * so CI scripts can render a report they loaded from JSON.
 */
export function renderReportMarkdown(report: CoverageReportDocument): string {
  const out: string[] = [];
  out.push('# Security log collection coverage', '');
  out.push(
    `Written at synth by ${report.generator} (report schema ${report.schemaVersion}) from the synthesised app: each requirement of ` +
    'the security log collection standard and its policies, its status, the resources that meet it and what is missing. ' +
    'The same data is in `log-collection-report.json`.',
    '',
  );
  out.push(...renderSummary(report), '');
  out.push('## Data flow', '', ...renderMermaid(report.dataFlow), '');
  for (const d of report.declarations) {
    out.push(...renderDeclaration(d, report.declarations.length > 1));
  }
  return `${out.join('\n').replace(/\n{3,}/g, '\n\n').trimEnd()}\n`;
}

/** The status counts per declaration and tier. */
export function renderSummary(report: CoverageReportDocument): string[] {
  const lines = ['## Summary', ''];
  if (report.declarations.length === 0) {
    lines.push('No declaration: no `LogCollectionChecks` pack was included in the report.');
    return lines;
  }
  lines.push(
    '| Declaration | Tier | ✅ MET | 🟡 PARTIAL | ❌ NOT_MET | 🏢 MET_ELSEWHERE | ⛔ NOT_POSSIBLE_ON_AWS | ➖ NOT_APPLICABLE | Total |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  const row = (name: string, tier: string, c: StatusCounts) =>
    `| ${name} | ${tier} | ${c.met} | ${c.partial} | ${c.notMet} | ${c.metElsewhere} | ${c.notPossibleOnAws} | ${c.notApplicable} | ${c.total} |`;
  for (const d of report.declarations) {
    for (const t of d.summary.tiers) {
      lines.push(row(declarationTitle(d), TIER_TEXT[t.tier], t));
    }
  }
  if (report.declarations.length > 1) {
    for (const t of report.summary.tiers) {
      lines.push(row('**All declarations**', TIER_TEXT[t.tier], t));
    }
  }
  lines.push(row('**Total**', 'all', report.summary.total));
  return lines;
}

function renderDeclaration(d: DeclarationCoverage, numbered: boolean): string[] {
  const lines: string[] = [];
  lines.push(`## ${numbered ? 'Declaration: ' : 'Requirements: '}${declarationTitle(d)}`, '');
  lines.push(`Rules run: ${d.ruleIds.length > 0 ? d.ruleIds.map(code).join(', ') : 'none'}.`, '');
  const shown = d.requirements.filter((r) => r.profiles.includes(d.profile));
  const hidden = d.requirements.length - shown.length;
  for (const tier of [MaturityTier.BASELINE, MaturityTier.ENHANCED]) {
    const entries = shown.filter((r) => r.tier === tier);
    lines.push(`### ${TIER_TEXT[tier]}`, '');
    lines.push('| Id | Requirement | Status | Why | Resources |', '| --- | --- | --- | --- | --- |');
    for (const r of entries) {
      lines.push(`| ${r.id} | ${cell(titleOf(r))} | ${STATUS_TEXT[r.status]} | <a id="${requirementAnchor(d.id, r.id)}"></a>${cell(r.reason)} | ${resourcesCell(r)} |`);
    }
    lines.push('');
  }
  if (d.inScope.length > 0) {
    lines.push('### In scope', '', '| Resource | Type | Covered |', '| --- | --- | --- |');
    for (const r of d.inScope) {
      const covered = r.covered ? '✅ yes' : `❌ no (${r.openRuleIds.map(code).join(', ')})`;
      const notes = (r.notes ?? []).length > 0 ? `: ${cell((r.notes ?? []).join(' '))}` : '';
      lines.push(`| ${code(r.constructPath)} | ${r.type}${r.imported ? ' (imported)' : ''} | ${covered}${notes} |`);
    }
    lines.push('');
  }
  if (hidden > 0) {
    const other = Object.values(LoggingProfile).filter((p) => p !== d.profile).map((p) => PROFILE_TEXT[p]).join(', ');
    lines.push(`The ${hidden} ${other} requirements are not applicable to this declaration and are listed only in the JSON report.`, '');
  }
  const detailed = shown.filter((r) => hasDetails(r));
  if (detailed.length > 0) {
    lines.push('### Details', '');
    for (const r of detailed) {
      lines.push(...renderDetails(r), '');
    }
  }
  return lines;
}

function hasDetails(r: RequirementCoverage): boolean {
  return r.findings.length > 0 || r.acknowledgements.length > 0 || r.nearestEquivalent !== undefined
    || (r.retention?.length ?? 0) > 0 || r.resources.length > CELL_RESOURCES || r.evidence.length > 0;
}

function renderDetails(r: RequirementCoverage): string[] {
  const lines: string[] = [];
  lines.push(`<details><summary>${html(`${r.id} ${r.title}`)}: ${STATUS_TEXT[r.status]}</summary>`, '');
  lines.push(text(r.reason), '');
  const where = (path: string) => (path ? code(path) : 'the app');
  lines.push(...section(['**Findings**', ''], r.findings, (f) =>
    `- ${code(f.ruleId)} ${f.compliance}${f.acknowledged ? ' (acknowledged)' : ''} on ${where(f.constructPath)}: ${text(f.message)}`));
  lines.push(...section(['**Acknowledgements**', ''], r.acknowledgements, (a) =>
    `- ${code(a.ruleId)} on ${where(a.constructPath)}, acknowledged at ${code(a.acknowledgedAt || '(app)')} ` +
    `as ${code(a.acknowledgedId)}: ${text(a.reason)}`));
  lines.push(...section(
    ['**Retention of each log store**', '', '| Stack | Store | Logical id | Type | Days |', '| --- | --- | --- | --- | ---: |'],
    r.retention ?? [],
    (f) => `| ${cell(f.stack)} | ${code(f.constructPath)} | ${code(f.logicalId)} | ${f.type} | ${f.days === 0 ? 'never expires' : f.days} |`,
  ));
  if (r.resources.length > CELL_RESOURCES) {
    lines.push(...section(['**Resources that meet it**', ''], r.resources, (res) =>
      `- ${code(res.constructPath)}${res.type ? ` (${res.type}${res.logicalId ? ` ${code(res.logicalId)}` : ''})` : ''}, stack ${text(res.stack || '-')}`));
  }
  lines.push(...section(['**Evidence recorded by constructs**', ''], r.evidence, (e) => `- ${code(e.constructPath)}: ${text(e.note)}`));
  if (r.nearestEquivalent) {
    lines.push('**Nearest equivalent on AWS**', '', text(r.nearestEquivalent), '');
  }
  lines.push('</details>');
  return lines;
}

/** A block of the details: its heading lines, one line per item and a blank line; nothing when there are no items. */
function section<T>(heading: string[], items: readonly T[], line: (item: T) => string): string[] {
  return items.length === 0 ? [] : [...heading, ...items.map(line), ''];
}

function resourcesCell(r: RequirementCoverage): string {
  if (r.resources.length === 0) {
    return '-';
  }
  const shown = r.resources.slice(0, CELL_RESOURCES).map((res) => `${code(res.constructPath)}${res.type ? ` (${res.type})` : ''}`);
  const more = r.resources.length - CELL_RESOURCES;
  return cell(shown.join(', ') + (more > 0 ? ` and ${more} more` : ''), false);
}

/** The title as the Markdown reports show it (policy rules say so). */
export function titleOf(r: RequirementCoverage): string {
  return r.kind === RequirementKind.POLICY ? `${r.title} (policy)` : r.title;
}

/** A declaration in words: scope, tier, profile, exposure. */
export function declarationTitle(d: DeclarationCoverage): string {
  const scope = d.scope === '' ? 'the whole app' : code(d.scope);
  const exposure = d.exposure ? `, ${d.exposure.toLowerCase()} exposure` : ', no exposure declared';
  return `${scope}, ${TIER_TEXT[d.tier]} tier, ${PROFILE_TEXT[d.profile]}${exposure}`;
}

// ---- Mermaid

/** The data flow as a Mermaid flowchart in a fenced block (a note node when the app has no log flow). */
export function renderMermaid(graph: DataFlowGraph): string[] {
  const lines = ['```mermaid', 'flowchart LR'];
  if (graph.nodes.length === 0) {
    lines.push('  none["No log source, store or SIEM hand-off found in the synthesised resources"]', '```');
    return lines;
  }
  for (const group of KIND_GROUPS) {
    const nodes = graph.nodes.filter((n) => n.kind === group.kind);
    if (nodes.length === 0) {
      continue;
    }
    lines.push(`  subgraph ${group.id}["${mermaidText(group.title)}"]`);
    for (const n of nodes) {
      lines.push(`    ${n.id}${shape(n.kind, mermaidText(n.label))}`);
    }
    lines.push('  end');
  }
  for (const e of graph.edges) {
    lines.push(`  ${e.from} -->|"${mermaidText(e.label)}"| ${e.to}`);
  }
  const external = graph.nodes.filter((n) => n.external).map((n) => n.id);
  if (external.length > 0) {
    lines.push('  classDef external stroke-dasharray: 5 5', `  class ${external.join(',')} external`);
  }
  lines.push('```');
  if (external.length > 0) {
    lines.push('', 'Dashed nodes are outside this app: named by ARN or name only (for example the central log account seen from a workload app).');
  }
  return lines;
}

function shape(kind: DataFlowNodeKind, label: string): string {
  switch (kind) {
    case DataFlowNodeKind.SOURCE:
      return `(["${label}"])`;
    case DataFlowNodeKind.STORE:
      return `[("${label}")]`;
    case DataFlowNodeKind.SIEM:
      return `[["${label}"]]`;
    default:
      return `["${label}"]`;
  }
}

/** Text for a quoted Mermaid label: entity codes for characters Mermaid or its HTML labels would read; newlines become line breaks. */
function mermaidText(s: string): string {
  return s
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/\r?\n/g, '<br/>');
}

// ---- Markdown escaping

/** Text for Markdown prose: characters that would format or hide text are escaped. */
function text(s: string): string {
  return s
    .replace(/\r?\n/g, ' ')
    .replace(/([\\`*_[\]|])/g, '\\$1')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** Text for a table cell (escaped unless it is already Markdown). */
export function cell(s: string, escape = true): string {
  return escape ? text(s) : s.replace(/\r?\n/g, ' ');
}

/** Text inside an HTML element. */
function html(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An inline code span that survives any backticks and table pipes inside it. */
export function code(s: string): string {
  const clean = s.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const ticks = clean.includes('`') ? '``' : '`';
  return `${ticks}${ticks === '``' ? ' ' : ''}${clean}${ticks === '``' ? ' ' : ''}${ticks}`;
}
