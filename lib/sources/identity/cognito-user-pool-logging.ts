import { Annotations, CfnResource, IResolvable, Names, Reference, Stack, Stage, Token, Tokenization } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as logs from 'aws-cdk-lib/aws-logs';
import { aws_cognito as cognitoRefs } from 'aws-cdk-lib/interfaces';
import { Construct, IConstruct } from 'constructs';
import { CentralLogTargets, LogFamily } from '../../central/targets';
import { acknowledgeInPacks, acknowledgeLogCollection } from '../../core/acknowledge';
import { createSecureLogGroup } from '../../core/log-group';
import { awsSource } from '../../requirements/catalogue';
import { LogSourceName } from '../../requirements/types';
import { implementsRequirements, RequirementImplementation } from '../../core/implementation';
import { recordEvidence } from '../../core/evidence';
import { LogRetentionOptions } from '../../requirements/retention';

/** The requirements this construct meets: user directory services (hosting platforms, custom applications). */
/** Cognito log delivery event sources and levels (SetLogDeliveryConfiguration LogConfigurationType). */
const USER_AUTH_EVENTS = { eventSource: 'userAuthEvents', logLevel: 'INFO' } as const;
const USER_NOTIFICATION = { eventSource: 'userNotification', logLevel: 'ERROR' } as const;

const USER_POOL_TYPE = 'AWS::Cognito::UserPool';
const LOG_DELIVERY_TYPE = 'AWS::Cognito::LogDeliveryConfiguration';
const PLUS_TIER = 'PLUS';
/** Threat protection modes that generate user activity logs (audit-only and full-function). */
const ACTIVE_THREAT_PROTECTION = ['AUDIT', 'ENFORCED'];

/** Pools that already have a CognitoUserPoolLogging, to refuse a second one at once. */
const LOGGED_POOLS = new WeakMap<IConstruct, string>();

/** The CognitoUserPoolLogging constructs of each stage (or app), for its one check of second log delivery configurations. */
const LOGGING_BY_STAGE = new WeakMap<IConstruct, LoggedPool[]>();

/** Props for {@link CognitoUserPoolLogging}. */
export interface CognitoUserPoolLoggingProps extends LogRetentionOptions {
  /**
   * The user pool: a `cognito.UserPool`, a `cognito.CfnUserPool`, or an
   * imported pool (`UserPool.fromUserPoolId`). For the first two the feature
   * plan and threat protection are checked at synth; an imported pool's cannot be.
   */
  readonly userPool: cognitoRefs.IUserPoolRef;

  /** The central log account: user activity logs go to its EXPORTS bucket. */
  readonly central: CentralLogTargets;
}

/** The catalogue requirements this construct implements (its one declaration; see RequirementImplementation). */
const IMPLEMENTS = implementsRequirements('CognitoUserPoolLogging', ['HP-B1', 'CA-B1']);

/**
 * Exports a Cognito user pool's logs (requirements HP-B1 and CA-B1 for
 * Cognito): the threat-protection user activity log (`userAuthEvents`, level
 * INFO: sign-in, sign-up, password change and forgot-password outcomes with
 * risk decisions, IP address and device) to the central account's EXPORTS
 * bucket, and message delivery errors (`userNotification`, level ERROR) to a
 * retained log group in this account.
 *
 * The pool gets one `AWS::Cognito::LogDeliveryConfiguration` with both
 * destinations: a pool takes only one, so a second CognitoUserPoolLogging (or
 * another log delivery configuration) for the same pool is an error.
 *
 * Destinations, as Cognito allows them:
 * - user activity goes to S3 in the central account. Cognito delivers it
 *   through CloudWatch Logs vended-log delivery, whose S3 destination can be a
 *   bucket in another account (the bucket policy admits
 *   `delivery.logs.amazonaws.com` for this account), so the log never rests in
 *   the workload account, the cheapest reliable path. A CloudWatch log group must
 *   be in the pool's own account, and a Firehose stream would be one more
 *   resource to run in every workload account.
 * - message delivery errors can only go to CloudWatch Logs, to a log group
 *   that is not KMS-encrypted (Cognito refuses one that is): it is retained,
 *   kept for the policy's retention period, and encrypted by CloudWatch Logs
 *   with service-owned keys. Its name starts with `/aws/vendedlogs/` so the
 *   delivery's resource policy stays within its size limit.
 *
 * User activity logs exist only on the Plus feature plan with threat
 * protection in audit-only or full-function mode. For a `UserPool` or
 * `CfnUserPool` in the app, anything else fails synth with the fix; an
 * imported pool gets a warning because its plan cannot be read.
 *
 * @example
 * const pool = new cognito.UserPool(stack, 'Pool', {
 *   featurePlan: cognito.FeaturePlan.PLUS,
 *   standardThreatProtectionMode: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
 * });
 * new CognitoUserPoolLogging(stack, 'PoolLogging', {
 *   userPool: pool,
 *   central: CentralLogTargets.fromAttributes({ accountId: '111111111111', region: 'eu-west-2' }),
 *   exposure: ServiceExposure.EXTERNAL,
 * });
 */
