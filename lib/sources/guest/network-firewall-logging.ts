import * as networkfirewall from 'aws-cdk-lib/aws-networkfirewall';
import { Construct } from 'constructs';
import { CentralLogTargets, LogFamily } from '../../central/targets';
import { recordEvidence } from '../../core/evidence';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';

/** Network Firewall's log types (https://docs.aws.amazon.com/network-firewall/latest/developerguide/firewall-logging.html). */
export enum NetworkFirewallLogType {
  /** Traffic that matched a stateful rule with DROP, REJECT or ALERT: the denied decisions, with HTTP host, URL and TLS SNI. */
  ALERT = 'ALERT',
  /** Every flow the stateful engine saw. */
  FLOW = 'FLOW',
  /** TLS inspection errors and revoked certificates (only where TLS inspection is configured). */
  TLS = 'TLS',
}

/** The key prefix of Network Firewall logs in the central bucket. */
export const NETWORK_FIREWALL_LOG_PREFIX = 'network-firewall';

/** Props for {@link NetworkFirewallLogging}. */
export interface NetworkFirewallLoggingProps {
  /** The central log account: the logs go straight to its VPC_FLOW bucket, under `network-firewall/`. */
  readonly central: CentralLogTargets;
  /** The firewall (one logging configuration per firewall). */
  readonly firewall: networkfirewall.CfnFirewall;
  /**
   * Also deliver TLS logs, for a firewall whose policy uses TLS inspection.
   *
   * @default false
   */
  readonly tlsLogs?: boolean;
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('NetworkFirewallLogging', ['HP-B4', 'HP-E1']);

/** Firewalls that already have a NetworkFirewallLogging, and the path of that construct. */
const CLAIMED = new WeakMap<networkfirewall.CfnFirewall, string>();

/**
 * AWS Network Firewall logging (HP-B4 web traffic, and HP-E1's denied
 * traffic): one `AWS::NetworkFirewall::LoggingConfiguration` that sends ALERT
 * and FLOW logs (and TLS logs when asked) straight to the central VPC_FLOW
 * bucket under `network-firewall/`, by the same vended log delivery
 * (`delivery.logs.amazonaws.com`, `AWSLogs/` keys) the bucket policy already
 * admits for flow logs
 * (https://docs.aws.amazon.com/network-firewall/latest/developerguide/logging-s3.html).
 *
 * ALERT records carry the HTTP host, URL and method or the TLS SNI of traffic a
 * stateful rule dropped or alerted on; FLOW records every flow. Neither has an
 * authenticated user, a status code or a response size: run a proxy with
 * `WebProxyLogging` where those are required.
 */
export class NetworkFirewallLogging extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** The logging configuration. */
  public readonly loggingConfiguration: networkfirewall.CfnLoggingConfiguration;
  /** The log types delivered. */
  public readonly logTypes: NetworkFirewallLogType[];
  /** The central bucket the logs go to. */
  public readonly bucketName: string;

  constructor(scope: Construct, id: string, props: NetworkFirewallLoggingProps) {
    super(scope, id);
    const firewall = props.firewall;
    if (!(firewall instanceof networkfirewall.CfnFirewall)) {
      throw new Error(`firewall must be an AWS::NetworkFirewall::Firewall (CfnFirewall), got ${String((firewall as { node?: { path?: string } })?.node?.path ?? firewall)}.`);
    }
    const claimedBy = CLAIMED.get(firewall);
    if (claimedBy !== undefined) {
      throw new Error(`Network Firewall ${firewall.node.path} already has NetworkFirewallLogging '${claimedBy}'; a firewall has one logging configuration.`);
    }
    CLAIMED.set(firewall, this.node.path);
    this.logTypes = [NetworkFirewallLogType.ALERT, NetworkFirewallLogType.FLOW, ...(props.tlsLogs ? [NetworkFirewallLogType.TLS] : [])];
    this.bucketName = props.central.bucketName(LogFamily.VPC_FLOW);
    this.loggingConfiguration = new networkfirewall.CfnLoggingConfiguration(this, 'Resource', {
      firewallArn: firewall.attrFirewallArn,
      loggingConfiguration: {
        logDestinationConfigs: this.logTypes.map((logType) => ({
          logType,
          logDestinationType: 'S3',
          logDestination: { bucketName: this.bucketName, prefix: NETWORK_FIREWALL_LOG_PREFIX },
        })),
      },
    });
    recordEvidence(this, IMPLEMENTS, [this.loggingConfiguration],
      `Network Firewall ${firewall.node.path} delivers ${this.logTypes.join(', ')} logs (alerts carry the HTTP host, URL and ` +
      `method or TLS SNI of dropped and alerted traffic) to the central bucket ${this.bucketName}.`);
  }
}
