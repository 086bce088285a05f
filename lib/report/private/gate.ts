import { PolicyViolation } from 'aws-cdk-lib';
import type { LogCollectionChecks } from '../../checks/log-collection-checks';
import { CoverageReportDocument, CoverageStatus } from '../coverage-report-document';

/**
 * The report-level gate (`failOnNotMet` on a `LogCollectionChecks` pack): one
 * error per NOT_MET requirement of a gated declaration that the pack does not
 * accept. Not public API.
 */

/** The name the gate's violations carry in the CDK validation report. */
export const GATE_RULE_NAME = 'LogCollectionCoverageReport-NotMet';

/** What the gate needs of a declaration: its pack and its scope path. */
export interface GatedDeclaration {
  readonly pack: LogCollectionChecks;
  readonly scopePath: string;
}

/** The declaration id the report gives a pack applied to a scope (see build.ts). */
export function declarationId(d: GatedDeclaration): string {
  return `${d.scopePath || 'app'}:${d.pack.tier}:${d.pack.profile}:${d.pack.exposure ?? 'UNSPECIFIED'}`;
}

/** The gate's violations for a report: empty when no declaration is gated or nothing gated is NOT_MET. */
export function gateViolations(report: CoverageReportDocument, declarations: readonly GatedDeclaration[]): PolicyViolation[] {
  const violations: PolicyViolation[] = [];
  for (const d of report.declarations) {
    const packs = declarations.filter((x) => declarationId(x) === d.id && x.pack.failOnNotMet).map((x) => x.pack);
    if (packs.length === 0) {
      continue;
    }
    for (const r of d.requirements) {
      if (r.status !== CoverageStatus.NOT_MET || packs.some((p) => p.acceptedGaps[r.id] !== undefined)) {
        continue;
      }
      violations.push({
        ruleName: GATE_RULE_NAME,
        description:
          `${r.id} (${r.title}) is NOT_MET for ${d.scope === '' ? 'the whole app' : d.scope} (${d.tier}, ${d.profile}): ${r.reason} ` +
          `Meet it, or name it in acceptedGaps of the LogCollectionChecks pack (WorkloadLogCollection.checks({ acceptedGaps })) ` +
          'with the reason it is accepted.',
        severity: 'error',
        // The declared scope (the app's root path is empty): the report names the requirement, not a resource.
        violatingResources: [{ constructPath: d.scope === '' ? '/' : d.scope, locations: [] }],
      });
    }
  }
  return violations;
}
