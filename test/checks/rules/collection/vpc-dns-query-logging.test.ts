import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CheckCompliance } from '../../../../lib/checks';
import { appWithStack, cfnVpc, evaluate, resolverAssociation, resultOf } from '../../helpers';

const RULE = 'LogCollection-HP-B3';

describe(RULE, () => {
  test('a VPC associated with a Resolver query logging configuration is compliant', () => {
    // GIVEN
    const { app, stack } = appWithStack();
    const vpc = cfnVpc(stack);
    resolverAssociation(stack, 'DnsLogging', vpc.ref);
    // WHEN
    const result = resultOf(evaluate(app), RULE, 'Workload/Vpc');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.message).toContain('Workload/DnsLogging');
  });

  test('a VPC without a query logging association is an error that names DnsQueryLogging', () => {
    // GIVEN an L2 VPC with no association
    const { app, stack } = appWithStack();
    new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'a', subnetType: ec2.SubnetType.PUBLIC }] });
    // WHEN
    const result = resultOf(evaluate(app), RULE, 'Workload/Vpc/Resource');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.severity).toBe('error');
    expect(result.message).toMatch(/no Route 53 Resolver query logging association.*DnsQueryLogging/);
  });

  test('an association with another VPC does not count', () => {
    // GIVEN
    const { app, stack } = appWithStack();
    cfnVpc(stack, 'Vpc');
    const other = cfnVpc(stack, 'Other');
    resolverAssociation(stack, 'DnsLogging', other.ref);
    // THEN
    expect(resultOf(evaluate(app), RULE, 'Workload/Vpc').compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(resultOf(evaluate(app), RULE, 'Workload/Other').compliance).toBe(CheckCompliance.COMPLIANT);
  });
});
