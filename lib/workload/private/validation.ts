import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { IConstruct } from 'constructs';
import { cloudWatchRetention } from '../../core/log-group';
import { LibraryConstructName } from '../source-names';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../../requirements/types';
import { WorkloadLogCollectionProps } from '../workload-log-collection-props';
import { isInScope } from './discovery';
import { workloadSource } from './source-table';

/**
 * The checks `WorkloadLogCollection` makes of its props in the constructor,
 * so a bad value fails before synth. Not public API.
 */

/** Same check as `DnsQueryLogging`, made in the constructor so a bad id fails before synth. */
const QUERY_LOG_CONFIG_ID = /^rqlc-[0-9a-z]{1,59}$/;

/** The sources that create log groups in the workload account, which `retentionDays` and `retentionApproval` apply to. */
const LOG_GROUP_SOURCES: LibraryConstructName[] = [
  LibraryConstructName.IDENTITY_EVENT_FORWARDING, LibraryConstructName.COGNITO_USER_POOL_LOGGING,
  LibraryConstructName.EKS_AUDIT_LOGGING, LibraryConstructName.API_ACCESS_LOGGING,
  LibraryConstructName.CLIENT_VPN_CONNECTION_LOGGING, LibraryConstructName.NETWORK_INVENTORY_EXPORT,
];

/**
 * The `exclude` entries of the collection at `collectionPath` in stack
 * `home`, checked: each is a construct in scope, other than the stack itself.
 */
export function validateExclude(exclude: IConstruct[], home: Stack, collectionPath: string): IConstruct[] {
  exclude.forEach((entry, i) => {
    if (entry === undefined || entry === null || !(entry as Partial<IConstruct>).node) {
      throw new Error(
        `exclude[${i}] is ${String(entry)}, not a construct; list the VPCs, clusters, user pools, pipelines, API stages or ` +
        'Client VPN endpoints to skip.',
      );
    }
    if (entry === home) {
      throw new Error(
        `exclude[${i}] is stack '${home.node.path}' itself, which would exclude everything; ` +
        'turn the sources off with their props instead.',
      );
    }
    if (!isInScope(entry, home)) {
      throw new Error(
        `exclude[${i}] ('${entry.node.path}') is in stack '${Stack.of(entry).node.path}', outside the scope of ` +
        `WorkloadLogCollection '${collectionPath}' (stack '${home.node.path}' and its nested stacks); remove it.`,
      );
    }
  });
  return [...exclude];
}

/** What `validateOptions` needs of the collection. */
export interface OptionContext {
  readonly tier: MaturityTier;
  readonly profile: LoggingProfile;
  readonly exposure: ServiceExposure;
  /** Whether a source is on. */
  isEnabled(source: LibraryConstructName): boolean;
}

/** Options that apply only to sources that are off are an error, and so are values the sources would refuse. */
export function validateOptions(props: WorkloadLogCollectionProps, collection: OptionContext): void {
  const C = LibraryConstructName;
  const onlyWith: Array<[string, unknown, LibraryConstructName[]]> = [
    ['resolverQueryLogConfigId', props.resolverQueryLogConfigId, [C.DNS_QUERY_LOGGING]],
    ['flowLogTrafficType', props.flowLogTrafficType, [C.VPC_FLOW_LOGGING]],
    ['trailName', props.trailName, [C.AUDIT_TRAIL]],
    ['trailEncryptionKey', props.trailEncryptionKey, [C.AUDIT_TRAIL]],
    ['identityDirectories', props.identityDirectories, [C.IDENTITY_EVENT_FORWARDING]],
    ['allowNonUsEast1', props.allowNonUsEast1, [C.IDENTITY_EVENT_FORWARDING]],
    ['pipelineEventScope', props.pipelineEventScope, [C.PIPELINE_EVENT_FORWARDING]],
    ['retentionDays', props.retentionDays, LOG_GROUP_SOURCES],
    ['retentionApproval', props.retentionApproval, LOG_GROUP_SOURCES],
    ['alarmAction', props.alarmAction, [C.IDENTITY_EVENT_FORWARDING, C.PIPELINE_EVENT_FORWARDING, C.SECURITY_FINDING_FORWARDING,
      C.COMPUTE_EVENT_FORWARDING, C.ORCHESTRATOR_EVENT_FORWARDING, C.NETWORK_INVENTORY_EXPORT]],
  ];
  for (const [prop, value, sources] of onlyWith) {
    if (value !== undefined && !sources.some((s) => collection.isEnabled(s))) {
      const options = sources.map((s) => `${workloadSource(s).option}: true`).join(' or ');
      throw new Error(
        `${prop} only applies to ${sources.join(' or ')}, which ${sources.length > 1 ? 'are' : 'is'} off here ` +
        `(${collection.tier}, ${collection.profile}); remove ${prop}, or turn the source on with ${options}.`,
      );
    }
  }

  const configId = props.resolverQueryLogConfigId;
  if (configId !== undefined && !Token.isUnresolved(configId) && !QUERY_LOG_CONFIG_ID.test(configId)) {
    throw new Error(
      `resolverQueryLogConfigId '${configId}' is not a Resolver query logging configuration id; use the central ` +
      "configuration's id, 'rqlc-' followed by letters and digits (for example 'rqlc-1111222233334444').",
    );
  }
  const traffic = props.flowLogTrafficType;
  if (traffic !== undefined && traffic !== ec2.FlowLogTrafficType.REJECT && traffic !== ec2.FlowLogTrafficType.ALL) {
    throw new Error(
      `flowLogTrafficType '${String(traffic)}' is not allowed: ACCEPT would drop the REJECT records HP-E1 asks for; ` +
      'use FlowLogTrafficType.REJECT, or FlowLogTrafficType.ALL to keep accepted flows as well.',
    );
  }
  if (props.retentionDays !== undefined || props.retentionApproval !== undefined) {
    cloudWatchRetention({ exposure: collection.exposure, retentionDays: props.retentionDays, retentionApproval: props.retentionApproval });
  }
}
