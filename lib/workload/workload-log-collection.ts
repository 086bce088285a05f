import { Annotations, AspectPriority, Aspects, CfnResource, IAspect, Names, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CfnCluster } from 'aws-cdk-lib/aws-eks';
import * as kms from 'aws-cdk-lib/aws-kms';
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
import { LogCollectionChecks } from '../checks/log-collection-checks';
import { cloudWatchRetention } from '../core/log-group';
import {
  deploymentStageName,
  DiscoveredKind,
  discoveredKind,
  excludedBy,
  existingAccessLogDestination,
  existingConnectionLogging,
  existingFlowLog,
  existingLogDelivery,
  ExistingLogging,
  existingQueryLogAssociation,
  hasApiGatewayAccount,
  holdsKind,
  isInScope,
  pipelineOf,
  stageApi,
  StageProtocol,
  userPoolOf,
  vpcOf,
} from './private/discovery';
import {
  requirementIdsImplementedBy,
  requirementIdsServedBy,
  SourcePlacement,
  WORKLOAD_SOURCES,
  workloadSource,
  workloadSourcesFor,
} from './private/source-table';
import { LibraryConstructName } from '../requirements/seeds';
import { LoggingProfile, MaturityTier, ServiceExposure, UserDirectory } from '../requirements/types';

/** The only region where IAM API calls and global-endpoint console sign-ins reach EventBridge. */
const GLOBAL_EVENTS_REGION = 'us-east-1';

/** Same check as `DnsQueryLogging`, made in the constructor so a bad id fails before synth. */
const QUERY_LOG_CONFIG_ID = /^rqlc-[0-9a-z]{1,59}$/;

/** The sources that create log groups in the workload account, which `retentionDays` and `retentionApproval` apply to. */
const LOG_GROUP_SOURCES: LibraryConstructName[] = [
  LibraryConstructName.IDENTITY_EVENT_FORWARDING, LibraryConstructName.COGNITO_USER_POOL_LOGGING,
  LibraryConstructName.EKS_AUDIT_LOGGING, LibraryConstructName.API_ACCESS_LOGGING,
  LibraryConstructName.CLIENT_VPN_CONNECTION_LOGGING, LibraryConstructName.NETWORK_INVENTORY_EXPORT,
];

/** Which collection claimed each discovered resource, so overlapping scopes are reported. */
const CLAIMED = new WeakMap<IConstruct, WorkloadLogCollection>();
/** The collection of each stack: one per stack. */
const COLLECTION_OF_STACK = new WeakMap<Stack, string>();
/** Constructs a collection created outside itself (its containers in nested stacks). */
const OWNED = new WeakSet<IConstruct>();

/** Classes whose resources the Aspect never touches: this library's own source constructs. */
const LIBRARY_SOURCE_CLASSES: Array<abstract new (...args: any[]) => IConstruct> = [
  ApiAccessLogging, AuditTrail, ClientVpnConnectionLogging, CognitoUserPoolLogging, ComputeEventForwarding, DnsQueryLogging,
  EksAuditLogging, IdentityEventForwarding, NetworkInventoryExport, OrchestratorEventForwarding, PipelineEventForwarding,
  SecurityFindingForwarding, VpcFlowLogging,
];

/** Which pipelines the pipeline-event rules for CodePipeline match. */
export enum PipelineEventScope {
  /**
   * Every pipeline in the account and region. It never misses a pipeline
   * deployed by another stack, and only one PipelineEventForwarding may
   * exist per account and region.
   */
  ACCOUNT = 'ACCOUNT',
  /**
   * Only the CodePipeline pipelines in this collection's scope (found at
   * synth, less any in `exclude`). CodeBuild, CloudFormation and API-call
   * rules stay account-wide. Synth fails when the scope holds no pipeline.
   */
  PIPELINES_IN_SCOPE = 'PIPELINES_IN_SCOPE',
}

/** Props for {@link WorkloadLogCollection}. */
export interface WorkloadLogCollectionProps {
  /** The central log account every source delivers to. */
  readonly central: CentralLogTargets;

  /** The maturity tier the workload is held to: with `profile`, decides which sources are on. */
  readonly tier: MaturityTier;

  /** The collection profile of the workload: with `tier`, decides which sources are on. */
  readonly profile: LoggingProfile;

  /** Who can reach the workload: decides the minimum retention of the log groups the sources create. */
  readonly exposure: ServiceExposure;

  /**
   * Route 53 Resolver query logging (DnsQueryLogging) for every VPC in scope.
   *
   * @default - on when the catalogue lists DnsQueryLogging for the tier and profile (hosting platforms)
   */
  readonly dnsQueryLogging?: boolean;

  /**
   * VPC flow logs (VpcFlowLogging) for every VPC in scope. Turning them on
   * below Enhanced is allowed: at Baseline they record ALL traffic.
   *
   * @default - on when the catalogue lists VpcFlowLogging (hosting platforms, Enhanced)
   */
  readonly flowLogs?: boolean;