export class CognitoUserPoolLogging extends Construct {
  /** The catalogue requirements this construct implements. */
  public static readonly IMPLEMENTS: RequirementImplementation = IMPLEMENTS;

  /** The pool's log delivery configuration. */
  public readonly logDeliveryConfiguration: cognito.CfnLogDeliveryConfiguration;

  /** The log group that receives message delivery errors. */
  public readonly userNotificationLogGroup: logs.LogGroup;

  /** ARN of the central bucket that receives the user activity log. */
  public readonly userAuthEventsBucketArn: string;

  /** The requirement ids this construct meets. */
  public readonly requirementIds: string[];

  constructor(scope: Construct, id: string, props: CognitoUserPoolLoggingProps) {
    super(scope, id);

    this.requirementIds = [...IMPLEMENTS.requirementIds];
    // The catalogue must name the Cognito user auth event log as a source of the requirement.
    awsSource(IMPLEMENTS.requirementIds[1], LogSourceName.COGNITO_USER_AUTH_EVENTS);

    const pool = props.userPool;
    const existing = LOGGED_POOLS.get(pool);
    if (existing !== undefined) {
      throw new Error(
        `User pool '${pool.node.path}' already has a CognitoUserPoolLogging ('${existing}'); a user pool takes only one log delivery `
        + 'configuration, so keep that one and remove this one.',
      );
    }
    LOGGED_POOLS.set(pool, this.node.path);

    this.userAuthEventsBucketArn = props.central.bucketArn(LogFamily.EXPORTS);
    this.userNotificationLogGroup = createSecureLogGroup(this, 'UserNotificationLogs', {
      serviceManagedEncryption: true,
      logGroupName: `/aws/vendedlogs/cognito/${Names.uniqueResourceName(this, { maxLength: 200 })}/user-notification`,
      exposure: props.exposure,
      retentionDays: props.retentionDays,
      retentionApproval: props.retentionApproval,
    });

    const unencrypted = 'Cognito user pool log delivery refuses KMS-encrypted log groups (AWS::Cognito::LogDeliveryConfiguration ' +
      'CloudWatchLogsConfiguration), so this group of message-delivery errors uses CloudWatch Logs service-owned encryption; ' +
      'it is retained and its retention is within policy.';
    acknowledgeLogCollection(this.userNotificationLogGroup, 'LM-4-Encryption', unencrypted);
    acknowledgeInPacks(this.userNotificationLogGroup,
      { nist: ['CloudWatchLogGroupEncrypted'], guard: ['cloudwatch_log_group_encrypted_check'] }, unencrypted);

    this.logDeliveryConfiguration = new cognito.CfnLogDeliveryConfiguration(this, 'Resource', {
      userPoolId: pool.userPoolRef.userPoolId,
      logConfigurations: [
        {
          eventSource: USER_AUTH_EVENTS.eventSource,
          logLevel: USER_AUTH_EVENTS.logLevel,
          s3Configuration: { bucketArn: this.userAuthEventsBucketArn },
        },
        {
          eventSource: USER_NOTIFICATION.eventSource,
          logLevel: USER_NOTIFICATION.logLevel,
          cloudWatchLogsConfiguration: { logGroupArn: this.userNotificationLogGroup.logGroupArn },
        },
      ],
    });
    recordEvidence(this, IMPLEMENTS, [this.logDeliveryConfiguration],
      'The user pool delivers threat-protection user auth events (sign-in, sign-up, password change, with risk and result) to the central account.');

    const cfnPool = cfnUserPoolOf(pool);
    if (!cfnPool) {
      Annotations.of(this).addWarningV2('cdk-security-log-collection:cognitoPlanUnchecked',
        `User pool '${pool.node.path}' is imported, so its feature plan cannot be checked: userAuthEvents logs exist only on the Plus `
        + 'feature plan with threat protection in audit-only or full-function mode; make sure the pool has both, or no user activity is logged.');
    } else {
      this.node.addValidation({ validate: () => planErrors(cfnPool, this) });
    }
    checkSecondConfigurations(this, { path: this.node.path, poolPath: pool.node.path, configuration: this.logDeliveryConfiguration });
  }
}

/** What the stage-wide check needs to know about one CognitoUserPoolLogging. */
interface LoggedPool {
  readonly path: string;
  readonly poolPath: string;
  readonly configuration: cognito.CfnLogDeliveryConfiguration;
}

/**
 * Register a construct with its stage's single check for second log delivery
 * configurations: one walk of the stage per synth for all of them, rather
 * than one walk of the whole app per construct.
 */
function checkSecondConfigurations(scope: IConstruct, logged: LoggedPool): void {
  const stage: IConstruct = Stage.of(scope) ?? scope.node.root;
  let members = LOGGING_BY_STAGE.get(stage);
  if (!members) {
    const list: LoggedPool[] = [];
    members = list;
    LOGGING_BY_STAGE.set(stage, list);
    stage.node.addValidation({ validate: () => secondConfigurationErrors(stage, list) });
  }
  members.push(logged);
}

