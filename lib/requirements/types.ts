/**
 * Types of the requirement catalogue: one record per numbered requirement of
 * the security log collection standard (`shared/seeds/`) and of its two
 * policy documents (logging and monitoring; privileged user logging).
 *
 * Everything in this library (log sources, the cdk-nag rule pack and the
 * coverage report) reads these records; nothing restates an event name, a
 * field list or a retention figure elsewhere.
 */

/** The maturity tier a requirement belongs to. Enhanced includes Baseline. */
export enum MaturityTier {
  /** The minimum every service must meet. */
  BASELINE = 'BASELINE',
  /** The Baseline plus the Enhanced requirements. */
  ENHANCED = 'ENHANCED',
}

/** Which of the standard's two collection profiles a requirement belongs to. */
export enum LoggingProfile {
  /** Virtualised and containerised compute and the services that support it. */
  HOSTING_PLATFORM = 'HOSTING_PLATFORM',
  /** Digital services and line-of-business applications built for the organisation. */
  CUSTOM_APPLICATION = 'CUSTOM_APPLICATION',
}

/**
 * Who can reach the service. It decides the minimum retention period
 * (logging and monitoring policy, "Log retention").
 */
export enum ServiceExposure {
  /** Reachable by anyone on the public internet: keep logs at least 90 days. */
  EXTERNAL = 'EXTERNAL',
  /** Reached only with an organisation or government identity: keep logs at least 13 months. */
  INTERNAL = 'INTERNAL',
}

/** How far AWS can meet a requirement as the standard words it. */
export enum Verdict {
  /** AWS log sources carry everything the requirement names. */
  FULL = 'FULL',
  /** AWS carries part of it; `nearestEquivalent` says what is missing and what stands in. */
  PARTIAL = 'PARTIAL',
  /** No AWS source can meet it; `nearestEquivalent` names the closest honest substitute. */
  NOT_POSSIBLE_ON_AWS = 'NOT_POSSIBLE_ON_AWS',
}

/** Whether a record is a log collection item or a rule of the two policy documents. */
export enum RequirementKind {
  /** A log source to switch on and forward (hosting platform and custom application seeds). */
  COLLECTION = 'COLLECTION',
  /** Retention, protection and privileged-user rules that apply to every log store. */
  POLICY = 'POLICY',
}

/** CloudTrail events as AWS emits them: one event source and the event names from it. */
export interface CloudTrailEventSet {
  /** The `eventSource` field, for example `iam.amazonaws.com`. */
  readonly eventSource: string;
  /** The `eventName` values, exactly as CloudTrail writes them, for example `CreateUser`. */
  readonly eventNames: string[];
  /**
   * For data events: the `resources.type` value an advanced event selector
   * needs to log them, for example `AWS::S3::Object`.
   *
   * @default - management events: every trail logs them without extra selectors
   */
  readonly dataEventResourceType?: string;
}

/** EventBridge events that carry a requirement and have no CloudTrail record of their own. */
export interface EventBridgeEventSet {
  /** The event `source`, for example `aws.codepipeline`. */
  readonly source: string;
  /** The `detail-type` values, for example `CodePipeline Pipeline Execution State Change`. */
  readonly detailTypes: string[];
}

/** An AWS log source that (partly) meets a requirement, and the fields of it that matter. */
export interface AwsLogSource {
  /** Short name of the source, for example `VPC flow logs`. */
  readonly name: string;
  /**
   * Field names in the source's own vocabulary that carry the requirement's
   * data items (for example flow log fields `srcaddr`, `action`).
   *
   * @default - the source's default record already carries what is needed
   */
  readonly fields?: string[];
  /**
   * The part of `fields` that carries what the standard names: a rule reports
   * an error when one is missing. The rest of `fields` is what this library
   * recommends on top (context for investigations); a rule reports a missing
   * recommended field as an info finding, never an error. Read both with
   * `requiredFields(source)` and `recommendedFields(source)`.
   *
   * @default - every field in `fields` is required
   */
  readonly requiredFields?: string[];
  /**
   * What the source carries and lacks for this requirement.
   *
   * @default - nothing to add
   */
  readonly notes?: string;
}

/** The ten user-directory event types both Baseline "user directory" requirements list. */
export enum UserDirectoryEventType {
  ACCOUNT_CREATION = 'ACCOUNT_CREATION',
  ACCOUNT_LOCKOUT = 'ACCOUNT_LOCKOUT',
  ACCOUNT_REINSTATEMENT = 'ACCOUNT_REINSTATEMENT',
  AUTHENTICATION_FAILURE = 'AUTHENTICATION_FAILURE',
  AUTHENTICATION_SUCCESS_AFTER_FAILURE = 'AUTHENTICATION_SUCCESS_AFTER_FAILURE',
  PASSWORD_CHANGE = 'PASSWORD_CHANGE',
  GROUP_MEMBERSHIP_CHANGE = 'GROUP_MEMBERSHIP_CHANGE',
  GROUP_CREATION = 'GROUP_CREATION',
  PRIVILEGE_CHANGE = 'PRIVILEGE_CHANGE',
  MFA_ENABLED = 'MFA_ENABLED',
  MFA_DISABLED = 'MFA_DISABLED',
  MFA_RESET = 'MFA_RESET',
  MFA_RECOVERY_USED = 'MFA_RECOVERY_USED',
}

