import { Annotations, AspectPriority, Aspects, Stack, Token, Validations } from 'aws-cdk-lib';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import { Construct, IConstruct } from 'constructs';
import { ApiAccessLogging } from '../sources/services/api-access-logging';
import { AuditTrail } from '../sources/services/audit-trail';
import { ClientVpnConnectionLogging } from '../sources/network/client-vpn-connection-logging';
import { CognitoUserPoolLogging } from '../sources/identity/cognito-user-pool-logging';
import { ComputeEventForwarding } from '../sources/events/compute-event-forwarding';
import { DnsQueryLogging } from '../sources/network/dns-query-logging';
import { EksAuditLogging } from '../sources/services/eks-audit-logging';
import { IdentityEventForwarding } from '../sources/identity/identity-event-forwarding';
import { NetworkInventoryExport } from '../sources/network/network-inventory-export';
import { OrchestratorEventForwarding } from '../sources/events/orchestrator-event-forwarding';
import { PipelineEventForwarding } from '../sources/events/pipeline-event-forwarding';
import { SecurityFindingForwarding } from '../sources/events/security-finding-forwarding';
import { VpcFlowLogging } from '../sources/network/vpc-flow-logging';
import { CentralLogTargets } from '../central/targets';
import { LogArchive } from '../central/log-archive';
import { LogCollectionChecks } from '../checks/log-collection-checks';
import { createNetworkInventory, duplicateTrailProblems, identityDirectoriesFor, sameCentral } from './private/account-sources';
import { DiscoveryAspect, DiscoveryHost } from './private/discovery-aspect';
import { ResourceSources } from './private/resource-sources';
import {
  enabledWorkloadSources,
  optOutNotes,
  SourcePlacement,
  workloadSource,
  workloadSourcesFor,
} from './private/source-table';
import { validateExclude, validateOptions } from './private/validation';
import { PipelineEventScope, WorkloadChecksOptions, WorkloadLogCollectionProps } from './workload-log-collection-props';
import { LibraryConstructName } from './source-names';
import { LoggingProfile, MaturityTier, RequirementKind, ServiceExposure } from '../requirements/types';
import { requirement } from '../requirements/catalogue';
import { addElsewhereEvidence, addReusedEvidence } from '../core/evidence';
import { validateEnumValue } from '../core/validate';

/** The collection of each stack: one per stack. */
const COLLECTION_OF_STACK = new WeakMap<Stack, string>();

