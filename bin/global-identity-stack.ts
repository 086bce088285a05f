import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CentralLogTargets, IdentityEventForwarding, ServiceExposure, TamperEventForwarding, UserDirectory } from '../lib';

/**
 * IAM API calls reach EventBridge in us-east-1 only, so the IAM directory's
 * forwarding lives in a us-east-1 stack of the workload account. Console
 * sign-ins are left to the account's SignInForwardingStacks (us-east-1 is one
 * of its regions), so they reach the central bus once; the central account's
 * SignInCorrelation correlates them.
 */
export class GlobalIdentityStack extends Stack {
  constructor(scope: Construct, id: string, account: string, central: CentralLogTargets, props: StackProps = {}) {
    super(scope, id, { ...props, env: { account, region: 'us-east-1' } });
    new IdentityEventForwarding(this, 'IamEvents', {
      central,
      exposure: ServiceExposure.INTERNAL,
      directories: [UserDirectory.IAM],
      forwardSignInEvents: false,
    });
    // IAM calls and root API activity of global services are recorded in us-east-1: watch them there too (PU-3).
    new TamperEventForwarding(this, 'TamperEvents', { central });
  }
}
