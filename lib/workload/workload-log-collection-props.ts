import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as kms from 'aws-cdk-lib/aws-kms';
import { IConstruct } from 'constructs';
import { CentralLogTargets } from '../central/targets';
import { LoggingProfile, MaturityTier, ServiceExposure, UserDirectory } from '../requirements/types';

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
   * @default - the central account's shared configuration of the stack's region when `central` names it
   * (`CentralLogTargets` `resolverQueryLogConfigIds`); otherwise each stack with a VPC gets its own configuration
   * pointing at the central DNS_QUERY bucket
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
   * @default - the stack's encrypted alarm topic (`SecurityLogAlarmTopic`, made once per stack; subscribe a person to it)
   */
  readonly alarmAction?: cloudwatch.IAlarmAction;
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
  /**
   * Fail synthesis when the coverage report has a NOT_MET requirement for this
   * stack, rule or no rule (see `LogCollectionChecksProps.failOnNotMet`).
   *
   * @default - by profile: on for `LoggingProfile.HOSTING_PLATFORM`, off for
   *   `LoggingProfile.CUSTOM_APPLICATION` (and off when `coverageReport` is false)
   */
  readonly failOnNotMet?: boolean;
  /**
   * NOT_MET requirements the gate accepts, with the reasons (see
   * `LogCollectionChecksProps.acceptedGaps`).
   *
   * @default - none
   */
  readonly acceptedGaps?: { readonly [requirementId: string]: string };
}
