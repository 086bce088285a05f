import { CustomResource } from 'aws-cdk-lib';
import * as eks from 'aws-cdk-lib/aws-eks';
import { CheckCompliance } from '../../../../lib/checks';
import { appWithStack, evaluate, resultOf } from '../../helpers';

const RULE = 'LogCollection-HP-B6';

function cluster(stack: any, types?: string[]): eks.CfnCluster {
  return new eks.CfnCluster(stack, 'Cluster', {
    roleArn: 'arn:aws:iam::111111111111:role/eks',
    resourcesVpcConfig: { subnetIds: ['subnet-1', 'subnet-2'] },
    ...(types ? { logging: { clusterLogging: { enabledTypes: types.map((type) => ({ type })) } } } : {}),
  });
}

describe(RULE, () => {
  test('a cluster that sends api, audit and authenticator logs is compliant', () => {
    const { app, stack } = appWithStack();
    cluster(stack, ['api', 'audit', 'authenticator', 'scheduler']);
    expect(resultOf(evaluate(app), RULE, 'Workload/Cluster').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('a cluster without the audit log is an error naming the missing type and EksAuditLogging', () => {
    const { app, stack } = appWithStack();
    cluster(stack, ['api', 'authenticator']);
    const result = resultOf(evaluate(app), RULE, 'Workload/Cluster');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toMatch(/does not send the audit control plane log .*EksAuditLogging/);
  });

  test('a cluster without logging is an error naming all three types', () => {
    const { app, stack } = appWithStack();
    cluster(stack);
    expect(resultOf(evaluate(app), RULE, 'Workload/Cluster').message).toContain('api, audit and authenticator control plane logs');
  });

  test('an aws-eks (v1) cluster custom resource is judged from its Config', () => {
    // GIVEN the custom resource the aws-eks Cluster creates
    const { app, stack } = appWithStack();
    const good = new CustomResource(stack, 'Good', {
      serviceToken: 'arn:aws:lambda:eu-west-2:111111111111:function:x',
      resourceType: 'Custom::AWSCDK-EKS-Cluster',
      properties: { Config: { logging: { clusterLogging: [{ enabled: true, types: ['api', 'audit', 'authenticator'] }] } } },
    });
    const bad = new CustomResource(stack, 'Bad', {
      serviceToken: 'arn:aws:lambda:eu-west-2:111111111111:function:x',
      resourceType: 'Custom::AWSCDK-EKS-Cluster',
      properties: { Config: { logging: { clusterLogging: [{ enabled: false, types: ['api', 'audit', 'authenticator'] }] } } },
    });
    // WHEN
    const results = evaluate(app);
    // THEN
    expect(resultOf(results, RULE, good.node.defaultChild!.node.path).compliance).toBe(CheckCompliance.COMPLIANT);
    expect(resultOf(results, RULE, bad.node.defaultChild!.node.path).compliance).toBe(CheckCompliance.NON_COMPLIANT);
  });
});
