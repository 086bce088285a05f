import { Stack, StackProps } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import {
  AuditTrail, CentralLogTargets, CognitoUserPoolLogging, IdentityEventForwarding, LoadBalancerLogLanding, MaturityTier, ServiceExposure,
  TamperEventForwarding, UserDirectory, VpcFlowLogging,
} from '../lib';
import { acknowledgeExampleLoadBalancer, acknowledgeExampleVpc } from './rule-packs';
import { ExampleSettings } from './context';

/**
 * A public digital service at the Baseline tier: a Cognito user pool on the
 * Plus plan, its user auth events, the account's trail and identity events,
 * and an Application Load Balancer whose access logs go to the region-local
 * SSE-S3 landing bucket of the central account (replicated into the vault).
 */
export class CustomApplicationStack extends Stack {
  public static readonly TIER = MaturityTier.BASELINE;
  public static readonly EXPOSURE = ServiceExposure.EXTERNAL;

  public readonly userPool: cognito.UserPool;
  /** The application's load balancer, when a landing bucket for its access logs was given. */
  public readonly loadBalancer?: elbv2.ApplicationLoadBalancer;

  /** Named zones: with a concrete env, the default asks AWS which zones exist (a context lookup), and this app synthesises offline. */
  public get availabilityZones(): string[] {
    return [`${this.region}a`, `${this.region}b`];
  }

  constructor(scope: Construct, id: string, settings: ExampleSettings, central: CentralLogTargets, props: StackProps = {},
    loadBalancerLogs?: LoadBalancerLogLanding) {
    super(scope, id, { ...props, env: { account: settings.applicationAccount, region: settings.centralRegion } });
    const exposure = CustomApplicationStack.EXPOSURE;

    this.userPool = new cognito.UserPool(this, 'Users', {
      selfSignUpEnabled: true,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { sms: false, otp: true },
      passwordPolicy: { minLength: 12, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
    });

    new CognitoUserPoolLogging(this, 'UserPoolLogging', { userPool: this.userPool, central, exposure });
    new AuditTrail(this, 'AuditTrail', { central });
    new TamperEventForwarding(this, 'TamperEvents', { central });
    new IdentityEventForwarding(this, 'IdentityEvents', {
      central, exposure, directories: [UserDirectory.COGNITO_USER_POOL],
    });

    if (loadBalancerLogs) {
      const vpc = new ec2.Vpc(this, 'Vpc', {
        availabilityZones: this.availabilityZones,
        natGateways: 0,
        // Only the load balancer lives here, and it needs no public address on launch.
        subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC, mapPublicIpOnLaunch: false }],
      });
      new VpcFlowLogging(this, 'VpcFlowLogging', { central, vpcs: [vpc], tier: CustomApplicationStack.TIER });
      acknowledgeExampleVpc(vpc);
      this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
        vpc, internetFacing: true, dropInvalidHeaderFields: true, deletionProtection: true,
      });
      acknowledgeExampleLoadBalancer(this.loadBalancer);
      // Throws if the landing bucket is in another region than the load balancer.
      loadBalancerLogs.enableAccessLogs(this.loadBalancer, 'custom-application');
    }
  }
}
