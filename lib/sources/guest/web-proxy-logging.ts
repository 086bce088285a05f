import { CfnResource, Names } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { validateAbsolutePath } from './private/agent-config';
import { CloudWatchAgentConfiguration, GuestLogOptions } from './cloudwatch-agent-configuration';
import { ManagedNodeTag } from './guest-types';
import { recordEvidence } from '../../core/evidence';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { SQUID_ACCESS_LOG_PATH, SQUID_LOG_FORMAT, SQUID_LOG_FORMAT_NAME } from '../../requirements/guest-logs';

/** Props for {@link WebProxyLogging}. */
export interface WebProxyLoggingProps extends GuestLogOptions {
  /** The proxy hosts, by tag. */
  readonly targets: ManagedNodeTag[];
  /**
   * Absolute path of the proxy's access log.
   *
   * @default '/var/log/squid/access.log'
   */
  readonly accessLogPath?: string;
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('WebProxyLogging', ['HP-B4']);

/**
 * Web proxy access logs from a forward proxy on EC2 or a hybrid node, such as
 * Squid (HP-B4): the CloudWatch agent ships the access log to an encrypted,
 * retained log group subscribed to the central destination.
 *
 * The log must carry every HP-B4 field. For Squid, define the format
 * {@link WebProxyLogging.SQUID_LOG_FORMAT} and use it on the access log
 * (http://www.squid-cache.org/Doc/config/logformat/):
 *
 * ```
 * logformat seclog_hp_b4 %ts.%03tu %>a %>A %un %rm "%ru" %ssl::>sni %>Hs %<st %Ss
 * access_log daemon:/var/log/squid/access.log seclog_hp_b4
 * ```
 *
 * `%un` is empty without proxy authentication, `%>A` is the address itself
 * unless Squid can resolve it, and `%ssl::>sni` is `-` without SslBump.
 */
export class WebProxyLogging extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;
  /** A Squid `logformat` that carries every HP-B4 field. */
  public static readonly SQUID_LOG_FORMAT: string = SQUID_LOG_FORMAT;
  /** The two squid.conf lines that define and use {@link WebProxyLogging.SQUID_LOG_FORMAT}. */
  public static readonly SQUID_CONFIG_LINES: string[] = [
    `logformat ${SQUID_LOG_FORMAT_NAME} ${SQUID_LOG_FORMAT}`,
    `access_log daemon:${SQUID_ACCESS_LOG_PATH} ${SQUID_LOG_FORMAT_NAME}`,
  ];

  /** The agent configuration. */
  public readonly agent: CloudWatchAgentConfiguration;

  constructor(scope: Construct, id: string, props: WebProxyLoggingProps) {
    super(scope, id);
    const path = validateAbsolutePath('accessLogPath', props.accessLogPath ?? SQUID_ACCESS_LOG_PATH);
    this.agent = new CloudWatchAgentConfiguration(this, 'Agent', {
      ...props,
      configurationName: `${Names.uniqueResourceName(this, { maxLength: 60, separator: '-' })}-proxy`,
      files: [{ filePath: path, logStreamName: '{instance_id}/access.log' }],
    });
    recordEvidence(this, IMPLEMENTS,
      [this.agent.parameter, this.agent.configureAssociation, this.agent.logGroup.node.defaultChild as CfnResource],
      `The CloudWatch agent ships the proxy access log ${path} to ${this.agent.logGroupName}; with the documented Squid ` +
      'logformat it carries user, client address and name, method, URL or SNI, status and response size.');
  }
}
