/**
 * The shape of `log-collection-report.json`, the coverage report written at
 * synth (see `CoverageReport`). These interfaces are the documented schema;
 * `log-collection-report.schema.json` (next to this file) says the same in
 * JSON Schema for readers in other languages, and a test keeps the two in step.
 *
 * Ordering is deterministic: declarations by scope, tier, profile and
 * exposure; requirements in catalogue order; every list inside an entry
 * sorted by its fields. No timestamps, absolute paths or stack traces.
 * A field that has no value is left out rather than written as `null`.
 */
import { CheckCompliance, CheckSeverity } from '../checks/check-result';
import { LoggingProfile, MaturityTier, RequirementKind, ServiceExposure, Verdict } from '../requirements/types';

/** How far the synthesised app meets one requirement of the catalogue. */
export enum CoverageStatus {
  /** Resources in scope meet it, the pack found nothing open, and AWS can meet it fully. */
  MET = 'MET',
  /**
   * Resources in scope meet it as far as AWS allows (catalogue verdict PARTIAL),
   * or some findings are acknowledged, or some values are known only at deploy time.
   */
  PARTIAL = 'PARTIAL',
  /** An unacknowledged finding, or no resource in scope meets it. */
  NOT_MET = 'NOT_MET',
  /**
   * Nothing in the app meets it and no finding is open, and by design it is
   * met in another account: the central log account a workload-only app
   * reaches through `CentralLogTargets.fromAttributes` (named in `metElsewhere`).
   * Check that account's own report.
   */
  MET_ELSEWHERE = 'MET_ELSEWHERE',
  /** The catalogue says no AWS source can meet it; `nearestEquivalent` says what stands in. */
  NOT_POSSIBLE_ON_AWS = 'NOT_POSSIBLE_ON_AWS',
  /** Not asked for at the declared tier, profile or exposure; listed so the report shows the whole standard. */
  NOT_APPLICABLE = 'NOT_APPLICABLE',
}

/** What a node of the data flow diagram stands for. */
export enum DataFlowNodeKind {
  /** A log source: flow logs, trails, resolver query logging, subscribed log groups, forwarding rules. */
  SOURCE = 'SOURCE',
  /** Something logs pass through: a CloudWatch Logs destination, an event bus, a Firehose or Kinesis stream, a query log configuration. */
  ROUTE = 'ROUTE',
  /** Where logs rest: an S3 bucket or a log group. */
  STORE = 'STORE',
  /** The SIEM hand-off: notification queues, the reader role and the account that assumes it. */
  SIEM = 'SIEM',
}

/** Number of requirements with each status. */
export interface StatusCounts {
  /** Requirements with status MET. */
  readonly met: number;
  /** Requirements with status PARTIAL. */
  readonly partial: number;
  /** Requirements with status NOT_MET. */
  readonly notMet: number;
  /** Requirements with status MET_ELSEWHERE. */
  readonly metElsewhere: number;
  /** Requirements with status NOT_POSSIBLE_ON_AWS. */
  readonly notPossibleOnAws: number;
  /** Requirements with status NOT_APPLICABLE. */
  readonly notApplicable: number;
  /** All of the above. */
  readonly total: number;
}

/** Status counts of the requirements of one tier (policy rules count as Baseline). */
export interface TierStatusCounts extends StatusCounts {
  /** The catalogue tier of the requirements counted. */
  readonly tier: MaturityTier;
}

/** Counts per status, per tier and in total. */
export interface CoverageSummary {
  /** One entry per tier, Baseline first. */
  readonly tiers: TierStatusCounts[];
  /** Every tier together. */
  readonly total: StatusCounts;
}

/** A CloudFormation resource in the app. */
export interface CoverageResource {
  /** Name of the stack that holds it (for a nested stack, whose name is chosen at deploy time, its construct path). */
  readonly stack: string;
  /** Construct path of the resource. */
  readonly constructPath: string;
  /**
   * CloudFormation logical id.
   *
   * @default - the construct that recorded evidence has no CloudFormation resource of its own
   */
  readonly logicalId?: string;
  /**
   * CloudFormation resource type, for example `AWS::EC2::VPC`.
   *
   * @default - as for `logicalId`
   */
  readonly type?: string;
}

