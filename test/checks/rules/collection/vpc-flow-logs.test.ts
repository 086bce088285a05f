import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CfnParameter, Fn } from 'aws-cdk-lib';
import { CheckCompliance } from '../../../../lib/checks';
import { awsSource, LogSourceName, requiredFields } from '../../../../lib/requirements';
import { appWithStack, cfnFlowLog, cfnVpc, compliantFlowLogFormat, evaluate, resultOf } from '../../helpers';

const RULE = 'LogCollection-HP-E1';

describe(RULE, () => {
  test('an L2 flow log of REJECT traffic in the catalogue format is compliant', () => {
    // GIVEN
    const { app, stack } = appWithStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'a', subnetType: ec2.SubnetType.PUBLIC }] });
    const fields = compliantFlowLogFormat().split(' ').map((f) => ec2.LogFormat.custom(f));
    new ec2.FlowLog(stack, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromVpc(vpc),
      trafficType: ec2.FlowLogTrafficType.REJECT,
      destination: ec2.FlowLogDestination.toS3(new s3.Bucket(stack, 'Logs')),
      logFormat: fields,
    });
    // WHEN
    const result = resultOf(evaluate(app), RULE, 'Workload/Vpc/Resource');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.message).toContain('Workload/FlowLog/FlowLog');
  });

  test('ALL traffic counts as keeping rejected traffic', () => {
    const { app, stack } = appWithStack();
    const vpc = cfnVpc(stack);
    cfnFlowLog(stack, 'FlowLog', vpc.ref, { trafficType: 'ALL' });
    expect(resultOf(evaluate(app), RULE, 'Workload/Vpc').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a VPC without a flow log is an error that names VpcFlowLogging', () => {
    const { app, stack } = appWithStack();
    cfnVpc(stack);
    const result = resultOf(evaluate(app), RULE, 'Workload/Vpc');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/has no VPC flow log.*VpcFlowLogging/);
  });

  test('a REJECT flow log in the default format meets HP-E1, with the recommended fields as an info note', () => {
    // GIVEN a REJECT flow log with no LogFormat (AWS's default format)
    const { app, stack } = appWithStack();
    const vpc = cfnVpc(stack);
    cfnFlowLog(stack, 'FlowLog', vpc.ref, { logFormat: undefined });
    // WHEN
    const result = resultOf(evaluate(app), RULE, 'Workload/Vpc');
    // THEN no error: the default format carries every field the standard names
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.severity).toBe('info');
    expect(result.message).toMatch(/Recommended, not required: .*\$\{pkt-srcaddr\}/);
    expect(result.message).not.toMatch(/Recommended, not required:[^.]*\$\{dstport\}/);
  });

  test('a custom format with only the fields the standard names meets HP-E1', () => {
    // GIVEN a custom format holding exactly the required fields
    const { app, stack } = appWithStack();
    const vpc = cfnVpc(stack);
    const format = requiredFields(awsSource('HP-E1', LogSourceName.VPC_FLOW_LOGS)).map((f) => `\${${f}}`).join(' ');
    cfnFlowLog(stack, 'FlowLog', vpc.ref, { logFormat: format });
    // WHEN
    const result = resultOf(evaluate(app), RULE, 'Workload/Vpc');
    // THEN
    expect(format).toBe('${interface-id} ${srcaddr} ${dstaddr} ${dstport} ${protocol} ${action}');
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a custom format without ${dstport} is an error naming ${dstport}', () => {
    // GIVEN the catalogue format without the destination port
    const { app, stack } = appWithStack();
    const vpc = cfnVpc(stack);
    cfnFlowLog(stack, 'FlowLog', vpc.ref, { logFormat: compliantFlowLogFormat().replace(' ${dstport}', '') });
    // WHEN
    const result = resultOf(evaluate(app), RULE, 'Workload/Vpc');
    // THEN
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toContain('its LogFormat lacks ${dstport}, which HP-E1 requires');
  });

  test('a custom format without recommended fields only is compliant and names them', () => {
    const { app, stack } = appWithStack();
    const vpc = cfnVpc(stack);
    const format = compliantFlowLogFormat().replace(' ${pkt-dstaddr}', '').replace(' ${tcp-flags}', '');
    cfnFlowLog(stack, 'FlowLog', vpc.ref, { logFormat: format });
    const result = resultOf(evaluate(app), RULE, 'Workload/Vpc');
    expect(result.compliance).toBe(CheckCompliance.COMPLIANT);
    expect(result.message).toContain('Recommended, not required: ${tcp-flags} and ${pkt-dstaddr}');
  });

  test('a flow log of ACCEPT traffic is an error', () => {
    const { app, stack } = appWithStack();
    const vpc = cfnVpc(stack);
    cfnFlowLog(stack, 'FlowLog', vpc.ref, { trafficType: 'ACCEPT' });
    const result = resultOf(evaluate(app), RULE, 'Workload/Vpc');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toContain('TrafficType is ACCEPT');
  });

  test('one good flow log among bad ones is enough', () => {
    const { app, stack } = appWithStack();
    const vpc = cfnVpc(stack);
    cfnFlowLog(stack, 'Accept', vpc.ref, { trafficType: 'ACCEPT' });
    cfnFlowLog(stack, 'Reject', vpc.ref);
    expect(resultOf(evaluate(app), RULE, 'Workload/Vpc').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a subnet flow log does not count for the VPC', () => {
    const { app, stack } = appWithStack();
    const vpc = cfnVpc(stack);
    cfnFlowLog(stack, 'FlowLog', vpc.ref, { resourceType: 'Subnet' });
    expect(resultOf(evaluate(app), RULE, 'Workload/Vpc').compliance).toBe(CheckCompliance.NON_COMPLIANT);
  });

  test('a flow log that refers to the VPC with a literal Ref is matched by logical id', () => {
    const { app, stack } = appWithStack();
    cfnVpc(stack);
    cfnFlowLog(stack, 'FlowLog', Fn.ref('Vpc'));
    expect(resultOf(evaluate(app), RULE, 'Workload/Vpc').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a format known only at deploy time is a warning, not an error', () => {
    const { app, stack } = appWithStack();
    const vpc = cfnVpc(stack);
    const format = new CfnParameter(stack, 'Format');
    cfnFlowLog(stack, 'FlowLog', vpc.ref, { logFormat: format.valueAsString });
    const result = resultOf(evaluate(app), RULE, 'Workload/Vpc');
    expect(result.compliance).toBe(CheckCompliance.UNKNOWN);
    expect(result.severity).toBe('warning');
  });
});
