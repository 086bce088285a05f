import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { LogCollectionChecks } from '../../lib/checks';
import { LOG_COLLECTION_RULES } from '../../lib/checks/rules';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../../lib/requirements/types';
import { cfnVpc, evaluate } from './helpers';

// Rules are ordered by catalogue position, ties by rule file name (lib/checks/rules/index.ts).
const POLICY_RULES = [
  'LogCollection-LM-3',
  'LogCollection-LM-4-AthenaWorkgroup',
  'LogCollection-LM-4-PublicAccess',
  'LogCollection-LM-4-Encryption',
  'LogCollection-LM-5',
  'LogCollection-PU-3',
];

/** CA-B2 and CA-B3: user activity at every API, load balancer and CDN entry point. */
const CA_ENTRY_POINT_RULES = [
  'LogCollection-CA-B2',
  'LogCollection-CA-B3-Api',
  'LogCollection-CA-B3-CloudFront',
  'LogCollection-CA-B3-LoadBalancer',
];

describe('rule ids per tier and profile', () => {
  test.each([
    [MaturityTier.BASELINE, LoggingProfile.HOSTING_PLATFORM, [
      'LogCollection-HP-B1-Trail', 'LogCollection-HP-B1-Cognito', 'LogCollection-HP-B1-SignInRegions', 'LogCollection-HP-B2-Bastion', 'LogCollection-HP-B3',
      'LogCollection-HP-B4-NetworkFirewall', 'LogCollection-HP-B6',
      'LogCollection-LM-1', ...POLICY_RULES,
    ]],
    [MaturityTier.ENHANCED, LoggingProfile.HOSTING_PLATFORM, [
      'LogCollection-HP-B1-Trail', 'LogCollection-HP-B1-Cognito', 'LogCollection-HP-B1-SignInRegions', 'LogCollection-HP-B2-Bastion', 'LogCollection-HP-B3',
      'LogCollection-HP-B4-NetworkFirewall', 'LogCollection-HP-B6', 'LogCollection-HP-E1', 'LogCollection-HP-E5', 'LogCollection-HP-E7', 'LogCollection-HP-E8', 'LogCollection-LM-1', ...POLICY_RULES,
    ]],
    [MaturityTier.BASELINE, LoggingProfile.CUSTOM_APPLICATION, [
      'LogCollection-CA-B1-Trail', 'LogCollection-CA-B1-Cognito', 'LogCollection-CA-B1-SignInRegions', ...CA_ENTRY_POINT_RULES, 'LogCollection-LM-1', ...POLICY_RULES,
    ]],
    [MaturityTier.ENHANCED, LoggingProfile.CUSTOM_APPLICATION, [
      'LogCollection-CA-B1-Trail', 'LogCollection-CA-B1-Cognito', 'LogCollection-CA-B1-SignInRegions', ...CA_ENTRY_POINT_RULES, 'LogCollection-CA-E1',
      'LogCollection-CA-E2-AllBuckets', 'LogCollection-CA-E2-DataEvents', 'LogCollection-CA-E2-DatabaseAudit',
      'LogCollection-CA-E2-DatabaseAuditForwarded', 'LogCollection-LM-1', ...POLICY_RULES,
    ]],
  ])('%s %s runs exactly these rules', (tier, profile, expected) => {
    // WHEN
    const pack = new LogCollectionChecks(new App(), { tier, profile });
    // THEN
    expect(LogCollectionChecks.ruleIdsFor(tier, profile)).toEqual(expected);
    expect(pack.ruleIds).toEqual(expected);
  });

  test('the minimum retention rule is LM-2 for internal services and LM-1 for external ones', () => {
    expect(LogCollectionChecks.ruleIdsFor(MaturityTier.BASELINE, LoggingProfile.HOSTING_PLATFORM, ServiceExposure.INTERNAL))
      .toContain('LogCollection-LM-2');
    expect(LogCollectionChecks.ruleIdsFor(MaturityTier.BASELINE, LoggingProfile.HOSTING_PLATFORM, ServiceExposure.INTERNAL))
      .not.toContain('LogCollection-LM-1');
    expect(LogCollectionChecks.ruleIdsFor(MaturityTier.BASELINE, LoggingProfile.HOSTING_PLATFORM, ServiceExposure.EXTERNAL))
      .toContain('LogCollection-LM-1');
  });
});

