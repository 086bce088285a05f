import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { AuditTrail, CentralLogTargets, LogProtectionGuardrail, TamperEventForwarding } from '../lib';
import { ExampleSettings } from './context';

/**
 * The organisation's management account: the organisation trail (management
 * events of every account, into the central CloudTrail bucket) and the
 * guardrail that stops privileged users switching logs off (PU-3).
 */
export class OrganizationStack extends Stack {
  public readonly trail: AuditTrail;
  public readonly guardrail: LogProtectionGuardrail;

  constructor(scope: Construct, id: string, settings: ExampleSettings, central: CentralLogTargets, props: StackProps = {}) {
    super(scope, id, { ...props, env: { account: settings.managementAccount, region: settings.centralRegion } });
    this.trail = new AuditTrail(this, 'OrganizationTrail', { central, organizationTrail: true });
    // SCPs do not bind the management account: its own tamper events are the only guard here (PU-3).
    new TamperEventForwarding(this, 'TamperEvents', { central });
    this.guardrail = new LogProtectionGuardrail(this, 'LogProtection', {
      // The organisation root: every account in the organisation.
      targetIds: ['r-ex12'],
      exemptRoleArnPatterns: [
        `arn:aws:iam::*:role/${settings.breakGlassRoleName}`,
        'arn:aws:iam::*:role/cdk-hnb659fds-cfn-exec-role-*',
      ],
      // The CDK deploy role passes the execution role to CloudFormation; nobody else may lend its exemption.
      exemptRolePassers: ['arn:aws:iam::*:role/cdk-hnb659fds-deploy-role-*'],
      // ... and only the deployment pipeline may assume the deploy role (an administrator who could would pass it).
      exemptRolePasserAssumers: ['arn:aws:iam::*:role/deployment-pipeline-*'],
      targets: central,
    });
  }
}
