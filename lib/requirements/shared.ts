/**
 * Builders and record parts that more than one profile shares: the user
 * directory requirement (HP-B1 = CA-B1) and the pipeline events (HP-E8 and
 * CA-E1). Not public API: the catalogue records are.
 */
import { SeedFile } from './seeds';
import {
  AwsLogSource,
  CloudTrailEventSet,
  EventBridgeEventSet,
  LoggingProfile,
  LogSourceName,
  MaturityTier,
  Requirement,
  RequirementKind,
  Verdict,
} from './types';
import { allUserDirectoryEvents, USER_DIRECTORY_EVENT_LABELS } from './user-directory';

/** What a record states; the builders fill in kind, tier, profiles and the empty lists. */
export interface RecordSpec {
  readonly id: string;
  readonly title: string;
  readonly section?: string;
  readonly seed: SeedFile;
  readonly fields: string[];
  readonly cloudTrailEvents?: CloudTrailEventSet[];
  readonly eventBridgeDetailTypes?: EventBridgeEventSet[];
  readonly awsSources: AwsLogSource[];
  readonly verdict: Verdict;
  readonly nearestEquivalent?: string;
  readonly retentionDays?: number;
  readonly notes?: string;
}

const COLLECTION_ID = /^(HP|CA)-(B|E)\d+$/;

/**
 * A log collection record (HP-*, CA-*). Profile and tier come from the id:
 * HP = hosting platform, CA = custom application, B = Baseline, E = Enhanced.
 */
export function collectionRecord(spec: RecordSpec): Requirement {
  const match = COLLECTION_ID.exec(spec.id);
  if (!match) {
    throw new Error(`Collection requirement id '${spec.id}' must look like HP-B1 or CA-E2.`);
  }
  return build(spec, {
    kind: RequirementKind.COLLECTION,
    tier: match[2] === 'B' ? MaturityTier.BASELINE : MaturityTier.ENHANCED,
    profiles: [match[1] === 'HP' ? LoggingProfile.HOSTING_PLATFORM : LoggingProfile.CUSTOM_APPLICATION],
  });
}

/** A policy record (LM-*, PU-*): Baseline, both profiles, so it applies everywhere. */
export function policyRecord(spec: RecordSpec): Requirement {
  return build(spec, {
    kind: RequirementKind.POLICY,
    tier: MaturityTier.BASELINE,
    profiles: [LoggingProfile.HOSTING_PLATFORM, LoggingProfile.CUSTOM_APPLICATION],
  });
}

function build(spec: RecordSpec, derived: Pick<Requirement, 'kind' | 'tier' | 'profiles'>): Requirement {
  return {
    id: spec.id,
    kind: derived.kind,
    tier: derived.tier,
    profiles: derived.profiles,
    title: spec.title,
    ...(spec.section ? { section: spec.section } : {}),
    seed: spec.seed,
    fields: spec.fields,
    cloudTrailEvents: spec.cloudTrailEvents ?? [],
    eventBridgeDetailTypes: spec.eventBridgeDetailTypes ?? [],
    awsSources: spec.awsSources,
    verdict: spec.verdict,
    ...(spec.nearestEquivalent ? { nearestEquivalent: spec.nearestEquivalent } : {}),
    ...(spec.retentionDays !== undefined ? { retentionDays: spec.retentionDays } : {}),
    ...(spec.notes ? { notes: spec.notes } : {}),
  };
}

/**
 * HP-B1 and CA-B1: the same ten event types, the same AWS sources. The
 * CloudTrail events are the union of `USER_DIRECTORY_EVENTS`, never restated.
 */
export function userDirectoryRecord(id: string, seed: SeedFile): Requirement {
  return collectionRecord({
    id,
    title: `User directory services of the ${id.startsWith('HP') ? 'hosting platform' : 'application'}`,
    section: 'User directory services',
    seed,
    fields: USER_DIRECTORY_EVENT_LABELS.map((l) => l.label),
    cloudTrailEvents: allUserDirectoryEvents(),
    awsSources: [
      {
        name: LogSourceName.CLOUDTRAIL,
        fields: [
          'eventTime', 'eventSource', 'eventName', 'userIdentity', 'sourceIPAddress', 'userAgent',
          'requestParameters', 'responseElements', 'additionalEventData', 'serviceEventDetails', 'errorCode', 'errorMessage',
        ],
        notes:
          'Management events of IAM, sign-in, STS, IAM Identity Center (sso, identitystore, sso-directory, SCIM) and Cognito ' +
          'user pools; the per-event-type mapping, and which field says failure, is USER_DIRECTORY_EVENTS. IAM, STS global ' +
          'endpoint and console sign-in events arrive in us-east-1, so a forwarder of them must be deployed there.',
      },
      {
        name: LogSourceName.COGNITO_USER_AUTH_EVENTS,
        fields: [
          'EventType', 'EventResponse', 'EventRisk.RiskDecision', 'EventRisk.RiskLevel', 'EventRisk.CompromisedCredentialsDetected',
          'ChallengeResponses', 'EventContextData.IpAddress', 'EventContextData.DeviceName', 'EventContextData.City', 'EventContextData.Country',
        ],
        notes:
          'Needs the user pool on the Plus feature plan with threat protection in audit-only or full-function mode, and a ' +
          "log delivery configuration with EventSource 'userAuthEvents' (LogLevel INFO) to CloudWatch Logs, S3 or Firehose. Adds " +
          'sign-in, sign-up, forgot-password and password-change outcomes with risk decisions. Field names are from the ' +
          'AdminListUserAuthEvents model (AuthEventType); AWS says the exported log schema may change, and the key casing of ' +
          'exported records was not confirmed.',
      },
    ],
    verdict: Verdict.PARTIAL,
    nearestEquivalent:
      'Creation, authentication failures, password changes, group membership, group creation, privilege changes and MFA ' +
      'enable/disable are recorded natively by IAM, IAM Identity Center and Cognito. The gaps: "success after one or more ' +
      'failures" has no AWS event (IdentityEventForwarding correlates failures with the next success and emits it); automatic ' +
      'lockout exists only in Cognito and only as an error code, so lockout and reinstatement are otherwise administrator ' +
      'disables and enables; an MFA reset is inferred from a removal and a new registration; MFA "recovery method used" has ' +
      'no AWS equivalent (no directory has recovery codes). Per-directory detail is in USER_DIRECTORY_EVENTS. Directories ' +
      'outside AWS (Entra ID, Okta, GitHub, operating system local users) must forward their own logs.',
  });
}

