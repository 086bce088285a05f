import { App, AppProps, cx_api } from 'aws-cdk-lib';

/**
 * A new app with the feature flags of a new CDK project: aws-cdk-lib's current recommendations
 * (`cx_api.CURRENTLY_RECOMMENDED_FLAGS`, what `cdk init` writes into a new project's cdk.json). The example shows the
 * library as most of its users run it; the library's unit tests use no flags (an older project's defaults), so the
 * constructs the example uses run under both settings. Context given in `props` and cdk.json (`-c` on the command
 * line) override a flag.
 */
export function exampleApp(props: AppProps = {}): App {
  return new App({ ...props, context: { ...cx_api.CURRENTLY_RECOMMENDED_FLAGS, ...props.context } });
}

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
   * A second region of the central log account (`secondRegion`): a stack there holds that region's landing buckets,
   * Resolver query logging configuration and CloudWatch Logs destination. Optional.
   */
  readonly secondRegion?: string;
  /**
   * Id (`rqlc-...`) of the central region's shared Resolver query logging configuration (the central stack's
   * `ResolverQueryLogConfigId` output, `centralResolverQueryLogConfigId`), given to the workloads' CentralLogTargets.
   * Optional: without it the hosting platform creates a configuration of its own.
   */
  readonly centralResolverQueryLogConfigId?: string;
  /** The OUs the workload baseline StackSet targets (`baselineOrganizationalUnitIds`, comma-separated). */
  readonly baselineOrganizationalUnitIds: string[];
  /** The regions of the workload baseline StackSet (`baselineRegions`, comma-separated). */
  readonly baselineRegions: string[];
  /** The central account's shared Resolver query log configuration per region (`region=rqlc-…,…`). */
  readonly baselineResolverQueryLogConfigIds: { [region: string]: string };
  /**
   * Whether the common rule packs (cdk-nag AwsSolutions and NIST 800-53 R5, the Control Tower guard rules) run beside
   * ours: `-c commonRulePacks=true`. Off when absent, so that the everyday `npx cdk synth` stays fast (they more than
   * double its time); CI (`.ci/run`) and test/example/example-app.test.ts run them and keep them at zero findings.
   */
  readonly commonRulePacks: boolean;
}

const KEYS: Array<Exclude<keyof ExampleSettings, 'hostingFlowLogs' | 'commonRulePacks' | 'baselineOrganizationalUnitIds' | 'baselineRegions'
  | 'baselineResolverQueryLogConfigIds'>> = [
  'organizationId', 'managementAccount', 'centralAccount', 'centralRegion', 'centralArchiveKeyArn',
  'hostingAccount', 'applicationAccount', 'siemAccount', 'siemExternalId', 'breakGlassRoleName',
];

/** The organisation-wide rollout's settings (lists as comma-separated strings, so -c can override them). */
const BASELINE_KEYS = ['baselineOrganizationalUnitIds', 'baselineRegions', 'baselineResolverQueryLogConfigIds'] as const;

function list(app: App, key: string): string[] {
  return (app.node.tryGetContext(key) as string).split(',').map((v) => v.trim()).filter((v) => v !== '');
}

/** Read every setting; a missing one is an error that names it and where to set it. */
export function readSettings(app: App): ExampleSettings {
  const missing = [...KEYS, ...BASELINE_KEYS].filter((k) => typeof app.node.tryGetContext(k) !== 'string' || app.node.tryGetContext(k) === '');
  if (missing.length > 0) {
    throw new Error(`cdk.json context is missing ${missing.join(', ')}; add them under "context" or pass -c ${missing[0]}=...`);
  }
  return {
    ...Object.fromEntries(KEYS.map((k) => [k, app.node.tryGetContext(k) as string])),
    hostingFlowLogs: booleanContext(app, 'hostingFlowLogs', true),
    commonRulePacks: booleanContext(app, 'commonRulePacks', false),
    secondRegion: optionalContext(app, 'secondRegion'),
    centralResolverQueryLogConfigId: optionalContext(app, 'centralResolverQueryLogConfigId'),
    baselineOrganizationalUnitIds: list(app, 'baselineOrganizationalUnitIds'),
    baselineRegions: list(app, 'baselineRegions'),
    baselineResolverQueryLogConfigIds: Object.fromEntries(list(app, 'baselineResolverQueryLogConfigIds').map((pair) => pair.split('='))),
  } as unknown as ExampleSettings;
}

/** An optional string setting: undefined when absent or empty. */
function optionalContext(app: App, key: string): string | undefined {
  const value = app.node.tryGetContext(key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** A true/false context value, true when absent; anything else is an error naming it. */
function booleanContext(app: App, key: string, absent: boolean): boolean {
  const value = app.node.tryGetContext(key) ?? absent;
  if (![true, false, 'true', 'false'].includes(value)) {
    throw new Error(`${key} '${value}' is not a boolean; pass -c ${key}=${!absent} or leave it out.`);
  }
  return value === true || value === 'true';
}