/** A result of the `LogCollectionChecks` pack that is not a plain pass: NON_COMPLIANT, or UNKNOWN (cannot be decided at synth). */
export interface CoverageFinding {
  /** The pack's rule id, for example `LogCollection-HP-E1`. */
  readonly ruleId: string;
  /** The severity the pack reports it with, before acknowledgement. */
  readonly severity: CheckSeverity;
  /** NON_COMPLIANT or UNKNOWN. */
  readonly compliance: CheckCompliance;
  /** Construct path of the resource; for a note on the scope as a whole, the scope's path (empty for the app). */
  readonly constructPath: string;
  /**
   * Stack of the resource.
   *
   * @default - a note on the scope as a whole
   */
  readonly stack?: string;
  /**
   * Logical id of the resource.
   *
   * @default - a note on the scope as a whole
   */
  readonly logicalId?: string;
  /**
   * CloudFormation type of the resource.
   *
   * @default - a note on the scope as a whole
   */
  readonly type?: string;
  /** What was found, what is missing and what fixes it. */
  readonly message: string;
  /** Whether an acknowledgement covers it (see `acknowledgements` for the reason). */
  readonly acknowledged: boolean;
}

/** An acknowledgement (`Validations.of(scope).acknowledge(...)`) that covers a finding. */
export interface CoverageAcknowledgement {
  /** The rule acknowledged. */
  readonly ruleId: string;
  /** Construct path of the finding it covers. */
  readonly constructPath: string;
  /** The reason given. */
  readonly reason: string;
  /** The id as recorded, for example `LogCollection::LogCollection-HP-E1`. */
  readonly acknowledgedId: string;
  /** Construct path the acknowledgement was made on (the resource or an ancestor). */
  readonly acknowledgedAt: string;
}

/** What a construct of this library recorded about how it meets a requirement. */
export interface CoverageEvidence {
  /** Construct path of the construct that recorded it. */
  readonly constructPath: string;
  /** How it meets the requirement, in one sentence. */
  readonly note: string;
}

/** How long one log store keeps logs, for the retention rules (LM-1 to LM-3). */
export interface RetentionFigure {
  /** Stack of the store. */
  readonly stack: string;
  /** Construct path of the store. */
  readonly constructPath: string;
  /** Logical id of the store. */
  readonly logicalId: string;
  /** `AWS::Logs::LogGroup` or `AWS::S3::Bucket`. */
  readonly type: string;
  /** Days the store keeps logs; 0 means the store never expires them. */
  readonly days: number;
}

/** One requirement of the catalogue, as the app meets it under one declaration. */
export interface RequirementCoverage {
  /** Catalogue id, for example `HP-E1`. */
  readonly id: string;
  /** The heading in the standard. */
  readonly title: string;
  /** The lowest tier that asks for it. */
  readonly tier: MaturityTier;
  /** The profiles it applies to. */
  readonly profiles: LoggingProfile[];
  /** Collection item or policy rule. */
  readonly kind: RequirementKind;
  /** How far AWS can meet it, according to the catalogue. */
  readonly verdict: Verdict;
  /** How far this app meets it. */
  readonly status: CoverageStatus;
  /** Why, in one sentence. */
  readonly reason: string;
  /** The pack's rules that judge it under this declaration. */
  readonly ruleIds: string[];
  /** Resources that meet it: compliant results of the pack and evidence recorded by this library's constructs. */
  readonly resources: CoverageResource[];
  /** The pack's findings (NON_COMPLIANT and UNKNOWN results), acknowledged ones included. */
  readonly findings: CoverageFinding[];
  /** The acknowledgements that cover findings, with their reasons. */
  readonly acknowledgements: CoverageAcknowledgement[];
  /** What this library's constructs recorded about how they meet it. */
  readonly evidence: CoverageEvidence[];
  /**
   * The catalogue's nearest-equivalent text: what is missing on AWS and what stands in.
   *
   * @default - only for PARTIAL and NOT_POSSIBLE_ON_AWS statuses of requirements whose verdict is not FULL
   */
  readonly nearestEquivalent?: string;
  /**
   * The retention of each log store in scope.
   *
   * @default - only for the retention rules LM-1, LM-2 and LM-3
   */
  readonly retention?: RetentionFigure[];
  /**
   * Where it is met, for the status MET_ELSEWHERE.
   *
   * @default - only for MET_ELSEWHERE
   */
  readonly metElsewhere?: MetElsewhere;
}