/** EventBridge detail-types of CodePipeline, CodeBuild and CloudFormation runs (HP-E8, CA-E1). */
export function pipelineEventBridgeEvents(): EventBridgeEventSet[] {
  return [
    {
      source: 'aws.codepipeline',
      detailTypes: [
        'CodePipeline Pipeline Execution State Change',
        'CodePipeline Stage Execution State Change',
        'CodePipeline Action Execution State Change',
      ],
    },
    { source: 'aws.codebuild', detailTypes: ['CodeBuild Build State Change'] },
    { source: 'aws.cloudformation', detailTypes: ['CloudFormation Stack Status Change', 'CloudFormation Resource Status Change'] },
  ];
}

/** CloudTrail events of pipeline runs and of the deployments they make (HP-E8, CA-E1). */
export function pipelineCloudTrailEvents(): CloudTrailEventSet[] {
  return [
    {
      eventSource: 'codepipeline.amazonaws.com',
      eventNames: [
        'CreatePipeline', 'UpdatePipeline', 'DeletePipeline',
        'StartPipelineExecution', 'StopPipelineExecution', 'RetryStageExecution', 'RollbackStage', 'PutApprovalResult',
      ],
    },
    {
      eventSource: 'codebuild.amazonaws.com',
      eventNames: ['CreateProject', 'UpdateProject', 'DeleteProject', 'StartBuild', 'StartBuildBatch', 'RetryBuild', 'StopBuild'],
    },
    {
      eventSource: 'cloudformation.amazonaws.com',
      eventNames: [
        'CreateStack', 'UpdateStack', 'DeleteStack', 'CreateChangeSet', 'ExecuteChangeSet',
        'CreateStackSet', 'UpdateStackSet', 'DeleteStackSet',
        'CreateStackInstances', 'UpdateStackInstances', 'DeleteStackInstances',
      ],
    },
    { eventSource: 'sts.amazonaws.com', eventNames: ['AssumeRoleWithWebIdentity'] },
  ];
}

/** The EventBridge source of HP-E8 and CA-E1, with the detail keys that carry each data item. */
export function pipelineEventBridgeSource(): AwsLogSource {
  return {
    name: LogSourceName.EVENTBRIDGE,
    fields: [
      'detail.pipeline', 'detail.execution-id', 'detail.execution-trigger.trigger-type', 'detail.execution-trigger.trigger-detail',
      'detail.execution-result.external-execution-id', 'detail.project-name', 'detail.build-status',
      'detail.additional-information.initiator', 'detail.additional-information.source.location',
      'detail.additional-information.source-version', 'detail.stack-id', 'detail.logical-resource-id',
      'detail.physical-resource-id', 'detail.resource-type', 'detail.status-details.status', 'detail.client-request-token',
      'account', 'region',
    ],
    notes:
      'Who started a run: execution-trigger (trigger-type such as StartPipelineExecution or Webhook, trigger-detail the user or ' +
      'connection ARN) and CodeBuild additional-information.initiator. Repository: CodeBuild source.location and ' +
      'source-version (commit), CodePipeline action execution-result.external-execution-id. Resources created and destroyed: ' +
      "CloudFormation Resource Status Change with status-details.status CREATE_COMPLETE or DELETE_COMPLETE.",
  };
}

/** What HP-E8 and CA-E1 cannot get from AWS. */
export const PIPELINE_NEAREST_EQUIVALENT =
  'AWS records who started a pipeline, build or deployment (an IAM principal, a webhook or a connection) and the ' +
  'repository and commit, but not the Git author or the person who pushed: that is in the source host. Stream the ' +
  'GitHub (or other host) audit log, or put the actor in the role session name of the OIDC role (GitHub OIDC ' +
  "AssumeRoleWithWebIdentity carries the repository and ref in the token's sub, logged as userIdentity.userName). " +
  'Pipelines that run outside AWS (GitHub Actions deploying with CDK) show only their CloudFormation and API calls.';