/**
 * Switches on, in one line, every log source the standard asks of a
 * workload for a tier, profile and exposure, and still gives access to each
 * piece.
 *
 * **Which sources.** Decided from the requirement catalogue and the sources'
 * own declarations, not restated: every workload-side source whose class
 * declares (`IMPLEMENTS`) a requirement of `requirementsFor(tier, profile)`
 * (`WorkloadLogCollection.sourcesFor`). Each can
 * be turned off (or, beyond the tier, on) with its boolean prop. Turning off
 * a source the tier asks for is allowed and recorded as an info annotation
 * on this construct naming the requirements it leaves unmet, so
 * `cdk synth --strict` still passes when, for example, an organisation trail
 * covers the account; `LogCollectionChecks` then judges what is missing.
 *
 * **Scope.** The stack this construct is in, and every nested stack inside
 * it at any depth. A separate (non-nested) stack placed under it in the
 * construct tree deploys on its own and is not in scope: give it its own
 * WorkloadLogCollection. One per stack.
 *
 * **Account-level sources** (trail; identity, pipeline, finding and compute
 * event forwarding; the network inventory export) are created in the
 * constructor, in this stack, so they can be used at once (for example
 * `collection.auditTrail?.addDataEvents(...)` or
 * `collection.networkInventory?.alarms`). When a WorkloadLogCollection
 * constructed earlier in the same app already has one for the same central
 * account and the same account (trail, which is multi-region) or account and
 * region (forwarders, network inventory export), this one reuses it: its
 * property points at the other's construct, and an info annotation says so.
 * The network inventory export writes under the central archive key: with it
 * on, `central` must carry `archiveKeyArn`, or the constructor throws.
 *
 * **Per-resource sources** are added at synth by an Aspect (priority
 * MUTATING) on the stack: every `AWS::EC2::VPC` gets DNS query logging and
 * flow logs (one DnsQueryLogging and one VpcFlowLogging per stack that holds
 * VPCs), every `AWS::EKS::Cluster` an EksAuditLogging, every
 * `AWS::Cognito::UserPool` a CognitoUserPoolLogging, every REST
 * (`AWS::ApiGateway::Stage`) and HTTP (`AWS::ApiGatewayV2::Stage`) API stage
 * an ApiAccessLogging, and every `AWS::EC2::ClientVpnEndpoint` a
 * ClientVpnConnectionLogging. They are created in the stack that owns the
 * resource: here for this stack, and under a construct named like this one in
 * each nested stack. So `dnsQueryLogging`, `vpcFlowLogging`,
 * `eksAuditLogging`, `cognitoLogging`, `apiAccessLogging` and
 * `clientVpnLogging` fill in at synth; `enabledSources` is known at once.
 *
 * A VPC imported into the app (`ec2.Vpc.fromLookup`, `fromVpcAttributes`)
 * in scope gets a flow log and a Resolver query logging association by its
 * VPC id, with an info annotation; one owned by another account or in
 * another region is an error naming it (list it in `exclude` and log it
 * where it lives).
 *
 * The Aspect never touches:
 * - other imported resources (there is no L1 in the app);
 * - resources inside this library's own constructs;
 * - resources listed in `exclude`, or under a listed construct;
 * - a resource that already has that kind of logging in its stack (a flow
 *   log or query logging association of the VPC, a log delivery
 *   configuration of the user pool, an EksAuditLogging of the cluster, an
 *   access log destination of the API stage, connection logging of the
 *   Client VPN endpoint other than the unencrypted log group an
 *   `ec2.ClientVpnEndpoint` makes for itself, which is replaced): it is left
 *   as it is, with an info annotation, and the rule pack judges it.
 * It acts on each resource once, however often it runs. An aws-eks (v1)
 * cluster, whose logging is a custom resource, and a REST API stage created
 * by an `AWS::ApiGateway::Deployment`'s StageName (not an
 * `AWS::ApiGateway::Stage`; the `RestApi` construct never makes one) get a
 * warning instead; a WebSocket API stage, which ApiAccessLogging does not
 * support, an info annotation.
 *
 * @example
 * const central = CentralLogTargets.fromAttributes({
 *   accountId: '111111111111',
 *   region: 'eu-west-2',
 *   archiveKeyArn: 'arn:aws:kms:eu-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab',
 * });
 * const logs = new WorkloadLogCollection(this, 'SecurityLogs', {
 *   central,
 *   tier: MaturityTier.ENHANCED,
 *   profile: LoggingProfile.HOSTING_PLATFORM,
 *   exposure: ServiceExposure.INTERNAL,
 *   exclude: [sandboxVpc],
 * });
 * // Account-level pieces are there at once:
 * logs.auditTrail?.addDataEvents({ resourceType: DataEventResourceType.DYNAMODB_TABLE });
 * // Where an organisation trail already records the account:
 * // new WorkloadLogCollection(this, 'SecurityLogs', { ..., auditTrail: false });
 */
export class WorkloadLogCollection extends Construct {
  /**
   * The workload-side sources a tier and profile need: those whose class
   * declares (`IMPLEMENTS`) a requirement of `requirementsFor(tier, profile)`,
   * in `LibraryConstructName` order.
   */
  public static sourcesFor(tier: MaturityTier, profile: LoggingProfile): LibraryConstructName[] {
    return workloadSourcesFor(tier, profile);
  }