  /**
   * A multi-region account trail (AuditTrail). Turn it off when an
   * organisation trail already records the account.
   *
   * @default - on when the catalogue lists AuditTrail (every tier and profile)
   */
  readonly auditTrail?: boolean;

  /**
   * User-directory event forwarding and success-after-failure correlation (IdentityEventForwarding).
   *
   * @default - on when the catalogue lists IdentityEventForwarding (every tier and profile)
   */
  readonly identityEvents?: boolean;

  /**
   * Cognito user activity log export (CognitoUserPoolLogging) for every user
   * pool in scope. Each pool must be on the Plus plan with threat protection,
   * or synth fails: put it on Plus, list it in `exclude`, or turn this off.
   *
   * @default - on when the catalogue lists CognitoUserPoolLogging (every tier and profile)
   */
  readonly cognitoLogging?: boolean;

  /**
   * EKS control-plane audit logging (EksAuditLogging) for every cluster in
   * scope. Each cluster needs a fixed name, or synth fails.
   *
   * @default - on when the catalogue lists EksAuditLogging (hosting platforms)
   */
  readonly eksAuditLogging?: boolean;

  /**
   * Pipeline event forwarding (PipelineEventForwarding).
   *
   * @default - on when the catalogue lists PipelineEventForwarding (Enhanced)
   */
  readonly pipelineEvents?: boolean;

  /**
   * GuardDuty, Inspector and Security Hub finding forwarding (SecurityFindingForwarding).
   *
   * @default - on when the catalogue lists SecurityFindingForwarding (hosting platforms, Enhanced)
   */
  readonly securityFindings?: boolean;

  /**
   * EC2 state-change and instance API call forwarding (ComputeEventForwarding).
   *
   * @default - on when the catalogue lists ComputeEventForwarding (hosting platforms)
   */
  readonly computeEvents?: boolean;

  /**
   * ECS task state-change and EKS / ECS API call forwarding (OrchestratorEventForwarding).
   *
   * @default - on when the catalogue lists OrchestratorEventForwarding (hosting platforms)
   */
  readonly orchestratorEvents?: boolean;

  /**
   * API Gateway access logging (ApiAccessLogging) for every REST and HTTP API
   * stage in scope. WebSocket API stages are skipped with an info
   * annotation; an HTTP or WebSocket stage whose API is not defined in the
   * app fails synth (exclude it, or define the API in the app). REST APIs
   * need the account's API Gateway CloudWatch Logs role in the region
   * (`cloudWatchRole: true` on one `RestApi`).
   *
   * @default - on when the catalogue lists ApiAccessLogging (custom applications)
   */
  readonly apiAccessLogging?: boolean;

  /**
   * Client VPN connection logging (ClientVpnConnectionLogging) for every
   * Client VPN endpoint in scope.
   *
   * @default - on when the catalogue lists ClientVpnConnectionLogging (hosting platforms, Enhanced)
   */
  readonly clientVpnLogging?: boolean;

  /**
   * Scheduled export of the private hosted zones and DHCP scopes
   * (NetworkInventoryExport), one per account and region. It writes under
   * the central archive key, so `central` must carry `archiveKeyArn`.
   *
   * @default - on when the catalogue lists NetworkInventoryExport (hosting platforms, Enhanced)
   */
  readonly networkInventory?: boolean;

  /**
   * VPCs, EKS clusters, user pools, pipelines, API stages (or REST API
   * deployments that create a stage) and Client VPN endpoints to leave
   * alone: a resource is skipped when it, or any construct above it, is
   * listed (so an `ec2.Vpc`, its `CfnVPC`, a whole `RestApi`, or a whole
   * nested stack all work). Every entry must be in scope; an entry that holds
   * nothing the collection would act on gets a warning.
   *
   * @default - nothing is excluded
   */
  readonly exclude?: IConstruct[];

  /**
   * Id (`rqlc-…`) of the query logging configuration the central account
   * shares through AWS RAM, for every VPC's association. Only with DNS query logging on.
   *
   * @default - each stack with a VPC gets its own configuration pointing at the central DNS_QUERY bucket
   */
  readonly resolverQueryLogConfigId?: string;

  /**
   * Traffic type of the VPC flow logs (`ACCEPT` is refused). Only with flow logs on.
   *
   * @default - REJECT at Enhanced, ALL at Baseline
   */
  readonly flowLogTrafficType?: ec2.FlowLogTrafficType;

  /**
   * Name of the trail. Only with the trail on.
   *
   * @default - `<prefix>-account-trail`
   */
  readonly trailName?: string;

  /**
   * KMS key of the trail's log files. Only with the trail on.
   *
   * @default - the central archive key (`central.archiveKeyArn`, which must then be set)
   */
  readonly trailEncryptionKey?: kms.IKey;

  /**
   * The user directories whose events are forwarded. Only with identity events on.
   *
   * @default - all three in us-east-1 (or with `allowNonUsEast1`); elsewhere IAM
   * Identity Center and Cognito only, because IAM events reach EventBridge only
   * in us-east-1 (an info annotation says so)
   */
  readonly identityDirectories?: UserDirectory[];

