import { RequirementImplementation } from '../../core/implementation';
import { requirementsFor } from '../../requirements/catalogue';
import {
  ApiAccessLogging, AuditTrail, ClientVpnConnectionLogging, CognitoUserPoolLogging, ComputeEventForwarding, DnsQueryLogging,
  EksAuditLogging, IdentityEventForwarding, NetworkInventoryExport, OrchestratorEventForwarding, PipelineEventForwarding,
  SecurityFindingForwarding, VpcFlowLogging,
} from '../../sources';
import { LibraryConstructName } from '../source-names';
import { LoggingProfile, MaturityTier } from '../../requirements/types';

/**
 * The sources `WorkloadLogCollection` composes, each with its class's
 * declaration (`IMPLEMENTS`): what each source implements, and so which of
 * them a tier and profile need, comes from the declarations and the
 * catalogue, never from this table. Not public API.
 *
 * The map is keyed by every `LibraryConstructName`, so a name added there
 * does not compile until it is placed here: as a workload source, or as
 * central-side (`undefined`: the central archive and the organisation
 * guardrail are deployed elsewhere and never switched on by a workload stack).
 */

/** How many of a source there are, and where they live. */
export enum SourcePlacement {
  /** One per account: the multi-region trail records every region. */
  ACCOUNT = 'ACCOUNT',
  /** One per account and region: the EventBridge forwarders and the network inventory export. */
  ACCOUNT_REGION = 'ACCOUNT_REGION',
  /** One per stack that holds a VPC, created in that stack. */
  PER_STACK = 'PER_STACK',
  /** One per resource (EKS cluster, user pool, API stage, Client VPN endpoint), created in the resource's stack. */
  PER_RESOURCE = 'PER_RESOURCE',
}

/** A workload-side source `WorkloadLogCollection` can switch on. */
export interface WorkloadSourceSpec {
  /** The construct name. */
  readonly name: LibraryConstructName;
  /** What the construct's class declares it implements. */
  readonly implementation: RequirementImplementation;
  /** The `WorkloadLogCollectionProps` boolean that turns it on or off. */
  readonly option: string;
  /** How many there are and where they live. */
  readonly placement: SourcePlacement;
  /** What else can meet its requirements, for the opt-out note. */
  readonly alternative: string;
}

type SpecWithoutName = Omit<WorkloadSourceSpec, 'name'>;

const SPECS: { readonly [K in LibraryConstructName]: SpecWithoutName | undefined } = {
  [LibraryConstructName.AUDIT_TRAIL]: {
    implementation: AuditTrail.IMPLEMENTS,
    option: 'auditTrail',
    placement: SourcePlacement.ACCOUNT,
    alternative: 'an organisation trail that records this account and delivers to the central CloudTrail bucket',
  },
  [LibraryConstructName.IDENTITY_EVENT_FORWARDING]: {
    implementation: IdentityEventForwarding.IMPLEMENTS,
    option: 'identityEvents',
    placement: SourcePlacement.ACCOUNT_REGION,
    alternative: 'an IdentityEventForwarding deployed elsewhere for this account and region',
  },
  [LibraryConstructName.COGNITO_USER_POOL_LOGGING]: {
    implementation: CognitoUserPoolLogging.IMPLEMENTS,
    option: 'cognitoLogging',
    placement: SourcePlacement.PER_RESOURCE,
    alternative: 'a CognitoUserPoolLogging (or log delivery configuration) you add to each user pool',
  },
  [LibraryConstructName.DNS_QUERY_LOGGING]: {
    implementation: DnsQueryLogging.IMPLEMENTS,
    option: 'dnsQueryLogging',
    placement: SourcePlacement.PER_STACK,
    alternative: 'a Resolver query logging association you add to each VPC',
  },
  [LibraryConstructName.EKS_AUDIT_LOGGING]: {
    implementation: EksAuditLogging.IMPLEMENTS,
    option: 'eksAuditLogging',
    placement: SourcePlacement.PER_RESOURCE,
    alternative: 'an EksAuditLogging you add to each cluster',
  },
  [LibraryConstructName.VPC_FLOW_LOGGING]: {
    implementation: VpcFlowLogging.IMPLEMENTS,
    option: 'flowLogs',
    placement: SourcePlacement.PER_STACK,
    alternative: 'a flow log to the central bucket you add to each VPC',
  },
  [LibraryConstructName.COMPUTE_EVENT_FORWARDING]: {
    implementation: ComputeEventForwarding.IMPLEMENTS,
    option: 'computeEvents',
    placement: SourcePlacement.ACCOUNT_REGION,
    alternative: 'a ComputeEventForwarding deployed elsewhere for this account and region',
  },
  [LibraryConstructName.SECURITY_FINDING_FORWARDING]: {
    implementation: SecurityFindingForwarding.IMPLEMENTS,
    option: 'securityFindings',
    placement: SourcePlacement.ACCOUNT_REGION,
    alternative: 'a SecurityFindingForwarding deployed elsewhere for this account and region',
  },
  [LibraryConstructName.PIPELINE_EVENT_FORWARDING]: {
    implementation: PipelineEventForwarding.IMPLEMENTS,
    option: 'pipelineEvents',
    placement: SourcePlacement.ACCOUNT_REGION,
    alternative: 'a PipelineEventForwarding deployed elsewhere for this account and region',
  },
  // Central side: deployed in the log account and the organisation management account.
  [LibraryConstructName.LOG_ARCHIVE]: undefined,
  [LibraryConstructName.LOG_PROTECTION_GUARDRAIL]: undefined,
  [LibraryConstructName.API_ACCESS_LOGGING]: {
    implementation: ApiAccessLogging.IMPLEMENTS,
    option: 'apiAccessLogging',
    placement: SourcePlacement.PER_RESOURCE,
    alternative: 'an ApiAccessLogging (or access log settings with the catalogue\'s variables) you add to each API stage',
  },
  [LibraryConstructName.CLIENT_VPN_CONNECTION_LOGGING]: {
    implementation: ClientVpnConnectionLogging.IMPLEMENTS,
    option: 'clientVpnLogging',
    placement: SourcePlacement.PER_RESOURCE,
    alternative: 'a ClientVpnConnectionLogging (or connection logging to a log group sent to the central destination) you add to each Client VPN endpoint',
  },
  [LibraryConstructName.NETWORK_INVENTORY_EXPORT]: {
    implementation: NetworkInventoryExport.IMPLEMENTS,
    option: 'networkInventory',
    placement: SourcePlacement.ACCOUNT_REGION,
    alternative: 'a NetworkInventoryExport deployed elsewhere for this account and region',
  },
  [LibraryConstructName.ORCHESTRATOR_EVENT_FORWARDING]: {
    implementation: OrchestratorEventForwarding.IMPLEMENTS,
    option: 'orchestratorEvents',
    placement: SourcePlacement.ACCOUNT_REGION,
    alternative: 'an OrchestratorEventForwarding deployed elsewhere for this account and region',
  },
};