  /** The tier this workload declares. */
  public readonly tier: MaturityTier;
  /** The profile this workload declares. */
  public readonly profile: LoggingProfile;
  /** Who can reach the workload. */
  public readonly exposure: ServiceExposure;
  /** The central log account. */
  public readonly central: CentralLogTargets;
  private checksPack?: LogCollectionChecks;
  /** The sources the catalogue asks for at this tier and profile. */
  public readonly requiredSources: LibraryConstructName[];
  /** The sources that are on: the required ones, less opt-outs, plus any turned on beyond the tier. */
  public readonly enabledSources: LibraryConstructName[];

  /**
   * The trail (this collection's, or the one an earlier collection made for the same account).
   *
   * @default - undefined when the trail is off
   */
  public readonly auditTrail?: AuditTrail;
  /**
   * The identity event forwarding.
   *
   * @default - undefined when identity events are off
   */
  public readonly identityEvents?: IdentityEventForwarding;
  /**
   * The security finding forwarding.
   *
   * @default - undefined when security findings are off
   */
  public readonly securityFindings?: SecurityFindingForwarding;
  /**
   * The compute event forwarding.
   *
   * @default - undefined when compute events are off
   */
  public readonly computeEvents?: ComputeEventForwarding;
  /**
   * The orchestrator event forwarding.
   *
   * @default - undefined when orchestrator events are off
   */
  public readonly orchestratorEvents?: OrchestratorEventForwarding;
  /**
   * The network inventory export (this collection's, or the one an earlier
   * collection made for the same account and region).
   *
   * @default - undefined when the network inventory export is off
   */
  public readonly networkInventory?: NetworkInventoryExport;

  private readonly home: Stack;
  private readonly exclude: IConstruct[];
  private readonly props: WorkloadLogCollectionProps;
  private readonly pipelineScope: PipelineEventScope;
  /** Sources this collection created itself (not reused from another collection). */
  private readonly owned = new Set<LibraryConstructName>();
  /** The per-resource sources the Aspect creates at synth. */
  private readonly resources: ResourceSources;
  private readonly problems: string[] = [];
  private pipelineForwarding?: PipelineEventForwarding;

