import { RemovalPolicy } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { cloudWatchRetention, RetentionSettings } from './log-group';

/** Props for {@link createVendedLogGroup}. */
export interface VendedLogGroupProps extends RetentionSettings {
  /** Must start with `/aws/vendedlogs/` so the delivery's resource policy stays small. */
  readonly logGroupName: string;
}

/**
 * A log group for a service that delivers "vended" logs and refuses
 * KMS-encrypted log groups (Cognito user pool log delivery: "The log group
 * must not be encrypted with AWS Key Management Service", CloudFormation
 * `AWS::Cognito::LogDeliveryConfiguration` CloudWatchLogsConfiguration).
 *
 * Everything else is as `createSecureLogGroup` makes it: retention from the
 * exposure class and checked against the policy, retained when the stack is
 * deleted. CloudWatch Logs still encrypts it at rest with service-owned keys.
 */
export function createVendedLogGroup(scope: Construct, id: string, props: VendedLogGroupProps): logs.LogGroup {
  return new logs.LogGroup(scope, id, {
    logGroupName: props.logGroupName,
    retention: cloudWatchRetention(props),
    removalPolicy: RemovalPolicy.RETAIN,
  });
}
