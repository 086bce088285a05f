import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Acknowledge an AWS Solutions (cdk-nag) finding on the construct that causes
 * it, with the plugin namespace so the aws-cdk-lib validation framework moves
 * it to the report's suppressed list together with the reason.
 *
 * @param ruleId the rule id as cdk-nag reports it, for example `AwsSolutions-S1`
 *   or `AwsSolutions-IAM5[Resource::arn:aws:s3:::bucket/*]`
 */
export function acknowledgeNag(scope: IConstruct, ruleId: string, reason: string): void {
  Validations.of(scope).acknowledge({ id: `AwsSolutions::${ruleId}`, reason });
}