  constructor(scope: Construct, id: string, props: WorkloadLogCollectionProps) {
    super(scope, id);
    this.home = Stack.of(this);
    this.props = props;
    this.central = props.central;
    this.tier = props.tier;
    this.profile = props.profile;
    validateEnumValue('exposure', props.exposure, ServiceExposure, 'ServiceExposure', 'a service exposure');
    this.exposure = props.exposure;
    this.pipelineScope = props.pipelineEventScope ?? PipelineEventScope.ACCOUNT;
    validateEnumValue('pipelineEventScope', this.pipelineScope, PipelineEventScope, 'PipelineEventScope', 'a pipeline event scope');

    const other = COLLECTION_OF_STACK.get(this.home);
    if (other !== undefined) {
      throw new Error(
        `Stack '${this.home.node.path}' already has WorkloadLogCollection '${other}'; use one per stack ` +
        '(it covers the nested stacks too), and turn sources on or off with its props.',
      );
    }

    // Which sources: the catalogue's, then the opt-outs (checked before anything is recorded).
    this.requiredSources = workloadSourcesFor(this.tier, this.profile);
    this.enabledSources = enabledWorkloadSources(this.requiredSources, props as unknown as { readonly [option: string]: unknown });

    this.exclude = validateExclude(props.exclude ?? [], this.home, this.node.path);
    validateOptions(props, this);
    COLLECTION_OF_STACK.set(this.home, this.node.path);

    for (const note of optOutNotes(this.tier, this.profile, this.requiredSources, this.enabledSources)) {
      Annotations.of(this).addInfo(note);
    }

    // Account-level sources, now, so they can be used at once.
    if (this.isEnabled(LibraryConstructName.AUDIT_TRAIL)) {
      this.auditTrail = this.shared(LibraryConstructName.AUDIT_TRAIL, (o) => o.auditTrail, ['trailName', 'trailEncryptionKey'])
        ?? this.own(LibraryConstructName.AUDIT_TRAIL, () => new AuditTrail(this, 'AuditTrail', {
          central: this.central,
          trailName: props.trailName,
          encryptionKey: props.trailEncryptionKey,
        }));
    }
    if (this.isEnabled(LibraryConstructName.IDENTITY_EVENT_FORWARDING)) {
      this.identityEvents = this.shared(LibraryConstructName.IDENTITY_EVENT_FORWARDING, (o) => o.identityEvents,
        ['identityDirectories', 'allowNonUsEast1'])
        ?? this.own(LibraryConstructName.IDENTITY_EVENT_FORWARDING, () => new IdentityEventForwarding(this, 'IdentityEvents', {
          central: this.central,
          exposure: this.exposure,
          directories: identityDirectoriesFor(this, this.home.region, props),
          allowNonUsEast1: props.allowNonUsEast1,
          retentionDays: props.retentionDays,
          retentionApproval: props.retentionApproval,
          alarmAction: props.alarmAction,
        }));
    }
    const forwarding = { central: this.central, alarmActions: props.alarmAction ? [props.alarmAction] : undefined };
    if (this.isEnabled(LibraryConstructName.PIPELINE_EVENT_FORWARDING) && this.pipelineScope === PipelineEventScope.ACCOUNT) {
      this.pipelineForwarding = this.shared(LibraryConstructName.PIPELINE_EVENT_FORWARDING, (o) => o.sharablePipelineEvents, [])
        ?? this.own(LibraryConstructName.PIPELINE_EVENT_FORWARDING, () => new PipelineEventForwarding(this, 'PipelineEvents', forwarding));
    }
    if (this.isEnabled(LibraryConstructName.SECURITY_FINDING_FORWARDING)) {
      this.securityFindings = this.shared(LibraryConstructName.SECURITY_FINDING_FORWARDING, (o) => o.securityFindings, [])
        ?? this.own(LibraryConstructName.SECURITY_FINDING_FORWARDING, () => new SecurityFindingForwarding(this, 'SecurityFindings', forwarding));
    }
    if (this.isEnabled(LibraryConstructName.COMPUTE_EVENT_FORWARDING)) {
      this.computeEvents = this.shared(LibraryConstructName.COMPUTE_EVENT_FORWARDING, (o) => o.computeEvents, [])
        ?? this.own(LibraryConstructName.COMPUTE_EVENT_FORWARDING, () => new ComputeEventForwarding(this, 'ComputeEvents', forwarding));
    }
    if (this.isEnabled(LibraryConstructName.ORCHESTRATOR_EVENT_FORWARDING)) {
      this.orchestratorEvents = this.shared(LibraryConstructName.ORCHESTRATOR_EVENT_FORWARDING, (o) => o.orchestratorEvents, [])
        ?? this.own(LibraryConstructName.ORCHESTRATOR_EVENT_FORWARDING,
          () => new OrchestratorEventForwarding(this, 'OrchestratorEvents', forwarding));
    }
    if (this.isEnabled(LibraryConstructName.NETWORK_INVENTORY_EXPORT)) {
      this.networkInventory = this.shared(LibraryConstructName.NETWORK_INVENTORY_EXPORT, (o) => o.networkInventory, [])
        ?? this.own(LibraryConstructName.NETWORK_INVENTORY_EXPORT, () => createNetworkInventory(this, this, props));
    }

    // Per-resource sources, at synth.
    const host: DiscoveryHost = {
      collection: this,
      home: this.home,
      central: this.central,
      tier: this.tier,
      exposure: this.exposure,
      props,
      exclude: this.exclude,
      pipelineScope: this.pipelineScope,
      problems: this.problems,
      isEnabled: (source) => this.isEnabled(source),
      isCollection: (c) => c instanceof WorkloadLogCollection,
      pipelineEvents: () => this.pipelineForwarding,
      createScopedPipelineEvents: (pipelines) => this.createScopedPipelineEvents(pipelines),
    };
    this.resources = new ResourceSources(host);
    Aspects.of(this.home).add(new DiscoveryAspect(host, this.resources), { priority: AspectPriority.MUTATING });

    this.node.addValidation({ validate: () => [...this.problems, ...this.duplicateTrails()] });

    // The central account's archive meets the policy rules for the logs sent there; if it is not in this
    // app (CentralLogTargets.fromAttributes), the report says they are met there, not unmet.
    addElsewhereEvidence(this, {
      requirementIds: LogArchive.IMPLEMENTS.requirementIds.filter((rid) => requirement(rid).kind === RequirementKind.POLICY),
      account: Token.isUnresolved(this.central.accountId) ? 'the central log account (its id known at deploy time)' : this.central.accountId,
      note: `the central log account's LogArchive (and CentralLogAccount) keep, protect and hand off the logs this collection sends there, in ${
        Token.isUnresolved(this.central.region) ? 'its region' : this.central.region}.`,
    });
  }

