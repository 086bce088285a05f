import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  CentralLogDestination, CentralLogTargets, LoadBalancerLogLanding, LogArchive, RegionalLogKind, ResolverQueryLogSharing, ServiceExposure,
  TamperEventForwarding, VendedLogLanding,
} from '../lib';
import { ExampleSettings } from './context';

/**
 * The central log account's parts for one further region (README, "Regional topology"): what must sit in the region
 * of its senders. A region-local landing bucket for Resolver query logs with the region's shared query logging
 * configuration, a landing bucket for load balancer access logs, the CloudWatch Logs destination, and the account's
 * own tamper-event forwarding. Everything lands in the central vault (cross-region replication) or in the central
 * region's landing buckets (the destination's Firehose). Alarms notify the stack's own encrypted topic (an alarm
 * notifies only a topic of its own region).
 */
export class CentralRegionalStack extends Stack {
  public readonly dnsLanding: VendedLogLanding;
  public readonly resolverQueryLogs: ResolverQueryLogSharing;
  public readonly loadBalancerLogs: LoadBalancerLogLanding;
  public readonly logDestination: CentralLogDestination;

  constructor(scope: Construct, id: string, settings: ExampleSettings, region: string, central: CentralLogTargets, props: StackProps = {}) {
    super(scope, id, { ...props, env: { account: settings.centralAccount, region } });
    const breakGlassRoleArn = `arn:aws:iam::${settings.centralAccount}:role/${settings.breakGlassRoleName}`;
    const sources = { organizationId: settings.organizationId, sourceAccounts: [settings.hostingAccount, settings.applicationAccount] };
    this.dnsLanding = new VendedLogLanding(this, 'DnsQueryLanding', {
      central, kind: RegionalLogKind.DNS_QUERY, exposure: ServiceExposure.INTERNAL, breakGlassRoleArn, ...sources,
    });
    this.resolverQueryLogs = new ResolverQueryLogSharing(this, 'ResolverQueryLogs', {
      central,
      landing: this.dnsLanding,
      sharePrincipals: [`arn:aws:organizations::${settings.managementAccount}:organization/${settings.organizationId}`],
    });
    this.loadBalancerLogs = new LoadBalancerLogLanding(this, 'LoadBalancerLogs', {
      central, exposure: ServiceExposure.EXTERNAL, breakGlassRoleArn, ...sources,
    });
    this.logDestination = new CentralLogDestination(this, 'LogDestination', {
      archive: LogArchive.fromLogArchiveAttributes(this, 'Archive', central), ...sources,
    });
    new TamperEventForwarding(this, 'TamperEvents', { central });
  }
}
