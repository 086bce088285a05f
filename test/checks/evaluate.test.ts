import { App, Stack } from 'aws-cdk-lib';
import { CheckCompliance, CheckSeverity } from '../../lib/checks';
import { appWithStack, cfnFlowLog, cfnVpc, evaluate, goodLogGroup, resolverAssociation } from './helpers';

describe('evaluate', () => {
  test('gives one result per rule and resource, compliant ones included, with stack, logical id and type', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Workload');
    const vpc = cfnVpc(stack);
    cfnFlowLog(stack, 'FlowLog', vpc.ref);
    // WHEN
    const results = evaluate(app).filter((r) => r.constructPath === 'Workload/Vpc');
    // THEN
    expect(results).toEqual([
      expect.objectContaining({
        ruleId: 'LogCollection-HP-B3', requirementIds: ['HP-B3'], compliance: CheckCompliance.NON_COMPLIANT, severity: CheckSeverity.ERROR,
        stackName: 'Workload', logicalId: 'Vpc', resourceType: 'AWS::EC2::VPC', fixedBy: ['DnsQueryLogging'],
      }),
      expect.objectContaining({
        ruleId: 'LogCollection-HP-E1', requirementIds: ['HP-E1'], compliance: CheckCompliance.COMPLIANT, severity: CheckSeverity.INFO,
        fixedBy: ['VpcFlowLogging'],
      }),
    ]);
  });

  test('orders results by rule, then construct path, whatever the construct order', () => {
    const app = new App();
    const stack = new Stack(app, 'Workload');
    cfnVpc(stack, 'Zeta');
    cfnVpc(stack, 'Alpha');
    goodLogGroup(stack, 'Logs');
    const results = evaluate(app);
    const keys = results.map((r) => `${r.ruleId} ${r.constructPath}`);
    expect(keys.indexOf('LogCollection-HP-B3 Workload/Alpha')).toBeLessThan(keys.indexOf('LogCollection-HP-B3 Workload/Zeta'));
    expect(keys.indexOf('LogCollection-HP-B3 Workload/Zeta')).toBeLessThan(keys.indexOf('LogCollection-HP-E1 Workload/Alpha'));
    expect(evaluate(app).map((r) => `${r.ruleId} ${r.constructPath}`)).toEqual(keys);
  });

  test('a finding message says what is missing and which construct fixes it', () => {
    const app = new App();
    const stack = new Stack(app, 'Workload');
    const vpc = cfnVpc(stack);
    resolverAssociation(stack, 'Dns', vpc.ref);
    const [finding] = evaluate(app).filter((r) => r.compliance === CheckCompliance.NON_COMPLIANT);
    expect(finding.message).toMatch(/has no VPC flow log.*HP-E1 is met by VpcFlowLogging/);
  });

  test('validation of a large app grows linearly: 400 VPCs with flow logs in another stack', () => {
    // GIVEN
    const app = new App();
    const network = new Stack(app, 'Network');
    const logging = new Stack(app, 'Logging');
    for (let i = 0; i < 400; i++) {
      const vpc = cfnVpc(network, `Vpc${i}`);
      cfnFlowLog(logging, `FlowLog${i}`, vpc.ref);
      resolverAssociation(logging, `Dns${i}`, vpc.ref);
    }
    // WHEN
    const started = Date.now();
    const results = evaluate(app);
    const elapsed = Date.now() - started;
    // THEN every VPC is compliant, found through the index
    expect(results.filter((r) => r.resourceType === 'AWS::EC2::VPC' && r.compliance === CheckCompliance.COMPLIANT)).toHaveLength(800);
    expect(elapsed).toBeLessThan(20000);
  });
});

describe('logical ids', () => {
  test('a result gives the logical id the template uses, honouring overrideLogicalId', () => {
    // GIVEN a VPC whose logical id is overridden
    const { app, stack } = appWithStack();
    const vpc = cfnVpc(stack);
    vpc.overrideLogicalId('PlatformVpc');
    // WHEN
    const results = evaluate(app).filter((r) => r.constructPath === 'Workload/Vpc');
    // THEN
    expect(results.length).toBeGreaterThan(0);
    expect(new Set(results.map((r) => r.logicalId))).toEqual(new Set(['PlatformVpc']));
  });
});
