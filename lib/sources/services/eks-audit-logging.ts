import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { CfnCluster } from 'aws-cdk-lib/aws-eks';
import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, IConstruct } from 'constructs';
import { subscribeToCentralDestination } from '../private/central-subscription';
import { createSecureLogGroup } from '../../core/log-group';
import { awsSource } from '../../requirements/catalogue';
import { LogSourceName } from '../../requirements/types';
import { CentralLogGroupOptions } from '../central-log-group-options';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { cfnResourceOf } from '../../core/l1';

/** The requirement this construct meets. */

/** EKS cluster names: a letter or digit, then letters, digits, hyphens and underscores, at most 100 in all. */
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9\-_]{0,99}$/;

/** Every control-plane log type EKS knows, to check the catalogue and the props against. */
const KNOWN_LOG_TYPES: string[] = Object.values(eksv2.ClusterLoggingTypes);

/** Clusters that already have an EksAuditLogging, and the path of that construct. */
const CLAIMED = new WeakMap<CfnResource, string>();

/** Options for {@link EksAuditLogging.ofCluster}: everything but the cluster. */
export interface EksAuditLoggingOptions extends CentralLogGroupOptions {
  /**
   * Log types to turn on besides the ones the standard requires (`api`,
   * `audit`, `authenticator`, from the requirement catalogue), for example
   * `ClusterLoggingTypes.CONTROLLER_MANAGER` and `ClusterLoggingTypes.SCHEDULER`.
   * Types already on for the cluster stay on either way.
   *
   * @default - only the required types are added
   */
  readonly additionalLogTypes?: eksv2.ClusterLoggingTypes[];
}

/** Props for {@link EksAuditLogging}. */
export interface EksAuditLoggingProps extends EksAuditLoggingOptions {
  /**
   * The cluster's `AWS::EKS::Cluster` resource: a `CfnCluster` of `aws-eks`
   * or `aws-eks-v2`. For an `aws-eks-v2` `Cluster` use
   * {@link EksAuditLogging.ofCluster}. The cluster needs a fixed name.
   */
  readonly cluster: CfnResource;
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('EksAuditLogging', ['HP-B6']);

/**
 * EKS control-plane audit logging (HP-B6, orchestrator events).
 *
 * - Turns on the control-plane log types the requirement catalogue names for
 *   HP-B6 (`api`, `audit`, `authenticator`), plus any in `additionalLogTypes`.
 *   The types are merged at synth with those already set on the cluster's
 *   `logging` property, so none is ever turned off.
 * - Creates the cluster's log group `/aws/eks/<cluster name>/cluster` before
 *   the cluster (the cluster depends on it), so EKS writes into a group that
 *   is KMS-encrypted, retained when the stack is deleted and kept for the
 *   exposure class's retention, instead of creating one that never expires.
 * - Subscribes the log group to the central CloudWatch Logs destination of
 *   the stack's region, which sends the logs to the central archive.
 *
 * The log group name needs the cluster's name, so the cluster must have a
 * fixed name. If EKS already created the log group (logging was on before),
 * import it into the stack (`cdk import`) or delete it first: CloudFormation
 * cannot create a log group that exists. A later `addPropertyOverride` on
 * `Logging.ClusterLogging.EnabledTypes` by other code replaces this merge.
 *
 * @example
 * const cluster = new eks.Cluster(this, 'Cluster', {
 *   clusterName: 'platform',
 *   version: eks.KubernetesVersion.V1_34,
 * });
 * EksAuditLogging.ofCluster(this, 'ClusterAudit', cluster, {
 *   central,
 *   exposure: ServiceExposure.INTERNAL,
 *   additionalLogTypes: [eks.ClusterLoggingTypes.SCHEDULER],
 * });
 */
export class EksAuditLogging extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /**
   * Audit logging for an L2 cluster (`aws-eks-v2` `Cluster`) or any construct
   * whose default child is an `AWS::EKS::Cluster` resource.
   */
  public static ofCluster(scope: Construct, id: string, cluster: IConstruct, options: EksAuditLoggingOptions): EksAuditLogging {
    const { resource, found } = cfnResourceOf(cluster, (c): c is CfnCluster => CfnCluster.isCfnCluster(c));
    if (!resource) {
      throw new Error(
        `${cluster.node.path} is not backed by an AWS::EKS::Cluster resource (its default child is ${found}). ` +
        'An aws-eks (v1) Cluster creates the cluster through a custom resource whose log types cannot be merged: ' +
        'use the aws-eks-v2 Cluster, or pass the CfnCluster itself as cluster to new EksAuditLogging.',
      );
    }
    return new EksAuditLogging(scope, id, { ...options, cluster: resource });
  }

