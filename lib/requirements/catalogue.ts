/**
 * The requirement catalogue: one record per numbered requirement of the
 * standard (`shared/seeds/`) and per rule of its two policy documents. Log
 * sources, the cdk-nag rule pack and the coverage report all read it.
 *
 * HOW THE NAMES WERE CHECKED
 *
 * - API operation names (CloudTrail eventName of an API call) were checked one
 *   by one against the botocore 1.43.11 service models (`botocore/data/<service>/
 *   <version>/service-2.json`): iam, sts, sso-admin (eventSource sso.amazonaws.com),
 *   identitystore, cognito-idp, cognito-identity, ec2, ec2-instance-connect, ssm,
 *   eks, ecs, cloudformation, codepipeline, codebuild, route53, dynamodb, s3, sqs,
 *   cloudtrail, logs, route53resolver, kms, firehose, events (EventBridge) and
 *   organizations. Every such name in this catalogue is an operation of its service.
 * - Names that are not API operations come from AWS documentation:
 *   - `signin.amazonaws.com` ConsoleLogin, CheckMfa (IAM user guide / CloudTrail
 *     sign-in event examples); CredentialVerification and UserAuthentication
 *     (IAM Identity Center "Understanding sign-in events").
 *   - `sso-directory.amazonaws.com` CreateUser, DisableUser, EnableUser,
 *     UpdatePassword, AddMemberToGroup, RemoveMemberFromGroup, CreateGroup,
 *     Start/Complete VirtualMfaDevice/WebAuthnDevice Registration,
 *     DeleteMfaDeviceForUser, UpdateMfaDeviceForUser (IAM Identity Center
 *     "IAM Identity Center information in CloudTrail", identity store operations).
 *   - `identitystore-scim.amazonaws.com` and its CreateUser, CreateGroup and
 *     PatchGroup (IAM Identity Center "Logging SCIM API calls with CloudTrail"
 *     and its example event).
 *   - EventBridge detail-types (EventBridge events reference for CodePipeline,
 *     CodeBuild, CloudFormation, EC2, ECS, GuardDuty, Inspector; Security Hub
 *     event formats for "Security Hub Findings - Imported" and "Findings Imported V2").
 *   - VPC flow log fields (VPC user guide "Flow log records", available fields;
 *     the same list as aws-cdk-lib's `LogFormat`), Route 53 Resolver query log
 *     keys ("Values that appear in VPC Resolver query logs" and its example),
 *     Client VPN connection log keys, CloudFormation, CodePipeline and CodeBuild
 *     event detail keys, Database Activity Streams record keys, EKS log types
 *     (botocore eks `LogType` enum) and Cognito `userAuthEvents` (botocore
 *     cognito-idp `EventSourceName` enum).
 *
 * NAMES THAT COULD NOT BE FULLY CONFIRMED (each is also said in its record's notes)
 *
 * - The IAM Identity Center CloudTrail overview prints the sign-in event source as
 *   `signin.amazon.com`; its example events and the AWS Security Blog use
 *   `signin.amazonaws.com`, which is used here.
 * - Identity Center MFA device events under `identitystore.amazonaws.com`: the AWS
 *   Security Blog says they may appear under either source; they are not
 *   operations of the Identity Store API.
 * - Cognito managed login / hosted UI events (Login_GET and similar) are left out:
 *   their spelling differs between documentation pages.
 * - Key casing of exported Cognito user auth event records (names here are those
 *   of the AdminListUserAuthEvents model).
 * - S3 PutBucketLifecycleConfiguration logged as eventName PutBucketLifecycle.
 * - `$context.requestLength`: HTTP APIs do not list it in their variable table, so it is left out for them;
 *   for REST APIs it is taken from public examples, as the AWS variable tables read here do not list it.
 * - Whether CloudTrail records CloudWatch Logs reads (GetLogEvents, FilterLogEvents).
 */
import { CUSTOM_APPLICATION_REQUIREMENTS } from './custom-application';
import { deepFreeze } from './freeze';
import { HOSTING_PLATFORM_REQUIREMENTS } from './hosting-platform';
import { POLICY_REQUIREMENTS } from './policy';
import { AwsLogSource, LoggingProfile, MaturityTier, Requirement, RequirementKind } from './types';

export { USER_DIRECTORY_EVENTS, userDirectoryEvents } from './user-directory';

/**
 * Every requirement, in a fixed order: HP-B1..HP-B7, HP-E1..HP-E8,
 * CA-B1..CA-B3, CA-E1..CA-E2, LM-1..LM-6, PU-1..PU-4.
 *
 * The records are frozen: they are the single source of truth, so copy an
 * array before sorting or changing it.
 */
export const REQUIREMENTS: readonly Requirement[] = deepFreeze([
  ...HOSTING_PLATFORM_REQUIREMENTS,
  ...CUSTOM_APPLICATION_REQUIREMENTS,
  ...POLICY_REQUIREMENTS,
]);

const BY_ID = new Map(REQUIREMENTS.map((r) => [r.id, r]));

/** The record with this id. Throws, naming the id and the known ids, when there is none. */
export function requirement(id: string): Requirement {
  const found = BY_ID.get(id);
  if (!found) {
    throw new Error(`Unknown requirement id '${id}'; known ids are ${REQUIREMENTS.map((r) => r.id).join(', ')}.`);
  }
  return found;
}

/**
 * The AWS log source of a requirement with this name (a `LogSourceName` value
 * or a free-form source name). Throws, naming the requirement and the source,
 * when the requirement has no such source.
 */
export function awsSource(requirementId: string, name: string): AwsLogSource {
  const record = requirement(requirementId);
  const found = record.awsSources.find((s) => s.name === name);
  if (!found) {
    const known = record.awsSources.map((s) => `'${s.name}'`).join(', ') || 'none';
    throw new Error(`Requirement '${requirementId}' has no AWS log source named '${name}'; its sources are ${known}.`);
  }
  return found;
}

/**
 * The fields of a source the standard requires: `requiredFields` when the
 * record splits them, otherwise every field. A rule reports a missing one as
 * an error.
 */
export function requiredFields(source: AwsLogSource): string[] {
  return [...(source.requiredFields ?? source.fields ?? [])];
}

/**
 * The fields of a source this library recommends on top of what the standard
 * requires. A rule reports a missing one as an info finding.
 */
export function recommendedFields(source: AwsLogSource): string[] {
  const required = new Set(requiredFields(source));
  return (source.fields ?? []).filter((f) => !required.has(f));
}

/**
 * The requirements that apply to a service of this profile at this tier, in
 * catalogue order: the profile's collection items up to the tier (Enhanced
 * includes Baseline) and every policy rule.
 */
export function requirementsFor(tier: MaturityTier, profile: LoggingProfile): Requirement[] {
  if (!Object.values(MaturityTier).includes(tier)) {
    throw new Error(`Unknown maturity tier '${String(tier)}': use MaturityTier.BASELINE or MaturityTier.ENHANCED.`);
  }
  if (!Object.values(LoggingProfile).includes(profile)) {
    throw new Error(`Unknown logging profile '${String(profile)}': use LoggingProfile.HOSTING_PLATFORM or LoggingProfile.CUSTOM_APPLICATION.`);
  }
  return REQUIREMENTS.filter(
    (r) => r.kind === RequirementKind.POLICY || (r.profiles.includes(profile) && (tier === MaturityTier.ENHANCED || r.tier === MaturityTier.BASELINE)),
  );
}
