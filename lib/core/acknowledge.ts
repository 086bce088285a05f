import { Stack, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledge, on the construct that causes it, a finding this library makes
 * on purpose. The id carries the plugin namespace, so the aws-cdk-lib
 * validation framework lists the finding as suppressed, with the reason,
 * instead of dropping it.
 */

/**
 * An AWS Solutions (cdk-nag) finding.
 *
 * @param ruleId the rule id as cdk-nag reports it, for example `AwsSolutions-S1`
 *   or `AwsSolutions-IAM5[Resource::arn:aws:s3:::bucket/*]`
 */
export function acknowledgeNag(scope: IConstruct, ruleId: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::${ruleId}`, reason });
}

/**
 * A template value (an ARN with tokens, say) as cdk-nag writes it in a finding id such as
 * `AwsSolutions-IAM5[Resource::...]`: resolved in `scope`'s stack, with `<Ref>` and `<Logical.Attr>` for intrinsics.
 * Whether the partition, region and account come out literal (`arn:aws:...`) or as `<AWS::Partition>` depends on the
 * stack's environment and the app's feature flags (`@aws-cdk/core:enablePartitionLiterals`), so an id written by hand
 * matches in some apps only; this one matches in the app it is made in.
 */
export function nagText(scope: IConstruct, value: unknown): string {
  return renderForNag(Stack.of(scope).resolve(value));
}

/** An already resolved template value as cdk-nag writes it in finding ids (see {@link nagText}). */
export function renderForNag(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  const o = value as Record<string, unknown>;
  if (o && typeof o.Ref === 'string') {
    return `<${o.Ref}>`;
  }
  if (o && Array.isArray(o['Fn::GetAtt'])) {
    return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
  }
  if (o && Array.isArray(o['Fn::Join'])) {
    const [separator, parts] = o['Fn::Join'] as [string, unknown[]];
    return parts.map(renderForNag).join(separator);
  }
  return JSON.stringify(value);
}

/** Pack name of `LogCollectionChecks` (kept here so sources need not import the checks). */
export const LOG_COLLECTION_PACK = 'LogCollection';

/**
 * A `LogCollectionChecks` finding.
 *
 * @param ruleSuffix the rule id after the pack name, for example `LM-4-Encryption`
 */
export function acknowledgeLogCollection(scope: IConstruct, ruleSuffix: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${LOG_COLLECTION_PACK}::${LOG_COLLECTION_PACK}-${ruleSuffix}`, reason });
}

/** Plugin name (and rule prefix) of cdk-nag's `NIST80053R5Checks`. */
export const NIST_PACK = 'NIST.800.53.R5';

/**
 * A NIST 800-53 rev 5 (cdk-nag) finding.
 *
 * @param ruleSuffix the rule id after the pack name, for example `S3BucketReplicationEnabled`
 */
