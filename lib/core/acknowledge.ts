import { Validations } from 'aws-cdk-lib';
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
