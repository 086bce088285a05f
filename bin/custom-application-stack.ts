import { Stack, StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import {
  AuditTrail, CentralLogTargets, CognitoUserPoolLogging, IdentityEventForwarding, MaturityTier, ServiceExposure, UserDirectory,
} from '../lib';
import { ExampleSettings } from './context';

/**
 * A public digital service at the Baseline tier: a Cognito user pool on the
 * Plus plan, its user auth events, the account's trail and identity events.
 */
export class CustomApplicationStack extends Stack {
  public static readonly TIER = MaturityTier.BASELINE;
  public static readonly EXPOSURE = ServiceExposure.EXTERNAL;

  public readonly userPool: cognito.UserPool;

  constructor(scope: Construct, id: string, settings: ExampleSettings, central: CentralLogTargets, props: StackProps = {}) {
    super(scope, id, { ...props, env: { account: settings.applicationAccount, region: settings.centralRegion } });
    const exposure = CustomApplicationStack.EXPOSURE;

    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: true,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      passwordPolicy: { minLength: 12 },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    });

    new CognitoUserPoolLogging(this, 'UserPoolLogging', { userPool: this.userPool, central, exposure });
    new AuditTrail(this, 'AuditTrail', { central });
    new IdentityEventForwarding(this, 'IdentityEvents', {
      central, exposure, directories: [UserDirectory.COGNITO_USER_POOL],
    });
  }
}