describe('rule id to requirement ids', () => {
  test('a rule id maps to the requirement ids it asserts', () => {
    expect(LogCollectionChecks.requirementIdsOfRule('LogCollection-HP-E1')).toEqual(['HP-E1']);
    expect(LogCollectionChecks.requirementIdsOfRule('LogCollection-CA-E1')).toEqual(['CA-E1']);
    expect(LogCollectionChecks.requirementIdsOfRule('LogCollection-LM-2')).toEqual(['LM-2']);
    expect(LogCollectionChecks.requirementIdsOfRule('LogCollection-LM-4-PublicAccess')).toEqual(['LM-4']);
    expect(LogCollectionChecks.requirementIdsOfRule('LogCollection-CA-B2')).toEqual(['CA-B2']);
    expect(LogCollectionChecks.requirementIdsOfRule('LogCollection-CA-B3-LoadBalancer')).toEqual(['CA-B3']);
    expect(LogCollectionChecks.requirementIdsOfRule('LogCollection-HP-E7')).toEqual(['HP-E7']);
  });

  test('an unknown rule id is an error that says what rule ids look like', () => {
    expect(() => LogCollectionChecks.requirementIdsOfRule('AwsSolutions-VPC7')).toThrow(/not a rule of the LogCollection pack.*LogCollection-HP-E1/);
  });

  test('a pack only maps the rule ids it runs', () => {
    const pack = new LogCollectionChecks(new App(), { tier: MaturityTier.BASELINE, profile: LoggingProfile.CUSTOM_APPLICATION });
    expect(pack.requirementIdsOf('LogCollection-CA-B1-Trail')).toEqual(['CA-B1']);
    expect(() => pack.requirementIdsOf('LogCollection-HP-E1')).toThrow(/not run by this LogCollection pack/);
  });

  test('describeRules gives every running rule its requirements, resource types and fixing constructs', () => {
    const rules = LogCollectionChecks.describeRules(MaturityTier.ENHANCED, LoggingProfile.HOSTING_PLATFORM);
    expect(rules.map((r) => r.ruleId)).toEqual(LogCollectionChecks.ruleIdsFor(MaturityTier.ENHANCED, LoggingProfile.HOSTING_PLATFORM));
    expect(rules.find((r) => r.ruleId === 'LogCollection-HP-E1')).toEqual(expect.objectContaining({
      requirementIds: ['HP-E1'],
      resourceTypes: ['AWS::EC2::VPC'],
      fixedBy: ['VpcFlowLogging'],
    }));
  });
});

describe('pack configuration', () => {
  test('an unknown tier is an error naming the value and the choices', () => {
    expect(() => new LogCollectionChecks(new App(), { tier: 'GOLD' as MaturityTier, profile: LoggingProfile.HOSTING_PLATFORM }))
      .toThrow(/LogCollectionChecks tier 'GOLD' is not a maturity tier; use MaturityTier.BASELINE or MaturityTier.ENHANCED/);
  });

  test('an unknown profile or exposure is an error', () => {
    expect(() => new LogCollectionChecks(new App(), { tier: MaturityTier.BASELINE, profile: 'SAAS' as LoggingProfile }))
      .toThrow(/profile 'SAAS' is not a logging profile; use LoggingProfile.HOSTING_PLATFORM or LoggingProfile.CUSTOM_APPLICATION/);
    expect(() => new LogCollectionChecks(new App(), {
      tier: MaturityTier.BASELINE, profile: LoggingProfile.HOSTING_PLATFORM, exposure: 'PUBLIC' as ServiceExposure,
    })).toThrow(/exposure 'PUBLIC' is not a service exposure \(or leave it out\); use ServiceExposure.EXTERNAL or ServiceExposure.INTERNAL/);
  });

  test('the plugin name is the acknowledgement namespace LogCollection', () => {
    const pack = new LogCollectionChecks(new App(), { tier: MaturityTier.BASELINE, profile: LoggingProfile.HOSTING_PLATFORM });
    expect(pack.name).toBe('LogCollection');
    expect(pack.readPackName).toBe('LogCollection');
  });
});

describe('which rules run', () => {
  test('an Enhanced-only rule does not run at Baseline', () => {
    // GIVEN a VPC without any flow log
    const app = new App();
    cfnVpc(new Stack(app, 'Workload'));
    // WHEN
    const baseline = evaluate(app, { tier: MaturityTier.BASELINE, profile: LoggingProfile.HOSTING_PLATFORM });
    const enhanced = evaluate(app, { tier: MaturityTier.ENHANCED, profile: LoggingProfile.HOSTING_PLATFORM });
    // THEN
    expect(baseline.filter((r) => r.ruleId === 'LogCollection-HP-E1')).toEqual([]);
    expect(enhanced.filter((r) => r.ruleId === 'LogCollection-HP-E1')).toHaveLength(1);
  });

  test('a hosting platform rule does not run for a custom application', () => {
    // GIVEN a VPC without DNS query logging
    const app = new App();
    cfnVpc(new Stack(app, 'Workload'));
    // WHEN
    const results = evaluate(app, { tier: MaturityTier.ENHANCED, profile: LoggingProfile.CUSTOM_APPLICATION });
    // THEN
    expect(results.filter((r) => r.resourceType === 'AWS::EC2::VPC')).toEqual([]);
  });
});

describe('rule files', () => {
  test('each rule lives in its own file under a rule folder, named after it, and the pack lists every one', () => {
    const root = path.join(__dirname, '..', '..', 'lib', 'checks', 'rules');
    const files: Array<{ name: string; file: string }> = [];
    for (const folder of fs.readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory())) {
      for (const f of fs.readdirSync(path.join(root, folder.name)).filter((n) => n.endsWith('.ts') && n !== 'index.ts')) {
        files.push({ name: f.replace(/\.ts$/, ''), file: path.join(root, folder.name, f) });
      }
    }
    expect(LOG_COLLECTION_RULES.map((r) => r.name).sort()).toEqual(files.map((f) => f.name).sort());
    for (const rule of LOG_COLLECTION_RULES) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const exported = Object.values(require(files.find((f) => f.name === rule.name)!.file));
      expect(exported).toContain(rule);
    }
  });
});