function secondConfigurationErrors(stage: IConstruct, members: LoggedPool[]): string[] {
  const byPool = new Map<string, CfnResource[]>();
  for (const c of stage.node.findAll()) {
    if (CfnResource.isCfnResource(c) && c.cfnResourceType === LOG_DELIVERY_TYPE) {
      const key = poolKeyOf(c as cognito.CfnLogDeliveryConfiguration);
      const list = byPool.get(key);
      if (list) {
        list.push(c);
      } else {
        byPool.set(key, [c]);
      }
    }
  }
  return members.flatMap((m) => (byPool.get(poolKeyOf(m.configuration)) ?? [])
    .filter((other) => other !== m.configuration)
    .map((other) =>
      `CognitoUserPoolLogging '${m.path}': User pool '${m.poolPath}' has a second log delivery configuration ('${other.node.path}'); ` +
      'a user pool takes only one, so remove it and let CognitoUserPoolLogging configure both log types.'));
}

/**
 * Which pool a log delivery configuration is for: the CfnResource its
 * UserPoolId refers to (whatever stack the reference crosses), or, for a
 * literal or other value, that value in the configuration's account and
 * region. Comparing resolved values alone took `{ Ref: 'Pool' }` in two
 * stacks for one pool.
 */
function poolKeyOf(configuration: cognito.CfnLogDeliveryConfiguration): string {
  const value = configuration.userPoolId;
  const token = Tokenization.reverse(value);
  if (token && Reference.isReference(token) && CfnResource.isCfnResource(token.target)) {
    return `resource:${token.target.node.path}`;
  }
  const stack = Stack.of(configuration);
  const env = Token.isUnresolved(stack.account) || Token.isUnresolved(stack.region) ? stack.node.path : `${stack.account}/${stack.region}`;
  return `value:${env}:${JSON.stringify(stack.resolve(value))}`;
}

/** The L1 user pool behind a reference, when it is in this app. */
function cfnUserPoolOf(pool: cognitoRefs.IUserPoolRef): cognito.CfnUserPool | undefined {
  const candidates: IConstruct[] = [pool];
  if (pool.node.defaultChild) {
    candidates.push(pool.node.defaultChild);
  }
  return candidates.find((c) => CfnResource.isCfnResource(c) && c.cfnResourceType === USER_POOL_TYPE) as cognito.CfnUserPool | undefined;
}

/** Errors when the pool's feature plan or threat protection cannot produce user activity logs. */
function planErrors(cfnPool: cognito.CfnUserPool, scope: IConstruct): string[] {
  const fix = 'set featurePlan: cognito.FeaturePlan.PLUS and standardThreatProtectionMode: '
    + 'cognito.StandardThreatProtectionMode.AUDIT_ONLY (or FULL_FUNCTION) on the UserPool, or UserPoolTier: \'PLUS\' and '
    + 'UserPoolAddOns.AdvancedSecurityMode: \'AUDIT\' (or \'ENFORCED\') on a CfnUserPool';
  const path = cfnPool.node.path;
  const tier = cfnPool.userPoolTier;
  const mode = advancedSecurityMode(cfnPool.userPoolAddOns, cfnPool);
  if (Token.isUnresolved(tier) || Token.isUnresolved(mode)) {
    Annotations.of(scope).addWarningV2('cdk-security-log-collection:cognitoPlanUnresolved',
      `The feature plan or threat protection mode of user pool '${path}' is not known at synth; userAuthEvents logs need the Plus plan `
      + 'with threat protection in audit-only or full-function mode.');
    return [];
  }
  const errors: string[] = [];
  if (tier !== PLUS_TIER) {
    errors.push(
      `User pool '${path}' is on the ${tier ?? 'default (ESSENTIALS)'} feature plan, but the userAuthEvents log that `
      + `CognitoUserPoolLogging exports needs the Plus plan with threat protection; ${fix}.`,
    );
  }
  if (mode === undefined || !ACTIVE_THREAT_PROTECTION.includes(mode)) {
    errors.push(
      `User pool '${path}' has threat protection ${mode ?? 'off (not set)'}, so Cognito writes no userAuthEvents log; ${fix}.`,
    );
  }
  return errors;
}

function advancedSecurityMode(addOns: IResolvable | cognito.CfnUserPool.UserPoolAddOnsProperty | undefined, scope: IConstruct): string | undefined {
  if (addOns === undefined) {
    return undefined;
  }
  if (Token.isUnresolved(addOns)) {
    const resolved = Stack.of(scope).resolve(addOns) as { AdvancedSecurityMode?: string; advancedSecurityMode?: string } | undefined;
    return resolved?.AdvancedSecurityMode ?? resolved?.advancedSecurityMode;
  }
  return (addOns as cognito.CfnUserPool.UserPoolAddOnsProperty).advancedSecurityMode;
}
