import { CfnResource, Names } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ManagedNodeTag, WindowsEventChannel } from './guest-types';
import { CloudWatchAgentConfiguration, GuestLogOptions } from './cloudwatch-agent-configuration';
import { recordEvidence } from '../../core/evidence';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { LOGGING_MADE_EASY_EVENTS, LOGGING_MADE_EASY_SOURCE } from '../../requirements/guest-logs';

/** Props for {@link WindowsSecurityLogging}. */
export interface WindowsSecurityLoggingProps extends GuestLogOptions {
  /**
   * The Windows managed nodes, by tag: EC2 instances, WorkSpaces registered
   * as managed nodes, and on-premises devices registered with a hybrid
   * activation (give the tag at activation, `--tags`).
   */
  readonly targets: ManagedNodeTag[];
  /**
   * Also collect the Sysmon channel (`Microsoft-Windows-Sysmon/Operational`),
   * which exists only where Sysmon is installed.
   *
   * @default false
   */
  readonly includeSysmon?: boolean;
  /**
   * Channels and event ids to collect besides the Logging Made Easy set
   * (merged with it; a channel without ids is collected whole).
   *
   * @default - none
   */
  readonly additionalEvents?: WindowsEventChannel[];
  /**
   * The configuration's name (the parameter is `AmazonCloudWatch-<name>`).
   *
   * @default - made from the construct path
   */
  readonly configurationName?: string;
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('WindowsSecurityLogging', ['HP-E5']);

/**
 * Windows security logs as NCSC's Logging Made Easy defines them (HP-E5):
 * the agent's `windows_events` section is generated from the catalogue's
 * Logging Made Easy event set (`LOGGING_MADE_EASY_EVENTS`, from LME's Windows
 * Event Collector subscription), kept applied by State Manager on the Windows
 * nodes chosen by tag, and shipped to an encrypted, retained log group
 * subscribed to the central destination.
 *
 * End-user devices outside AWS join as hybrid managed nodes: create a hybrid
 * activation with the tag, install SSM Agent with the activation code and id,
 * and the same associations reach them
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/activations.html).
 * The agent filters by channel and event id only, not by LME's XPath
 * conditions (logon type, provider), so it keeps a superset of what LME forwards.
 */
export class WindowsSecurityLogging extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** The agent configuration. */
  public readonly agent: CloudWatchAgentConfiguration;

  constructor(scope: Construct, id: string, props: WindowsSecurityLoggingProps) {
    super(scope, id);
    const lme = LOGGING_MADE_EASY_EVENTS
      .filter((c) => !c.optional || props.includeSysmon)
      .map((c) => ({ channel: c.channel, eventIds: c.eventIds.length > 0 ? c.eventIds : undefined }));
    const name = props.configurationName ?? `${Names.uniqueResourceName(this, { maxLength: 60, separator: '-' })}-windows`;
    this.agent = new CloudWatchAgentConfiguration(this, 'Agent', {
      ...props,
      configurationName: name,
      windowsEvents: [...lme, ...(props.additionalEvents ?? [])],
    });
    recordEvidence(this, IMPLEMENTS,
      [this.agent.parameter, this.agent.configureAssociation, this.agent.logGroup.node.defaultChild as CfnResource],
      `The CloudWatch agent on Windows nodes tagged ${props.targets.map((t) => `${t.key}=${t.values.join('|')}`).join(', ')} ` +
      `collects the Logging Made Easy event set (${LOGGING_MADE_EASY_SOURCE}) into ${this.agent.logGroupName}.`);
  }
}
