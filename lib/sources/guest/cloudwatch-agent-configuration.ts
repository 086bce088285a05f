import { Names, Stack, Token } from 'aws-cdk-lib';
import { acknowledgeNag } from '../../core/acknowledge';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { AgentLogFile, ManagedNodeTag, WindowsEventChannel } from './guest-types';
import {
  associationTargets, mergeChannels, renderAgentConfig, validateAbsolutePath, validateChannel, validateEventIds, validateNodeTags,
} from './private/agent-config';
import { subscribeToCentralDestination, requireRegion } from '../private/central-subscription';
import { createSecureLogGroup } from '../../core/log-group';
import { CentralLogGroupOptions } from '../central-log-group-options';

/** The prefix CloudWatch agent configuration parameters need for the agent's managed policy to read them. */
export const AGENT_PARAMETER_PREFIX = 'AmazonCloudWatch-';

/** Parameter names: letters, digits and `_.-` (the prefix is added). */
const CONFIGURATION_NAME = /^[A-Za-z0-9_.-]{1,200}$/;

/** Standard SSM parameters hold at most 4 KB; larger configurations need the Advanced tier (8 KB). */
const STANDARD_PARAMETER_LIMIT = 4096;
const ADVANCED_PARAMETER_LIMIT = 8192;

/** Options common to every guest-level source. */
export interface GuestLogOptions extends CentralLogGroupOptions {
  /**
   * Install the CloudWatch agent on the nodes (an `AWS-ConfigureAWSPackage`
   * association). Turn off when the image already has it, or another
   * association installs it.
   *
   * @default true
   */
  readonly installAgent?: boolean;
  /**
   * How often State Manager re-applies the configuration, so that a node that
   * drifted, or missed the first run, is put right.
   *
   * @default 'rate(30 minutes)'
   */
  readonly scheduleExpression?: string;
}

/** Props for {@link CloudWatchAgentConfiguration}. */
export interface CloudWatchAgentConfigurationProps extends GuestLogOptions {
  /**
   * The configuration's name: the SSM parameter is `AmazonCloudWatch-<name>`.
   * Letters, digits, `_`, `.` and `-`.
   */
  readonly configurationName: string;
  /** The managed nodes that get the configuration, by tag. */
  readonly targets: ManagedNodeTag[];
  /**
   * The log group the agent writes to. It is created here (KMS-encrypted,
   * retained, kept for the exposure class's retention, deletion protected)
   * and subscribed to the central destination, so the agent never creates one.
   *
   * @default - `/seclog/guest/<configurationName>`
   */
  readonly logGroupName?: string;
  /**
   * Log files to collect.
   *
   * @default - none
   */
  readonly files?: AgentLogFile[];
  /**
   * Windows event log channels to collect.
   *
   * @default - none
   */
  readonly windowsEvents?: WindowsEventChannel[];
}

/**
 * A CloudWatch agent configuration kept applied on managed nodes chosen by
 * tag: the generic building block of the guest-level sources.
 *
 * - The configuration (the agent's `logs` section) is stored as JSON in the
 *   SSM parameter `AmazonCloudWatch-<configurationName>`, the prefix the
 *   `CloudWatchAgentServerPolicy` managed policy lets the agent read
 *   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/create-iam-roles-for-cloudwatch-agent.html).
 * - An `AWS-ConfigureAWSPackage` association installs the agent
 *   (`AmazonCloudWatchAgent` package); an `AmazonCloudWatch-ManageAgent`
 *   association applies the parameter with action `configure (append)`, so
 *   several of these configurations can apply to one node, and re-applies it
 *   on a schedule
 *   (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/installing-cloudwatch-agent-ssm.html).
 *   That append keeps one file per parameter name is unverified.
 * - The log group is created beforehand with the library's defaults and
 *   subscribed to the central CloudWatch Logs destination.
 *
 * The nodes need the `AmazonSSMManagedInstanceCore` and
 * `CloudWatchAgentServerPolicy` managed policies ({@link CloudWatchAgentConfiguration.grantAgent}).
 */
