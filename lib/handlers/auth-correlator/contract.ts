/**
 * The contract between the IdentityEventForwarding construct and the
 * auth-correlator Lambda handler: environment variable names, the shape of
 * the correlation rules the construct derives from the requirement catalogue,
 * and the event the handler emits.
 *
 * This module is bundled into the handler, so it must not import aws-cdk-lib
 * (or anything else that is not plain TypeScript).
 */

/** `source` of the events the correlator emits to the central bus. */
export const CORRELATION_EVENT_SOURCE = 'security-log-collection.identity';

/** `detail-type` of the event that reports a success after one or more failures. */
export const CORRELATION_DETAIL_TYPE = 'Authentication Success After Failure';

/** Environment variables the construct sets on the correlator function. */
export const CORRELATOR_ENV = {
  /** Name of the DynamoDB table that keeps recent failures. */
  tableName: 'FAILURE_TABLE_NAME',
  /** ARN of the central security event bus. */
  eventBusArn: 'CENTRAL_EVENT_BUS_ARN',
  /** Correlation window in seconds. */
  windowSeconds: 'CORRELATION_WINDOW_SECONDS',
  /** JSON array of {@link CorrelationRule}. */
  rules: 'CORRELATION_RULES',
} as const;

/**
 * Which events of one event source are authentication failures and which are
 * authentication successes, for one directory. The construct builds these from
 * the catalogue's AUTHENTICATION_FAILURE and AUTHENTICATION_SUCCESS_AFTER_FAILURE
 * mappings, so the handler never names an event itself.
 */
export interface CorrelationRule {
  /** The `UserDirectory` value (`IAM`, `IAM_IDENTITY_CENTER`, `COGNITO_USER_POOL`). */
  readonly directory: string;
  /** The CloudTrail `eventSource`. */
  readonly eventSource: string;
  /** Event names that can record a failed authentication. */
  readonly failureEventNames: string[];
  /**
   * Error codes that mean a failed authentication on those events (Cognito's
   * `NotAuthorizedException`). Empty: the record's own outcome field decides.
   */
  readonly failureErrorCodes: string[];
  /** Event names whose successful outcome completes an authentication. */
  readonly successEventNames: string[];
}

/** The `detail` of the event the correlator emits. */
export interface SuccessAfterFailureDetail {
  /** The `UserDirectory` the principal belongs to. */
  readonly directory: string;
  /** The key the failures were joined on, for example `iam:111122223333:user:Alice`. */
  readonly principalKey: string;
  /** What the records say about the principal (user name, ARN, user id, sub, ...). */
  readonly principal: Record<string, string>;
  /** How many failures preceded the success within the window. */
  readonly failureCount: number;
  /** `eventTime` of the earliest failure counted. */
  readonly firstFailureTime: string;
  /** `eventTime` of the latest failure counted. */
  readonly lastFailureTime: string;
  /** `eventTime` of the success. */
  readonly successTime: string;
  /** Distinct source IP addresses of the failures and the success. */
  readonly sourceIpAddresses: string[];
  /** CloudTrail `eventID`s of the failures counted. */
  readonly failureEventIds: string[];
  /** CloudTrail `eventID` of the success. */
  readonly successEventId: string;
  /** `eventSource` and `eventName` of the success. */
  readonly successEvent: { readonly eventSource: string; readonly eventName: string };
  /** Account the authentication happened in (`recipientAccountId`). */
  readonly accountId?: string;
  /** `awsRegion` of the success record. */
  readonly region?: string;
  /** The correlation window in seconds. */
  readonly correlationWindowSeconds: number;
}
