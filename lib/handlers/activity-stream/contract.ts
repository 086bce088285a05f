/**
 * The contract between the DatabaseActivityStream construct and the
 * activity-stream custom resource handler: the resource properties the
 * construct sets and the attribute the handler returns.
 *
 * This module is bundled into the handler, so it must not import aws-cdk-lib
 * (or anything else that is not plain TypeScript).
 */

/** Resource properties of the custom resource. */
export const ACTIVITY_STREAM_PROPS = {
  /** ARN of the Aurora DB cluster. */
  clusterArn: 'ClusterArn',
  /** ARN of the KMS key that encrypts the activity records. */
  kmsKeyArn: 'KmsKeyArn',
  /** `async` or `sync`. */
  mode: 'Mode',
} as const;

/** The attribute (`Fn::GetAtt`) that names the Kinesis data stream RDS made for the activity stream. */
export const KINESIS_STREAM_NAME_ATTRIBUTE = 'KinesisStreamName';

/** The CloudFormation type of the custom resource (the rule pack finds a cluster's activity stream by it). */
export const ACTIVITY_STREAM_RESOURCE_TYPE = 'Custom::DatabaseActivityStream';
