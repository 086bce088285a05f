import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CentralLogTargets } from '../../../lib/central/targets';
import { CognitoUserPoolLogging, CognitoUserPoolLoggingProps } from '../../../lib/sources/identity/cognito-user-pool-logging';
import { ServiceExposure } from '../../../lib/requirements/types';

const central = CentralLogTargets.fromAttributes({ accountId: '999988887777', region: 'eu-west-2' });
const EXPORTS_BUCKET_ARN = 'arn:aws:s3:::seclog-exports-999988887777-eu-west-2';

function setup(): { app: App; stack: Stack } {
  const app = new App();
  return { app, stack: new Stack(app, 'Workload', { env: { account: '111122223333', region: 'eu-west-2' } }) };
}

function plusPool(stack: Stack, id = 'Pool'): cognito.UserPool {
  return new cognito.UserPool(stack, id, {
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
  });
}

function logging(stack: Stack, userPool: CognitoUserPoolLoggingProps['userPool'], props: Partial<CognitoUserPoolLoggingProps> = {}, id = 'PoolLogging') {
  return new CognitoUserPoolLogging(stack, id, { userPool, central, exposure: ServiceExposure.EXTERNAL, ...props });
}

describe('log delivery configuration', () => {
  test('sends user activity to the central EXPORTS bucket and message errors to a log group, in one configuration', () => {
    // GIVEN a Plus pool with audit-only threat protection
    const { stack } = setup();
    const pool = plusPool(stack);

    // WHEN logging is added
    const construct = logging(stack, pool);

    // THEN one log delivery configuration carries both log types
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Cognito::LogDeliveryConfiguration', 1);
    template.hasResourceProperties('AWS::Cognito::LogDeliveryConfiguration', {
      UserPoolId: stack.resolve(pool.userPoolId),
      LogConfigurations: [
        { EventSource: 'userAuthEvents', LogLevel: 'INFO', S3Configuration: { BucketArn: EXPORTS_BUCKET_ARN } },
        {
          EventSource: 'userNotification',
          LogLevel: 'ERROR',
          CloudWatchLogsConfiguration: { LogGroupArn: stack.resolve(construct.userNotificationLogGroup.logGroupArn) },
        },
      ],
    });
    expect(construct.userAuthEventsBucketArn).toBe(EXPORTS_BUCKET_ARN);
    expect(construct.requirementIds).toEqual(['HP-B1', 'CA-B1']);
  });

  test('keeps message errors in a retained vended-logs log group for the exposure minimum, without a KMS key Cognito would refuse', () => {
    const { stack } = setup();
    logging(stack, plusPool(stack));

    Template.fromStack(stack).hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: {
        LogGroupName: Match.stringLikeRegexp('^/aws/vendedlogs/cognito/.+/user-notification$'),
        RetentionInDays: 90,
        KmsKeyId: Match.absent(),
      },
    });
  });

  test('keeps internal services\' message errors for 400 days', () => {
    const { stack } = setup();
    logging(stack, plusPool(stack), { exposure: ServiceExposure.INTERNAL });

    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 400 });
  });

  test('accepts a CfnUserPool on the Plus tier with threat protection', () => {
    const { app, stack } = setup();
    const pool = new cognito.CfnUserPool(stack, 'L1Pool', { userPoolTier: 'PLUS', userPoolAddOns: { advancedSecurityMode: 'ENFORCED' } });

    logging(stack, pool);

    expect(() => app.synth()).not.toThrow();
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::LogDeliveryConfiguration', { UserPoolId: { Ref: 'L1Pool' } });
  });

  test('warns that an imported pool\'s feature plan cannot be checked', () => {
    const { stack } = setup();
    const pool = cognito.UserPool.fromUserPoolId(stack, 'Imported', 'eu-west-2_AbCdEf123');

    logging(stack, pool);

    Annotations.fromStack(stack).hasWarning('/Workload/PoolLogging', Match.stringLikeRegexp("'Workload/Imported' is imported, so its feature plan cannot be checked"));
    Template.fromStack(stack).hasResourceProperties('AWS::Cognito::LogDeliveryConfiguration', { UserPoolId: 'eu-west-2_AbCdEf123' });
  });
});