/** Where a requirement with status MET_ELSEWHERE is met. */
export interface MetElsewhere {
  /** The account id, for example the central log account's. */
  readonly account: string;
  /** Construct paths in this app that rely on it (for example the WorkloadLogCollection that names the central account). */
  readonly reliedOnBy: string[];
  /** What meets it there. */
  readonly note: string;
}

/** One declaration: a tier, profile and exposure applied to a scope (a stack, a stage or the whole app). */
export interface DeclarationCoverage {
  /** Stable id: `<scope or "app">:<tier>:<profile>:<exposure or "UNSPECIFIED">`. */
  readonly id: string;
  /** Construct path of the scope; an empty string for the whole app. */
  readonly scope: string;
  /** The tier declared. */
  readonly tier: MaturityTier;
  /** The profile declared. */
  readonly profile: LoggingProfile;
  /**
   * The exposure declared.
   *
   * @default - none: the 90-day floor of every service is checked under LM-1
   */
  readonly exposure?: ServiceExposure;
  /** The pack's rule ids for this tier, profile and exposure. */
  readonly ruleIds: string[];
  /** Counts per status, per tier. */
  readonly summary: CoverageSummary;
  /** Every requirement of the catalogue, in catalogue order. */
  readonly requirements: RequirementCoverage[];
  /**
   * Every VPC, EKS cluster, user pool, API stage and Client VPN endpoint in
   * scope, and whether the pack found its logging in place.
   */
  readonly inScope: ScopeResource[];
}

/** A resource in scope that a log source is about, and whether it is covered. */
export interface ScopeResource {
  /** CloudFormation type, for example `AWS::EC2::VPC`. */
  readonly type: string;
  /** Construct path. */
  readonly constructPath: string;
  /** Stack name (construct path for a nested stack). */
  readonly stack: string;
  /** Every rule that judged it found its logging in place (acknowledged findings count as covered). */
  readonly covered: boolean;
  /** The rules that judged it. */
  readonly ruleIds: string[];
  /** The rules whose unacknowledged finding (or undecided result) leaves it not covered. */
  readonly openRuleIds: string[];
  /**
   * Whether it is imported into the app (`ec2.Vpc.fromVpcAttributes`,
   * `fromLookup`): no rule runs on it, so the report judges it as the rules
   * would, by its id.
   *
   * @default - not imported
   */
  readonly imported?: boolean;
  /**
   * For an imported resource that is not covered: what the rules would say.
   *
   * @default - none
   */
  readonly notes?: string[];
}

/** A node of the data flow diagram. */
export interface DataFlowNode {
  /** Mermaid node id: letters, digits and underscores. */
  readonly id: string;
  /** What it stands for. */
  readonly kind: DataFlowNodeKind;
  /** Text shown in the diagram. */
  readonly label: string;
  /** Whether it is outside this app (named by ARN or name only, for example the central account seen from a workload app). */
  readonly external: boolean;
  /** Construct paths of the resources it stands for (several for an aggregated source); empty for an external node. */
  readonly constructPaths: string[];
}

/** An edge of the data flow diagram. */
export interface DataFlowEdge {
  /** Id of the node logs come from. */
  readonly from: string;
  /** Id of the node logs go to. */
  readonly to: string;
  /** How they get there, with a count when several resources make the same link. */
  readonly label: string;
}

/** The synthesised data flow: sources → routes → stores → SIEM hand-off, read from the app's resources. */
export interface DataFlowGraph {
  /** Nodes, by kind (sources first), then label. */
  readonly nodes: DataFlowNode[];
  /** Edges, by source node, target node and label. */
  readonly edges: DataFlowEdge[];
}

/** The whole report (`log-collection-report.json`). */
export interface CoverageReportDocument {
  /** Version of this shape; bumped on any incompatible change. */
  readonly schemaVersion: number;
  /** Always `cdk-security-log-collection`. */
  readonly generator: string;
  /** Counts per status, per tier, over every declaration. */
  readonly summary: CoverageSummary;
  /** One entry per declaration. */
  readonly declarations: DeclarationCoverage[];
  /** The data flow of the whole app. */
  readonly dataFlow: DataFlowGraph;
}
