import { Token } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { CentralLogTargets } from '../central/targets';
import { recordEvidence } from '../core/evidence';
import { implementsRequirements, RequirementImplementation } from '../core/implementation';

/** The Organizations quota for the size of one service control policy document. */
const SCP_MAX_CHARACTERS = 5120;

const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
const ACCOUNT_ID = /^\d{12}$/;
const ROLE_PATTERN = /^arn:aws[a-z-]*:iam::(\d{12}|\*):role\/[\w+=,.@/*?-]+$/;

/** Props for {@link LogProtectionGuardrail}. */
export interface LogProtectionGuardrailProps {
  /**
   * Where the policy is attached: the organisation root (`r-...`), OUs
   * (`ou-...-...`) or account ids. At least one.
   */
  readonly targetIds: string[];
  /**
   * ARN patterns of the roles still allowed to change logging: the
   * break-glass role and the deployment pipeline's roles (compared with
   * `aws:PrincipalArn`, so wildcards work, for example
   * `arn:aws:iam::*:role/LogBreakGlass`). At least one, and not a pattern
   * that matches every role.
   */
  readonly exemptRoleArnPatterns: string[];
  /**
   * The central log account: names the archive buckets, the CloudWatch Logs
   * destinations, the event bus, the library's rules and Firehose streams, and
   * (when known) the archive key that the policy protects.
   */
  readonly targets: CentralLogTargets;
  /**
   * Also deny `eks:UpdateClusterConfig`, which is how EKS control-plane
   * logging is switched off. It also changes endpoint access, so cluster
   * changes then go through an exempt pipeline role.
   *
   * @default true
   */
  readonly denyEksClusterConfigChanges?: boolean;
  /**
   * Name of the policy in AWS Organizations.
   *
   * @default '<prefix>-log-protection'
   */
  readonly policyName?: string;
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('LogProtectionGuardrail', ['PU-3']);

/**
 * A service control policy (PU-3: privileged users must not be able to erase
 * or switch off the logs of their own activity) that denies, to every
 * principal but the exempt roles, the actions that stop, delete, shorten or
 * redirect security logging:
 *
 * - CloudTrail: stopping, deleting or re-scoping trails and event data stores;
 * - CloudWatch Logs: deleting log groups, streams, subscription filters,
 *   destinations, account-level subscription policies and vended-log
 *   deliveries, changing retention, removing the KMS key;
 * - VPC flow logs and Route 53 (Resolver and public) query logging;
 * - the central archive buckets: deleting objects or buckets, bypassing
 *   governance retention, and changing their policy, lifecycle, versioning,
 *   Object Lock, replication (bulk export, LM-6), encryption or access logging;
 * - the library's forwarding: the central event bus, rules and Firehose
 *   streams named with the prefix;
 * - EKS control-plane logging (optional) and Cognito log delivery;
 * - the archive key (when `targets` carries its ARN): deletion, disabling,
 *   key policy changes;
 * - the exempt roles themselves, so a privileged user cannot edit a
 *   break-glass role's trust to borrow its exemption.
 *
 * Deploy it in the organisation's management account (or the delegated
 * administrator for Organizations policies). SCPs never restrict the
 * management account itself or service-linked roles. The policy text must
 * stay within the 5,120-character SCP quota; the construct measures it at
 * synth and throws naming the size.
 *
 * Workload forwarding rules and Firehose streams are protected when their
 * names start with `<prefix>-`.
 *
 * @example
 * new LogProtectionGuardrail(this, 'LogProtection', {
 *   targetIds: ['r-ab12'],
 *   exemptRoleArnPatterns: ['arn:aws:iam::*:role/LogBreakGlass', 'arn:aws:iam::*:role/cdk-*-cfn-exec-role-*'],
 *   targets: CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2' }),
 * });
 */
export class LogProtectionGuardrail extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** The AWS Organizations quota for one service control policy document, in characters. */
  public static readonly MAX_POLICY_CHARACTERS = SCP_MAX_CHARACTERS;

  /** The `AWS::Organizations::Policy` resource. */
  public readonly policy: organizations.CfnPolicy;
  /** The policy document. */
  public readonly document: { [key: string]: any };
  /** Characters of the policy document as Organizations counts them (minified JSON). */
  public readonly policySize: number;

  constructor(scope: Construct, id: string, props: LogProtectionGuardrailProps) {
    super(scope, id);
    const targetIds = validateTargetIds(props.targetIds);
    const exempt = validateExemptPatterns(props.exemptRoleArnPatterns);
    this.document = buildDocument(props.targets, exempt, props.denyEksClusterConfigChanges ?? true);
    this.policySize = JSON.stringify(this.document).length;
    if (this.policySize > SCP_MAX_CHARACTERS) {
      throw new Error(
        `The log protection SCP is ${this.policySize} characters, over the ${SCP_MAX_CHARACTERS}-character Organizations quota; ` +
        'use fewer or shorter exemptRoleArnPatterns (wildcards help) or a shorter namePrefix.',
      );
    }
    const policyName = props.policyName ?? `${props.targets.namePrefix}-log-protection`;
    if (!Token.isUnresolved(policyName) && !/^[\u0020-\u007e]{1,128}$/.test(policyName)) {
      throw new Error(`policyName '${policyName}' is not a valid Organizations policy name; use 1 to 128 printable ASCII characters.`);
    }
    this.policy = new organizations.CfnPolicy(this, 'Policy', {
      name: policyName,
      description: 'Denies switching off, erasing or redirecting security logs (PU-3) to all but the exempt roles',
      type: 'SERVICE_CONTROL_POLICY',
      targetIds,
      content: this.document,
    });
    recordEvidence(this, IMPLEMENTS, [this.policy],
      'An organisation SCP denies stopping or deleting trails, log groups, flow logs, query logging, log delivery and the ' +
      'archive to every principal but the exempt roles.');
  }
}

function validateTargetIds(targetIds: string[]): string[] {
  if (targetIds.length === 0) {
    throw new Error('targetIds is empty: attach the log protection SCP to the organisation root (r-...), OUs (ou-...) or accounts.');
  }
  targetIds.forEach((id, i) => {
    if (Token.isUnresolved(id)) {
      return;
    }
    if (!ROOT_ID.test(id) && !OU_ID.test(id) && !ACCOUNT_ID.test(id)) {
      throw new Error(
        `targetIds[${i}] '${id}' is not an Organizations root, OU or account id; use 'r-' + 4 to 32 characters, ` +
        "'ou-<root part>-<8 to 32 characters>', or a 12-digit account id.",
      );
    }
  });
  return targetIds;
}

function validateExemptPatterns(patterns: string[]): string[] {
  if (patterns.length === 0) {
    throw new Error(
      'exemptRoleArnPatterns is empty: with no exempt role, not even the break-glass role or the pipeline could update a trail or ' +
      "deploy a log group; pass at least the break-glass role, for example 'arn:aws:iam::*:role/LogBreakGlass'.",
    );
  }
  patterns.forEach((p, i) => {
    if (Token.isUnresolved(p)) {
      throw new Error(`exemptRoleArnPatterns[${i}] is a token; the SCP size is checked at synth, so pass the pattern as a plain string.`);
    }
    if (!ROLE_PATTERN.test(p)) {
      throw new Error(
        `exemptRoleArnPatterns[${i}] '${p}' is not an IAM role ARN pattern; use 'arn:aws:iam::<account or *>:role/<name or pattern>'.`,
      );
    }
    const name = p.slice(p.indexOf(':role/') + ':role/'.length);
    if (/^[*?/]*$/.test(name)) {
      throw new Error(`exemptRoleArnPatterns[${i}] '${p}' matches every role, so the SCP would protect nothing; name the break-glass and pipeline roles.`);
    }
  });
  return patterns;
}

function buildDocument(targets: CentralLogTargets, exempt: string[], denyEks: boolean): { [key: string]: any } {
  const prefix = targets.namePrefix;
  const condition = { ArnNotLike: { 'aws:PrincipalArn': exempt } };
  const deny = (sid: string, actions: string[], resources: string[] | string) => ({
    Sid: sid,
    Effect: 'Deny',
    Action: actions,
    Resource: resources,
    Condition: condition,
  });
  const archiveBuckets = `arn:aws:s3:::${prefix}-*-${targets.accountId}-${targets.region}`;
  const statements: Record<string, unknown>[] = [
    deny('ProtectCloudTrail', [
      'cloudtrail:StopLogging', 'cloudtrail:DeleteTrail', 'cloudtrail:UpdateTrail', 'cloudtrail:PutEventSelectors',
      'cloudtrail:DeleteEventDataStore', 'cloudtrail:StopEventDataStoreIngestion', 'cloudtrail:UpdateEventDataStore',
    ], '*'),
    deny('ProtectCloudWatchLogs', [
      'logs:DeleteLogGroup', 'logs:DeleteLogStream', 'logs:DeleteSubscriptionFilter', 'logs:DeleteDestination',
      'logs:PutRetentionPolicy', 'logs:DisassociateKmsKey', 'logs:DeleteAccountPolicy', 'logs:DeleteDelivery',
      'logs:DeleteDeliverySource', 'logs:DeleteDeliveryDestination',
    ], '*'),
    deny('ProtectNetworkLogs', [
      'ec2:DeleteFlowLogs', 'route53resolver:DisassociateResolverQueryLogConfig',
      'route53resolver:DeleteResolverQueryLogConfig', 'route53:DeleteQueryLoggingConfig',
    ], '*'),
    deny('ProtectArchive', [
      's3:DeleteObject', 's3:DeleteObjectVersion', 's3:DeleteBucket', 's3:DeleteBucketPolicy', 's3:PutBucketPolicy',
      's3:PutLifecycleConfiguration', 's3:PutBucketVersioning', 's3:PutBucketObjectLockConfiguration',
      's3:PutReplicationConfiguration', 's3:PutEncryptionConfiguration', 's3:PutBucketLogging',
      's3:BypassGovernanceRetention', 's3:PutObjectRetention',
    ], [archiveBuckets, `${archiveBuckets}/*`]),
    deny('ProtectForwarding', [
      'events:DeleteRule', 'events:DisableRule', 'events:RemoveTargets', 'events:PutRule', 'events:PutTargets',
      'events:DeleteEventBus', 'firehose:DeleteDeliveryStream', 'firehose:UpdateDestination',
      'firehose:StopDeliveryStreamEncryption',
    ], [
      `arn:aws:events:*:*:rule/${prefix}-*`,
      `arn:aws:events:*:*:rule/*/${prefix}-*`,
      `arn:aws:events:*:*:event-bus/${targets.eventBusName}`,
      `arn:aws:firehose:*:*:deliverystream/${prefix}-*`,
    ]),
    deny('ProtectServiceLogSettings', [
      ...(denyEks ? ['eks:UpdateClusterConfig'] : []),
      'cognito-idp:SetLogDeliveryConfiguration',
    ], '*'),
    deny('ProtectExemptRoles', [
      'iam:UpdateAssumeRolePolicy', 'iam:DeleteRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy',
      'iam:DeleteRolePolicy', 'iam:DetachRolePolicy', 'iam:PutRolePermissionsBoundary',
    ], exempt),
  ];
  if (targets.hasArchiveKey) {
    statements.push(deny('ProtectArchiveKey', ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'], targets.archiveKeyArn));
  }
  return { Version: '2012-10-17', Statement: statements };
}
