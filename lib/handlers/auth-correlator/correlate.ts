import { SuccessAfterFailureDetail } from './contract';
import { AuthenticationAttempt } from './classify';

/** A failure as the store keeps it (one item per principal key). */
export interface StoredFailure {
  /** Partition key: the principal key. */
  readonly pk: string;
  /** Sort key: canonical ISO time, `#`, event id. */
  readonly sk: string;
  /** Every principal key the failure is stored under (one item each). */
  readonly keys: string[];
  readonly eventId: string;
  readonly eventTime: string;
  readonly directory: string;
  readonly eventSource: string;
  readonly eventName: string;
  readonly sourceIpAddress?: string;
  readonly principal?: Record<string, string>;
  /** DynamoDB TTL attribute (epoch seconds). */
  readonly expiresAt: number;
}

/** The result of joining a success with the stored failures of its principal. */
export interface Correlation {
  /** The event to emit, or undefined when no failure in the window precedes the success. */
  readonly detail?: SuccessAfterFailureDetail;
  /** Stored items to delete: every failure at or before the success (counted or expired). */
  readonly consumed: StoredFailure[];
}

/** Sort key of a failure: canonical ISO-8601 time (so string order is time order), then the event id. */
export function failureSortKey(eventTime: string, eventId: string): string {
  return `${canonicalTime(eventTime)}#${eventId}`;
}

/** `2020-12-08T18:56:21Z` and `2020-12-08T18:56:21.000Z` both become the second form. */
export function canonicalTime(eventTime: string): string {
  return new Date(Date.parse(eventTime)).toISOString();
}

/**
 * Join a success with the failures stored for its principal. A failure counts
 * when it belongs to the same directory, happened at or before the success and
 * no more than `windowSeconds` before it. The timestamps are checked here, not
 * left to DynamoDB TTL, because TTL deletes expired items lazily (often days later).
 */
export function correlate(success: AuthenticationAttempt, failures: StoredFailure[], windowSeconds: number): Correlation {
  const successMs = Date.parse(success.eventTime);
  const windowMs = windowSeconds * 1000;
  const atOrBefore = failures.filter((f) => Date.parse(f.eventTime) <= successMs);
  const seen = new Set<string>();
  const counted = atOrBefore
    .filter((f) => f.directory === success.directory && successMs - Date.parse(f.eventTime) <= windowMs)
    .filter((f) => {
      if (seen.has(f.eventId)) {
        return false;
      }
      seen.add(f.eventId);
      return true;
    })
    .sort((a, b) => Date.parse(a.eventTime) - Date.parse(b.eventTime));

  if (counted.length === 0) {
    return { consumed: atOrBefore };
  }

  const principal: Record<string, string> = {};
  for (const f of counted) {
    Object.assign(principal, f.principal ?? {});
  }
  Object.assign(principal, success.principal.attributes);

  const ips = [...counted.map((f) => f.sourceIpAddress), success.sourceIpAddress]
    .filter((ip): ip is string => typeof ip === 'string' && ip.length > 0);

  const detail: SuccessAfterFailureDetail = {
    directory: success.directory,
    principalKey: success.principal.keys.find((k) => counted.some((f) => f.pk === k)) ?? success.principal.keys[0],
    principal,
    failureCount: counted.length,
    firstFailureTime: counted[0].eventTime,
    lastFailureTime: counted[counted.length - 1].eventTime,
    successTime: success.eventTime,
    sourceIpAddresses: [...new Set(ips)],
    failureEventIds: counted.map((f) => f.eventId),
    successEventId: success.eventId,
    successEvent: { eventSource: success.eventSource, eventName: success.eventName },
    accountId: success.accountId,
    region: success.region,
    correlationWindowSeconds: windowSeconds,
  };
  return { detail, consumed: atOrBefore };
}

