import { Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as route53resolver from 'aws-cdk-lib/aws-route53resolver';
import { LogCollectionChecks } from '../../lib/checks';
import { LoggingProfile } from '../../lib/requirements';
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

  test('lists each imported VPC, covered when a flow log and a query logging association name its id', () => {
    // GIVEN two imported VPCs (fromVpcAttributes): one with a default-format REJECT flow log and an association by id, one bare
    const { app } = newApp();
    const stack = new Stack(app, 'Workload', { env: { account: '222222222222', region: 'eu-west-2' } });
    trail(stack);
    ec2.Vpc.fromVpcAttributes(stack, 'Shared', { vpcId: 'vpc-0aaa1111', availabilityZones: ['eu-west-2a'] });
    ec2.Vpc.fromVpcAttributes(stack, 'Bare', { vpcId: 'vpc-0bbb2222', availabilityZones: ['eu-west-2a'] });
    new ec2.CfnFlowLog(stack, 'SharedFlowLog', {
      resourceId: 'vpc-0aaa1111', resourceType: 'VPC', trafficType: 'REJECT', logDestinationType: 's3',
      logDestination: 'arn:aws:s3:::seclog-vpc-flow-111111111111-eu-west-2',
    });
    new route53resolver.CfnResolverQueryLoggingConfigAssociation(stack, 'SharedDns', {
      resolverQueryLogConfigId: 'rqlc-1111222233334444', resourceId: 'vpc-0aaa1111',
    });
    // WHEN
    const report = buildCoverageReport(app, [{ pack: new LogCollectionChecks(app, ENHANCED_HP_INTERNAL), scope: app }]);
    // THEN each is listed as an imported VPC, with whether it is covered and, when not, why
    const vpcs = report.declarations[0].inScope.filter((r) => r.type === 'AWS::EC2::VPC');
    expect(vpcs).toEqual([
      {
        type: 'AWS::EC2::VPC', constructPath: 'Workload/Bare', stack: 'Workload', covered: false, imported: true,
        ruleIds: ['LogCollection-HP-B3', 'LogCollection-HP-E1'], openRuleIds: ['LogCollection-HP-B3', 'LogCollection-HP-E1'],
        notes: [
          expect.stringMatching(/^imported VPC Workload\/Bare \(vpc-0bbb2222\) has no Route 53 Resolver query logging association/),
          expect.stringMatching(/^imported VPC Workload\/Bare \(vpc-0bbb2222\) has no VPC flow log/),
        ],
      },
      {
        type: 'AWS::EC2::VPC', constructPath: 'Workload/Shared', stack: 'Workload', covered: true, imported: true,
        ruleIds: ['LogCollection-HP-B3', 'LogCollection-HP-E1'], openRuleIds: [],
      },
    ]);
    const md = renderMarkdown(report);
    expect(md).toContain('| `Workload/Shared` | AWS::EC2::VPC (imported) | ✅ yes |');
    expect(md).toContain('| `Workload/Bare` | AWS::EC2::VPC (imported) | ❌ no (`LogCollection-HP-B3`, `LogCollection-HP-E1`): imported VPC Workload/Bare');
  });

  test('judges an imported VPC by the flow log fields HP-E1 requires, as the rule judges a VPC', () => {
    // GIVEN an imported VPC whose only flow log lacks ${dstport}
    const { app } = newApp();
    const stack = new Stack(app, 'Workload');
    trail(stack);
    const imported = ec2.Vpc.fromVpcAttributes(stack, 'Shared', { vpcId: 'vpc-0aaa1111', availabilityZones: ['eu-west-2a'] });
    new ec2.CfnFlowLog(stack, 'FlowLog', {
      resourceId: imported.vpcId, resourceType: 'VPC', trafficType: 'REJECT', logDestinationType: 's3',
      logDestination: 'arn:aws:s3:::seclog-vpc-flow-111111111111-eu-west-2',
      logFormat: '${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${protocol} ${action} ${start} ${end}',
    });
    // WHEN
    const report = buildCoverageReport(app, [{ pack: new LogCollectionChecks(app, ENHANCED_HP_INTERNAL), scope: app }]);
    // THEN it is not covered by HP-E1, and the note names the missing field
    const entry = report.declarations[0].inScope.find((r) => r.constructPath === 'Workload/Shared')!;
    expect(entry.openRuleIds).toEqual(['LogCollection-HP-B3', 'LogCollection-HP-E1']);
    expect(entry.notes).toEqual(expect.arrayContaining([expect.stringContaining('its LogFormat lacks ${dstport}, which HP-E1 requires')]));
  });

  test('leaves imported VPCs out of a declaration whose pack runs no VPC rule', () => {
    // GIVEN an imported VPC under a custom application declaration
    const { app } = newApp();
    const stack = new Stack(app, 'Workload');
    ec2.Vpc.fromVpcAttributes(stack, 'Shared', { vpcId: 'vpc-0aaa1111', availabilityZones: ['eu-west-2a'] });
    // WHEN
    const pack = new LogCollectionChecks(app, { ...ENHANCED_HP_INTERNAL, profile: LoggingProfile.CUSTOM_APPLICATION });
    const report = buildCoverageReport(app, [{ pack, scope: app }]);
    // THEN
    expect(report.declarations[0].inScope.filter((r) => r.type === 'AWS::EC2::VPC')).toEqual([]);
  });
});
