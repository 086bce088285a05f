import { CfnResource, Stack, Stage, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ElsewhereEvidence, findElsewhereEvidence, findEvidence, RequirementEvidence } from '../../core/evidence';
import { buildDataFlow } from './data-flow';
import { scopeResources } from './in-scope';
import { compareBy, compareText, nameList, plural, PROFILE_TEXT, sortedUnique, TextCleaner, TIER_TEXT } from './text';
import { CheckCompliance, CheckResult, CheckRuleInfo } from '../../checks/check-result';
import { implementersOf } from '../../checks/implementations';
import type { LogCollectionChecks } from '../../checks/log-collection-checks';
import {
  CoverageAcknowledgement,
  CoverageEvidence,
  CoverageFinding,
  CoverageReportDocument,
  CoverageResource,
  CoverageStatus,
  CoverageSummary,
  DeclarationCoverage,
  MetElsewhere,
  RequirementCoverage,
  RetentionFigure,
  StatusCounts,
  TierStatusCounts,
} from '../coverage-report-document';
import { REQUIREMENTS, requirementsFor } from '../../requirements/catalogue';
import { minimumRetentionRequirementId } from '../../requirements/retention';
import { LoggingProfile, MaturityTier, Requirement, RequirementKind, ServiceExposure, Verdict } from '../../requirements/types';

/** Version of the report's JSON shape (2: the MET_ELSEWHERE status, `metElsewhere` counts and entries). */
export const REPORT_SCHEMA_VERSION = 2;

/** The `generator` field of every report. */
export const REPORT_GENERATOR = 'cdk-security-log-collection';

/** A pack's tier, profile and exposure applied to a scope. */
export interface ReportDeclaration {
  readonly pack: LogCollectionChecks;
  readonly scope: IConstruct;
}

const TIERS: MaturityTier[] = [MaturityTier.BASELINE, MaturityTier.ENHANCED];

/**
 * Builds the coverage report of an app: one entry per declaration and
 * catalogue requirement, the summary and the data flow. Pure apart from
 * reading the construct tree: nothing is written.
 */
export function buildReport(app: IConstruct, declarations: ReportDeclaration[]): CoverageReportDocument {
  const root = app.node.root;
  const cleaner = new TextCleaner([
    { dir: Stage.isStage(root) ? safeOutdir(root) : undefined, replacement: '<cloud assembly>' },
    { dir: process.cwd(), replacement: '.' },
  ]);
  const appEvidence = findEvidence(root);
  const elsewhere = findElsewhereEvidence(root);
  const coverage = uniqueDeclarations(declarations).map((d) => {
    // The pack judges the resources of the scope and resolves their references
    // across the whole stage (a flow log in another stack counts), as it does at synth.
    const results = d.pack.evaluate(d.scope);
    return new DeclarationBuilder(d, results, appEvidence, elsewhere, cleaner).build();
  });
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    generator: REPORT_GENERATOR,
    summary: sumSummaries(coverage.map((c) => c.summary)),
    declarations: coverage,
    dataFlow: buildDataFlow(root, cleaner),
  };
}

function safeOutdir(stage: Stage): string | undefined {
  try {
    return stage.outdir;
  } catch {
    return undefined;
  }
}

/** Declarations without repeats (same scope, tier, profile and exposure), in a stable order. */
function uniqueDeclarations(declarations: ReportDeclaration[]): ReportDeclaration[] {
  const key = (d: ReportDeclaration) => `${d.scope.node.path}\u0000${d.pack.tier}\u0000${d.pack.profile}\u0000${d.pack.exposure ?? ''}`;
  return sortedUnique(declarations, key, compareBy<ReportDeclaration>(
    (d) => d.scope.node.path,
    (d) => TIERS.indexOf(d.pack.tier),
    (d) => d.pack.profile,
    (d) => d.pack.exposure ?? '',
  ));
}

/** Whether a construct path is the scope's or under it. */
function inScope(path: string, scopePath: string): boolean {
  return scopePath === '' || path === scopePath || path.startsWith(`${scopePath}/`);
}

class DeclarationBuilder {
  private readonly scopePath: string;
  private readonly tier: MaturityTier;
  private readonly profile: LoggingProfile;
  private readonly exposure?: ServiceExposure;
  private readonly rules: CheckRuleInfo[];
  private readonly applicable: Set<string>;
  private readonly results: CheckResult[];

