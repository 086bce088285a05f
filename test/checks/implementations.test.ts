import { LogCollectionChecks } from '../../lib/checks';
import { IMPLEMENTATIONS, implementersOf } from '../../lib/checks/implementations';
import { LOG_COLLECTION_RULES } from '../../lib/checks/rules';
import { REQUIREMENTS } from '../../lib/requirements/catalogue';
import { LoggingProfile, MaturityTier, Verdict } from '../../lib/requirements/types';

/**
 * Requirements AWS can meet (verdict FULL or PARTIAL) that no rule checks and
 * no construct of this library implements yet, each with the reason. The test
 * below fails when a new requirement joins them, and when one leaves them
 * without this list being updated.
 */
const KNOWN_GAPS: Record<string, string> = {};

function ruleRequirementIds(): Set<string> {
  const ids = new Set<string>();
  for (const tier of Object.values(MaturityTier)) {
    for (const profile of Object.values(LoggingProfile)) {
      for (const rule of LOG_COLLECTION_RULES) {
        rule.requirementIds({ tier, profile }).forEach((id) => ids.add(id));
      }
    }
  }
  return ids;
}

describe('the catalogue is the only link between requirements, constructs and rules', () => {
  test('every construct class declares its requirements once, and the list is derived from the public barrels', () => {
    expect(Object.fromEntries(IMPLEMENTATIONS.map((d) => [d.construct, d.requirementIds]))).toEqual({
      LogArchive: ['LM-1', 'LM-2', 'LM-3', 'LM-4', 'LM-5', 'LM-6', 'PU-1', 'PU-3', 'PU-4'],
      LoadBalancerLogLanding: ['PU-1'],
      VendedLogLanding: ['PU-1'],
      DnsQueryLogging: ['HP-B3'],
      VpcFlowLogging: ['HP-E1'],
      VpcBaseline: ['HP-E1', 'HP-B3'],
      AuditTrail: ['HP-B1', 'HP-B2', 'HP-B5', 'HP-E2', 'HP-E8', 'CA-B1', 'CA-E1', 'CA-E2'],
      IdentityEventForwarding: ['HP-B1', 'CA-B1'],
      CognitoUserPoolLogging: ['HP-B1', 'CA-B1'],
      EksAuditLogging: ['HP-B6'],
      PipelineEventForwarding: ['HP-E8', 'CA-E1'],
      SecurityFindingForwarding: ['HP-E4'],
      SignInCorrelation: ['HP-B1', 'CA-B1'],
      SignInEventForwarding: ['HP-B1', 'CA-B1'],
      TamperAlerts: ['PU-3'],
      ArchiveAnalysis: ['LM-4', 'LM-5', 'LM-6', 'PU-1', 'PU-3'],
      TamperEventForwarding: ['PU-3'],
      ComputeEventForwarding: ['HP-B5'],
      OrchestratorEventForwarding: ['HP-B6'],
      NetworkInventoryExport: ['HP-E2', 'HP-E3'],
      ApiAccessLogging: ['CA-B2', 'CA-B3'],
      CloudFrontAccessLogging: ['CA-B3'],
      ClientVpnConnectionLogging: ['HP-E7'],
      DataStoreAuditLogging: ['CA-E2'],
      DatabaseActivityStream: ['CA-E2'],
      LogProtectionGuardrail: ['PU-3'],
      BastionLogging: ['HP-B2'],
      WindowsSecurityLogging: ['HP-E5'],
      TimeSyncConfiguration: ['PU-2'],
      WebProxyLogging: ['HP-B4'],
      NetworkFirewallLogging: ['HP-B4', 'HP-E1'],
    });
  });

  test('implementersOf lists the declaring constructs in barrel order', () => {
    expect(implementersOf('HP-B1')).toEqual(['SignInCorrelation', 'AuditTrail', 'IdentityEventForwarding', 'CognitoUserPoolLogging', 'SignInEventForwarding']);
    expect(implementersOf('PU-3')).toEqual(['LogArchive', 'TamperAlerts', 'ArchiveAnalysis', 'TamperEventForwarding', 'LogProtectionGuardrail']);
    expect(implementersOf('HP-B7')).toEqual([]);
  });

  test('every requirement AWS can meet has a rule or a declared implementer, but for the named gaps', () => {
    const checked = ruleRequirementIds();
    const uncovered = REQUIREMENTS
      .filter((r) => r.verdict !== Verdict.NOT_POSSIBLE_ON_AWS)
      .filter((r) => !checked.has(r.id) && implementersOf(r.id).length === 0)
      .map((r) => r.id);
    expect(uncovered).toEqual(Object.keys(KNOWN_GAPS));
  });

  test('a requirement AWS cannot meet has no implementer that would claim it', () => {
    const impossible = REQUIREMENTS.filter((r) => r.verdict === Verdict.NOT_POSSIBLE_ON_AWS).map((r) => r.id);
    expect(impossible.length).toBeGreaterThan(0);
    expect(impossible.filter((id) => implementersOf(id).length > 0)).toEqual([]);
  });

  test("every construct a rule names as the fix declares one of the rule's requirements", () => {
    const wrong: string[] = [];
    for (const tier of Object.values(MaturityTier)) {
      for (const profile of Object.values(LoggingProfile)) {
        for (const info of LogCollectionChecks.describeRules(tier, profile)) {
          for (const construct of info.fixedBy) {
            const declared = IMPLEMENTATIONS.find((d) => d.construct === construct);
            if (construct !== 'WorkloadLogCollection' && !declared?.requirementIds.some((id) => info.requirementIds.includes(id))) {
              wrong.push(`${info.ruleId} names ${construct}`);
            }
          }
        }
      }
    }
    expect(wrong).toEqual([]);
  });
});
