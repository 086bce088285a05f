import { Stack } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CheckCompliance } from '../../../../lib/checks';
import { appWithStack, evaluate, resultOf } from '../../helpers';

const RULE = 'LogCollection-HP-B1-Cognito';
const STREAM = 'arn:aws:firehose:eu-west-2:111111111111:deliverystream/seclog-cognito';

function pool(stack: Stack, props: Partial<cognito.CfnUserPoolProps> = {}): cognito.CfnUserPool {
  return new cognito.CfnUserPool(stack, 'Pool', {
    userPoolTier: 'PLUS',
    userPoolAddOns: { advancedSecurityMode: 'ENFORCED' },
    ...props,
  });
}

function delivery(stack: Stack, userPoolId: string, config: cognito.CfnLogDeliveryConfiguration.LogConfigurationProperty): void {
  new cognito.CfnLogDeliveryConfiguration(stack, 'Delivery', { userPoolId, logConfigurations: [config] });
}

describe(RULE, () => {
  test('a Plus pool with threat protection that delivers userAuthEvents is compliant', () => {
    const { app, stack } = appWithStack();
    const p = pool(stack);
    delivery(stack, p.ref, { eventSource: 'userAuthEvents', logLevel: 'INFO', firehoseConfiguration: { streamArn: STREAM } });
    expect(resultOf(evaluate(app), RULE, 'Workload/Pool').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('an L2 user pool on the Plus plan in audit mode with delivery is compliant', () => {
    const { app, stack } = appWithStack();
    const p = new cognito.UserPool(stack, 'L2Pool', {
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
    });
    delivery(stack, p.userPoolId, { eventSource: 'userAuthEvents', logLevel: 'INFO', s3Configuration: { bucketArn: 'arn:aws:s3:::seclog-exports' } });
    expect(resultOf(evaluate(app), RULE, 'Workload/L2Pool/Resource').compliance).toBe(CheckCompliance.COMPLIANT);
  });

  test('an Essentials pool without threat protection or delivery is an error listing all three and CognitoUserPoolLogging', () => {
    const { app, stack } = appWithStack();
    new cognito.UserPool(stack, 'L2Pool');
    const result = resultOf(evaluate(app), RULE, 'Workload/L2Pool/Resource');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toContain('not PLUS');
    expect(result.message).toContain('not AUDIT or ENFORCED');
    expect(result.message).toContain('no AWS::Cognito::LogDeliveryConfiguration refers to it');
    expect(result.message).toContain('CognitoUserPoolLogging');
  });

  test('delivering only userNotification events is an error', () => {
    const { app, stack } = appWithStack();
    const p = pool(stack);
    delivery(stack, p.ref, {
      eventSource: 'userNotification',
      logLevel: 'ERROR',
      cloudWatchLogsConfiguration: { logGroupArn: 'arn:aws:logs:eu-west-2:111111111111:log-group:x' },
    });
    const result = resultOf(evaluate(app), RULE, 'Workload/Pool');
    expect(result.compliance).toBe(CheckCompliance.NON_COMPLIANT);
    expect(result.message).toContain('has no userAuthEvents LogConfiguration');
  });

  test('threat protection OFF is an error even with delivery', () => {
    const { app, stack } = appWithStack();
    const p = pool(stack, { userPoolAddOns: { advancedSecurityMode: 'OFF' } });
    delivery(stack, p.ref, { eventSource: 'userAuthEvents', firehoseConfiguration: { streamArn: STREAM } });
    expect(resultOf(evaluate(app), RULE, 'Workload/Pool').message).toContain('AdvancedSecurityMode is OFF');
  });

  test('a delivery configuration in another stack counts', () => {
    const { app, stack } = appWithStack();
    const p = pool(stack);
    delivery(new Stack(app, 'Logging'), p.ref, { eventSource: 'userAuthEvents', firehoseConfiguration: { streamArn: STREAM } });
    expect(resultOf(evaluate(app), RULE, 'Workload/Pool').compliance).toBe(CheckCompliance.COMPLIANT);
  });
});