  constructor(
    private readonly declaration: ReportDeclaration,
    allResults: CheckResult[],
    private readonly appEvidence: Array<{ construct: IConstruct; evidence: RequirementEvidence[] }>,
    private readonly elsewhere: Array<{ construct: IConstruct; evidence: ElsewhereEvidence[] }>,
    private readonly cleaner: TextCleaner,
  ) {
    const pack = declaration.pack;
    this.scopePath = declaration.scope.node.path;
    this.tier = pack.tier;
    this.profile = pack.profile;
    this.exposure = pack.exposure;
    this.rules = pack.activeRuleIds.map((id) => ({ ruleId: id, ...ruleInfo(pack, id) }));
    this.applicable = new Set(requirementsFor(this.tier, this.profile).map((r) => r.id));
    // Resource results inside the scope (the pack judges only those), and notes on the scope as a whole (no resource).
    this.results = allResults.filter((r) => r.logicalId === undefined || inScope(r.constructPath, this.scopePath));
  }

  public build(): DeclarationCoverage {
    const requirements = REQUIREMENTS.map((req) => this.entry(req));
    return {
      id: `${this.scopePath || 'app'}:${this.tier}:${this.profile}:${this.exposure ?? 'UNSPECIFIED'}`,
      scope: this.scopePath,
      tier: this.tier,
      profile: this.profile,
      ...(this.exposure !== undefined ? { exposure: this.exposure } : {}),
      ruleIds: this.rules.map((r) => r.ruleId),
      summary: summarise(requirements),
      requirements,
      inScope: scopeResources(this.results, this.declaration.pack, this.declaration.scope),
    };
  }

  private entry(req: Requirement): RequirementCoverage {
    const notApplicable = this.notApplicableReason(req);
    const rules = notApplicable ? [] : this.rules.filter((r) => r.requirementIds.includes(req.id));
    const ruleIds = rules.map((r) => r.ruleId);
    const results = this.results.filter((r) => ruleIds.includes(r.ruleId));
    const evidence = this.evidenceFor(req);

    const compliant = results.filter((r) => r.compliance === CheckCompliance.COMPLIANT && r.logicalId !== undefined);
    const resources = dedupeResources([
      ...compliant.map((r) => this.resourceOfResult(r)),
      ...evidence.flatMap((e) => e.evidence.resources.map((c) => resourceOfConstruct(c))),
    ]);
    const findingResults = results.filter((r) => r.compliance === CheckCompliance.NON_COMPLIANT || r.compliance === CheckCompliance.UNKNOWN);
    const findings = findingResults
      .map((r) => this.finding(r))
      .sort(compareBy<CoverageFinding>((f) => f.ruleId, (f) => f.constructPath, (f) => f.message));
    const acknowledgements = sortedUnique(
      findingResults.filter((r) => r.acknowledgement).map((r) => this.acknowledgement(r)),
      (a) => `${a.ruleId}\u0000${a.constructPath}`,
      compareBy<CoverageAcknowledgement>((a) => a.ruleId, (a) => a.constructPath, (a) => a.acknowledgedId),
    );
    const evidenceNotes = sortedUnique(
      evidence.map((e) => ({ constructPath: e.construct.node.path, note: this.cleaner.clean(e.evidence.note) })),
      (e) => `${e.constructPath}\u0000${e.note}`,
      compareBy<CoverageEvidence>((e) => e.constructPath, (e) => e.note),
    );

    const judged = notApplicable
      ? { status: CoverageStatus.NOT_APPLICABLE, reason: notApplicable }
      : this.judge(req, rules, results, resources);
    const metElsewhere = this.metElsewhere(req, judged.status, results, resources);
    const { status, reason } = metElsewhere
      ? {
        status: CoverageStatus.MET_ELSEWHERE,
        reason: `Met outside this app, in account ${metElsewhere.account}, which ${nameList(metElsewhere.reliedOnBy)} ` +
          `relies on: ${metElsewhere.note} Nothing in this app meets it.`,
      }
      : judged;

    const showNearest = req.nearestEquivalent !== undefined && req.verdict !== Verdict.FULL
      && (status === CoverageStatus.PARTIAL || status === CoverageStatus.NOT_POSSIBLE_ON_AWS);
    return {
      id: req.id,
      title: req.title,
      tier: req.tier,
      profiles: [...req.profiles],
      kind: req.kind,
      verdict: req.verdict,
      status,
      reason: this.cleaner.clean(reason),
      ruleIds,
      resources,
      findings,
      acknowledgements,
      evidence: evidenceNotes,
      ...(showNearest ? { nearestEquivalent: req.nearestEquivalent } : {}),
      ...(req.retentionDays !== undefined ? { retention: notApplicable ? [] : this.retention(results) } : {}),
      ...(metElsewhere ? { metElsewhere } : {}),
    };
  }