export function acknowledgeNist(scope: IConstruct, ruleSuffix: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${NIST_PACK}::${NIST_PACK}-${ruleSuffix}`, reason });
}

/** Plugin name of `CfnGuardValidator` (@cdklabs/cdk-validator-cfnguard, the Control Tower proactive controls). */
export const CFN_GUARD_PLUGIN = 'cdk-validator-cfnguard';

/**
 * A Control Tower proactive control finding of `CfnGuardValidator`, by its guard rule name (for example
 * `s3_bucket_logging_enabled_check` for CT.S3.PR.2). The bundled Control Tower rules read no resource metadata (there is
 * no `Metadata.guard.SuppressedRules` clause in them, unlike the guard rules registry's), so the finding is acknowledged
 * in aws-cdk-lib's validation framework: it maps the plugin's violations to constructs by logical id and lists them as
 * suppressed, with the reason.
 */
export function acknowledgeGuard(scope: IConstruct, ruleName: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `${CFN_GUARD_PLUGIN}::${ruleName}`, reason });
}

/** The ids under which the common rule packs report one finding. */
export interface PackFindingIds {
  /** AWS Solutions rule ids, for example `AwsSolutions-S1`. */
  readonly awsSolutions?: string[];
  /** NIST 800-53 rev 5 rule suffixes, for example `S3BucketLoggingEnabled`. */
  readonly nist?: string[];
  /** Control Tower guard rule names, for example `s3_bucket_logging_enabled_check`. */
  readonly guard?: string[];
}

/** Acknowledge one design decision under every pack that reports it, with one reason. */
export function acknowledgeInPacks(scope: IConstruct, ids: PackFindingIds, reason: string): void {
  (ids.awsSolutions ?? []).forEach((id) => acknowledgeNag(scope, id, reason));
  (ids.nist ?? []).forEach((id) => acknowledgeNist(scope, id, reason));
  (ids.guard ?? []).forEach((id) => acknowledgeGuard(scope, id, reason));
}

/**
 * A queue that is itself a dead-letter queue: AwsSolutions-SQS3 and CT.SQS.PR.1 ask every queue for a dead-letter
 * queue, which a dead-letter queue does not need.
 *
 * @param of what it is the dead-letter queue of, for example `the forwarding rules' targets`
 */
export function acknowledgeDeadLetterQueue(queue: IConstruct, of: string): void {
  acknowledgeInPacks(queue, { awsSolutions: ['AwsSolutions-SQS3'], guard: ['sqs_dlq_check'] },
    `This queue is itself the dead-letter queue of ${of}: a dead-letter queue behind it would only defer the same failure. ` +
    'It is KMS-encrypted and TLS-only, keeps messages 14 days (the SQS maximum), and an alarm with an action fires on the first one.');
}

/**
 * Roles whose policies aws-cdk-lib's grants write inline (the role's `DefaultPolicy`): NIST IAMNoInlinePolicy.
 * Acknowledged on the construct that owns the roles, so it covers each of them and nothing outside it.
 */
export function acknowledgeInlineRolePolicies(scope: IConstruct): void {
  acknowledgeNist(scope, 'IAMNoInlinePolicy',
    'Each policy here is written by aws-cdk-lib grants for one role of this construct, scoped to the resources that role serves, ' +
    'and is created and deleted with it; a customer managed policy could be attached to other principals as well.');
}

/**
 * A function that calls AWS APIs only: NIST LambdaInsideVPC and Control Tower CT.LAMBDA.PR.3.
 *
 * @param calls what the function calls, for example `DynamoDB and the central event bus`
 */
export function acknowledgeFunctionOutsideVpc(fn: IConstruct, calls: string): void {
  acknowledgeInPacks(fn, { nist: ['LambdaInsideVPC'], guard: ['lambda_inside_vpc_check'] },
    `The function calls only AWS APIs (${calls}) over TLS with its role's credentials and accepts no network connection; ` +
    'inside a VPC it would need NAT or interface endpoints for the same calls, with no data gaining protection.');
}

/**
 * A CloudTrail trail without a CloudWatch Logs copy: NIST CloudTrailCloudWatchLogsEnabled and CT.CLOUDTRAIL.PR.3.
 *
 * @param howToEnable how the user turns the copy on, or why this trail has none
 */
export function acknowledgeTrailWithoutCloudWatchLogs(trail: IConstruct, howToEnable: string): void {
  acknowledgeInPacks(trail, { nist: ['CloudTrailCloudWatchLogsEnabled'], guard: ['cloud_trail_cloud_watch_logs_enabled_check'] },
    'The trail delivers to the central CloudTrail bucket (KMS-encrypted, file validation on, replicated into the Object Lock vault), ' +
    'and its management events reach EventBridge, where the tamper and identity rules alert within minutes; a CloudWatch Logs copy ' +
    `would be a third store at extra cost that neither needs. ${howToEnable}`);
}

/**
 * A sign-in correlator function (central or per account): its role is aws-cdk-lib's default Lambda role with grants on
 * the construct's own table and key, and it runs outside a VPC.
 *
 * @param calls what the function calls, for example `DynamoDB, KMS and EventBridge PutEvents`
 */
export function acknowledgeCorrelatorFunction(fn: IConstruct, calls: string): void {
  acknowledgeFunctionOutsideVpc(fn, calls);
  acknowledgeNag(fn, 'AwsSolutions-L1',
    'The handler bundle is built for nodejs22.x (scripts/build-handlers.mjs targets node22); the runtime moves with that build target.');
  acknowledgeNag(fn, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    'AWSLambdaBasicExecutionRole allows only logs:CreateLogGroup, logs:CreateLogStream and logs:PutLogEvents; the function writes to ' +
    'its own retained, KMS-encrypted log group made by this construct.');
  acknowledgeNag(fn, 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
    'The wildcard covers GenerateDataKey and GenerateDataKeyWithoutPlaintext on the one key of this construct (its table and queues), ' +
    'which DynamoDB encryption with a customer managed key uses.');
}
