import { HOSTED_ZONE_ID_PATTERN, INVENTORY_ENV } from './contract';
import { WriterSettings } from './writer';

/** The exporter's settings, read from the environment the construct sets. */
export interface ExportConfig extends WriterSettings {
  /** Tag keys copied as purpose metadata, in order. */
  readonly purposeTagKeys: string[];
  /** Hosted zone ids to export; empty for every zone the account owns that its VPCs here are associated with. */
  readonly zoneIds: string[];
}

/** Read and check the settings; throws naming the missing or bad variable. */
export function readConfig(env: NodeJS.ProcessEnv): ExportConfig {
  const objectPrefix = required(env, INVENTORY_ENV.objectPrefix);
  if (!objectPrefix.endsWith('/')) {
    throw new Error(`${INVENTORY_ENV.objectPrefix} must end with '/', got '${objectPrefix}'.`);
  }
  const purposeTagKeys = stringList(env, INVENTORY_ENV.purposeTagKeys);
  const zoneIds = stringList(env, INVENTORY_ENV.zoneIds);
  const badZone = zoneIds.find((z) => !HOSTED_ZONE_ID_PATTERN.test(z));
  if (badZone !== undefined) {
    throw new Error(`${INVENTORY_ENV.zoneIds} contains '${badZone}', which is not a hosted zone id.`);
  }
  return {
    writerRoleArn: required(env, INVENTORY_ENV.writerRoleArn),
    bucketName: required(env, INVENTORY_ENV.bucketName),
    objectPrefix,
    centralAccountId: required(env, INVENTORY_ENV.centralAccountId),
    centralRegion: required(env, INVENTORY_ENV.centralRegion),
    archiveKeyArn: required(env, INVENTORY_ENV.archiveKeyArn),
    sourceAccountId: required(env, INVENTORY_ENV.sourceAccountId),
    sourceRegion: required(env, 'AWS_REGION'),
    purposeTagKeys,
    zoneIds,
  };
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) {
    throw new Error(`Environment variable ${name} is not set; the NetworkInventoryExport construct sets it.`);
  }
  return value;
}

function stringList(env: NodeJS.ProcessEnv, name: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(required(env, name));
  } catch (e) {
    throw new Error(`${name} is not valid JSON: ${(e as Error).message}`, { cause: e });
  }
  if (!Array.isArray(parsed) || parsed.some((v) => typeof v !== 'string')) {
    throw new Error(`${name} must be a JSON array of strings.`);
  }
  return parsed as string[];
}
