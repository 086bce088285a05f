import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CentralLogTargets, LogProtectionGuardrail } from '../lib';
import { ExampleSettings } from './context';

/** The organisation guardrail (PU-3), deployed in the management account. */
export class OrganizationGuardrailStack extends Stack {
  constructor(scope: Construct, id: string, settings: ExampleSettings, central: CentralLogTargets, props: StackProps = {}) {
    super(scope, id, { ...props, env: { account: settings.managementAccount, region: 'us-east-1' } });
    new LogProtectionGuardrail(this, 'LogProtection', {
      // The organisation root: every account in the organisation.
      targetIds: ['r-ex12'],
      exemptRoleArnPatterns: [
        `arn:aws:iam::*:role/${settings.breakGlassRoleName}`,
        'arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*',
      ],
      targets: central,
    });
  }
}
