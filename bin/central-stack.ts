import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CentralLogAccount, ServiceExposure } from '../lib';
import { ExampleSettings } from './context';

/** The central log account: archive buckets, CloudWatch Logs destination, security event bus, SIEM hand-off. */
export class CentralLoggingStack extends Stack {
  public readonly central: CentralLogAccount;

  constructor(scope: Construct, id: string, settings: ExampleSettings, props: StackProps = {}) {
    super(scope, id, { ...props, env: { account: settings.centralAccount, region: settings.centralRegion } });
    this.central = new CentralLogAccount(this, 'Central', {
      // The archive holds logs of internal services too: keep everything at least 13 months (LM-2).
      exposure: ServiceExposure.INTERNAL,
      organizationId: settings.organizationId,
      // Named as well as the organisation: aws:SourceAccount is documented for every AWS log service, aws:SourceOrgID
      // not for all of them (README, "What AWS cannot do, and what is not verified").
      sourceAccounts: [settings.managementAccount, settings.hostingAccount, settings.applicationAccount],
      breakGlassRoleArn: `arn:aws:iam::${settings.centralAccount}:role/${settings.breakGlassRoleName}`,
      siem: { account: settings.siemAccount, externalId: settings.siemExternalId },
    });
  }
}