  /**
   * The pipeline event forwarding. With `PipelineEventScope.PIPELINES_IN_SCOPE`
   * it is created at synth, so it is undefined until then.
   *
   * @default - undefined when pipeline events are off
   */
  public get pipelineEvents(): PipelineEventForwarding | undefined {
    return this.pipelineForwarding;
  }

  /**
   * The DNS query logging of this stack's VPCs. Filled in at synth; undefined
   * when the stack holds no VPC or DNS query logging is off.
   */
  public get dnsQueryLogging(): DnsQueryLogging | undefined {
    return this.resources.piecesOf(this.home)?.dns;
  }

  /**
   * The flow logging of this stack's VPCs. Filled in at synth; undefined when
   * the stack holds no VPC or flow logs are off.
   */
  public get vpcFlowLogging(): VpcFlowLogging | undefined {
    return this.resources.piecesOf(this.home)?.flow;
  }

  /** The EKS audit logging of every cluster in scope, in discovery order. Filled in at synth. */
  public get eksAuditLogging(): EksAuditLogging[] {
    return [...this.resources.eks];
  }

  /** The user pool logging of every user pool in scope, in discovery order. Filled in at synth. */
  public get cognitoLogging(): CognitoUserPoolLogging[] {
    return [...this.resources.cognito];
  }

  /** The access logging of every REST and HTTP API stage in scope, in discovery order. Filled in at synth. */
  public get apiAccessLogging(): ApiAccessLogging[] {
    return [...this.resources.apis];
  }

  /** The connection logging of every Client VPN endpoint in scope, in discovery order. Filled in at synth. */
  public get clientVpnLogging(): ClientVpnConnectionLogging[] {
    return [...this.resources.vpns];
  }

  /**
   * Check this stack (and its nested stacks) at the collection's tier,
   * profile and exposure: creates a `LogCollectionChecks` pack on the stack,
   * registers it with the app's validation, and returns it. Unmet
   * requirements then fail `cdk synth`, and the coverage report includes the
   * stack. Calling it again returns the same pack.
   */
  public checks(options: WorkloadChecksOptions = {}): LogCollectionChecks {
    if (!this.checksPack) {
      const stack = Stack.of(this);
      this.checksPack = new LogCollectionChecks(stack, {
        ...options, tier: this.tier, profile: this.profile, exposure: this.exposure,
      });
      Validations.of(stack).addPlugins(this.checksPack);
    }
    return this.checksPack;
  }

  /** Whether a source is on. */
  public isEnabled(source: LibraryConstructName): boolean {
    return this.enabledSources.includes(source);
  }

  /** The DNS query logging of the VPCs of a stack in scope (this one or a nested one). Filled in at synth. */
  public dnsQueryLoggingFor(stack: Stack): DnsQueryLogging | undefined {
    return this.resources.piecesOf(stack)?.dns;
  }