  /** The cluster's control-plane log group, `/aws/eks/<cluster name>/cluster`. */
  public readonly logGroup: logs.ILogGroup;
  /** The log group's name. */
  public readonly logGroupName: string;
  /** The subscription that sends the log group to the central destination. */
  public readonly subscriptionFilter: logs.CfnSubscriptionFilter;
  /** The role CloudWatch Logs uses to put the log group's events on the central destination. */
  public readonly subscriptionRole: iam.Role;
  /** The cluster's name. */
  public readonly clusterName: string;
  /** The log types this construct makes sure are on (required first, then additional). */
  public readonly logTypes: string[];

  constructor(scope: Construct, id: string, props: EksAuditLoggingProps) {
    super(scope, id);
    const cluster = props.cluster;
    if (!CfnCluster.isCfnCluster(cluster)) {
      throw new Error(
        `cluster must be an AWS::EKS::Cluster resource, got ${cluster.cfnResourceType} at ${cluster.node.path}; ` +
        'pass the CfnCluster, or use EksAuditLogging.ofCluster(scope, id, cluster, options) for an L2 cluster.',
      );
    }

    const stack = Stack.of(this);
    if (Stack.of(cluster) !== stack) {
      throw new Error(
        `EksAuditLogging '${this.node.path}' is in stack '${stack.stackName}' but the cluster ${cluster.node.path} is in ` +
        `stack '${Stack.of(cluster).stackName}'; create it in the cluster's stack so the log group is in the cluster's account and region.`,
      );
    }

    const claimedBy = CLAIMED.get(cluster);
    if (claimedBy !== undefined) {
      throw new Error(
        `EKS cluster ${cluster.node.path} already has EksAuditLogging '${claimedBy}'; use one per cluster ` +
        '(put extra log types in its additionalLogTypes).',
      );
    }

    const name = cluster.name;
    if (name === undefined || Token.isUnresolved(name)) {
      throw new Error(
        `EKS cluster ${cluster.node.path} has ${name === undefined ? 'no name' : `an unresolved name (${name})`}, so its ` +
        'log group /aws/eks/<name>/cluster cannot be created before it; set clusterName on the aws-eks-v2 Cluster ' +
        '(name on a CfnCluster). Naming an existing cluster replaces it: for a deployed cluster, use its current name.',
      );
    }
    if (!CLUSTER_NAME.test(name)) {
      throw new Error(
        `EKS cluster name '${name}' is not valid; use 1 to 100 letters, digits, hyphens or underscores, starting with a letter or digit.`,
      );
    }

    const region = stack.region;
    if (Token.isUnresolved(region)) {
      throw new Error(
        `Stack '${stack.stackName}' has no concrete region, so EksAuditLogging cannot name the central CloudWatch Logs ` +
        "destination in the cluster's region; set env: { account, region } on the stack.",
      );
    }

    this.logTypes = resolveLogTypes(props.additionalLogTypes ?? []);
    this.clusterName = name;
    this.logGroupName = `/aws/eks/${name}/cluster`;

    const logGroup = createSecureLogGroup(this, 'LogGroup', {
      logGroupName: this.logGroupName,
      exposure: props.exposure,
      retentionDays: props.retentionDays,
      retentionApproval: props.retentionApproval,
      encryptionKey: props.encryptionKey,
    });
    this.logGroup = logGroup;
    cluster.addResourceDependency(logGroup.node.defaultChild as CfnResource, 'EKS must write into the retained, encrypted log group, not create its own');

    const subscription = subscribeToCentralDestination(this, logGroup, props.central, region,
      `Lets CloudWatch Logs send ${this.logGroupName} to the central log destination`);
    this.subscriptionFilter = subscription.filter;
    this.subscriptionRole = subscription.role;

    // Merge the required types into the cluster's own `logging` property (never
    // turning any type off), so the template and every reader of the L1
    // resource, the rule pack included, sees them.
    const wanted = this.logTypes;
    const before = currentLogTypes(cluster, (x) => stack.resolve(x));
    if (before.problem) {
      throw new Error(before.problem);
    }
    const merged = [...before.types, ...wanted.filter((t) => !before.types.includes(t))];
    cluster.logging = { clusterLogging: { enabledTypes: merged.map((type) => ({ type })) } };

    this.node.addValidation({
      validate: () => {
        const errors: string[] = [];
        const current = currentLogTypes(cluster, (x) => Stack.of(cluster).resolve(x));
        if (current.problem) {
          errors.push(current.problem);
        } else {
          const lost = wanted.filter((t) => !current.types.includes(t));
          if (lost.length > 0) {
            errors.push(
              `The logging property of EKS cluster ${cluster.node.path} was replaced after EksAuditLogging '${this.node.path}' ` +
              `set it, and no longer enables ${lost.join(', ')}; add to the existing types instead of replacing them.`,
            );
          }
        }
        const twins = stack.node.findAll()
          .filter((c): c is logs.CfnLogGroup => c instanceof logs.CfnLogGroup && c !== logGroup.node.defaultChild)
          .filter((c) => c.logGroupName === this.logGroupName);
        for (const twin of twins) {
          errors.push(
            `${twin.node.path} also creates log group ${this.logGroupName}, which EksAuditLogging '${this.node.path}' creates; ` +
            'remove one of them (CloudFormation cannot create the same log group twice).',
          );
        }
        return errors;
      },
    });
    CLAIMED.set(cluster, this.node.path);
  }
}