  /**
   * Where a requirement that would be NOT_MET is met by design outside the
   * app: only when nothing in the app meets it, no finding is open or
   * acknowledged, and a construct of the app recorded that another account
   * meets it (app-wide: the central account serves every stack).
   */
  private metElsewhere(req: Requirement, status: CoverageStatus, results: CheckResult[], resources: CoverageResource[]): MetElsewhere | undefined {
    const findings = results.filter((r) => r.compliance === CheckCompliance.NON_COMPLIANT || r.compliance === CheckCompliance.UNKNOWN);
    if (status !== CoverageStatus.NOT_MET || resources.length > 0 || findings.length > 0) {
      return undefined;
    }
    const claims = this.elsewhere.flatMap((e) => e.evidence
      .filter((ev) => ev.requirementIds.includes(req.id))
      .map((ev) => ({ path: e.construct.node.path, evidence: ev })));
    if (claims.length === 0) {
      return undefined;
    }
    const accounts = unique(claims.map((c) => c.evidence.account));
    const first = claims.filter((c) => c.evidence.account === accounts[0]);
    return {
      account: accounts[0],
      reliedOnBy: unique(first.map((c) => c.path)),
      note: this.cleaner.clean(first[0].evidence.note),
    };
  }

  /** Why a requirement is not asked for under this declaration; undefined when it is. */
  private notApplicableReason(req: Requirement): string | undefined {
    if (!req.profiles.includes(this.profile)) {
      return `A ${req.profiles.map((p) => PROFILE_TEXT[p]).join(' and ')} requirement; this declaration is for the ${PROFILE_TEXT[this.profile]} profile.`;
    }
    if (!this.applicable.has(req.id)) {
      return `An ${TIER_TEXT[req.tier]} requirement; this declaration checks the ${TIER_TEXT[this.tier]} tier.`;
    }
    const minimumIds = [ServiceExposure.EXTERNAL, ServiceExposure.INTERNAL].map((e) => minimumRetentionRequirementId(e));
    const chosen = minimumRetentionRequirementId(this.exposure ?? ServiceExposure.EXTERNAL);
    if (minimumIds.includes(req.id) && req.id !== chosen) {
      return this.exposure === undefined
        ? `No exposure was declared, so the ${chosen} minimum every service must meet is checked instead; declare exposure INTERNAL to check this one.`
        : `The minimum for other services; this declaration's exposure is ${this.exposure}, so ${chosen} applies.`;
    }
    return undefined;
  }

  /** The status and its one-sentence reason, for a requirement that applies. */
  private judge(req: Requirement, rules: CheckRuleInfo[], results: CheckResult[], resources: CoverageResource[]): { status: CoverageStatus; reason: string } {
    const open = results.filter((r) => r.compliance === CheckCompliance.NON_COMPLIANT && !r.acknowledgement);
    const undecided = results.filter((r) => r.compliance === CheckCompliance.UNKNOWN && !r.acknowledgement);
    const acknowledged = results.filter((r) => (r.compliance === CheckCompliance.NON_COMPLIANT || r.compliance === CheckCompliance.UNKNOWN) && r.acknowledgement);
    const met = resources.length;
    const where = (rs: CheckResult[]) => nameList(unique(rs.map((r) => r.constructPath || 'the app')));

    if (req.verdict === Verdict.NOT_POSSIBLE_ON_AWS) {
      const substitute = met > 0
        ? `${plural(met, 'resource')} in scope provide the nearest equivalent`
        : 'no resource in scope provides the nearest equivalent yet';
      return { status: CoverageStatus.NOT_POSSIBLE_ON_AWS, reason: `No AWS log source can meet it as written; ${substitute}.` };
    }
    if (open.length > 0) {
      return {
        status: CoverageStatus.NOT_MET,
        reason: `Not met by ${where(open)} (${plural(open.length, 'unacknowledged finding')} of ${unique(open.map((r) => r.ruleId)).join(', ')}).`,
      };
    }
    const acknowledgedText = acknowledged.length > 0
      ? `${plural(acknowledged.length, 'finding')} on ${where(acknowledged)} acknowledged (${unique(acknowledged.map((r) => `"${r.acknowledgement!.reason}"`)).join('; ')})`
      : '';
    if (met === 0) {
      if (acknowledged.length > 0) {
        return { status: CoverageStatus.PARTIAL, reason: `No resource in scope meets it; ${acknowledgedText}.` };
      }
      if (rules.length > 0 && undecided.length === 0) {
        // Every rule looked and found nothing in scope it applies to (no VPC, no cluster, no pipeline...):
        // the requirement asks nothing of this scope.
        return { status: CoverageStatus.NOT_APPLICABLE, reason: `Nothing in scope it applies to: ${this.whyNothing(req, rules, results, undecided)}.` };
      }
      return { status: CoverageStatus.NOT_MET, reason: `No resource in scope meets it: ${this.whyNothing(req, rules, results, undecided)}.` };
    }
    const metText = `Met by ${plural(met, 'resource')} in scope`;
    if (acknowledged.length > 0 || undecided.length > 0) {
      const parts = [
        acknowledgedText,
        undecided.length > 0 ? `${plural(undecided.length, 'result')} on ${where(undecided)} could not be decided at synth time` : '',
      ].filter((p) => p !== '');
      return { status: CoverageStatus.PARTIAL, reason: `${metText}, but ${parts.join(', and ')}.` };
    }
    if (req.verdict === Verdict.PARTIAL) {
      return { status: CoverageStatus.PARTIAL, reason: `${metText}, as far as AWS allows (see the nearest equivalent).` };
    }
    return { status: CoverageStatus.MET, reason: `${metText}.` };
  }

