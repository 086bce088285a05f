import { CfnResource, Names } from 'aws-cdk-lib';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { CloudWatchAgentConfiguration, GuestLogOptions } from './cloudwatch-agent-configuration';
import { ManagedNodeTag } from './guest-types';
import { associationTargets, validateNodeTags } from './private/agent-config';
import { recordEvidence } from '../../core/evidence';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { chronyCommands, validateNtpServer } from './private/scripts';
import { AMAZON_TIME_SYNC_ADDRESS, CHRONY_LOG_DIRECTORY, CHRONY_LOG_FILES } from '../../requirements/guest-logs';

/** Props for {@link TimeSyncConfiguration}. */
export interface TimeSyncConfigurationProps extends GuestLogOptions {
  /** The Linux managed nodes, by tag. */
  readonly targets: ManagedNodeTag[];
  /**
   * The organisation's time sources: host names or IP addresses of NTP
   * servers, in order of preference.
   *
   * @default - the Amazon Time Sync Service, 169.254.169.123
   */
  readonly ntpServers?: string[];
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('TimeSyncConfiguration', ['PU-2']);

/**
 * Guest time synchronisation (PU-2): an `AWS-RunShellScript` association
 * configures chrony on the Linux nodes chosen by tag to use the
 * organisation's time sources (by default the Amazon Time Sync Service) and
 * to write its tracking, measurements and statistics logs; a
 * {@link CloudWatchAgentConfiguration} ships those logs to an encrypted,
 * retained log group subscribed to the central destination, which is the
 * evidence that the clocks hold. Whether the source is the approved
 * organisation time source is the service team's to record.
 */
export class TimeSyncConfiguration extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** The association that configures chrony. */
  public readonly chronyAssociation: ssm.CfnAssociation;
  /** The agent configuration that ships chrony's logs. */
  public readonly agent: CloudWatchAgentConfiguration;
  /** The time sources, in order of preference. */
  public readonly ntpServers: string[];

  constructor(scope: Construct, id: string, props: TimeSyncConfigurationProps) {
    super(scope, id);
    const targets = validateNodeTags('targets', props.targets);
    const servers = props.ntpServers ?? [AMAZON_TIME_SYNC_ADDRESS];
    if (servers.length === 0) {
      throw new Error(`ntpServers is empty; give at least one NTP server, or leave it out for the Amazon Time Sync Service (${AMAZON_TIME_SYNC_ADDRESS}).`);
    }
    this.ntpServers = servers.map((s, i) => validateNtpServer(`ntpServers[${i}]`, s));
    const unique = Names.uniqueResourceName(this, { maxLength: 60, separator: '-' });
    this.chronyAssociation = new ssm.CfnAssociation(this, 'Chrony', {
      name: 'AWS-RunShellScript',
      associationName: `${unique}-chrony`,
      parameters: { commands: chronyCommands(this.ntpServers) },
      targets: associationTargets(targets),
      scheduleExpression: 'rate(1 day)',
    });
    this.agent = new CloudWatchAgentConfiguration(this, 'ChronyLogs', {
      ...props,
      configurationName: `${unique}-chrony`,
      files: CHRONY_LOG_FILES.map((f) => ({ filePath: `${CHRONY_LOG_DIRECTORY}/${f}` })),
    });
    recordEvidence(this, IMPLEMENTS,
      [this.chronyAssociation, this.agent.parameter, this.agent.logGroup.node.defaultChild as CfnResource],
      `chrony on nodes tagged ${targets.map((t) => `${t.key}=${t.values.join('|')}`).join(', ')} synchronises to ` +
      `${this.ntpServers.join(', ')} (State Manager association); its tracking logs go to ${this.agent.logGroupName}.`);
  }
}
