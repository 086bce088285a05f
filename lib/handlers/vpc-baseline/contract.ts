/**
 * The contract between the VpcBaseline construct and the vpc-baseline Lambda
 * handler: environment variable names, the scheduled sweep's input, and the
 * action names written to the function's log.
 *
 * This module is bundled into the handler, so it must not import aws-cdk-lib
 * (or anything else that is not plain TypeScript).
 */

/** Environment variables the construct sets on the baseline function. */
export const VPC_BASELINE_ENV = {
  /** The account whose VPCs are covered (VPCs shared into it by other owners are left to their owners). */
  accountId: 'BASELINE_ACCOUNT_ID',
  /** ARN of the central VPC_FLOW bucket. */
  flowLogDestinationArn: 'FLOW_LOG_DESTINATION_ARN',
  /** The flow log `LogFormat` (`${field} ...`), built by the construct from the requirement catalogue. */
  flowLogFormat: 'FLOW_LOG_FORMAT',
  /** `REJECT` or `ALL`. */
  trafficType: 'FLOW_LOG_TRAFFIC_TYPE',
  /** Aggregation interval in seconds (60). */
  maxAggregationInterval: 'FLOW_LOG_MAX_AGGREGATION_INTERVAL',
  /** JSON of the S3 `DestinationOptions` (FileFormat, HiveCompatiblePartitions, PerHourPartition). */
  destinationOptions: 'FLOW_LOG_DESTINATION_OPTIONS',
  /** Id (`rqlc-…`) of the organisation's shared Resolver query logging configuration; empty to skip DNS. */
  queryLogConfigId: 'QUERY_LOG_CONFIG_ID',
  /** JSON object of tags for the flow logs the function creates. */
  tags: 'FLOW_LOG_TAGS',
} as const;

/** The input the daily EventBridge Scheduler schedule sends: cover every VPC of the region. */
export const SWEEP_INPUT = { sweep: true } as const;

/** Tag the function puts on every flow log it creates, naming itself. */
export const CREATED_BY_TAG = { Key: 'seclog:created-by', Value: 'cdk-security-log-collection/VpcBaseline' } as const;

/** What the function did for a VPC; one JSON log line each. */
export enum BaselineAction {
  FLOW_LOG_CREATED = 'flow-log-created',
  FLOW_LOG_PRESENT = 'flow-log-present',
  /** A flow log to the central bucket exists but lacks some of the standard's fields; left as is, reported. */
  FLOW_LOG_FORMAT_DIFFERS = 'flow-log-format-differs',
  QUERY_LOG_ASSOCIATED = 'query-log-associated',
  QUERY_LOG_PRESENT = 'query-log-present',
  SKIPPED_OTHER_REGION = 'skipped-other-region',
  SKIPPED_FAILED_CALL = 'skipped-failed-create-vpc',
  FAILED = 'failed',
}
