import { AuthenticationAttempt } from '../auth-correlator/classify';
import { canonicalTime } from '../auth-correlator/correlate';
import { CentralSuccessAfterFailureDetail } from './contract';

/** A failed or completed sign-in as the central table keeps it (one item per principal key). */
export interface StoredAttempt {
  /** Partition key: one principal key. */
  readonly pk: string;
  /** Sort key: canonical ISO time, `#`, event id (string order is time order). */
  readonly sk: string;
  /** Every principal key the attempt is stored under. */
  readonly keys: string[];
  readonly outcome: 'FAILURE' | 'SUCCESS';
  readonly eventId: string;
  readonly eventTime: string;
  readonly directory: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly sourceIpAddress?: string;
  readonly accountId?: string;
  readonly region?: string;
  readonly principal?: Record<string, string>;
  /** DynamoDB TTL attribute (epoch seconds). */
  readonly expiresAt: number;
}

/** Sort key of an attempt. */
export function attemptSortKey(eventTime: string, eventId: string): string {
  return `${canonicalTime(eventTime)}#${eventId}`;
}

/** The items of one attempt, one per principal key. */
export function toStoredAttempts(attempt: AuthenticationAttempt, expiresAt: number): StoredAttempt[] {
  return attempt.principal.keys.map((pk) => ({
    pk,
    sk: attemptSortKey(attempt.eventTime, attempt.eventId),
    keys: attempt.principal.keys,
    outcome: attempt.outcome,
    eventId: attempt.eventId,
    eventTime: attempt.eventTime,
    directory: attempt.directory,
    eventSource: attempt.eventSource,
    eventName: attempt.eventName,
    sourceIpAddress: attempt.sourceIpAddress,
    accountId: attempt.accountId,
    region: attempt.region,
    principal: attempt.principal.attributes,
    expiresAt,
  }));
}

/** Each attempt once (an attempt is stored under each of its principal keys). */
export function distinctAttempts(items: StoredAttempt[]): StoredAttempt[] {
  const byId = new Map<string, StoredAttempt>();
  for (const item of items) {
    if (!byId.has(item.eventId)) {
      byId.set(item.eventId, item);
    }
  }
  return [...byId.values()].sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime) || (a.eventId < b.eventId ? -1 : 1));
}

/**
 * Whether a success completes a "success after failures": the failures that
 * count are those of the same directory and principal at or before the
 * success, no more than `windowSeconds` before it, and after the principal's
 * previous success (failures before that success belonged to it). The answer
 * depends only on the event times, never on the order the events arrived in,
 * so a failure delivered late is counted as if it had come on time.
 *
 * @param success the success, as stored
 * @param nearby the attempts stored under the success's principal keys from
 *   `windowSeconds` before it up to it (any order, duplicates allowed)
 * @returns the event to emit, or undefined when fewer than `minimumFailures` failures count
 */
export function evaluateSuccess(success: StoredAttempt, nearby: StoredAttempt[], windowSeconds: number,
  minimumFailures: number): CentralSuccessAfterFailureDetail | undefined {
  const successMs = Date.parse(success.eventTime);
  const fromMs = successMs - windowSeconds * 1000;
  const sameDirectory = distinctAttempts(nearby).filter((a) => a.directory === success.directory && a.eventId !== success.eventId);
  const previousSuccessMs = Math.max(-Infinity, ...sameDirectory
    .filter((a) => a.outcome === 'SUCCESS' && Date.parse(a.eventTime) < successMs)
    .map((a) => Date.parse(a.eventTime)));
  const counted = sameDirectory.filter((a) => {
    const t = Date.parse(a.eventTime);
    return a.outcome === 'FAILURE' && t <= successMs && t >= fromMs && t > previousSuccessMs;
  });
  if (counted.length < minimumFailures || counted.length === 0) {
    return undefined;
  }
  const principal: Record<string, string> = {};
  for (const f of counted) {
    Object.assign(principal, f.principal ?? {});
  }
  Object.assign(principal, success.principal ?? {});
  const distinct = (values: (string | undefined)[]) => [...new Set(values.filter((v): v is string => typeof v === 'string' && v.length > 0))];
  const countedKeys = new Set(counted.flatMap((f) => f.keys ?? [f.pk]));
  return {
    directory: success.directory,
    principalKey: success.keys.find((k) => countedKeys.has(k)) ?? success.keys[0],
    principal,
    failureCount: counted.length,
    firstFailureTime: counted[0].eventTime,
    lastFailureTime: counted[counted.length - 1].eventTime,
    successTime: success.eventTime,
    sourceIpAddresses: distinct([...counted.map((f) => f.sourceIpAddress), success.sourceIpAddress]),
    failureEventIds: counted.map((f) => f.eventId),
    successEventId: success.eventId,
    successEvent: { eventSource: success.eventSource, eventName: success.eventName },
    accountId: success.accountId,
    region: success.region,
    correlationWindowSeconds: windowSeconds,
    failureAccountIds: distinct(counted.map((f) => f.accountId)),
    failureRegions: distinct(counted.map((f) => f.region)),
    minimumFailures,
  };
}
