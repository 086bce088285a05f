/**
 * auth-correlator: records failed authentications per principal and, when the
 * same principal then authenticates successfully within the correlation
 * window, emits an "Authentication Success After Failure" event to the
 * central security event bus (requirement HP-B1 / CA-B1, item 5).
 *
 * Invoked asynchronously by EventBridge rules for the sign-in events the
 * IdentityEventForwarding construct selects from the requirement catalogue.
 * Any error is thrown, so Lambda retries the event and, after the retries,
 * sends it to the function's dead-letter queue (which is alarmed).
 */
import { createDocumentClient, eventBridgeClients } from './clients';
import { classify } from './classify';
import { CloudTrailEventBridgeEvent } from './cloudtrail';
import { readConfig } from './config';
import { correlate } from './correlate';
import { emitSuccessAfterFailure } from './emit';
import { FailureStore } from './store';

/** What one invocation did (returned for tests and logged). */
export interface CorrelatorResult {
  readonly action: 'IGNORED' | 'FAILURE_RECORDED' | 'NO_PRIOR_FAILURE' | 'EMITTED';
  readonly reason?: string;
  readonly principalKey?: string;
  readonly failureCount?: number;
}

const documentClient = createDocumentClient();
const eventBridgeClientFor = eventBridgeClients();

export async function handler(event: CloudTrailEventBridgeEvent): Promise<CorrelatorResult> {
  const config = readConfig(process.env);
  const attempt = classify(event.detail ?? {}, config.rules);
  if (attempt.outcome === 'IGNORED') {
    return log({ action: 'IGNORED', reason: attempt.reason });
  }
  const store = new FailureStore(documentClient, config.tableName);

  if (attempt.outcome === 'FAILURE') {
    await store.recordFailure(attempt, config.windowSeconds);
    return log({ action: 'FAILURE_RECORDED', principalKey: attempt.principal.keys[0] });
  }

  const stored = await store.failuresBefore(attempt.principal.keys, attempt.eventTime, config.windowSeconds);
  const correlation = correlate(attempt, stored, config.windowSeconds);
  if (!correlation.detail) {
    if (correlation.consumed.length > 0) {
      await store.clear(correlation.consumed);
    }
    return log({ action: 'NO_PRIOR_FAILURE', principalKey: attempt.principal.keys[0] });
  }
  // Emit first, clear after: if the emit fails the failures stay and the retried invocation emits again.
  await emitSuccessAfterFailure(eventBridgeClientFor(config.eventBusArn), config.eventBusArn, correlation.detail);
  await store.clear(correlation.consumed);
  return log({ action: 'EMITTED', principalKey: correlation.detail.principalKey, failureCount: correlation.detail.failureCount });
}

function log(result: CorrelatorResult): CorrelatorResult {
  console.log(JSON.stringify(result));
  return result;
}
