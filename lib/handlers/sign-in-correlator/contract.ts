/**
 * The contract between the central SignInCorrelation construct and the
 * sign-in-correlator Lambda handler: environment variable names and the event
 * the handler emits. The correlation rules (which events are failures and
 * which are successes) are the auth-correlator's {@link CorrelationRule}s.
 *
 * This module is bundled into the handler, so it must not import aws-cdk-lib.
 */
import { SuccessAfterFailureDetail } from '../auth-correlator/contract';

export { CORRELATION_EVENT_SOURCE, CORRELATION_DETAIL_TYPE, CorrelationRule } from '../auth-correlator/contract';

/** Environment variables the construct sets on the central correlator function. */
export const CENTRAL_CORRELATOR_ENV = {
  /** Name of the DynamoDB table of recent sign-in attempts. */
  tableName: 'SIGN_IN_TABLE_NAME',
  /** ARN of the central security event bus the correlation event is put on. */
  eventBusArn: 'CORRELATION_EVENT_BUS_ARN',
  /** Correlation window in seconds. */
  windowSeconds: 'CORRELATION_WINDOW_SECONDS',
  /** Failures needed before a success is reported (at least 1). */
  minimumFailures: 'MINIMUM_FAILURES',
  /** JSON array of CorrelationRule. */
  rules: 'CORRELATION_RULES',
} as const;

/**
 * The `detail` of the event the central correlator emits: the per-account
 * correlator's detail, plus where the failures happened.
 */
export interface CentralSuccessAfterFailureDetail extends SuccessAfterFailureDetail {
  /** Distinct accounts (`recipientAccountId`) of the failures counted. */
  readonly failureAccountIds: string[];
  /** Distinct regions (`awsRegion`) of the failures counted. */
  readonly failureRegions: string[];
  /** The configured minimum number of failures. */
  readonly minimumFailures: number;
}
