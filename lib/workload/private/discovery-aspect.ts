import { Annotations, CfnResource, IAspect, Names } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnCluster } from 'aws-cdk-lib/aws-eks';
import { IConstruct } from 'constructs';
import { LibraryConstructName } from '../source-names';
import { ApiAccessLogging } from '../../sources/services/api-access-logging';
import { AuditTrail } from '../../sources/services/audit-trail';
import { ClientVpnConnectionLogging } from '../../sources/network/client-vpn-connection-logging';
import { CognitoUserPoolLogging } from '../../sources/identity/cognito-user-pool-logging';
import { ComputeEventForwarding } from '../../sources/events/compute-event-forwarding';
import { DnsQueryLogging } from '../../sources/network/dns-query-logging';
import { EksAuditLogging } from '../../sources/services/eks-audit-logging';
import { IdentityEventForwarding } from '../../sources/identity/identity-event-forwarding';
import { NetworkInventoryExport } from '../../sources/network/network-inventory-export';
import { OrchestratorEventForwarding } from '../../sources/events/orchestrator-event-forwarding';
import { PipelineEventForwarding } from '../../sources/events/pipeline-event-forwarding';
import { SecurityFindingForwarding } from '../../sources/events/security-finding-forwarding';
import { VpcFlowLogging } from '../../sources/network/vpc-flow-logging';
import { PipelineEventScope } from '../workload-log-collection-props';
import { DiscoveredKind, discoveredKind, excludedBy, holdsKind, isImportedVpc, isInScope, pipelineOf } from './discovery';
import { CollectionContext, isNestedContainer, ResourceSources } from './resource-sources';
import { requirementIdsImplementedBy } from './source-table';

/**
 * The Aspect (priority MUTATING) that `WorkloadLogCollection` adds to its
 * stack: it finds the resources in scope at synth and hands each to the
 * per-resource sources. Not public API.
 */

/** Which collection claimed each discovered resource, so overlapping scopes are reported. */
const CLAIMED = new WeakMap<IConstruct, IConstruct>();

/** Classes whose resources the Aspect never touches: this library's own source constructs. */
const LIBRARY_SOURCE_CLASSES: Array<abstract new (...args: any[]) => IConstruct> = [
  ApiAccessLogging, AuditTrail, ClientVpnConnectionLogging, CognitoUserPoolLogging, ComputeEventForwarding, DnsQueryLogging,
  EksAuditLogging, IdentityEventForwarding, NetworkInventoryExport, OrchestratorEventForwarding, PipelineEventForwarding,
  SecurityFindingForwarding, VpcFlowLogging,
];

/** What the Aspect needs of the WorkloadLogCollection it works for, besides what the per-resource sources need. */
export interface DiscoveryHost extends CollectionContext {
  /** Which pipelines the pipeline event rules match. */
  readonly pipelineScope: PipelineEventScope;
  /** Whether a construct is a WorkloadLogCollection. */
  isCollection(construct: IConstruct): boolean;
  /** The collection's pipeline event forwarding, once it exists. */
  pipelineEvents(): PipelineEventForwarding | undefined;
  /** Create the collection's pipeline event forwarding for the pipelines in scope (`PipelineEventScope.PIPELINES_IN_SCOPE`). */
  createScopedPipelineEvents(pipelines: codepipeline.IPipeline[]): void;
}

/** The discovery Aspect of one WorkloadLogCollection. */
export class DiscoveryAspect implements IAspect {
  private readonly processed = new WeakSet<IConstruct>();
  private readonly scopedPipelines: codepipeline.IPipeline[] = [];
  private scanned = false;

  constructor(private readonly host: DiscoveryHost, private readonly sources: ResourceSources) {}

  public visit(node: IConstruct): void {
    if (node === this.host.home) {
      this.scan();
    } else if (discoveredKind(node) !== undefined) {
      this.consider(node as CfnResource);
    }
  }

  /**
   * On the stack itself, which the Aspect visits before anything under it:
   * act on everything in scope at once, so that what is created here is
   * visited by the Aspects (tags, checks) that run after. Resources other
   * Aspects add later are taken when the Aspect visits them.
   */
  private scan(): void {
    for (const node of this.host.home.node.findAll()) {
      if (discoveredKind(node) !== undefined) {
        this.consider(node as CfnResource);
      } else if (isImportedVpc(node)) {
        this.considerImportedVpc(node);
      }
    }
    if (this.scanned) {
      return;
    }
    this.scanned = true;
    if (this.host.isEnabled(LibraryConstructName.PIPELINE_EVENT_FORWARDING) && this.host.pipelineScope === PipelineEventScope.PIPELINES_IN_SCOPE) {
      if (this.scopedPipelines.length === 0) {
        this.host.problems.push(
          `pipelineEventScope is PIPELINES_IN_SCOPE, but stack '${this.host.home.node.path}' and its nested stacks hold no CodePipeline ` +
          'pipeline (imported and excluded pipelines do not count); use PipelineEventScope.ACCOUNT, or pipelineEvents: false.',
        );
      } else {
        this.host.createScopedPipelineEvents([...this.scopedPipelines]);
      }
    }
    this.warnUnusedExcludes();
  }

