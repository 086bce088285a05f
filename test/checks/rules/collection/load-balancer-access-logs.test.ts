import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CheckCompliance } from '../../../../lib/checks';
import { appWithStack, evaluate, resultOf } from '../../helpers';
import { BASELINE_CA } from '../api-stage-fixtures';

const RULE = 'LogCollection-CA-B3-LoadBalancer';

function cfnLoadBalancer(stack: Stack, props: Partial<elbv2.CfnLoadBalancerProps> = {}): elbv2.CfnLoadBalancer {
  return new elbv2.CfnLoadBalancer(stack, 'Alb', { subnets: ['subnet-1', 'subnet-2'], ...props });
}

describe(RULE, () => {
  test('an internet-facing ALB that writes access logs (logAccessLogs) is compliant', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Workload', { env: { account: '111111111111', region: 'eu-west-2' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    const alb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    alb.logAccessLogs(new s3.Bucket(stack, 'AlbLogs'));
    // WHEN
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/Alb/Resource');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('an internet-facing ALB without access logs is an error naming the attribute and the aws-cdk-lib fix', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Workload', { env: { account: '111111111111', region: 'eu-west-2' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
    new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc, internetFacing: true });
    // WHEN
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/Alb/Resource');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/internet-facing Application Load Balancer Workload\/Alb\/Resource does not write access logs/);
    expect(result.message).toMatch(/access_logs\.s3\.enabled is not set/);
    expect(result.message).toMatch(/logAccessLogs\(bucket\)/);
  });

  test('an L1 ALB with the default scheme and access logs switched off is an error', () => {
    const { app, stack } = appWithStack();
    cfnLoadBalancer(stack, { loadBalancerAttributes: [{ key: 'access_logs.s3.enabled', value: 'false' }] });
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/Alb');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/access_logs\.s3\.enabled is false; no access_logs\.s3\.bucket names a bucket/);
  });

  test('access logs enabled without a bucket are an error naming the bucket attribute', () => {
    const { app, stack } = appWithStack();
    cfnLoadBalancer(stack, { loadBalancerAttributes: [{ key: 'access_logs.s3.enabled', value: 'true' }] });
    const result = resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/Alb');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/no access_logs\.s3\.bucket names a bucket/);
  });

  test('an L1 ALB with logging attributes is compliant', () => {
    const { app, stack } = appWithStack();
    cfnLoadBalancer(stack, {
      type: 'application',
      scheme: 'internet-facing',
      loadBalancerAttributes: [{ key: 'access_logs.s3.enabled', value: 'true' }, { key: 'access_logs.s3.bucket', value: 'alb-logs' }],
    });
    expect(resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/Alb').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('an internal ALB and a network load balancer are not applicable', () => {
    // GIVEN
    const { app, stack } = appWithStack();
    cfnLoadBalancer(stack, { scheme: 'internal' });
    new elbv2.CfnLoadBalancer(stack, 'Nlb', { type: 'network', subnets: ['subnet-1'] });
    // WHEN
    const results = evaluate(app, BASELINE_CA);
    // THEN
    expect(resultOf(results, RULE, 'Workload/Alb').compliance).toBe(CheckCompliance.NOT_APPLICABLE);
    expect(resultOf(results, RULE, 'Workload/Alb').message).toMatch(/internal/);
    expect(resultOf(results, RULE, 'Workload/Nlb').compliance).toBe(CheckCompliance.NOT_APPLICABLE);
  });

  test('a scheme known only at deploy time, without access logs, is a warning', () => {
    const { app, stack } = appWithStack();
    cfnLoadBalancer(stack, { scheme: new CfnParameter(stack, 'Scheme').valueAsString });
    expect(resultOf(evaluate(app, BASELINE_CA), RULE, 'Workload/Alb').compliance).toBe(CheckCompliance.UNKNOWN);
  });

  test('an app without load balancers has no results for this rule', () => {
    const { app } = appWithStack();
    expect(evaluate(app, BASELINE_CA).filter((r) => r.ruleId === RULE)).toEqual([]);
  });
});
