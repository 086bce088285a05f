import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CheckCompliance } from '../../lib/checks';
import { cfnFlowLog, cfnVpc, compliantFlowLogFormat, ENHANCED_HP, evaluate, frameworkApp, pluginReport, resolverAssociation, resultOf, silenceValidationReport } from './helpers';
import { LogCollectionChecks } from '../../lib/checks';

const RULE = 'LogCollection-HP-E1';

silenceValidationReport();

function l2Vpc(stack: Stack): ec2.Vpc {
  return new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'a', subnetType: ec2.SubnetType.PUBLIC }] });
}

function flowLogFor(stack: Stack, vpc: ec2.IVpc): void {
  new ec2.FlowLog(stack, 'FlowLog', {
    resourceType: ec2.FlowLogResourceType.fromVpc(vpc),
    trafficType: ec2.FlowLogTrafficType.REJECT,
    destination: ec2.FlowLogDestination.toS3(s3.Bucket.fromBucketName(stack, 'Central', 'seclog-vpc-flow-111111111111-eu-west-2')),
    logFormat: compliantFlowLogFormat().split(' ').map((f) => ec2.LogFormat.custom(f)),
  });
}

describe('references across stacks', () => {
  test('a VPC in stack A whose flow log is in stack B of the same app is compliant', () => {
    // GIVEN
    const app = new App();
    const network = new Stack(app, 'Network');
    const vpc = l2Vpc(network);
    flowLogFor(new Stack(app, 'Logging'), vpc);
    // WHEN
    const result = resultOf(evaluate(app), RULE, 'Network/Vpc/Resource');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.message).toContain('Logging/FlowLog/FlowLog');
  });

  test('the cross-stack flow log is still found after synthesis, through the framework', () => {
    // GIVEN the reference has become an Fn::ImportValue by the time the framework validates
    const { app, outdir } = frameworkApp();
    const network = new Stack(app, 'Network');
    const vpc = l2Vpc(network);
    resolverAssociation(network, 'Dns', vpc.vpcId);
    flowLogFor(new Stack(app, 'Logging'), vpc);
    // WHEN
    app.synth();
    // THEN no HP-E1 finding
    const report = pluginReport(outdir);
    expect(report.conclusion).toBe('success');
    expect(report.violations.map((v: any) => v.ruleName)).not.toContain(RULE);
  });

  test('a VPC in a nested stack whose flow log is in the parent is compliant, before and after synthesis', () => {
    const app = new App();
    const parent = new Stack(app, 'Parent');
    const nested = new NestedStack(parent, 'Network');
    const vpc = cfnVpc(nested);
    cfnFlowLog(parent, 'FlowLog', vpc.ref);
    const pack = new LogCollectionChecks(app, ENHANCED_HP);
    expect(resultOf(pack.evaluate(app), RULE, 'Parent/Network/Vpc').compliance).toBe(CheckCompliance.COMPLIANT);
    app.synth();
    expect(resultOf(pack.evaluate(app), RULE, 'Parent/Network/Vpc').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a VPC in the parent whose flow log is in a nested stack is compliant, before and after synthesis', () => {
    const app = new App();
    const parent = new Stack(app, 'Parent');
    const vpc = cfnVpc(parent);
    cfnFlowLog(new NestedStack(parent, 'Logging'), 'FlowLog', vpc.ref);
    const pack = new LogCollectionChecks(app, ENHANCED_HP);
    expect(resultOf(pack.evaluate(app), RULE, 'Parent/Vpc').compliance).toBe(CheckCompliance.COMPLIANT);
    app.synth();
    const result = resultOf(pack.evaluate(app), RULE, 'Parent/Vpc');
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.message).toContain('Parent/Logging/FlowLog');
  });

  test('a nested stack result names the nested stack by its path and gives the logical id', () => {
    const app = new App();
    const nested = new NestedStack(new Stack(app, 'Parent'), 'Network');
    cfnVpc(nested);
    const result = resultOf(evaluate(app), RULE, 'Parent/Network/Vpc');
    expect(result.stackName).toBe('Parent/Network');
    expect(result.logicalId).toBe('Vpc');
  });

  test('an imported VPC is not judged: it has no AWS::EC2::VPC in the app', () => {
    // GIVEN a flow log for an imported VPC and no VPC resource
    const app = new App();
    const stack = new Stack(app, 'Workload');
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: 'vpc-0123456789abcdef0', availabilityZones: ['eu-west-2a'] });
    flowLogFor(stack, vpc);
    // WHEN
    const results = evaluate(app);
    // THEN
    expect(results.filter((r) => r.ruleId === RULE || r.ruleId === 'LogCollection-HP-B3')).toEqual([]);
    expect(new LogCollectionChecks(app, ENHANCED_HP).validateScope(app).violations.map((v) => v.ruleName)).not.toContain(RULE);
  });
});

describe('a pack declared on one stack', () => {
  test('judges only that stack, and still resolves its VPC flow log in another stack', () => {
    // GIVEN two workload stacks; only Network's VPC has a flow log (held in the Logging stack)
    const app = new App();
    const network = new Stack(app, 'Network');
    const vpc = l2Vpc(network);
    flowLogFor(new Stack(app, 'Logging'), vpc);
    const other = new Stack(app, 'Other');
    cfnVpc(other);
    // WHEN the pack is declared on Network only
    const pack = new LogCollectionChecks(network, ENHANCED_HP);
    const results = pack.evaluate(network).filter((r) => r.ruleId === RULE);
    // THEN Network's VPC is judged compliant and Other's VPC is not judged at all
    expect(results.map((r) => [r.constructPath, r.compliance])).toEqual([['Network/Vpc/Resource', CheckCompliance.COMPLIANT]]);
  });

  test('through the framework, a stack-declared pack does not fail synth for another stack', () => {
    // GIVEN a compliant Network stack and an Other stack whose VPC has no flow log
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'stack-pack-'));
    const app = new App({ outdir });
    const network = new Stack(app, 'Network');
    const vpc = l2Vpc(network);
    resolverAssociation(network, 'Dns', vpc.vpcId);
    flowLogFor(network, vpc);
    cfnVpc(new Stack(app, 'Other'));
    // WHEN the pack is declared on Network only
    Validations.of(app).addPlugins(new LogCollectionChecks(network, ENHANCED_HP));
    // THEN synth passes: Other is outside the declaration
    expect(() => app.synth()).not.toThrow();
    expect(pluginReport(outdir).violations.map((v: any) => v.ruleName)).not.toContain(RULE);
  });

  test('notes a missing management trail in its own scope, even when another stack of the app has one', () => {
    // GIVEN a trail in the Logging stack only
    const app = new App();
    const network = new Stack(app, 'Network');
    new cloudtrail.Trail(new Stack(app, 'Logging'), 'Trail', { isMultiRegionTrail: true });
    // WHEN the pack is declared on Network
    const results = new LogCollectionChecks(network, ENHANCED_HP).evaluate(network);
    // THEN Network gets the note, on itself
    const note = results.find((r) => r.ruleId === 'LogCollection-HP-B1-Trail' && r.constructPath === 'Network');
    expect(note?.compliance).toBe(CheckCompliance.UNKNOWN);
    expect(note?.message).toMatch(/no management-event CloudTrail trail .* in the checked scope/);
  });
});