  private consider(resource: CfnResource): void {
    if (this.processed.has(resource)) {
      return;
    }
    this.processed.add(resource);
    if (!isInScope(resource, this.host.home) || isLibraryOwned(resource, (c) => this.host.isCollection(c))) {
      return;
    }
    const kind = discoveredKind(resource)!;
    if (!this.actsOn(kind)) {
      return;
    }
    const claimant = CLAIMED.get(resource);
    if (claimant !== undefined && claimant !== this.host.collection) {
      this.host.problems.push(
        `${resource.node.path} is in the scope of WorkloadLogCollection '${this.host.collection.node.path}' and of '${claimant.node.path}'; ` +
        'keep the one in the outer stack, or list the resource (or its nested stack) in the exclude of one of them.',
      );
      return;
    }
    CLAIMED.set(resource, this.host.collection);
    if (excludedBy(resource, this.host.exclude) >= 0) {
      return;
    }
    switch (kind) {
      case DiscoveredKind.VPC:
        this.sources.addVpc(resource as ec2.CfnVPC);
        break;
      case DiscoveredKind.EKS_CLUSTER:
        this.sources.addCluster(resource as CfnCluster);
        break;
      case DiscoveredKind.EKS_V1_CLUSTER:
        Annotations.of(this.host.collection).addWarningV2('cdk-security-log-collection:workloadEksV1',
          `${resource.node.path} is an aws-eks (v1) Cluster, whose control-plane logging is set by a custom resource ` +
          `that EksAuditLogging cannot merge into, so ${requirementIdsImplementedBy(LibraryConstructName.EKS_AUDIT_LOGGING).join(', ')} ` +
          'is not met for it; move it to the aws-eks-v2 Cluster, or list it in exclude and set its clusterLogging and log group subscription yourself.');
        break;
      case DiscoveredKind.USER_POOL:
        this.sources.addUserPool(resource as cognito.CfnUserPool);
        break;
      case DiscoveredKind.PIPELINE:
        this.addPipeline(resource as codepipeline.CfnPipeline);
        break;
      case DiscoveredKind.API_STAGE:
        this.sources.addApiStage(resource);
        break;
      case DiscoveredKind.API_DEPLOYMENT_STAGE:
        this.sources.addDeploymentStage(resource);
        break;
      case DiscoveredKind.CLIENT_VPN_ENDPOINT:
        this.sources.addClientVpnEndpoint(resource as ec2.CfnClientVpnEndpoint);
        break;
    }
  }

  /** An imported VPC in scope is covered by its id (or refused with a problem), never skipped in silence. */
  private considerImportedVpc(vpc: ec2.IVpc): void {
    if (this.processed.has(vpc)) {
      return;
    }
    this.processed.add(vpc);
    if (!isInScope(vpc, this.host.home) || isLibraryOwned(vpc, (c) => this.host.isCollection(c)) || !this.actsOn(DiscoveredKind.VPC)) {
      return;
    }
    const claimant = CLAIMED.get(vpc);
    if (claimant !== undefined && claimant !== this.host.collection) {
      return;
    }
    CLAIMED.set(vpc, this.host.collection);
    if (excludedBy(vpc, this.host.exclude) >= 0) {
      return;
    }
    this.sources.addImportedVpc(vpc);
  }

  /** Whether an enabled source acts on resources of a kind. */
  private actsOn(kind: DiscoveredKind): boolean {
    const C = LibraryConstructName;
    switch (kind) {
      case DiscoveredKind.VPC:
        return this.host.isEnabled(C.DNS_QUERY_LOGGING) || this.host.isEnabled(C.VPC_FLOW_LOGGING);
      case DiscoveredKind.EKS_CLUSTER:
      case DiscoveredKind.EKS_V1_CLUSTER:
        return this.host.isEnabled(C.EKS_AUDIT_LOGGING);
      case DiscoveredKind.USER_POOL:
        return this.host.isEnabled(C.COGNITO_USER_POOL_LOGGING);
      case DiscoveredKind.PIPELINE:
        return this.host.isEnabled(C.PIPELINE_EVENT_FORWARDING) && this.host.pipelineScope === PipelineEventScope.PIPELINES_IN_SCOPE;
      case DiscoveredKind.API_STAGE:
      case DiscoveredKind.API_DEPLOYMENT_STAGE:
        return this.host.isEnabled(C.API_ACCESS_LOGGING);
      case DiscoveredKind.CLIENT_VPN_ENDPOINT:
        return this.host.isEnabled(C.CLIENT_VPN_CONNECTION_LOGGING);
    }
  }

  private addPipeline(pipeline: codepipeline.CfnPipeline): void {
    if (this.host.pipelineEvents()) {
      this.host.problems.push(
        `CodePipeline pipeline ${pipeline.node.path} was added after the pipeline event rules were built (by another Aspect?), ` +
        'so its execution events are not forwarded; use PipelineEventScope.ACCOUNT.',
      );
      return;
    }
    this.scopedPipelines.push(pipelineOf(pipeline, this.host.collection, `Pipeline-${Names.nodeUniqueId(pipeline.node)}`));
  }

  private warnUnusedExcludes(): void {
    const kinds = Object.values(DiscoveredKind).filter((k) => this.actsOn(k));
    this.host.exclude.forEach((entry, i) => {
      if (!holdsKind(entry, kinds)) {
        Annotations.of(this.host.collection).addWarningV2('cdk-security-log-collection:workloadExcludeUnused',
          `exclude[${i}] ('${entry.node.path}') holds no VPC, EKS cluster, user pool, pipeline, API stage or Client VPN endpoint ` +
          'that WorkloadLogCollection would act on (imported resources other than VPCs are never touched, pipelines only with ' +
          'PipelineEventScope.PIPELINES_IN_SCOPE, and sources that are off act on nothing); remove it from exclude.');
      }
    });
  }
}

/** Whether a resource is inside a construct of this library (its own sources or a collection). */
function isLibraryOwned(resource: IConstruct, isCollection: (construct: IConstruct) => boolean): boolean {
  return resource.node.scopes.some((s) => isCollection(s) || isNestedContainer(s)
    || LIBRARY_SOURCE_CLASSES.some((cls) => s instanceof cls));
}
