/**
 * How a resource stands against one rule of the `LogCollectionChecks` pack.
 */
export enum CheckCompliance {
  /** The resource meets the rule. */
  COMPLIANT = 'COMPLIANT',
  /** The resource does not meet the rule: reported as an error that fails synthesis unless acknowledged. */
  NON_COMPLIANT = 'NON_COMPLIANT',
  /**
   * The rule looked at the resource and does not apply to it (for example an
   * S3 bucket that holds no logs, under a rule about log buckets).
   */
  NOT_APPLICABLE = 'NOT_APPLICABLE',
  /**
   * The app does not say enough to decide: a value known only at deploy time
   * (a parameter or an import), or something that may live outside the app (an
   * organisation trail). Reported as a warning or a note; never fails synthesis.
   */
  UNKNOWN = 'UNKNOWN',
}

/** The severity of a result, as written in the validation report. */
export enum CheckSeverity {
  /** An unmet requirement: fails synthesis unless acknowledged. */
  ERROR = 'error',
  /** The pack could not decide: shown in the report, does not fail synthesis. */
  WARNING = 'warning',
  /** A note, a compliant result, or an acknowledged finding: never fails synthesis. */
  INFO = 'info',
}

/** An acknowledgement (`Validations.of(scope).acknowledge(...)`) that covers a result. */
export interface CheckAcknowledgement {
  /** The reason given with the acknowledgement. */
  readonly reason: string;
  /**
   * The id as recorded in construct metadata, for example
   * `LogCollection::LogCollection-HP-E1` (namespaced) or
   * `Annotation::LogCollection-HP-E1` (written without a namespace).
   */
  readonly acknowledgedId: string;
  /** Construct path of the construct the acknowledgement was made on (the resource or an ancestor). */
  readonly acknowledgedAt: string;
  /**
   * Whether the acknowledgement uses the pack's namespace
   * (`LogCollection::<rule id>`), the form the CDK validation report lists
   * under "suppressed violations".
   */
  readonly namespaced: boolean;
}

/**
 * One rule applied to one resource (or, for app-wide rules, to the validated
 * scope), including compliant and not-applicable results. The coverage report
 * reads these.
 */
export interface CheckResult {
  /** The rule id, for example `LogCollection-HP-E1`. */
  readonly ruleId: string;
  /** The catalogue requirement ids the rule asserts for the pack's tier and profile. */
  readonly requirementIds: string[];
  /** The outcome. */
  readonly compliance: CheckCompliance;
  /**
   * The severity the result is reported with, before acknowledgement:
   * `error` for NON_COMPLIANT, `warning` for UNKNOWN values, `info` for notes
   * and for COMPLIANT and NOT_APPLICABLE results.
   */
  readonly severity: CheckSeverity;
  /** Construct path of the resource (of the validated scope for app-wide results). */
  readonly constructPath: string;
  /**
   * Name of the stack that holds the resource; for a nested stack, whose name
   * is chosen at deploy time, its construct path.
   *
   * @default - an app-wide result (no resource)
   */
  readonly stackName?: string;
  /**
   * CloudFormation logical id of the resource.
   *
   * @default - an app-wide result (no resource)
   */
  readonly logicalId?: string;
  /**
   * CloudFormation resource type, for example `AWS::EC2::VPC`.
   *
   * @default - an app-wide result (no resource)
   */
  readonly resourceType?: string;
  /** What was found, what is missing and which construct of this library fixes it. */
  readonly message: string;
  /** Names of this library's constructs that meet the rule (for example `VpcFlowLogging`). */
  readonly fixedBy: string[];
  /**
   * The acknowledgement that covers this result.
   *
   * @default - not acknowledged
   */
  readonly acknowledgement?: CheckAcknowledgement;
  /**
   * Where in the template the finding is, for example `Properties/LogFormat`.
   *
   * @default 'Properties'
   */
  readonly location?: string;
  /**
   * For retention rules: the days the store keeps logs (0 = never expires).
   *
   * @default - not a retention rule, or the retention is not known at synth time
   */
  readonly retentionDays?: number;
}

/** A rule of the pack as it runs for one tier, profile and exposure. */
export interface CheckRuleInfo {
  /** The rule id, for example `LogCollection-HP-E1`. */
  readonly ruleId: string;
  /** The catalogue requirement ids the rule asserts in this configuration. */
  readonly requirementIds: string[];
  /** CloudFormation resource types the rule judges. */
  readonly resourceTypes: string[];
  /** What the rule checks, in one sentence. */
  readonly summary: string;
  /** Names of this library's constructs that meet the rule. */
  readonly fixedBy: string[];
}
