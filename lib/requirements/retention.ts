import { ServiceExposure } from './types';

/**
 * Retention figures of the logging and monitoring policy ("Log retention").
 *
 * These are the only place the numbers are written; every construct, rule and
 * the report read them from here.
 */
export const RETENTION_POLICY = {
  /** LM-1: services reachable from the public internet keep logs at least 90 days. */
  externalMinimumDays: 90,
  /**
   * LM-2: internal services keep logs at least 13 months. 400 days is the
   * smallest CloudWatch Logs retention value that covers 13 months (396 days),
   * and the same figure is used for S3 so every store agrees.
   */
  internalMinimumDays: 400,
  /** LM-3: no log is kept longer than 2 years (731 days) without CISO approval. */
  maximumDaysWithoutApproval: 731,
} as const;

/**
 * How long a log store of this library keeps logs: the options every
 * construct that creates a log group takes.
 */
export interface LogRetentionOptions {
  /** Who can reach the service: decides the minimum retention (LM-1, LM-2). */
  readonly exposure: ServiceExposure;
  /**
   * Days to keep the logs.
   *
   * @default - the exposure class's minimum (90 days external, 400 days internal)
   */
  readonly retentionDays?: number;
  /**
   * CISO approval reference that allows more than 731 days (LM-3).
   *
   * @default - none: at most 731 days
   */
  readonly retentionApproval?: string;
}

/** The minimum number of days logs of a service with this exposure must be kept. */
export function minimumRetentionDays(exposure: ServiceExposure): number {
  switch (exposure) {
    case ServiceExposure.EXTERNAL:
      return RETENTION_POLICY.externalMinimumDays;
    case ServiceExposure.INTERNAL:
      return RETENTION_POLICY.internalMinimumDays;
    default:
      throw new Error(`Unknown service exposure '${String(exposure)}': use ServiceExposure.EXTERNAL or ServiceExposure.INTERNAL.`);
  }
}

/** The requirement id that sets the minimum for an exposure class (LM-1 or LM-2). */
export function minimumRetentionRequirementId(exposure: ServiceExposure): string {
  return exposure === ServiceExposure.EXTERNAL ? 'LM-1' : 'LM-2';
}

/** Options for {@link validateRetentionDays}. */
export interface RetentionCheckOptions {
  /** The exposure class of the service whose logs are kept. */
  readonly exposure: ServiceExposure;
  /** The number of days logs will be kept. */
  readonly retentionDays: number;
  /**
   * A reference to the CISO approval that allows keeping logs longer than two years.
   *
   * @default - no approval: at most 731 days
   */
  readonly retentionApproval?: string;
  /** Name of the prop being checked, used in the error message. */
  readonly propName?: string;
}

/**
 * Throws when a retention period breaks the policy. The message names the bad
 * value and how to fix it. Returns the value unchanged so callers can inline it.
 */
export function validateRetentionDays(options: RetentionCheckOptions): number {
  const prop = options.propName ?? 'retentionDays';
  const days = options.retentionDays;
  const min = minimumRetentionDays(options.exposure);
  if (isEncodedToken(days)) {
    throw new Error(
      `${prop} is a value known only at deploy time (a CloudFormation parameter, reference or import), but the retention ` +
      `policy (LM-1 to LM-3) is checked at synth; pass a number of days: at least ${min} for ${options.exposure} services ` +
      `and at most ${RETENTION_POLICY.maximumDaysWithoutApproval} without retentionApproval.`,
    );
  }
  if (!Number.isInteger(days) || days <= 0) {
    throw new Error(`${prop} must be a whole number of days, got ${days}; use at least ${min} for ${options.exposure} services.`);
  }
  if (days < min) {
    throw new Error(
      `${prop} of ${days} days is below the ${min}-day minimum for ${options.exposure} services ` +
      `(${minimumRetentionRequirementId(options.exposure)}); use at least ${min}.`,
    );
  }
  const max = RETENTION_POLICY.maximumDaysWithoutApproval;
  if (days > max && !options.retentionApproval?.trim()) {
    throw new Error(
      `${prop} of ${days} days exceeds the 2-year maximum (${max} days, LM-3); ` +
      `use at most ${max}, or pass retentionApproval with the CISO approval reference to exceed it.`,
    );
  }
  return days;
}

/**
 * Whether a number is a CDK token (`Token.asNumber(...)`, a parameter's
 * `valueAsNumber`): the CDK encodes those as doubles near -1.9e289, which no
 * retention figure comes close to. (The catalogue imports nothing, so it does
 * not ask aws-cdk-lib's `Token.isUnresolved`.)
 */
function isEncodedToken(value: number): boolean {
  return typeof value === 'number' && Math.abs(value) > 1e280;
}
