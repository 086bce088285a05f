/**
 * The public shapes of the guest-level sources' props: tag selectors of
 * managed nodes, log files and Windows event channels. The agent
 * configuration itself is written by `private/agent-config.ts`.
 */


/**
 * A tag that selects Systems Manager managed nodes: EC2 instances, WorkSpaces
 * registered as managed nodes, and hybrid (on-premises) nodes, which carry the
 * tags given at activation or added later
 * (https://docs.aws.amazon.com/systems-manager/latest/userguide/state-manager-about.html:
 * State Manager targets nodes by tag, `tag:<key>`).
 */
export interface ManagedNodeTag {
  /** The tag key, for example `SecurityLogRole`. */
  readonly key: string;
  /** The tag values that select a node (any of them). */
  readonly values: string[];
}


/** A log file the agent tails. */
export interface AgentLogFile {
  /** Absolute path of the file on the node, for example `/var/log/secure`. */
  readonly filePath: string;
  /**
   * Log stream name inside the construct's log group. `{instance_id}`,
   * `{hostname}` and `{ip_address}` are replaced by the agent.
   *
   * @default '{instance_id}/<file name>'
   */
  readonly logStreamName?: string;
}

/** A Windows event log channel the agent reads. */
export interface WindowsEventChannel {
  /** The channel, as Windows names it (for example `Security`); must be one the library knows. */
  readonly channel: string;
  /**
   * Event ids to keep (0 to 65535).
   *
   * @default - every event of the channel
   */
  readonly eventIds?: number[];
}