describe('feature plan checks', () => {
  test('a pool on the default feature plan fails synth, saying it needs Plus and how to set it', () => {
    const { app, stack } = setup();
    logging(stack, new cognito.UserPool(stack, 'Pool'));

    expect(() => app.synth()).toThrow(/'Workload\/Pool\/Resource' is on the default \(ESSENTIALS\) feature plan.*featurePlan: cognito\.FeaturePlan\.PLUS/);
  });

  test('a Lite pool fails synth naming the plan', () => {
    const { app, stack } = setup();
    logging(stack, new cognito.UserPool(stack, 'Pool', { featurePlan: cognito.FeaturePlan.LITE }));

    expect(() => app.synth()).toThrow(/is on the LITE feature plan/);
  });

  test('a Plus pool with threat protection off fails synth', () => {
    const { app, stack } = setup();
    logging(stack, new cognito.UserPool(stack, 'Pool', {
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.NO_ENFORCEMENT,
    }));

    expect(() => app.synth()).toThrow(/has threat protection OFF, so Cognito writes no userAuthEvents log.*StandardThreatProtectionMode\.AUDIT_ONLY/);
  });

  test('a CfnUserPool without a tier or add-ons fails synth with the L1 fix', () => {
    const { app, stack } = setup();
    logging(stack, new cognito.CfnUserPool(stack, 'L1Pool', {}));

    expect(() => app.synth()).toThrow(/'Workload\/L1Pool' has threat protection off \(not set\).*UserPoolTier: 'PLUS' and UserPoolAddOns\.AdvancedSecurityMode: 'AUDIT'/);
  });
});

describe('one configuration per pool', () => {
  test('a second CognitoUserPoolLogging for the same pool is refused at once', () => {
    const { stack } = setup();
    const pool = plusPool(stack);
    logging(stack, pool);

    expect(() => logging(stack, pool, {}, 'SecondLogging'))
      .toThrow(/User pool 'Workload\/Pool' already has a CognitoUserPoolLogging \('Workload\/PoolLogging'\)/);
  });

  test('another log delivery configuration for the same pool fails synth', () => {
    const { app, stack } = setup();
    const pool = plusPool(stack);
    logging(stack, pool);
    new cognito.CfnLogDeliveryConfiguration(stack, 'Manual', { userPoolId: pool.userPoolId, logConfigurations: [] });

    expect(() => app.synth()).toThrow(/User pool 'Workload\/Pool' has a second log delivery configuration \('Workload\/Manual'\)/);
  });

  test('pools with the same id in two stacks are two pools', () => {
    // GIVEN two workload stacks built by the same code: the same construct ids, so the same logical ids
    const app = new App();
    for (const [name, account] of [['WorkloadA', '111122223333'], ['WorkloadB', '444455556666']]) {
      const stack = new Stack(app, name, { env: { account, region: 'eu-west-2' } });
      logging(stack, plusPool(stack));
    }

    // THEN neither pool is taken for the other's
    expect(() => app.synth()).not.toThrow();
  });

  test('a second configuration for an imported pool id in the same account and region fails synth', () => {
    const { app, stack } = setup();
    logging(stack, cognito.UserPool.fromUserPoolId(stack, 'Imported', 'eu-west-2_abcdEFGH1'));
    new cognito.CfnLogDeliveryConfiguration(stack, 'Manual', { userPoolId: 'eu-west-2_abcdEFGH1', logConfigurations: [] });

    expect(() => app.synth()).toThrow(/User pool 'Workload\/Imported' has a second log delivery configuration \('Workload\/Manual'\)/);
  });

  test('two pools each get their own configuration', () => {
    const { app, stack } = setup();
    logging(stack, plusPool(stack, 'PoolA'), {}, 'LoggingA');
    logging(stack, plusPool(stack, 'PoolB'), {}, 'LoggingB');

    expect(() => app.synth()).not.toThrow();
    Template.fromStack(stack).resourceCountIs('AWS::Cognito::LogDeliveryConfiguration', 2);
  });
});

describe('bad input', () => {
  test('a retention above two years without approval is refused', () => {
    const { stack } = setup();

    expect(() => logging(stack, plusPool(stack), { retentionDays: 1096 }))
      .toThrow(/retentionDays of 1096 days exceeds the 2-year maximum \(731 days, LM-3\)/);
  });

  test('a retention CloudWatch Logs does not accept is refused', () => {
    const { stack } = setup();

    expect(() => logging(stack, plusPool(stack), { retentionDays: 100 }))
      .toThrow(/retentionDays of 100 days is not a value CloudWatch Logs accepts/);
  });
});