/** The AWS user directories the library forwards events from. */
export enum UserDirectory {
  IAM = 'IAM',
  IAM_IDENTITY_CENTER = 'IAM_IDENTITY_CENTER',
  COGNITO_USER_POOL = 'COGNITO_USER_POOL',
}

/** The AWS events that record one user-directory event type in one directory. */
export interface UserDirectoryEventMapping {
  /** Which of the ten event types (item 10 is split into its four MFA states). */
  readonly eventType: UserDirectoryEventType;
  /** Which directory. */
  readonly directory: UserDirectory;
  /** CloudTrail events that record it; empty when the directory has no such event. */
  readonly cloudTrailEvents: CloudTrailEventSet[];
  /**
   * Error codes on the events above that mean this event type (for example
   * Cognito's `NotAuthorizedException` on an authentication call).
   *
   * @default - the event itself is the signal
   */
  readonly errorCodes?: string[];
  /** How far the events meet the event type. */
  readonly verdict: Verdict;
  /**
   * What stands in where the verdict is not FULL.
   *
   * @default - none (FULL)
   */
  readonly nearestEquivalent?: string;
  /**
   * How to read the events (the field that says failure, for example) and
   * any name that could not be confirmed.
   *
   * @default - nothing to add
   */
  readonly notes?: string;
}

/** One numbered requirement of the standard or one rule of its policy documents. */
export interface Requirement {
  /**
   * Stable id: `HP-B1`…`HP-B7`, `HP-E1`…`HP-E8` (hosting platforms),
   * `CA-B1`…`CA-B3`, `CA-E1`…`CA-E2` (custom applications), `LM-n`
   * (logging and monitoring policy), `PU-n` (privileged user logging).
   */
  readonly id: string;
  /** Collection item or policy rule. */
  readonly kind: RequirementKind;
  /** The lowest tier that asks for it (policy rules are BASELINE: they apply at every tier). */
  readonly tier: MaturityTier;
  /** The profiles it applies to. */
  readonly profiles: LoggingProfile[];
  /**
   * A short title, distinct across the catalogue: the heading in the standard,
   * or, where several rules share a heading (`section`), what this rule asks.
   */
  readonly title: string;
  /**
   * The heading in the standard, when several rules share it (for example
   * LM-4 to LM-6 under "Protecting log files and log data").
   *
   * @default - the title is the heading
   */
  readonly section?: string;
  /** The seed file it comes from. */
  readonly seed: string;
  /** The data items the requirement names, in the standard's words. */
  readonly fields: string[];
  /** CloudTrail events that carry it. */
  readonly cloudTrailEvents: CloudTrailEventSet[];
  /** EventBridge events that carry it. */
  readonly eventBridgeDetailTypes: EventBridgeEventSet[];
  /** The AWS log sources that meet it. */
  readonly awsSources: AwsLogSource[];
  /** How far AWS can meet it. */
  readonly verdict: Verdict;
  /**
   * For PARTIAL and NOT_POSSIBLE_ON_AWS: what is missing and the closest
   * honest substitute.
   *
   * @default - none (FULL)
   */
  readonly nearestEquivalent?: string;
  /**
   * No longer set: the catalogue names no constructs. Each construct class
   * declares the requirements it implements (its static `IMPLEMENTS`), and the
   * coverage report lists the constructs that declare a requirement.
   *
   * @deprecated since 0.2: read `SomeConstruct.IMPLEMENTS.requirementIds` instead
   * @default - none
   */
  readonly implementedBy?: string[];
  /**
   * For the retention rules (LM-1 to LM-3): the number of days, read from
   * `RETENTION_POLICY`.
   *
   * @default - not a retention rule
   */
  readonly retentionDays?: number;
  /**
   * Caveats for the reader: how the sources are switched on, what they cost,
   * and any name that could not be confirmed.
   *
   * @default - nothing to add
   */
  readonly notes?: string;
}

/**
 * Names of the AWS log sources that constructs and rules look up in the
 * catalogue with `awsSource(requirementId, name)`. Other sources may use
 * free-form names.
 */
export enum LogSourceName {
  /** CloudTrail management (and data) events. */
  CLOUDTRAIL = 'CloudTrail',
  /** VPC flow logs: `fields` are flow log field names (`srcaddr`, `action`, ...). */
  VPC_FLOW_LOGS = 'VPC flow logs',
  /** Route 53 Resolver query logs: `fields` are the query log's JSON keys. */
  RESOLVER_QUERY_LOGS = 'Route 53 Resolver query logs',
  /** EKS control plane logs: `fields` are the log types that must be on (`api`, `audit`, `authenticator`). */
  EKS_CONTROL_PLANE_LOGS = 'EKS control plane logs',
  /** Cognito user pool user auth event logs (Plus feature plan with threat protection). */
  COGNITO_USER_AUTH_EVENTS = 'Cognito user auth events',
  /** EventBridge events (state changes and findings that have no log of their own). */
  EVENTBRIDGE = 'EventBridge events',
  /** API Gateway REST API access logs: `fields` are the `$context` variables the format must carry. */
  API_GATEWAY_REST_ACCESS_LOGS = 'API Gateway REST API access logs',
  /** API Gateway HTTP API access logs: `fields` are the `$context` variables the format must carry. */
  API_GATEWAY_HTTP_ACCESS_LOGS = 'API Gateway HTTP API access logs',
  /** CloudFront standard (access) logs: `fields` are the log's field names. */
  CLOUDFRONT_STANDARD_LOGS = 'CloudFront standard logs',
}