/** The required types from the catalogue, then the additional ones, each once; all checked against what EKS knows. */
function resolveLogTypes(additional: eksv2.ClusterLoggingTypes[]): string[] {
  const required = awsSource(IMPLEMENTS.requirementIds[0], LogSourceName.EKS_CONTROL_PLANE_LOGS).fields ?? [];
  if (required.length === 0) {
    throw new Error(
      `The requirement catalogue names no EKS control-plane log types for ${IMPLEMENTS.requirementIds[0]}; ` +
      `add them as the fields of its '${LogSourceName.EKS_CONTROL_PLANE_LOGS}' source.`,
    );
  }
  for (const t of required) {
    if (!KNOWN_LOG_TYPES.includes(t)) {
      throw new Error(
        `The requirement catalogue names EKS log type '${t}' for ${IMPLEMENTS.requirementIds[0]}, which EKS does not have; ` +
        `use one of ${KNOWN_LOG_TYPES.join(', ')}.`,
      );
    }
  }
  const types = [...required];
  for (const t of additional) {
    if (!KNOWN_LOG_TYPES.includes(t)) {
      throw new Error(`additionalLogTypes has '${t}', which is not an EKS log type; use one of ${KNOWN_LOG_TYPES.join(', ')}.`);
    }
    if (!types.includes(t)) {
      types.push(t);
    }
  }
  return types;
}

/**
 * The log types set on the cluster's own `logging` property (before this
 * construct's override), in order. `problem` says why they cannot be read,
 * for example when a type is a CloudFormation condition.
 */
function currentLogTypes(cluster: CfnCluster, resolve: (x: unknown) => unknown): { types: string[]; problem?: string } {
  const logging = resolve(cluster.logging) as Record<string, unknown> | undefined;
  if (logging === undefined || logging === null) {
    return { types: [] };
  }
  const unreadable = (what: string) => ({
    types: [] as string[],
    problem:
      `The logging property of EKS cluster ${cluster.node.path} has ${what} that cannot be read at synth, so ` +
      'EksAuditLogging cannot merge its log types into it; set logging with literal types (or remove it and let ' +
      'EksAuditLogging set the types).',
  });
  if (typeof logging !== 'object' || Array.isArray(logging)) {
    return unreadable('a value');
  }
  const clusterLogging = (logging.clusterLogging ?? logging.ClusterLogging) as Record<string, unknown> | undefined;
  if (clusterLogging === undefined) {
    return Object.keys(logging).length === 0 ? { types: [] } : unreadable('a value');
  }
  if (typeof clusterLogging !== 'object' || Array.isArray(clusterLogging)) {
    return unreadable('a clusterLogging value');
  }
  const enabled = clusterLogging.enabledTypes ?? clusterLogging.EnabledTypes;
  if (enabled === undefined) {
    return { types: [] };
  }
  if (!Array.isArray(enabled)) {
    return unreadable('an enabledTypes value');
  }
  const types: string[] = [];
  for (const entry of enabled) {
    const type = entry && typeof entry === 'object' ? (entry as Record<string, unknown>).type ?? (entry as Record<string, unknown>).Type : undefined;
    if (typeof type !== 'string') {
      return unreadable('a log type');
    }
    if (!types.includes(type)) {
      types.push(type);
    }
  }
  return { types };
}