  /**
   * Forward IAM directory events from a region other than us-east-1 with a
   * warning instead of leaving IAM out. Only with identity events on.
   *
   * @default false
   */
  readonly allowNonUsEast1?: boolean;

  /**
   * Which pipelines the CodePipeline rule matches. Only with pipeline events on.
   *
   * @default PipelineEventScope.ACCOUNT
   */
  readonly pipelineEventScope?: PipelineEventScope;

  /**
   * Days to keep the log groups the sources create in this account (identity
   * correlator, Cognito message errors, EKS control plane, API access logs,
   * Client VPN connection logs, network inventory exporter).
   *
   * @default - the exposure class's minimum (90 days external, 400 days internal)
   */
  readonly retentionDays?: number;

  /**
   * CISO approval reference that allows keeping those log groups longer than 731 days.
   *
   * @default - none: at most 731 days
   */
  readonly retentionApproval?: string;

  /**
   * What the delivery-failure alarms of every event forwarder, and the
   * failure alarms of the network inventory export, do (for example an SNS
   * topic the SOC watches).
   *
   * @default - alarms are created without an action
   */
  readonly alarmAction?: cloudwatch.IAlarmAction;
}

/** The per-stack pieces in one stack of the scope. */
interface StackPieces {
  readonly container: Construct;
  dns?: DnsQueryLogging;
  flow?: VpcFlowLogging;
}

/** Options for {@link WorkloadLogCollection.checks}. */
export interface WorkloadChecksOptions {
  /**
   * Longer finding messages (cdk-nag's `verbose`).
   *
   * @default false
   */
  readonly verbose?: boolean;
  /**
   * Include the stack in the coverage report written at synth.
   *
   * @default true
   */
  readonly coverageReport?: boolean;
}