export class CloudWatchAgentConfiguration extends Construct {
  /** Give a node role what the agent and SSM Agent need: the two AWS managed policies. */
  public static grantAgent(role: iam.IRole): void {
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore'));
    role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('CloudWatchAgentServerPolicy'));
    for (const policy of ['AmazonSSMManagedInstanceCore', 'CloudWatchAgentServerPolicy']) {
      acknowledgeNag(role, `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`,
        'AWS documents this managed policy as what SSM Agent and the CloudWatch agent need on a node, and keeps it current as the ' +
        'agents change (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/create-iam-roles-for-cloudwatch-agent.html).');
    }
  }

  /** The SSM parameter's name, `AmazonCloudWatch-<configurationName>`. */
  public readonly parameterName: string;
  /** The SSM parameter that holds the configuration. */
  public readonly parameter: ssm.CfnParameter;
  /** The configuration as written to the parameter. */
  public readonly config: Record<string, unknown>;
  /** The log group the agent writes to. */
  public readonly logGroup: logs.LogGroup;
  /** The log group's name. */
  public readonly logGroupName: string;
  /** The association that installs the agent. @default - none when installAgent is false */
  public readonly installAssociation?: ssm.CfnAssociation;
  /** The association that applies the configuration. */
  public readonly configureAssociation: ssm.CfnAssociation;
  /** The subscription to the central destination. */
  public readonly subscriptionFilter: logs.CfnSubscriptionFilter;

  constructor(scope: Construct, id: string, props: CloudWatchAgentConfigurationProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const region = requireRegion(stack, 'CloudWatchAgentConfiguration', 'node');
    const name = props.configurationName;
    if (Token.isUnresolved(name) || !CONFIGURATION_NAME.test(name)) {
      throw new Error(`configurationName '${name}' is not usable in a parameter name; use 1 to 200 letters, digits, '_', '.' or '-'.`);
    }
    const targets = validateNodeTags('targets', props.targets);
    const files = (props.files ?? []).map((f, i) => ({ ...f, filePath: validateAbsolutePath(`files[${i}].filePath`, f.filePath) }));
    const channels = mergeChannels((props.windowsEvents ?? []).map((w, i) => ({
      channel: validateChannel(`windowsEvents[${i}].channel`, w.channel),
      eventIds: w.eventIds === undefined ? undefined : validateEventIds(`windowsEvents[${i}].eventIds`, w.eventIds),
    })));
    if (files.length === 0 && channels.length === 0) {
      throw new Error(`CloudWatchAgentConfiguration '${this.node.path}' collects nothing; give files or windowsEvents.`);
    }

    this.logGroupName = props.logGroupName ?? `/seclog/guest/${name}`;
    this.logGroup = createSecureLogGroup(this, 'LogGroup', {
      logGroupName: this.logGroupName,
      exposure: props.exposure,
      retentionDays: props.retentionDays,
      retentionApproval: props.retentionApproval,
      encryptionKey: props.encryptionKey,
    });
    this.subscriptionFilter = subscribeToCentralDestination(this, this.logGroup, props.central, region,
      `Lets CloudWatch Logs send ${this.logGroupName} to the central log destination`).filter;

    this.parameterName = `${AGENT_PARAMETER_PREFIX}${name}`;
    this.config = renderAgentConfig({ logGroupName: this.logGroupName, files, windowsEvents: channels });
    const value = JSON.stringify(this.config);
    if (value.length > ADVANCED_PARAMETER_LIMIT) {
      throw new Error(
        `The agent configuration of '${this.node.path}' is ${value.length} characters, more than an SSM parameter holds (8192); ` +
        'split it into two CloudWatchAgentConfiguration constructs.',
      );
    }
    this.parameter = new ssm.CfnParameter(this, 'Parameter', {
      name: this.parameterName,
      type: 'String',
      tier: value.length > STANDARD_PARAMETER_LIMIT ? 'Advanced' : 'Standard',
      value,
      description: `CloudWatch agent configuration (cdk-security-log-collection): logs to ${this.logGroupName}`,
    });

    const schedule = props.scheduleExpression ?? 'rate(30 minutes)';
    const unique = Names.uniqueResourceName(this, { maxLength: 100, separator: '-' });
    if (props.installAgent ?? true) {
      this.installAssociation = new ssm.CfnAssociation(this, 'InstallAgent', {
        name: 'AWS-ConfigureAWSPackage',
        associationName: `${unique}-install`.slice(-128),
        parameters: { action: ['Install'], name: ['AmazonCloudWatchAgent'] },
        targets: associationTargets(targets),
        scheduleExpression: 'rate(14 days)',
      });
    }
    this.configureAssociation = new ssm.CfnAssociation(this, 'ApplyConfiguration', {
      name: 'AmazonCloudWatch-ManageAgent',
      associationName: `${unique}-configure`.slice(-128),
      parameters: {
        action: ['configure (append)'],
        mode: ['auto'],
        optionalConfigurationSource: ['ssm'],
        optionalConfigurationLocation: [this.parameterName],
        optionalRestart: ['yes'],
      },
      targets: associationTargets(targets),
      scheduleExpression: schedule,
    });
    this.configureAssociation.addResourceDependency(this.parameter, 'the agent reads the parameter');
    this.configureAssociation.node.addDependency(this.logGroup);
    if (this.installAssociation) {
      this.configureAssociation.addResourceDependency(this.installAssociation, 'the agent is installed before it is configured');
    }
  }
}
