import { Annotations, Token } from 'aws-cdk-lib';
import * as organizations from 'aws-cdk-lib/aws-organizations';
import { Construct } from 'constructs';
import { ArchiveAnalysis } from '../central/analysis/archive-analysis';
import { CentralLogTargets } from '../central/targets';
import { recordEvidence } from '../core/evidence';
import { implementsRequirements, RequirementImplementation } from '../core/implementation';
import { logProtectionStatements, packStatements } from './private/scp-statements';

/** The Organizations quota for the size of one service control policy document. */
const SCP_MAX_CHARACTERS = 5120;
/** https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html: five SCPs per root, OU or account. */
const MAX_SCPS_PER_TARGET = 5;

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
   * Name of the policy in AWS Organizations. When the statements need more
   * than one policy, the others are named `<policyName>-2`, `-3` and so on.
   *
   * @default '<prefix>-log-protection'
   */
  readonly policyName?: string;
  /**
   * ARN patterns of the roles that may pass an exempt role to an AWS service
   * (`iam:PassRole`) besides the exempt roles themselves: typically the CDK
   * deploy role, which passes the CloudFormation execution role
   * (`arn:aws:iam::*:role/cdk-hnb659fds-deploy-role-*`). Anyone else who
   * passes an exempt role would lend its exemption to CloudFormation or
   * another service, so the guardrail denies it.
   *
   * @default - none: only the exempt roles may pass an exempt role
   */
  readonly exemptRolePassers?: string[];
  /**
   * ARN patterns of the principals that may assume the `exemptRolePassers`
   * (`sts:AssumeRole`): typically the deployment pipeline's role. Whoever can
   * assume a passer can pass the exempt role through it, so with this set the
   * guardrail denies assuming a passer to everyone else in the targeted
   * accounts (principals in accounts outside the SCP's targets are governed by
   * their own account and the passer's trust policy).
   *
   * @default - not limited: anyone the passers' trust policies admit (for the
   *   CDK deploy role, the account's administrators) can assume them; a
   *   warning says so
   */
  readonly exemptRolePasserAssumers?: string[];
  /**
   * ARN patterns of the analyst roles that may query the central account's
   * `ArchiveAnalysis` workgroup (`<prefix>-archive-analysis`). When set, the
   * policy denies starting, reading and stopping queries in that workgroup to
   * every principal but these roles, the review function's role
   * (`ArchiveAnalysis.reviewRoleArn`) and the exempt roles, and denies
   * changing or deleting the workgroup and its saved detections to all but
   * the exempt roles. Athena workgroups take no resource policy, so this is
   * the control that keeps other principals out.
   *
   * @default - the workgroup is not limited by the SCP: any principal whose own
   *   policies allow Athena may start queries in it (the archive's bucket and
   *   key policies still deny it the data)
   */
  readonly analystRoleArnPatterns?: string[];
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
 * - with `analystRoleArnPatterns`: queries in the archive's Athena workgroup
 *   (only the analysts, the review function and the exempt roles), and
 *   changes to the workgroup and its saved detections;
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

  /** Most SCPs that attach to one root, OU or account, FullAWSAccess included. */
  public static readonly MAX_POLICIES_PER_TARGET = MAX_SCPS_PER_TARGET;

  /** The first `AWS::Organizations::Policy` resource (see `policies` when the statements need more than one). */
  public readonly policy: organizations.CfnPolicy;
  /** The first policy document. */
  public readonly document: { [key: string]: any };
  /** Characters of the first policy document as Organizations counts them (minified JSON). */
  public readonly policySize: number;
  /** Every policy, in order: the statements packed into as few as fit the 5,120-character quota. */
  public readonly policies: organizations.CfnPolicy[];
  /** Every policy document, in the order of `policies`. */
  public readonly documents: Array<{ [key: string]: any }>;

  constructor(scope: Construct, id: string, props: LogProtectionGuardrailProps) {
    super(scope, id);
    const targetIds = validateTargetIds(props.targetIds);
    const exempt = validateExemptPatterns(props.exemptRoleArnPatterns);
    const passers = validateExemptPatterns(props.exemptRolePassers ?? [], 'exemptRolePassers', false);
    const passerAssumers = validateExemptPatterns(props.exemptRolePasserAssumers ?? [], 'exemptRolePasserAssumers', false);
    if (passerAssumers.length > 0 && passers.length === 0) {
      throw new Error(
        `exemptRolePasserAssumers (${passerAssumers.join(', ')}) is set but exemptRolePassers is empty: name the roles that ` +
        'pass exempt roles (for example the CDK deploy role) that these principals may assume, or leave exemptRolePasserAssumers out.',
      );
    }
    if (passers.length > 0 && passerAssumers.length === 0) {
      Annotations.of(this).addWarningV2('cdk-security-log-collection:passer-assumers',
        `Whoever can assume ${passers.join(', ')} can pass an exempt role through it (for the CDK deploy role: the account's ` +
        'administrators). Set exemptRolePasserAssumers to the deployment pipeline\'s role so the guardrail denies it to everyone else.');
    }
    this.documents = packStatements(logProtectionStatements({
      targets: props.targets,
      exempt,
      passers,
      passerAssumers,
      denyEksClusterConfigChanges: props.denyEksClusterConfigChanges ?? true,
      analysts: props.analystRoleArnPatterns === undefined ? undefined
        : validateExemptPatterns(props.analystRoleArnPatterns, 'analystRoleArnPatterns', false),
    }), SCP_MAX_CHARACTERS);
    // FullAWSAccess (or the organisation's own allow list) takes one of the five places on each target.
    if (this.documents.length > MAX_SCPS_PER_TARGET - 1) {
      throw new Error(
        `The log protection statements need ${this.documents.length} SCPs; with FullAWSAccess that is over the ` +
        `${MAX_SCPS_PER_TARGET} SCPs that attach to one target. Use fewer or shorter exemptRoleArnPatterns (wildcards help).`,
      );
    }
    this.document = this.documents[0];
    this.policySize = JSON.stringify(this.document).length;
    const policyName = props.policyName ?? `${props.targets.namePrefix}-log-protection`;
    if (!Token.isUnresolved(policyName) && !/^[\u0020-\u007e]{1,125}$/.test(policyName)) {
      throw new Error(`policyName '${policyName}' is not a valid Organizations policy name; use 1 to 125 printable ASCII characters.`);
    }
    this.policies = this.documents.map((content, i) => new organizations.CfnPolicy(this, i === 0 ? 'Policy' : `Policy${i + 1}`, {
      name: i === 0 ? policyName : `${policyName}-${i + 1}`,
      description: 'Denies switching off, erasing or redirecting security logs (PU-3) to all but the exempt roles' +
        (this.documents.length > 1 ? ` (part ${i + 1} of ${this.documents.length})` : ''),
      type: 'SERVICE_CONTROL_POLICY',
      targetIds,
      content,
    }));
    this.policy = this.policies[0];
    recordEvidence(this, IMPLEMENTS, this.policies,
      'An organisation SCP denies stopping or deleting trails, log groups, flow logs, query logging, log delivery and the ' +
      'archive to every principal but the exempt roles' + (props.analystRoleArnPatterns === undefined ? '.'
        : `, and limits queries in the archive's Athena workgroup ${ArchiveAnalysis.workgroupNameOf(props.targets.namePrefix)} to ` +
        `${props.analystRoleArnPatterns.join(', ')} and the review function.`));
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

function validateExemptPatterns(patterns: string[], prop: string = 'exemptRoleArnPatterns', required: boolean = true): string[] {
  if (required && patterns.length === 0) {
    throw new Error(
      'exemptRoleArnPatterns is empty: with no exempt role, not even the break-glass role or the pipeline could update a trail or ' +
      "deploy a log group; pass at least the break-glass role, for example 'arn:aws:iam::*:role/LogBreakGlass'.",
    );
  }
  patterns.forEach((p, i) => {
    if (Token.isUnresolved(p)) {
      throw new Error(`${prop}[${i}] is a token; the SCP size is checked at synth, so pass the pattern as a plain string.`);
    }
    if (!ROLE_PATTERN.test(p)) {
      throw new Error(
        `${prop}[${i}] '${p}' is not an IAM role ARN pattern; use 'arn:aws:iam::<account or *>:role/<name or pattern>'.`,
      );
    }
    const name = p.slice(p.indexOf(':role/') + ':role/'.length);
    if (/^[*?/]*$/.test(name)) {
      throw new Error(`${prop}[${i}] '${p}' matches every role, so the SCP would protect nothing; name the break-glass and pipeline roles.`);
    }
  });
  return patterns;
}