/**
 * Switches on, in one line, every log source the standard asks of a
 * workload for a tier, profile and exposure, and still gives access to each
 * piece.
 *
 * **Which sources.** Decided from the requirement catalogue, not restated:
 * the union of `implementedBy` over `requirementsFor(tier, profile)`, less
 * the central-side constructs (`WorkloadLogCollection.sourcesFor`). Each can
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
 * The Aspect never touches:
 * - imported resources (there is no L1 in the app);
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
   * The workload-side sources the requirement catalogue names for a tier and
   * profile (the union of `implementedBy` over `requirementsFor(tier, profile)`,
   * central-side constructs left out), in `LibraryConstructName` order.
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
  private readonly processed = new WeakSet<IConstruct>();
  private readonly stacks = new Map<Stack, StackPieces>();
  private readonly eks: EksAuditLogging[] = [];
  private readonly cognito: CognitoUserPoolLogging[] = [];
  private readonly apis: ApiAccessLogging[] = [];
  private readonly vpns: ClientVpnConnectionLogging[] = [];
  /** Whether the REST API CloudWatch Logs role note was given (once per collection). */
  private apiAccountNoted = false;
  private readonly scopedPipelines: codepipeline.IPipeline[] = [];
  private readonly problems: string[] = [];
  private pipelineForwarding?: PipelineEventForwarding;
  private scanned = false;

  constructor(scope: Construct, id: string, props: WorkloadLogCollectionProps) {
    super(scope, id);
    this.home = Stack.of(this);
    this.props = props;
    this.central = props.central;
    this.tier = props.tier;
    this.profile = props.profile;
    if (!Object.values(ServiceExposure).includes(props.exposure)) {
      throw new Error(`exposure '${String(props.exposure)}' is not a service exposure; use ServiceExposure.EXTERNAL or ServiceExposure.INTERNAL.`);
    }
    this.exposure = props.exposure;
    this.pipelineScope = props.pipelineEventScope ?? PipelineEventScope.ACCOUNT;
    if (!Object.values(PipelineEventScope).includes(this.pipelineScope)) {
      throw new Error(
        `pipelineEventScope '${String(this.pipelineScope)}' is not a pipeline event scope; ` +
        'use PipelineEventScope.ACCOUNT or PipelineEventScope.PIPELINES_IN_SCOPE.',
      );
    }

    const other = COLLECTION_OF_STACK.get(this.home);
    if (other !== undefined) {
      throw new Error(
        `Stack '${this.home.node.path}' already has WorkloadLogCollection '${other}'; use one per stack ` +
        '(it covers the nested stacks too), and turn sources on or off with its props.',
      );
    }

    // Which sources: the catalogue's, then the opt-outs (checked before anything is recorded).
    this.requiredSources = workloadSourcesFor(this.tier, this.profile);
    const flags = props as unknown as { readonly [option: string]: unknown };
    this.enabledSources = WORKLOAD_SOURCES.filter((s) => {
      const flag = flags[s.option];
      if (flag !== undefined && typeof flag !== 'boolean') {
        throw new Error(`${s.option} must be true or false, got '${String(flag)}'; leave it out to follow the tier.`);
      }
      return flag ?? this.requiredSources.includes(s.name);
    }).map((s) => s.name);

    this.exclude = this.validateExclude(props.exclude ?? []);
    this.validateOptions(props);
    COLLECTION_OF_STACK.set(this.home, this.node.path);

    for (const name of this.requiredSources.filter((n) => !this.enabledSources.includes(n))) {
      const spec = workloadSource(name);
      const ids = requirementIdsServedBy(this.tier, this.profile, name);
      Annotations.of(this).addInfo(
        `${spec.option}: false turns off ${name}, which the requirement catalogue lists for ${ids.join(', ')} ` +
        `(${this.tier}, ${this.profile}). Unless ${spec.alternative} meets them, they are not met for this scope, ` +
        'and LogCollectionChecks reports them.',
      );
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
          directories: this.identityDirectories(),
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
        ?? this.own(LibraryConstructName.NETWORK_INVENTORY_EXPORT, () => this.createNetworkInventory());
    }

    // Per-resource sources, at synth.
    const aspect: IAspect = { visit: (node) => this.visit(node) };
    Aspects.of(this.home).add(aspect, { priority: AspectPriority.MUTATING });

    this.node.addValidation({ validate: () => [...this.problems, ...this.duplicateTrails()] });
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
    return this.stacks.get(this.home)?.dns;
  }

  /**
   * The flow logging of this stack's VPCs. Filled in at synth; undefined when
   * the stack holds no VPC or flow logs are off.
   */
  public get vpcFlowLogging(): VpcFlowLogging | undefined {
    return this.stacks.get(this.home)?.flow;
  }

  /** The EKS audit logging of every cluster in scope, in discovery order. Filled in at synth. */
  public get eksAuditLogging(): EksAuditLogging[] {
    return [...this.eks];
  }

  /** The user pool logging of every user pool in scope, in discovery order. Filled in at synth. */
  public get cognitoLogging(): CognitoUserPoolLogging[] {
    return [...this.cognito];
  }

  /** The access logging of every REST and HTTP API stage in scope, in discovery order. Filled in at synth. */
  public get apiAccessLogging(): ApiAccessLogging[] {
    return [...this.apis];
  }

  /** The connection logging of every Client VPN endpoint in scope, in discovery order. Filled in at synth. */
  public get clientVpnLogging(): ClientVpnConnectionLogging[] {
    return [...this.vpns];
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
    return this.stacks.get(stack)?.dns;
  }

  /** The flow logging of the VPCs of a stack in scope (this one or a nested one). Filled in at synth. */
  public vpcFlowLoggingFor(stack: Stack): VpcFlowLogging | undefined {
    return this.stacks.get(stack)?.flow;
  }

  /** The pipeline forwarding another collection may reuse: an account-wide one it created. */
  private get sharablePipelineEvents(): PipelineEventForwarding | undefined {
    return this.pipelineScope === PipelineEventScope.ACCOUNT ? this.pipelineForwarding : undefined;
  }

  // ---------------------------------------------------------------- constructor helpers

  private validateExclude(exclude: IConstruct[]): IConstruct[] {
    exclude.forEach((entry, i) => {
      if (entry === undefined || entry === null || !(entry as Partial<IConstruct>).node) {
        throw new Error(
          `exclude[${i}] is ${String(entry)}, not a construct; list the VPCs, clusters, user pools, pipelines, API stages or ` +
          'Client VPN endpoints to skip.',
        );
      }
      if (entry === this.home) {
        throw new Error(
          `exclude[${i}] is stack '${this.home.node.path}' itself, which would exclude everything; ` +
          'turn the sources off with their props instead.',
        );
      }
      if (!isInScope(entry, this.home)) {
        throw new Error(
          `exclude[${i}] ('${entry.node.path}') is in stack '${Stack.of(entry).node.path}', outside the scope of ` +
          `WorkloadLogCollection '${this.node.path}' (stack '${this.home.node.path}' and its nested stacks); remove it.`,
        );
      }
    });
    return [...exclude];
  }

  private validateOptions(props: WorkloadLogCollectionProps): void {
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
      if (value !== undefined && !sources.some((s) => this.isEnabled(s))) {
        const options = sources.map((s) => `${workloadSource(s).option}: true`).join(' or ');
        throw new Error(
          `${prop} only applies to ${sources.join(' or ')}, which ${sources.length > 1 ? 'are' : 'is'} off here ` +
          `(${this.tier}, ${this.profile}); remove ${prop}, or turn the source on with ${options}.`,
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
      cloudWatchRetention({ exposure: this.exposure, retentionDays: props.retentionDays, retentionApproval: props.retentionApproval });
    }
  }

  private identityDirectories(): UserDirectory[] | undefined {
    if (this.props.identityDirectories !== undefined) {
      return this.props.identityDirectories;
    }
    const region = this.home.region;
    if (Token.isUnresolved(region) || region === GLOBAL_EVENTS_REGION || this.props.allowNonUsEast1) {
      return undefined;
    }
    Annotations.of(this).addInfo(
      `identityEvents: this stack is in ${region}, and IAM events (IAM API calls, console sign-in) reach EventBridge only in ` +
      `${GLOBAL_EVENTS_REGION}, so IdentityEventForwarding here forwards IAM Identity Center and Cognito events only; add a ` +
      `WorkloadLogCollection (or an IdentityEventForwarding with UserDirectory.IAM) in ${GLOBAL_EVENTS_REGION} for this account.`,
    );
    return [UserDirectory.IAM_IDENTITY_CENTER, UserDirectory.COGNITO_USER_POOL];
  }

  /** This collection's own network inventory export; it needs the central archive key. */
  private createNetworkInventory(): NetworkInventoryExport {
    const name = LibraryConstructName.NETWORK_INVENTORY_EXPORT;
    if (!this.central.hasArchiveKey) {
      const ids = requirementIdsServedBy(this.tier, this.profile, name);
      throw new Error(
        `networkInventory: ${name} writes ${ids.length > 0 ? `the network inventory (${ids.join(', ')}) ` : 'the network inventory '}` +
        'to the central EXPORTS bucket with SSE-KMS under the central archive key, but central (CentralLogTargets) has no ' +
        "archiveKeyArn; pass archiveKeyArn (the central stack's ArchiveKeyArn output) to CentralLogTargets.fromAttributes, " +
        'or set networkInventory: false and export the inventory another way.',
      );
    }
    return new NetworkInventoryExport(this, 'NetworkInventory', {
      central: this.central,
      exposure: this.exposure,
      retentionDays: this.props.retentionDays,
      retentionApproval: this.props.retentionApproval,
      alarmAction: this.props.alarmAction,
    });
  }

  private own<T>(name: LibraryConstructName, create: () => T): T {
    this.owned.add(name);
    return create();
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
    return piece;
  }

  // ---------------------------------------------------------------- Aspect

  private visit(node: IConstruct): void {
    if (node === this.home) {
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
    for (const node of this.home.node.findAll()) {
      if (discoveredKind(node) !== undefined) {
        this.consider(node as CfnResource);
      }
    }
    if (this.scanned) {
      return;
    }
    this.scanned = true;
    if (this.isEnabled(LibraryConstructName.PIPELINE_EVENT_FORWARDING) && this.pipelineScope === PipelineEventScope.PIPELINES_IN_SCOPE) {
      if (this.scopedPipelines.length === 0) {
        this.problems.push(
          `pipelineEventScope is PIPELINES_IN_SCOPE, but stack '${this.home.node.path}' and its nested stacks hold no CodePipeline ` +
          'pipeline (imported and excluded pipelines do not count); use PipelineEventScope.ACCOUNT, or pipelineEvents: false.',
        );
      } else {
        this.pipelineForwarding = this.own(LibraryConstructName.PIPELINE_EVENT_FORWARDING, () => new PipelineEventForwarding(this, 'PipelineEvents', {
          central: this.central,
          alarmActions: this.props.alarmAction ? [this.props.alarmAction] : undefined,
          pipelines: [...this.scopedPipelines],
        }));
      }
    }
    this.warnUnusedExcludes();
  }

  private consider(resource: CfnResource): void {
    if (this.processed.has(resource)) {
      return;
    }
    this.processed.add(resource);
    if (!isInScope(resource, this.home) || isLibraryOwned(resource)) {
      return;
    }
    const kind = discoveredKind(resource)!;
    if (!this.actsOn(kind)) {
      return;
    }
    const claimant = CLAIMED.get(resource);
    if (claimant !== undefined && claimant !== this) {
      this.problems.push(
        `${resource.node.path} is in the scope of WorkloadLogCollection '${this.node.path}' and of '${claimant.node.path}'; ` +
        'keep the one in the outer stack, or list the resource (or its nested stack) in the exclude of one of them.',
      );
      return;
    }
    CLAIMED.set(resource, this);
    if (excludedBy(resource, this.exclude) >= 0) {
      return;
    }
    switch (kind) {
      case DiscoveredKind.VPC:
        this.addVpc(resource as ec2.CfnVPC);
        break;
      case DiscoveredKind.EKS_CLUSTER:
        this.addCluster(resource as CfnCluster);
        break;
      case DiscoveredKind.EKS_V1_CLUSTER:
        Annotations.of(this).addWarningV2('cdk-security-log-collection:workloadEksV1',
          `${resource.node.path} is an aws-eks (v1) Cluster, whose control-plane logging is set by a custom resource ` +
          `that EksAuditLogging cannot merge into, so ${requirementIdsImplementedBy(LibraryConstructName.EKS_AUDIT_LOGGING).join(', ')} ` +
          'is not met for it; move it to the aws-eks-v2 Cluster, or list it in exclude and set its clusterLogging and log group subscription yourself.');
        break;
      case DiscoveredKind.USER_POOL:
        this.addUserPool(resource as cognito.CfnUserPool);
        break;
      case DiscoveredKind.PIPELINE:
        this.addPipeline(resource as codepipeline.CfnPipeline);
        break;
      case DiscoveredKind.API_STAGE:
        this.addApiStage(resource);
        break;
      case DiscoveredKind.API_DEPLOYMENT_STAGE:
        this.addDeploymentStage(resource);
        break;
      case DiscoveredKind.CLIENT_VPN_ENDPOINT:
        this.addClientVpnEndpoint(resource as ec2.CfnClientVpnEndpoint);
        break;
    }
  }

  /** Whether an enabled source acts on resources of a kind. */
  private actsOn(kind: DiscoveredKind): boolean {
    const C = LibraryConstructName;
    switch (kind) {
      case DiscoveredKind.VPC:
        return this.isEnabled(C.DNS_QUERY_LOGGING) || this.isEnabled(C.VPC_FLOW_LOGGING);
      case DiscoveredKind.EKS_CLUSTER:
      case DiscoveredKind.EKS_V1_CLUSTER:
        return this.isEnabled(C.EKS_AUDIT_LOGGING);
      case DiscoveredKind.USER_POOL:
        return this.isEnabled(C.COGNITO_USER_POOL_LOGGING);
      case DiscoveredKind.PIPELINE:
        return this.isEnabled(C.PIPELINE_EVENT_FORWARDING) && this.pipelineScope === PipelineEventScope.PIPELINES_IN_SCOPE;
      case DiscoveredKind.API_STAGE:
      case DiscoveredKind.API_DEPLOYMENT_STAGE:
        return this.isEnabled(C.API_ACCESS_LOGGING);
      case DiscoveredKind.CLIENT_VPN_ENDPOINT:
        return this.isEnabled(C.CLIENT_VPN_CONNECTION_LOGGING);
    }
  }

  /** The pieces of a stack in scope, with the construct they are created under. */
  private piecesFor(stack: Stack): StackPieces {
    let pieces = this.stacks.get(stack);
    if (!pieces) {
      pieces = { container: stack === this.home ? this : this.nestedContainer(stack) };
      this.stacks.set(stack, pieces);
    }
    return pieces;
  }

  /** The construct, named like this one, under which the sources of a nested stack's resources are created. */
  private nestedContainer(stack: Stack): Construct {
    if (stack.node.tryFindChild(this.node.id)) {
      throw new Error(
        `Nested stack '${stack.node.path}' already has a construct '${this.node.id}', where WorkloadLogCollection ` +
        `'${this.node.path}' puts the sources of the nested stack's resources; give the WorkloadLogCollection another id.`,
      );
    }
    const container = new Construct(stack, this.node.id);
    OWNED.add(container);
    return container;
  }

  private addVpc(cfnVpc: ec2.CfnVPC): void {
    const pieces = this.piecesFor(Stack.of(cfnVpc));
    const uid = Names.nodeUniqueId(cfnVpc.node);
    let vpc: ec2.IVpc | undefined;
    const vpcRef = () => vpc ??= vpcOf(cfnVpc, pieces.container, `Vpc-${uid}`);

    if (this.isEnabled(LibraryConstructName.DNS_QUERY_LOGGING)) {
      const existing = existingQueryLogAssociation(cfnVpc);
      if (existing) {
        this.leftAsIs(cfnVpc, 'a Resolver query logging association', existing);
      } else {
        pieces.dns ??= new DnsQueryLogging(pieces.container, 'DnsQueryLogging', {
          central: this.central,
          resolverQueryLogConfigId: this.props.resolverQueryLogConfigId,
        });
        pieces.dns.addVpc(vpcRef());
      }
    }
    if (this.isEnabled(LibraryConstructName.VPC_FLOW_LOGGING)) {
      const existing = existingFlowLog(cfnVpc);
      if (existing) {
        this.leftAsIs(cfnVpc, 'a flow log', existing);
      } else {
        pieces.flow ??= new VpcFlowLogging(pieces.container, 'VpcFlowLogging', {
          central: this.central,
          tier: this.tier,
          trafficType: this.props.flowLogTrafficType,
        });
        pieces.flow.addVpc(vpcRef());
      }
    }
  }

  private addCluster(cluster: CfnCluster): void {
    const stack = Stack.of(cluster);
    const name = cluster.name;
    if (name === undefined || Token.isUnresolved(name)) {
      this.problems.push(
        `EKS cluster ${cluster.node.path} has ${name === undefined ? 'no name' : 'a name not known at synth'}, so its audit log group ` +
        "cannot be created before it; set clusterName on the aws-eks-v2 Cluster (name on a CfnCluster; for a deployed cluster use its " +
        'current name), or list the cluster in exclude, or set eksAuditLogging: false.',
      );
      return;
    }
    if (Token.isUnresolved(stack.region)) {
      this.problems.push(
        `EKS cluster ${cluster.node.path} is in stack '${stack.node.path}', whose region is not known at synth, so the central ` +
        "CloudWatch Logs destination of its region cannot be named; set env: { account, region } on the stack, or set eksAuditLogging: false.",
      );
      return;
    }
    const existing = stack.node.findAll().find((c): c is EksAuditLogging => c instanceof EksAuditLogging
      && Stack.of(c) === stack && c.clusterName === name);
    if (existing) {
      this.leftAsIs(cluster, 'an EksAuditLogging', existing);
      return;
    }
    this.eks.push(new EksAuditLogging(this.piecesFor(stack).container, `EksAuditLogging-${Names.nodeUniqueId(cluster.node)}`, {
      cluster,
      central: this.central,
      exposure: this.exposure,
      retentionDays: this.props.retentionDays,
      retentionApproval: this.props.retentionApproval,
    }));
  }

  private addUserPool(pool: cognito.CfnUserPool): void {
    const existing = existingLogDelivery(pool);
    if (existing) {
      this.leftAsIs(pool, 'a log delivery configuration (a user pool takes only one)', existing);
      return;
    }
    const container = this.piecesFor(Stack.of(pool)).container;
    this.cognito.push(new CognitoUserPoolLogging(container, `CognitoUserPoolLogging-${Names.nodeUniqueId(pool.node)}`, {
      userPool: userPoolOf(pool),
      central: this.central,
      exposure: this.exposure,
      retentionDays: this.props.retentionDays,
      retentionApproval: this.props.retentionApproval,
    }));
  }

  private addPipeline(pipeline: codepipeline.CfnPipeline): void {
    if (this.pipelineForwarding) {
      this.problems.push(
        `CodePipeline pipeline ${pipeline.node.path} was added after the pipeline event rules were built (by another Aspect?), ` +
        'so its execution events are not forwarded; use PipelineEventScope.ACCOUNT.',
      );
      return;
    }
    this.scopedPipelines.push(pipelineOf(pipeline, this, `Pipeline-${Names.nodeUniqueId(pipeline.node)}`));
  }

  private addApiStage(stage: CfnResource): void {
    const existing = existingAccessLogDestination(stage);
    if (existing) {
      this.leftAsIs(stage, 'an access log destination', existing);
      return;
    }
    const api = stageApi(stage);
    if (api.protocol === StageProtocol.WEBSOCKET) {
      Annotations.of(this).addInfo(
        `${stage.node.path} is a stage of WebSocket API ${api.api!.node.path}, and ApiAccessLogging supports REST and HTTP APIs ` +
        'only (the requirement catalogue lists no WebSocket access log variables), so WorkloadLogCollection leaves it as it is; ' +
        'set its accessLogSettings yourself (LogCollectionChecks asks for access logs on it).',
      );
      return;
    }
    if (api.protocol === undefined) {
      this.problems.push(
        `API stage ${stage.node.path} belongs to ` +
        (api.api ? `API ${api.api.node.path}, whose ProtocolType is neither HTTP nor WEBSOCKET at synth,` : `an API not defined in this app (ApiId ${api.apiId}),`) +
        ' so WorkloadLogCollection cannot tell whether it is an HTTP API (which ApiAccessLogging logs) or a WebSocket API; ' +
        'define the API in this app with protocolType HTTP or WEBSOCKET, or list the stage in exclude and set its access logs ' +
        'yourself, or set apiAccessLogging: false.',
      );
      return;
    }
    const stack = Stack.of(stage);
    if (!this.regionKnown(stage, 'API stage', 'apiAccessLogging')) {
      return;
    }
    if (api.protocol === StageProtocol.REST) {
      this.noteApiGatewayAccount(stage, stack);
    }
    const container = this.piecesFor(stack).container;
    const logging = this.attempt(container, `ApiAccessLogging-${Names.nodeUniqueId(stage.node)}`, stage, 'apiAccessLogging',
      (id) => new ApiAccessLogging(container, id, {
        stage,
        central: this.central,
        exposure: this.exposure,
        retentionDays: this.props.retentionDays,
        retentionApproval: this.props.retentionApproval,
      }));
    if (logging) {
      this.apis.push(logging);
    }
  }

  /** A REST deployment whose StageName creates a stage: ApiAccessLogging cannot reach it. */
  private addDeploymentStage(deployment: CfnResource): void {
    const existing = existingAccessLogDestination(deployment);
    if (existing) {
      this.leftAsIs(deployment, 'an access log destination for the stage it creates (StageDescription.AccessLogSetting)', existing);
      return;
    }
    const ids = requirementIdsImplementedBy(LibraryConstructName.API_ACCESS_LOGGING);
    Annotations.of(this).addWarningV2('cdk-security-log-collection:workloadApiDeploymentStage',
      `${deployment.node.path} creates stage ${deploymentStageName(deployment)} through its StageName, and ApiAccessLogging can ` +
      `set the access logs of an AWS::ApiGateway::Stage only, so ${ids.join(', ')} ${ids.length > 1 ? 'are' : 'is'} ` +
      'not met for that stage; create the stage as an apigateway.Stage (or CfnStage) and remove StageName from the deployment, ' +
      'or list the deployment in exclude and set its StageDescription.AccessLogSetting yourself.');
  }

  private addClientVpnEndpoint(endpoint: ec2.CfnClientVpnEndpoint): void {
    const existing = existingConnectionLogging(endpoint);
    if (existing) {
      this.leftAsIs(endpoint, 'connection logging', existing);
      return;
    }
    if (!this.regionKnown(endpoint, 'Client VPN endpoint', 'clientVpnLogging')) {
      return;
    }
    const container = this.piecesFor(Stack.of(endpoint)).container;
    const logging = this.attempt(container, `ClientVpnConnectionLogging-${Names.nodeUniqueId(endpoint.node)}`, endpoint, 'clientVpnLogging',
      (id) => new ClientVpnConnectionLogging(container, id, {
        endpoint,
        central: this.central,
        exposure: this.exposure,
        retentionDays: this.props.retentionDays,
        retentionApproval: this.props.retentionApproval,
      }));
    if (logging) {
      this.vpns.push(logging);
    }
  }

  /** Whether a resource's stack has a concrete region (the central destination is named per region); records the problem when not. */
  private regionKnown(resource: IConstruct, what: string, option: string): boolean {
    const stack = Stack.of(resource);
    if (!Token.isUnresolved(stack.region)) {
      return true;
    }
    this.problems.push(
      `${what} ${resource.node.path} is in stack '${stack.node.path}', whose region is not known at synth, so the central ` +
      `CloudWatch Logs destination of its region cannot be named; set env: { account, region } on the stack, or list it in ` +
      `exclude, or set ${option}: false.`,
    );
    return false;
  }

  /**
   * Create a per-resource source. An error of the source (a setting of the
   * resource it cannot work with) becomes a synth error that also names the
   * collection's ways out, and the half-made construct is removed.
   */
  private attempt<T extends Construct>(scope: Construct, id: string, resource: IConstruct, option: string,
    create: (id: string) => T): T | undefined {
    try {
      return create(id);
    } catch (e) {
      if (!(e instanceof Error)) {
        throw e;
      }
      scope.node.tryRemoveChild(id);
      this.problems.push(
        `${e.message.replace(/\.$/, '')}; or list ${resource.node.path} in the exclude of WorkloadLogCollection '${this.node.path}', ` +
        `or set ${option}: false.`,
      );
      return undefined;
    }
  }

  /** Once per collection: REST API access logs need the account's API Gateway CloudWatch Logs role in the region. */
  private noteApiGatewayAccount(stage: CfnResource, stack: Stack): void {
    if (this.apiAccountNoted) {
      return;
    }
    this.apiAccountNoted = true;
    if (hasApiGatewayAccount(this.node.root, stack.account, stack.region)) {
      return;
    }
    Annotations.of(this).addInfo(
      `apiAccessLogging: REST API stages (such as ${stage.node.path}) write access logs through the API Gateway CloudWatch Logs ` +
      `role of the account and region, and this app has no AWS::ApiGateway::Account for account ${stack.account} in ` +
      `${stack.region}; unless it is already set there, set cloudWatchRole: true on one RestApi (or add an apigateway.CfnAccount), ` +
      'or the deployment of the stage fails.',
    );
  }

  private leftAsIs(resource: IConstruct, what: string, existing: ExistingLogging): void {
    const where = typeof existing === 'string' ? existing : `'${existing.node.path}'`;
    Annotations.of(this).addInfo(
      `${resource.node.path} already has ${what} (${where}), so WorkloadLogCollection leaves it as it is; ` +
      'LogCollectionChecks judges it.',
    );
  }

  private warnUnusedExcludes(): void {
    const kinds = Object.values(DiscoveredKind).filter((k) => this.actsOn(k));
    this.exclude.forEach((entry, i) => {
      if (!holdsKind(entry, kinds)) {
        Annotations.of(this).addWarningV2('cdk-security-log-collection:workloadExcludeUnused',
          `exclude[${i}] ('${entry.node.path}') holds no VPC, EKS cluster, user pool, pipeline, API stage or Client VPN endpoint ` +
          'that WorkloadLogCollection would act on (imported resources are never touched, pipelines only with ' +
          'PipelineEventScope.PIPELINES_IN_SCOPE, and sources that are off act on nothing); remove it from exclude.');
      }
    });
  }

  /** A trail this collection created while another AuditTrail, not of a collection, records the same account. */
  private duplicateTrails(): string[] {
    if (!this.owned.has(LibraryConstructName.AUDIT_TRAIL) || !this.auditTrail) {
      return [];
    }
    const mine = this.home;
    const concrete = !Token.isUnresolved(mine.account);
    return this.node.root.node.findAll()
      .filter((c): c is AuditTrail => c instanceof AuditTrail && c !== this.auditTrail
        && !c.node.scopes.some((s) => s instanceof WorkloadLogCollection))
      .filter((t) => Stack.of(t) === mine || (concrete && Stack.of(t).account === mine.account))
      .map((t) =>
        `AuditTrail '${t.node.path}' also records account ${mine.account}, besides the one WorkloadLogCollection creates; ` +
        'set auditTrail: false here and keep yours, or remove yours and add its data events to collection.auditTrail.');
  }
}

/** Whether a resource is inside a construct of this library (its own sources or a collection). */
function isLibraryOwned(resource: IConstruct): boolean {
  return resource.node.scopes.some((s) => s instanceof WorkloadLogCollection || OWNED.has(s)
    || LIBRARY_SOURCE_CLASSES.some((cls) => s instanceof cls));
}

function sameCentral(a: CentralLogTargets, b: CentralLogTargets): boolean {
  return a === b || (a.accountId === b.accountId && a.region === b.region && a.namePrefix === b.namePrefix);
}