/** Every workload-side source, in `LibraryConstructName` order. */
export const WORKLOAD_SOURCES: readonly WorkloadSourceSpec[] = Object.values(LibraryConstructName)
  .flatMap((name) => {
    const spec = SPECS[name];
    return spec ? [{ name, ...spec }] : [];
  });

/** The spec of a workload-side source. */
export function workloadSource(name: LibraryConstructName): WorkloadSourceSpec {
  const found = WORKLOAD_SOURCES.find((s) => s.name === name);
  if (!found) {
    throw new Error(`'${name}' is not a workload-side source; use one of ${WORKLOAD_SOURCES.map((s) => s.name).join(', ')}.`);
  }
  return found;
}

/**
 * The workload-side sources a tier and profile need: those whose class
 * declares one of the requirements of `requirementsFor(tier, profile)`, in
 * `LibraryConstructName` order.
 */
export function workloadSourcesFor(tier: MaturityTier, profile: LoggingProfile): LibraryConstructName[] {
  const ids = requirementsFor(tier, profile).map((r) => r.id);
  return WORKLOAD_SOURCES.filter((s) => s.implementation.requirementIds.some((id) => ids.includes(id))).map((s) => s.name);
}

/** Ids of the requirements of a tier and profile that this source's class declares, in catalogue order. */
export function requirementIdsServedBy(tier: MaturityTier, profile: LoggingProfile, name: LibraryConstructName): string[] {
  const declared = workloadSource(name).implementation.requirementIds;
  return requirementsFor(tier, profile).filter((r) => declared.includes(r.id)).map((r) => r.id);
}

/** Ids of every requirement, of any tier and profile, that this source's class declares. */
export function requirementIdsImplementedBy(name: LibraryConstructName): string[] {
  return [...workloadSource(name).implementation.requirementIds];
}

/**
 * The sources that are on, in `LibraryConstructName` order: each source's
 * boolean option (`WorkloadLogCollectionProps`) when given, else whether the
 * catalogue asks for it (`required`). An option that is given and not a
 * boolean is an error.
 */
export function enabledWorkloadSources(
  required: readonly LibraryConstructName[],
  flags: { readonly [option: string]: unknown },
): LibraryConstructName[] {
  return WORKLOAD_SOURCES.filter((s) => {
    const flag = flags[s.option];
    if (flag !== undefined && typeof flag !== 'boolean') {
      throw new Error(`${s.option} must be true or false, got '${String(flag)}'; leave it out to follow the tier.`);
    }
    return flag ?? required.includes(s.name);
  }).map((s) => s.name);
}

/**
 * One note for each source the catalogue asks for at a tier and profile that
 * is turned off, naming the requirements it leaves unmet, in `required` order.
 */
export function optOutNotes(
  tier: MaturityTier,
  profile: LoggingProfile,
  required: readonly LibraryConstructName[],
  enabled: readonly LibraryConstructName[],
): string[] {
  return required.filter((n) => !enabled.includes(n)).map((name) => {
    const spec = workloadSource(name);
    const ids = requirementIdsServedBy(tier, profile, name);
    return `${spec.option}: false turns off ${name}, which the requirement catalogue lists for ${ids.join(', ')} ` +
      `(${tier}, ${profile}). Unless ${spec.alternative} meets them, they are not met for this scope, ` +
      'and LogCollectionChecks reports them.';
  });
}
