import { App } from 'aws-cdk-lib';

/**
 * The example app's settings, read from `cdk.json` context (override any of
 * them with `-c key=value`). The ids in cdk.json are placeholders: nothing is
 * looked up, so `npx cdk synth` runs offline with no credentials.
 */
export interface ExampleSettings {
  readonly organizationId: string;
  readonly managementAccount: string;
  readonly centralAccount: string;
  readonly centralRegion: string;
  readonly centralArchiveKeyArn: string;
  readonly hostingAccount: string;
  readonly applicationAccount: string;
  readonly siemAccount: string;
  readonly siemExternalId: string;
  readonly breakGlassRoleName: string;
  /**
   * Whether the hosting platform's VPC gets its flow logs (`-c hostingFlowLogs=false` removes them, to see HP-E1
   * fail synth and turn NOT_MET in the report).
   */
  readonly hostingFlowLogs: boolean;
  /**
   * Whether the common rule packs (cdk-nag AwsSolutions and NIST 800-53 R5, the Control Tower guard rules) run beside
   * ours: `-c commonRulePacks=false` leaves them out for a faster loop (they about double the synth's CPU time).
   */
  readonly commonRulePacks: boolean;
}

const KEYS: Array<Exclude<keyof ExampleSettings, 'hostingFlowLogs' | 'commonRulePacks'>> = [
  'organizationId', 'managementAccount', 'centralAccount', 'centralRegion', 'centralArchiveKeyArn',
  'hostingAccount', 'applicationAccount', 'siemAccount', 'siemExternalId', 'breakGlassRoleName',
];

/** Read every setting; a missing one is an error that names it and where to set it. */
export function readSettings(app: App): ExampleSettings {
  const missing = KEYS.filter((k) => typeof app.node.tryGetContext(k) !== 'string' || app.node.tryGetContext(k) === '');
  if (missing.length > 0) {
    throw new Error(`cdk.json context is missing ${missing.join(', ')}; add them under "context" or pass -c ${missing[0]}=...`);
  }
  return {
    ...Object.fromEntries(KEYS.map((k) => [k, app.node.tryGetContext(k) as string])),
    hostingFlowLogs: booleanContext(app, 'hostingFlowLogs'),
    commonRulePacks: booleanContext(app, 'commonRulePacks'),
  } as unknown as ExampleSettings;
}

/** A true/false context value, true when absent; anything else is an error naming it. */
function booleanContext(app: App, key: string): boolean {
  const value = app.node.tryGetContext(key) ?? true;
  if (![true, false, 'true', 'false'].includes(value)) {
    throw new Error(`${key} '${value}' is not a boolean; pass -c ${key}=false or leave it out.`);
  }
  return value === true || value === 'true';
}
