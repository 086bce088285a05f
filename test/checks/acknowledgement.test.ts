import { App, Stack, Validations } from 'aws-cdk-lib';
import { CheckSeverity, LogCollectionChecks } from '../../lib/checks';
import { cfnVpc, ENHANCED_HP, evaluate, frameworkApp, pluginReport, resolverAssociation, resultOf, silenceValidationReport } from './helpers';

const RULE = 'LogCollection-HP-E1';

silenceValidationReport();
const REASON = 'flow logs of this VPC are switched on by the platform team (ticket SEC-123)';

/** A VPC that meets everything but HP-E1 (no flow log). */
function vpcWithoutFlowLog(app: App): ReturnType<typeof cfnVpc> {
  const stack = new Stack(app, 'Workload');
  const vpc = cfnVpc(stack);
  resolverAssociation(stack, 'Dns', vpc.ref);
  return vpc;
}

describe('acknowledgement through the CDK validation framework', () => {
  test('a namespaced acknowledgement is listed as suppressed with its reason and synthesis succeeds', () => {
    // GIVEN
    const { app, outdir } = frameworkApp();
    const vpc = vpcWithoutFlowLog(app);
    Validations.of(vpc).acknowledge({ id: `LogCollection::${RULE}`, reason: REASON });
    // WHEN
    app.synth();
    // THEN
    const report = pluginReport(outdir);
    expect(report.conclusion).toBe('success');
    expect(report.violations.map((v: any) => v.ruleName)).not.toContain(RULE);
    expect(report.suppressedViolations).toEqual([
      expect.objectContaining({
        ruleName: RULE,
        reason: REASON,
        acknowledgedId: `LogCollection::${RULE}`,
        violatingConstructs: [expect.objectContaining({ constructPath: 'Workload/Vpc' })],
      }),
    ]);
  });

  test('an acknowledgement on an ancestor (the stack) covers the VPC', () => {
    const { app, outdir } = frameworkApp();
    const vpc = vpcWithoutFlowLog(app);
    Validations.of(vpc.stack).acknowledge({ id: `LogCollection::${RULE}`, reason: REASON });
    app.synth();
    expect(pluginReport(outdir).suppressedViolations[0]).toEqual(expect.objectContaining({ acknowledgedAt: 'Workload', reason: REASON }));
  });

  test('an un-namespaced acknowledgement keeps the finding visible as info with the reason and does not fail synthesis', () => {
    // GIVEN the cdk-nag style id, which CDK records as Annotation::LogCollection-HP-E1
    const { app, outdir } = frameworkApp();
    const vpc = vpcWithoutFlowLog(app);
    Validations.of(vpc).acknowledge({ id: RULE, reason: REASON });
    // WHEN
    app.synth();
    // THEN
    const report = pluginReport(outdir);
    expect(report.conclusion).toBe('success');
    const finding = report.violations.find((v: any) => v.ruleName === RULE);
    expect(finding.severity).toBe('info');
    expect(finding.description).toContain(`[acknowledged: ${REASON}]`);
    expect(finding.description).toContain(`acknowledge 'LogCollection::${RULE}'`);
    expect(finding.ruleMetadata).toEqual(expect.objectContaining({ acknowledged: 'true', reason: REASON, originalSeverity: 'error' }));
  });

  test('an acknowledgement of another rule does not hide the finding', () => {
    const { app } = frameworkApp();
    const vpc = vpcWithoutFlowLog(app);
    Validations.of(vpc).acknowledge({ id: 'LogCollection::LogCollection-HP-B3', reason: REASON });
    expect(() => app.synth()).toThrow(/LogCollection-HP-E1/);
  });
});

describe('acknowledgement through validateScope', () => {
  test('an acknowledged error is reported as info with its reason and the report succeeds', () => {
    // GIVEN
    const app = new App();
    const vpc = vpcWithoutFlowLog(app);
    Validations.of(vpc).acknowledge({ id: `LogCollection::${RULE}`, reason: REASON });
    // WHEN
    const report = new LogCollectionChecks(app, ENHANCED_HP).validateScope(app);
    // THEN
    expect(report.success).toBe(true);
    const finding = report.violations.find((v) => v.ruleName === RULE)!;
    expect(finding.severity).toBe(CheckSeverity.INFO);
    expect(finding.description).toMatch(/^\[acknowledged: flow logs of this VPC/);
    expect(finding.ruleMetadata).toEqual(expect.objectContaining({
      acknowledged: 'true',
      reason: REASON,
      acknowledgedId: `LogCollection::${RULE}`,
      acknowledgedAt: 'Workload/Vpc',
      originalSeverity: 'error',
    }));
  });

  test('without the acknowledgement the same app fails', () => {
    const app = new App();
    vpcWithoutFlowLog(app);
    const report = new LogCollectionChecks(app, ENHANCED_HP).validateScope(app);
    expect(report.success).toBe(false);
    expect(report.violations.find((v) => v.ruleName === RULE)).toEqual(expect.objectContaining({
      severity: 'error',
      violatingResources: [{ constructPath: 'Workload/Vpc', locations: ['Properties'] }],
    }));
  });

  test('the un-namespaced form is accepted too, and evaluate() records the acknowledgement without changing compliance', () => {
    const app = new App();
    const vpc = vpcWithoutFlowLog(app);
    Validations.of(vpc).acknowledge({ id: RULE, reason: REASON });
    const result = resultOf(evaluate(app), RULE, 'Workload/Vpc');
    expect(result.compliance).toBe('NON_COMPLIANT');
    expect(result.acknowledgement).toEqual({
      reason: REASON,
      acknowledgedId: `Annotation::${RULE}`,
      acknowledgedAt: 'Workload/Vpc',
      namespaced: false,
    });
    expect(new LogCollectionChecks(app, ENHANCED_HP).validateScope(app).success).toBe(true);
  });
});

describe('acknowledging the app-wide note', () => {
  test('the no-trail note acknowledged on the app is listed as suppressed', () => {
    // GIVEN an app without a trail whose organisation trail covers it
    const { app, outdir } = frameworkApp();
    const stack = new Stack(app, 'Workload');
    resolverAssociation(stack, 'Dns', cfnVpc(stack).ref);
    Validations.of(app).acknowledge({ id: 'LogCollection::LogCollection-HP-B1-Trail', reason: 'organisation trail o-a1b2c3d4e5' });
    Validations.of(app).acknowledge({ id: `LogCollection::${RULE}`, reason: REASON });
    // WHEN
    app.synth();
    // THEN
    const report = pluginReport(outdir);
    expect(report.violations).toEqual([]);
    expect(report.suppressedViolations.map((v: any) => [v.ruleName, v.reason])).toEqual([
      ['LogCollection-HP-B1-Trail', 'organisation trail o-a1b2c3d4e5'],
      [RULE, REASON],
    ]);
  });
});

describe('verbose descriptions', () => {
  test('add the requirement titles', () => {
    const app = new App();
    vpcWithoutFlowLog(app);
    const report = new LogCollectionChecks(app, { ...ENHANCED_HP, verbose: true }).validateScope(app);
    expect(report.violations.find((v) => v.ruleName === RULE)!.description).toContain('(HP-E1 Firewall log data for denied network traffic)');
  });
});