  /** Why nothing meets a requirement: what the rules found, or that none can judge it. */
  private whyNothing(req: Requirement, rules: CheckRuleInfo[], results: CheckResult[], undecided: CheckResult[]): string {
    if (undecided.length > 0) {
      return `the pack could not decide at synth time (${unique(undecided.map((r) => r.ruleId)).join(', ')}: ${firstSentence(undecided[0].message)})`;
    }
    if (rules.length === 0) {
      const constructs = implementersOf(req.id);
      const where = req.kind === RequirementKind.POLICY ? 'in the app' : 'in scope';
      return constructs.length > 0
        ? `no rule of the pack can judge it from the template, and no ${nameList(constructs, constructs.length, 'or')} ${where} recorded evidence for it`
        : `no construct of this library implements it (the catalogue leaves it to the service team), and nothing ${where} recorded evidence for it`;
    }
    const why = rules.map((rule) => {
      const own = results.filter((r) => r.ruleId === rule.ruleId);
      if (own.length === 0) {
        return `no ${rule.resourceTypes.join(' or ')} in scope`;
      }
      return `${rule.ruleId} found no resource it applies to among ${plural(own.length, rule.resourceTypes.join(' or '))} in scope`;
    });
    return unique(why).join('; ');
  }

  /** Construct evidence for a requirement: in scope for collection items, app-wide for policy rules (the archive is in another stack). */
  private evidenceFor(req: Requirement): Array<{ construct: IConstruct; evidence: RequirementEvidence }> {
    const appWide = req.kind === RequirementKind.POLICY;
    return this.appEvidence
      .filter((e) => appWide || inScope(e.construct.node.path, this.scopePath))
      .flatMap((e) => e.evidence.filter((ev) => ev.requirementIds.includes(req.id)).map((ev) => ({ construct: e.construct, evidence: ev })));
  }

  private retention(results: CheckResult[]): RetentionFigure[] {
    const figures = results
      .filter((r) => r.retentionDays !== undefined && r.logicalId !== undefined && r.resourceType !== undefined)
      .map((r) => ({
        stack: r.stackName ?? '',
        constructPath: r.constructPath,
        logicalId: r.logicalId!,
        type: r.resourceType!,
        days: r.retentionDays!,
      }));
    return sortedUnique(figures, (f) => f.constructPath, compareBy<RetentionFigure>((f) => f.stack, (f) => f.constructPath, (f) => f.days));
  }

  private resourceOfResult(r: CheckResult): CoverageResource {
    return { stack: r.stackName ?? '', constructPath: r.constructPath, logicalId: r.logicalId, type: r.resourceType };
  }

  private finding(r: CheckResult): CoverageFinding {
    return {
      ruleId: r.ruleId,
      severity: r.severity,
      compliance: r.compliance,
      constructPath: r.constructPath,
      ...(r.stackName !== undefined ? { stack: r.stackName } : {}),
      ...(r.logicalId !== undefined ? { logicalId: r.logicalId } : {}),
      ...(r.resourceType !== undefined ? { type: r.resourceType } : {}),
      message: this.cleaner.clean(r.message),
      acknowledged: r.acknowledgement !== undefined,
    };
  }

  private acknowledgement(r: CheckResult): CoverageAcknowledgement {
    const a = r.acknowledgement!;
    return {
      ruleId: r.ruleId,
      constructPath: r.constructPath,
      reason: this.cleaner.clean(a.reason),
      acknowledgedId: a.acknowledgedId,
      acknowledgedAt: a.acknowledgedAt,
    };
  }
}

