import { RemovalPolicy, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { acknowledgeGuard } from './acknowledge';
import { stackSharedKey } from './stack-key';
import {
  LogRetentionOptions, RETENTION_POLICY, minimumRetentionDays, minimumRetentionRequirementId, validateRetentionDays,
} from '../requirements/retention';


/** CloudWatch Logs accepts only these retention values. */
const CLOUDWATCH_RETENTION_VALUES = Object.values(logs.RetentionDays)
  .filter((v): v is number => typeof v === 'number' && v !== logs.RetentionDays.INFINITE);

/**
 * Resolve and check the retention of a CloudWatch log group against the
 * policy and against the values CloudWatch Logs accepts.
 */
export function cloudWatchRetention(settings: LogRetentionOptions, propName = 'retentionDays'): logs.RetentionDays {
  const days = settings.retentionDays ?? minimumRetentionDays(settings.exposure);
  validateRetentionDays({ exposure: settings.exposure, retentionDays: days, retentionApproval: settings.retentionApproval, propName });
  if (!CLOUDWATCH_RETENTION_VALUES.includes(days)) {
    const allowed = CLOUDWATCH_RETENTION_VALUES.filter((v) => v >= minimumRetentionDays(settings.exposure)
      && (settings.retentionApproval || v <= RETENTION_POLICY.maximumDaysWithoutApproval));
    throw new Error(`${propName} of ${days} days is not a value CloudWatch Logs accepts; use one of ${allowed.join(', ')}.`);
  }
  return days as logs.RetentionDays;
}

const KEY_ID = 'SecurityLogGroupKey';

/**
 * The stack's KMS key for log groups this library creates: one per stack,
 * rotation on, retained, usable by CloudWatch Logs in the stack's region only.
 */
export function logGroupKey(scope: Construct): kms.IKey {
  return stackSharedKey(scope, KEY_ID, {
    description: 'Encrypts the security log groups created by cdk-security-log-collection',
  }, (stack) => [new iam.PolicyStatement({
    sid: 'AllowCloudWatchLogsInThisAccountAndRegion',
    principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
    actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
    resources: ['*'],
    conditions: {
      ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*` },
    },
  })]);
}

/** Props for {@link createSecureLogGroup}. */
export interface SecureLogGroupProps extends LogRetentionOptions {
  /** @default - CloudFormation names it */
  readonly logGroupName?: string;
  /** @default - the stack's shared log group key */
  readonly encryptionKey?: kms.IKey;
  /**
   * Leave the group on CloudWatch Logs' own (service-owned) encryption instead
   * of a KMS key, for services that refuse KMS-encrypted groups (Cognito user
   * pool log delivery: "the log group must not be encrypted with AWS KMS").
   * Only for such services: callers must say why in an acknowledgement.
   *
   * @default false
   */
  readonly serviceManagedEncryption?: boolean;
}

/**
 * A log group as the policy wants every log store: retention from the
 * exposure class, KMS-encrypted, retained when the stack is deleted.
 */
export function createSecureLogGroup(scope: Construct, id: string, props: SecureLogGroupProps): logs.LogGroup {
  if (props.logGroupName !== undefined && !Token.isUnresolved(props.logGroupName)
    && !/^[\w\-./#]{1,512}$/.test(props.logGroupName)) {
    throw new Error(`logGroupName '${props.logGroupName}' has characters CloudWatch Logs rejects; use letters, digits and _-./#.`);
  }
  if (props.serviceManagedEncryption && props.encryptionKey) {
    throw new Error('encryptionKey and serviceManagedEncryption contradict each other; pass one of them.');
  }
  const retention = cloudWatchRetention(props);
  const logGroup = new logs.LogGroup(scope, id, {
    logGroupName: props.logGroupName,
    retention,
    encryptionKey: props.serviceManagedEncryption ? undefined : props.encryptionKey ?? logGroupKey(scope),
    removalPolicy: RemovalPolicy.RETAIN,
    // CloudWatch Logs refuses DeleteLogGroup while this is on, whoever asks (PU-3); turning it off is itself a
    // logged PutLogGroupDeletionProtection call. https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/protecting-log-groups-from-deletion.html
    deletionProtectionEnabled: true,
  });
  if (retention < 365) {
    acknowledgeGuard(logGroup, 'cloudwatch_log_group_retention_period_check',
      `Retention is ${retention} days, at least the standard's minimum for this service's exposure ` +
      `(${minimumRetentionRequirementId(props.exposure)}: ${minimumRetentionDays(props.exposure)} days); CT.CLOUDWATCH.PR.2 asks for a year. ` +
      'Pass retentionDays of 365 or more to meet both.');
  }
  return logGroup;
}
