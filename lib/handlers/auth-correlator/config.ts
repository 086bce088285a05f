import { CORRELATOR_ENV, CorrelationRule } from './contract';

/** The correlator's settings, read from the environment the construct sets. */
export interface CorrelatorConfig {
  readonly tableName: string;
  readonly eventBusArn: string;
  readonly windowSeconds: number;
  readonly rules: CorrelationRule[];
}

/** Read and check the settings; throws naming the missing or bad variable. */
export function readConfig(env: NodeJS.ProcessEnv): CorrelatorConfig {
  const tableName = required(env, CORRELATOR_ENV.tableName);
  const eventBusArn = required(env, CORRELATOR_ENV.eventBusArn);
  const windowText = required(env, CORRELATOR_ENV.windowSeconds);
  const windowSeconds = Number(windowText);
  if (!Number.isInteger(windowSeconds) || windowSeconds <= 0) {
    throw new Error(`${CORRELATOR_ENV.windowSeconds} must be a positive whole number of seconds, got '${windowText}'.`);
  }
  let rules: unknown;
  try {
    rules = JSON.parse(required(env, CORRELATOR_ENV.rules));
  } catch (e) {
    throw new Error(`${CORRELATOR_ENV.rules} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (!Array.isArray(rules) || rules.some((r) => !isRule(r))) {
    throw new Error(`${CORRELATOR_ENV.rules} must be a JSON array of {directory, eventSource, failureEventNames, failureErrorCodes, successEventNames}.`);
  }
  return { tableName, eventBusArn, windowSeconds, rules: rules as CorrelationRule[] };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) {
    throw new Error(`Environment variable ${name} is not set; the IdentityEventForwarding construct sets it.`);
  }
  return value;
}

function isRule(r: unknown): boolean {
  const o = r as Record<string, unknown>;
  const strings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');
  return typeof o === 'object' && o !== null && typeof o.directory === 'string' && typeof o.eventSource === 'string'
    && strings(o.failureEventNames) && strings(o.failureErrorCodes) && strings(o.successEventNames);
}