/** A rule's requirements and resource types as the pack runs it. */
function ruleInfo(pack: LogCollectionChecks, ruleId: string): Omit<CheckRuleInfo, 'ruleId'> {
  const described = (pack.constructor as typeof LogCollectionChecks).describeRules(pack.tier, pack.profile, pack.exposure)
    .find((r) => r.ruleId === ruleId);
  return {
    requirementIds: described?.requirementIds ?? pack.requirementIdsOf(ruleId),
    resourceTypes: described?.resourceTypes ?? [],
    summary: described?.summary ?? '',
    fixedBy: described?.fixedBy ?? [],
  };
}

/** The CloudFormation resource behind a construct that recorded evidence: itself, or its default child. */
function resourceOfConstruct(c: IConstruct): CoverageResource {
  const child = c.node.defaultChild;
  const l1 = CfnResource.isCfnResource(c) ? c : child && CfnResource.isCfnResource(child) ? child : undefined;
  const target = l1 ?? c;
  let stack = '';
  let logicalId: string | undefined;
  try {
    const s = Stack.of(target);
    stack = Token.isUnresolved(s.stackName) ? s.node.path : s.stackName;
    if (l1) {
      const resolved = s.resolve(l1.logicalId);
      logicalId = typeof resolved === 'string' ? resolved : s.getLogicalId(l1);
    }
  } catch {
    // Not in a stack: no stack name or logical id to give.
  }
  return {
    stack,
    constructPath: target.node.path,
    ...(logicalId !== undefined ? { logicalId } : {}),
    ...(l1 ? { type: l1.cfnResourceType } : {}),
  };
}

/** One resource per construct path (the fullest record wins), sorted by stack, path and logical id. */
function dedupeResources(resources: CoverageResource[]): CoverageResource[] {
  const byPath = new Map<string, CoverageResource>();
  for (const r of resources) {
    const kept = byPath.get(r.constructPath);
    if (!kept || (kept.logicalId === undefined && r.logicalId !== undefined)) {
      byPath.set(r.constructPath, {
        stack: r.stack,
        constructPath: r.constructPath,
        ...(r.logicalId !== undefined ? { logicalId: r.logicalId } : {}),
        ...(r.type !== undefined ? { type: r.type } : {}),
      });
    }
  }
  return [...byPath.values()].sort(compareBy<CoverageResource>((r) => r.stack, (r) => r.constructPath, (r) => r.logicalId));
}

function summarise(entries: RequirementCoverage[]): CoverageSummary {
  const tiers: TierStatusCounts[] = TIERS.map((tier) => ({ tier, ...count(entries.filter((e) => e.tier === tier).map((e) => e.status)) }));
  return { tiers, total: count(entries.map((e) => e.status)) };
}

function sumSummaries(summaries: CoverageSummary[]): CoverageSummary {
  const add = (items: StatusCounts[]): StatusCounts => statusCounts((key) => items.reduce((n, c) => n + c[key], 0));
  return {
    tiers: TIERS.map((tier) => ({ tier, ...add(summaries.flatMap((s) => s.tiers.filter((t) => t.tier === tier))) })),
    total: add(summaries.map((s) => s.total)),
  };
}

function count(statuses: CoverageStatus[]): StatusCounts {
  return statusCounts((_key, status) => (status === undefined ? statuses.length : statuses.filter((x) => x === status).length));
}

/** Status counts in the report's key order, each figure from `figure` (given the status it counts; none for the total). */
function statusCounts(figure: (key: keyof StatusCounts, status?: CoverageStatus) => number): StatusCounts {
  return {
    met: figure('met', CoverageStatus.MET),
    partial: figure('partial', CoverageStatus.PARTIAL),
    notMet: figure('notMet', CoverageStatus.NOT_MET),
    metElsewhere: figure('metElsewhere', CoverageStatus.MET_ELSEWHERE),
    notPossibleOnAws: figure('notPossibleOnAws', CoverageStatus.NOT_POSSIBLE_ON_AWS),
    notApplicable: figure('notApplicable', CoverageStatus.NOT_APPLICABLE),
    total: figure('total'),
  };
}

function unique(items: string[]): string[] {
  return [...new Set(items)].sort(compareText);
}

/** The first sentence of a message, without its final full stop. */
function firstSentence(message: string): string {
  const end = message.search(/\.(\s|$)/);
  return end === -1 ? message : message.slice(0, end);
}
