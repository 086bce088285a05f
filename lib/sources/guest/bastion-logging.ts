import { CfnResource, Names, Tags } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct, IConstruct } from 'constructs';
import { CloudWatchAgentConfiguration, GuestLogOptions } from './cloudwatch-agent-configuration';
import { ManagedNodeTag } from './guest-types';
import { associationTargets, validateNodeTags } from './private/agent-config';
import { SessionManagerPreferences } from './session-manager-preferences';
import { recordEvidence } from '../../core/evidence';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { requirement } from '../../requirements/catalogue';
import { SSHD_VERBOSE_COMMANDS } from './private/scripts';
import { BASTION_TAG, LINUX_AUTH_LOG_PATHS, SSHD_LOG_LEVEL } from '../../requirements/guest-logs';

/** Props for {@link BastionLogging}. */
export interface BastionLoggingProps extends GuestLogOptions {
  /**
   * The bastion hosts, by tag.
   *
   * @default - nodes tagged `SecurityLogRole=bastion`
   */
  readonly targets?: ManagedNodeTag[];
  /**
   * Auto Scaling groups of bastion hosts: each is tagged with every target
   * selector (first value), propagated to the instances it launches.
   *
   * @default - none; tag the hosts yourself
   */
  readonly autoScalingGroups?: autoscaling.IAutoScalingGroup[];
  /**
   * Also set the account and region's Session Manager preferences
   * (`SSM-SessionManagerRunShell`) so that session transcripts go to an
   * encrypted log group. Turn off where another stack owns them.
   *
   * @default true
   */
  readonly sessionPreferences?: boolean;
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('BastionLogging', ['HP-B2']);


/**
 * Bastion (jump host) logging, HP-B2.
 *
 * - An `AWS-RunShellScript` association sets sshd's `LogLevel VERBOSE` on the
 *   bastions (user name, source address and key fingerprint of every accepted
 *   and failed public key login) and keeps it set.
 * - A {@link CloudWatchAgentConfiguration} ships the authentication logs
 *   (`/var/log/secure`, `/var/log/auth.log`) to an encrypted, retained log
 *   group subscribed to the central destination.
 * - {@link SessionManagerPreferences} (on by default) streams Session Manager
 *   transcripts to an encrypted log group, also subscribed.
 * - Key pair creation and deletion, EC2 Instance Connect and Session Manager
 *   calls are CloudTrail events the catalogue already lists for HP-B2
 *   (`AuditTrail` records them).
 *
 * The hosts' role needs {@link CloudWatchAgentConfiguration.grantAgent}.
 */
export class BastionLogging extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** The association that keeps sshd at `LogLevel VERBOSE`. */
  public readonly sshdAssociation: ssm.CfnAssociation;
  /** The agent configuration that ships the authentication logs. */
  public readonly agent: CloudWatchAgentConfiguration;
  /** The Session Manager preferences. @default - none when sessionPreferences is false */
  public readonly sessionManager?: SessionManagerPreferences;
  /** The tag selectors of the bastions. */
  public readonly targets: ManagedNodeTag[];

  constructor(scope: Construct, id: string, props: BastionLoggingProps) {
    super(scope, id);
    this.targets = validateNodeTags('targets', props.targets ?? [{ key: BASTION_TAG.key, values: [BASTION_TAG.value] }]);
    for (const asg of props.autoScalingGroups ?? []) {
      for (const t of this.targets) {
        Tags.of(asg).add(t.key, t.values[0], { applyToLaunchedInstances: true });
      }
    }
    const unique = Names.uniqueResourceName(this, { maxLength: 60, separator: '-' });
    this.sshdAssociation = new ssm.CfnAssociation(this, 'SshdVerbose', {
      name: 'AWS-RunShellScript',
      associationName: `${unique}-sshd-verbose`,
      parameters: { commands: SSHD_VERBOSE_COMMANDS },
      targets: associationTargets(this.targets),
      scheduleExpression: props.scheduleExpression ?? 'rate(30 minutes)',
    });
    this.agent = new CloudWatchAgentConfiguration(this, 'AuthLogs', {
      ...props,
      configurationName: `${unique}-auth`,
      targets: this.targets,
      files: LINUX_AUTH_LOG_PATHS.map((filePath) => ({ filePath })),
    });
    if (props.sessionPreferences ?? true) {
      this.sessionManager = new SessionManagerPreferences(this, 'SessionManager', props);
    }

    const fields = requirement('HP-B2').fields;
    const resources: IConstruct[] = [
      this.sshdAssociation, this.agent.parameter, this.agent.configureAssociation,
      this.agent.logGroup.node.defaultChild as CfnResource,
      ...(this.sessionManager ? [this.sessionManager.document, this.sessionManager.logGroup.node.defaultChild as CfnResource] : []),
    ];
    recordEvidence(this, IMPLEMENTS, resources,
      `Bastions tagged ${this.targets.map((t) => `${t.key}=${t.values.join('|')}`).join(', ')}: sshd LogLevel ${SSHD_LOG_LEVEL} and the ` +
      `CloudWatch agent ship login attempts (${fields.filter((f) => f.startsWith('Account login')).join('; ')}) to ${this.agent.logGroupName}` +
      (this.sessionManager ? `; Session Manager transcripts go to ${this.sessionManager.logGroupName}` : '') +
      '; key pair generation and revocation (name, id, fingerprint) are CloudTrail events.');
  }
}
