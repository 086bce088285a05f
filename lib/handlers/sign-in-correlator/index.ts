/**
 * sign-in-correlator: the central account's one correlator. Fed by a rule on
 * the central security event bus with the sign-in events of every account
 * and region, it stores each failed and completed authentication per
 * principal and, when a success follows at least `MINIMUM_FAILURES` failures
 * of the same principal within the window (in any region or account), puts
 * one "Authentication Success After Failure" event on the central bus (a rule
 * there sends it to the alert topic).
 *
 * - At-least-once delivery: every attempt is stored under its CloudTrail event
 *   id (a redelivery overwrites itself), and each success is reported at most
 *   once (a conditional marker keyed on its event id).
 * - Out of order: a success looks back over the window; a failure that arrives
 *   late looks forward over the window for successes it precedes and
 *   re-evaluates them. The result depends on event times only.
 *
 * Any error is thrown, so Lambda retries the event and then sends it to the
 * function's dead-letter queue (which is alarmed).
 */
import { createDocumentClient, eventBridgeClients } from '../auth-correlator/clients';
import { classify } from '../auth-correlator/classify';
import { CloudTrailEventBridgeEvent } from '../auth-correlator/cloudtrail';
import { emitSuccessAfterFailure } from '../auth-correlator/emit';
import { readCentralConfig } from './config';
import { distinctAttempts, evaluateSuccess, StoredAttempt, toStoredAttempts } from './evaluate';
import { AttemptStore } from './store';

/** Stored items outlive twice the window by this much before TTL may delete them. */
const TTL_GRACE_SECONDS = 3600;

/** What one invocation did (returned for tests and logged). */
export interface CentralCorrelatorResult {
  readonly action: 'IGNORED' | 'FAILURE_RECORDED' | 'SUCCESS_RECORDED';
  readonly reason?: string;
  readonly principalKey?: string;
  /** Event ids of the successes reported by this invocation. */
  readonly reported: string[];
  /** Event ids of successes that met the threshold but had been reported already. */
  readonly alreadyReported: string[];
}

const documentClient = createDocumentClient();
const eventBridgeClientFor = eventBridgeClients();

export async function handler(event: CloudTrailEventBridgeEvent): Promise<CentralCorrelatorResult> {
  const config = readCentralConfig(process.env);
  const attempt = classify(event.detail ?? {}, config.rules);
  if (attempt.outcome === 'IGNORED') {
    return log({ action: 'IGNORED', reason: attempt.reason, reported: [], alreadyReported: [] });
  }
  const store = new AttemptStore(documentClient, config.tableName);
  const windowMs = config.windowSeconds * 1000;
  const expiresAt = Math.floor(Date.parse(attempt.eventTime) / 1000) + 2 * config.windowSeconds + TTL_GRACE_SECONDS;
  const items = toStoredAttempts(attempt, expiresAt);
  await store.record(items);

  // The successes whose verdict this attempt can change: itself, or the successes a (possibly late) failure precedes.
  let candidates: StoredAttempt[];
  if (attempt.outcome === 'SUCCESS') {
    candidates = [items[0]];
  } else {
    const later = await store.between(attempt.principal.keys, attempt.eventTime,
      new Date(Date.parse(attempt.eventTime) + windowMs).toISOString());
    candidates = distinctAttempts(later).filter((a) => a.outcome === 'SUCCESS' && a.directory === attempt.directory);
  }

  const reported: string[] = [];
  const alreadyReported: string[] = [];
  for (const success of candidates) {
    const nearby = await store.between(success.keys, new Date(Date.parse(success.eventTime) - windowMs).toISOString(), success.eventTime);
    const detail = evaluateSuccess(success, nearby, config.windowSeconds, config.minimumFailures);
    if (!detail) {
      continue;
    }
    if (!await store.claim(success.eventId, success.expiresAt)) {
      alreadyReported.push(success.eventId);
      continue;
    }
    try {
      await emitSuccessAfterFailure(eventBridgeClientFor(config.eventBusArn), config.eventBusArn, detail);
    } catch (e) {
      // Give the claim back so Lambda's retry reports it.
      await store.release(success.eventId);
      throw e;
    }
    reported.push(success.eventId);
  }
  return log({
    action: attempt.outcome === 'SUCCESS' ? 'SUCCESS_RECORDED' : 'FAILURE_RECORDED',
    principalKey: attempt.principal.keys[0],
    reported,
    alreadyReported,
  });
}

function log(result: CentralCorrelatorResult): CentralCorrelatorResult {
  console.log(JSON.stringify(result));
  return result;
}
