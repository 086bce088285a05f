import { IConstruct } from 'constructs';
import { compareBy, compareText } from './text';
import { CheckCompliance, CheckResult } from '../../checks/check-result';
import { isOpen, judgeImportedVpcs } from '../../checks/imported-vpcs';
import type { LogCollectionChecks } from '../../checks/log-collection-checks';
import { ScopeResource } from '../coverage-report-document';

/**
 * A declaration's `inScope` list: every resource in scope a log source is
 * about, and whether its logging is in place. Not public API.
 */

/** The resource types the report's `inScope` list covers: what the log sources are about. */
const SCOPE_TYPES = [
  'AWS::EC2::VPC', 'AWS::EKS::Cluster', 'AWS::Cognito::UserPool', 'AWS::ApiGateway::Stage', 'AWS::ApiGatewayV2::Stage',
  'AWS::ApiGateway::Deployment', 'AWS::EC2::ClientVpnEndpoint',
];

/**
 * The resources in scope a log source is about: those the pack's rules judged
 * (from `results`, the pack's results in scope), and the imported VPCs under
 * `scope`, which no rule runs on, judged as the VPC rules would by their VPC
 * id (listed only when the pack runs a VPC rule, as a VPC in the app is).
 */
export function scopeResources(results: CheckResult[], pack: LogCollectionChecks, scope: IConstruct): ScopeResource[] {
  const byPath = new Map<string, { type: string; stack: string; rules: Set<string>; open: Set<string> }>();
  for (const r of results) {
    if (r.logicalId === undefined || r.resourceType === undefined || !SCOPE_TYPES.includes(r.resourceType)
      || r.compliance === CheckCompliance.NOT_APPLICABLE) {
      continue;
    }
    const entry = byPath.get(r.constructPath) ?? { type: r.resourceType, stack: r.stackName ?? '', rules: new Set<string>(), open: new Set<string>() };
    entry.rules.add(r.ruleId);
    if (r.compliance !== CheckCompliance.COMPLIANT && !r.acknowledgement) {
      entry.open.add(r.ruleId);
    }
    byPath.set(r.constructPath, entry);
  }
  const judged: ScopeResource[] = [...byPath.entries()].map(([constructPath, e]) => ({
    type: e.type,
    constructPath,
    stack: e.stack,
    covered: e.open.size === 0,
    ruleIds: unique([...e.rules]),
    openRuleIds: unique([...e.open]),
  }));
  const imported: ScopeResource[] = judgeImportedVpcs(pack, scope)
    .filter((j) => j.results.length > 0)
    .map((j) => ({
      type: 'AWS::EC2::VPC',
      constructPath: j.vpc.node.path,
      stack: j.stackName,
      covered: !j.results.some(isOpen),
      ruleIds: unique(j.results.map((r) => r.ruleId)),
      openRuleIds: unique(j.results.filter(isOpen).map((r) => r.ruleId)),
      imported: true,
      ...(j.results.some(isOpen) ? { notes: j.results.filter(isOpen).map((r) => r.outcome.message) } : {}),
    }));
  return [...judged, ...imported].sort(compareBy<ScopeResource>((x) => x.type, (x) => x.stack, (x) => x.constructPath));
}

function unique(items: string[]): string[] {
  return [...new Set(items)].sort(compareText);
}
