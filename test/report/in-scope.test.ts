import { Stack } from 'aws-cdk-lib';
import { LogCollectionChecks } from '../../lib/checks';
import { buildCoverageReport, renderMarkdown } from '../../lib/report';
import { ENHANCED_HP_INTERNAL, newApp, trail, vpc } from './helpers';

/** The report lists every resource in scope that a log source is about, and whether it is covered. */
describe('the in-scope list', () => {
  test('lists each VPC with whether its logging is in place, and the rules that leave it uncovered', () => {
    // GIVEN one VPC with its flow log and one without
    const { app } = newApp();
    const stack = new Stack(app, 'Workload');
    vpc(stack, 'Logged');
    vpc(stack, 'Bare', false);
    trail(stack);
    // WHEN
    const report = buildCoverageReport(app, [{ pack: new LogCollectionChecks(app, ENHANCED_HP_INTERNAL), scope: app }]);
    // THEN
    const vpcs = report.declarations[0].inScope.filter((r) => r.type === 'AWS::EC2::VPC');
    expect(vpcs).toEqual([
      expect.objectContaining({ constructPath: 'Workload/Bare', covered: false, openRuleIds: ['LogCollection-HP-E1'] }),
      expect.objectContaining({ constructPath: 'Workload/Logged', covered: true, openRuleIds: [] }),
    ]);
    expect(vpcs[1].ruleIds).toEqual(expect.arrayContaining(['LogCollection-HP-B3', 'LogCollection-HP-E1']));
    const md = renderMarkdown(report);
    expect(md).toContain('| `Workload/Bare` | AWS::EC2::VPC | ❌ no (`LogCollection-HP-E1`) |');
    expect(md).toContain('| `Workload/Logged` | AWS::EC2::VPC | ✅ yes |');
  });
});