  /** The flow logging of the VPCs of a stack in scope (this one or a nested one). Filled in at synth. */
  public vpcFlowLoggingFor(stack: Stack): VpcFlowLogging | undefined {
    return this.resources.piecesOf(stack)?.flow;
  }

  /** The pipeline forwarding another collection may reuse: an account-wide one it created. */
  private get sharablePipelineEvents(): PipelineEventForwarding | undefined {
    return this.pipelineScope === PipelineEventScope.ACCOUNT ? this.pipelineForwarding : undefined;
  }

  // ---------------------------------------------------------------- constructor helpers

  private own<T>(name: LibraryConstructName, create: () => T): T {
    this.owned.add(name);
    return create();
  }

  /** With `PipelineEventScope.PIPELINES_IN_SCOPE`: the pipeline event forwarding for the pipelines the Aspect found. */
  private createScopedPipelineEvents(pipelines: codepipeline.IPipeline[]): void {
    this.pipelineForwarding = this.own(LibraryConstructName.PIPELINE_EVENT_FORWARDING, () => new PipelineEventForwarding(this, 'PipelineEvents', {
      central: this.central,
      alarmActions: this.props.alarmAction ? [this.props.alarmAction] : undefined,
      pipelines,
    }));
  }

  /**
   * The source of an earlier WorkloadLogCollection in the same app that
   * covers the same account (and region, for forwarders) and sends to the
   * same central account, or undefined. Options that only apply to a source
   * this collection creates are an error when it reuses one.
   */
  private shared<T extends IConstruct>(
    name: LibraryConstructName,
    pick: (o: WorkloadLogCollection) => T | undefined,
    ownOptions: Array<keyof WorkloadLogCollectionProps>,
  ): T | undefined {
    const perRegion = workloadSource(name).placement === SourcePlacement.ACCOUNT_REGION;
    const mine = this.home;
    if (Token.isUnresolved(mine.account) || (perRegion && Token.isUnresolved(mine.region))) {
      return undefined;
    }
    const donor = this.node.root.node.findAll().find((c): c is WorkloadLogCollection => c instanceof WorkloadLogCollection
      && c !== this
      && c.owned.has(name)
      && pick(c) !== undefined
      && c.home.account === mine.account
      && (!perRegion || c.home.region === mine.region)
      && sameCentral(c.central, this.central));
    if (!donor) {
      return undefined;
    }
    const piece = pick(donor)!;
    const given = ownOptions.filter((o) => this.props[o] !== undefined);
    if (given.length > 0) {
      throw new Error(
        `${given.join(', ')} ${given.length > 1 ? 'apply' : 'applies'} only to the ${name} this WorkloadLogCollection would create, ` +
        `but it reuses '${piece.node.path}' of ` +
        `WorkloadLogCollection '${donor.node.path}', which covers account ${mine.account}${perRegion ? ` in ${mine.region}` : ''}; ` +
        `set ${given.join(', ')} there, or set ${workloadSource(name).option}: false here.`,
      );
    }
    Annotations.of(this).addInfo(
      `${workloadSource(name).option}: reuses ${name} '${piece.node.path}' of WorkloadLogCollection '${donor.node.path}', ` +
      `which already covers account ${mine.account}${perRegion ? ` in ${mine.region}` : ''}.`,
    );
    // What the reused piece meets counts here too (the report judges this collection's scope).
    addReusedEvidence(this, piece, `(Reused by ${this.node.path} from '${piece.node.path}'.)`);
    return piece;
  }

  /** A trail this collection created while another AuditTrail, not of a collection, records the same account. */
  private duplicateTrails(): string[] {
    if (!this.owned.has(LibraryConstructName.AUDIT_TRAIL) || !this.auditTrail) {
      return [];
    }
    return duplicateTrailProblems(this.node.root, this.home, this.auditTrail, (s) => s instanceof WorkloadLogCollection);
  }
}
