import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { CheckCompliance } from '../../../../lib/checks';
import { appWithStack, cfnFlowLog, cfnVpc, evaluate, resultOf } from '../../helpers';

const RULE = 'LogCollection-LM-5';

describe(RULE, () => {
  test('a flow log bucket with server access logging is compliant; its access log target is not judged', () => {
    const { app, stack } = appWithStack();
    const access = new s3.Bucket(stack, 'AccessLogs');
    const flowLogs = new s3.Bucket(stack, 'FlowLogs', { serverAccessLogsBucket: access });
    const vpc = cfnVpc(stack);
    cfnFlowLog(stack, 'FlowLog', vpc.ref, { logDestination: flowLogs.bucketArn });
    const results = evaluate(app);
    expect(resultOf(results, RULE, 'Workload/FlowLogs/Resource').compliance).toBe(CheckCompliance.COMPLIANT);
    expect(resultOf(results, RULE, 'Workload/AccessLogs/Resource').compliance).toBe(CheckCompliance.NOT_APPLICABLE);
  });

  test('a flow log bucket without server access logging is an error', () => {
    const { app, stack } = appWithStack();
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 1, natGateways: 0, subnetConfiguration: [{ name: 'a', subnetType: ec2.SubnetType.PUBLIC }] });
    const bucket = new s3.Bucket(stack, 'FlowLogs');
    vpc.addFlowLog('FlowLog', { destination: ec2.FlowLogDestination.toS3(bucket) });
    const result = resultOf(evaluate(app), RULE, 'Workload/FlowLogs/Resource');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toContain('has no server access logging');
  });
});
