/** CloudTrail event sources of global services, whose events EventBridge receives in one region only. */
export const GLOBAL_EVENT_SOURCES: readonly string[] = Object.freeze(['iam.amazonaws.com']);

/**
 * The only region where EventBridge receives the events of global services such as IAM:
 * https://repost.aws/knowledge-center/eventbridge-rule-triggers-iam-single-region (AWS Knowledge Center).
 */
export const GLOBAL_EVENTS_REGION = 'us-east-1';
