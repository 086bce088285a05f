import { CENTRAL_CORRELATOR_ENV, CorrelationRule } from './contract';

/** The central correlator's settings, read from the environment the construct sets. */
export interface CentralCorrelatorConfig {
  readonly tableName: string;
  readonly eventBusArn: string;
  readonly windowSeconds: number;
  readonly minimumFailures: number;
  readonly rules: CorrelationRule[];
}

/** Read and check the settings; throws naming the missing or bad variable. */
export function readCentralConfig(env: NodeJS.ProcessEnv): CentralCorrelatorConfig {
  const windowSeconds = positiveInteger(env, CENTRAL_CORRELATOR_ENV.windowSeconds);
  const minimumFailures = positiveInteger(env, CENTRAL_CORRELATOR_ENV.minimumFailures);
  let rules: unknown;
  try {
    rules = JSON.parse(required(env, CENTRAL_CORRELATOR_ENV.rules));
  } catch (e) {
    throw new Error(`${CENTRAL_CORRELATOR_ENV.rules} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (!Array.isArray(rules) || rules.length === 0) {
    throw new Error(`${CENTRAL_CORRELATOR_ENV.rules} must be a non-empty JSON array of correlation rules.`);
  }
  return {
    tableName: required(env, CENTRAL_CORRELATOR_ENV.tableName),
    eventBusArn: required(env, CENTRAL_CORRELATOR_ENV.eventBusArn),
    windowSeconds,
    minimumFailures,
    rules: rules as CorrelationRule[],
  };
}

function positiveInteger(env: NodeJS.ProcessEnv, name: string): number {
  const text = required(env, name);
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(`${name} must be a positive whole number, got '${text}'.`);
  }
  return value;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) {
    throw new Error(`Environment variable ${name} is not set; the SignInCorrelation construct sets it.`);
  }
  return value;
}
