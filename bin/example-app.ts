import { App, Validations } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import {
  CentralLogTargets, LogCollectionChecks, LoggingProfile, MaturityTier, ServiceExposure, SignInForwardingStacks,
} from '../lib';
import { CentralRegionalStack } from './central-regional-stack';
import { CentralLoggingStack } from './central-stack';
import { ExampleSettings, readSettings } from './context';
import { CustomApplicationStack } from './custom-application-stack';
import { GlobalIdentityStack } from './global-identity-stack';
import { OrganizationStack } from './organization-stack';
import { HostingPlatformStack } from './hosting-platform-stack';
import { addCommonRulePacks } from './rule-packs';

/** The stacks of the example app. */
export interface ExampleApp {
  readonly app: App;
  readonly settings: ExampleSettings;
  readonly central: CentralLoggingStack;
  readonly hostingPlatform: HostingPlatformStack;
  readonly hostingPlatformIam: GlobalIdentityStack;
  readonly customApplication: CustomApplicationStack;
  /** One small stack per sign-in region (us-east-1, us-east-2, eu-north-1, ap-southeast-2) of each workload account. */
  readonly hostingPlatformSignIn: SignInForwardingStacks;
  readonly customApplicationSignIn: SignInForwardingStacks;
  readonly organization: OrganizationStack;
  /** The central account's stack in `secondRegion`, when set. */
  readonly centralSecondRegion?: CentralRegionalStack;
}

/** Options of {@link buildExampleApp}. */
export interface ExampleAppOptions {
  /**
   * Register the common rule packs (cdk-nag AwsSolutions and NIST 800-53 R5, Control Tower guard rules) beside ours.
   * They more than double the time of a synthesis.
   *
   * @default - the `commonRulePacks` context value (`-c commonRulePacks=true`), false when absent
   */
  readonly commonRulePacks?: boolean;
}

/**
 * Build the example app: the log platform (central log account, and the
 * management account's organisation trail and guardrail) and two workloads.
 * Each is a group of stacks checked at its declared tier, profile and exposure. Every id comes from cdk.json context.
 */
export function buildExampleApp(app: App, options: ExampleAppOptions = {}): ExampleApp {
  const settings = readSettings(app);
  if (options.commonRulePacks ?? settings.commonRulePacks) {
    addCommonRulePacks(app);
  }

  // The organisation-level platform: the central log account and the management account (organisation trail, guardrail).
  const platform = new Construct(app, 'LogPlatform');
  const central = new CentralLoggingStack(platform, 'Central', settings, { stackName: 'CentralLogging' });
  // Workload accounts address the central account through this descriptor, not CloudFormation exports.
  const targets = CentralLogTargets.fromAttributes({
    accountId: settings.centralAccount,
    region: settings.centralRegion,
    organizationId: settings.organizationId,
    archiveKeyArn: settings.centralArchiveKeyArn,
    // The central region's shared Resolver query logging configuration: DnsQueryLogging of that region associates with it.
    resolverQueryLogConfigIds: settings.centralResolverQueryLogConfigId ? { [settings.centralRegion]: settings.centralResolverQueryLogConfigId } : undefined,
    // The archive hands logs to the SIEM: the second region's landing buckets then notify a queue of that region it reads.
    siemRoleName: central.central.targets.siemRoleName,
  });

  // A workload is a group of stacks; the rule pack and the report judge the group as one declaration.
  const hosting = new Construct(app, 'HostingPlatform');
  const hostingPlatform = new HostingPlatformStack(hosting, 'Regional', settings, targets, { stackName: 'HostingPlatform' });
  const hostingPlatformIam = new GlobalIdentityStack(hosting, 'Iam', settings.hostingAccount, targets, { stackName: 'HostingPlatformIam' });
  const application = new Construct(app, 'CustomApplication');
  const customApplication = new CustomApplicationStack(application, 'Regional', settings, targets, { stackName: 'CustomApplication' },
    central.loadBalancerLogs);
  // Console sign-ins are recorded in us-east-1, us-east-2, eu-north-1 or ap-southeast-2 (README, "Where identity events
  // are recorded"): each workload account forwards them from all four to the central bus, where one correlator sees them.
  const hostingPlatformSignIn = new SignInForwardingStacks(hosting, 'SignIn', {
    account: settings.hostingAccount, central: targets, stackNamePrefix: 'HostingPlatformSignIn',
  });
  const customApplicationSignIn = new SignInForwardingStacks(application, 'SignIn', {
    account: settings.applicationAccount, central: targets, stackNamePrefix: 'CustomApplicationSignIn',
  });
  const organization = new OrganizationStack(platform, 'Organization', settings, targets, { stackName: 'Organization' });
  // The central account's per-region parts in a second region: deployed after the central stack (its buckets replicate
  // into the central vault, whose key and bucket must exist).
  let centralSecondRegion: CentralRegionalStack | undefined;
  if (settings.secondRegion) {
    centralSecondRegion = new CentralRegionalStack(platform, 'SecondRegion', settings, settings.secondRegion, targets,
      { stackName: `CentralLogging-${settings.secondRegion}` });
    centralSecondRegion.addStackDependency(central, 'its landing buckets replicate into the central vault');
  }

  // Each declaration is checked at its tier, profile and exposure: rule findings fail synth (and, for the hosting
  // platform, NOT_MET requirements not accepted below),
  // and the coverage report (cdk.out/log-collection-report.md) lists every requirement for it.
  declare(platform, MaturityTier.BASELINE, LoggingProfile.HOSTING_PLATFORM, ServiceExposure.INTERNAL);
  declare(hosting, HostingPlatformStack.TIER, LoggingProfile.HOSTING_PLATFORM, HostingPlatformStack.EXPOSURE);
  declare(application, CustomApplicationStack.TIER, LoggingProfile.CUSTOM_APPLICATION, CustomApplicationStack.EXPOSURE);

  return {
    app, settings, central, hostingPlatform, hostingPlatformIam, customApplication, organization, hostingPlatformSignIn, customApplicationSignIn,
    centralSecondRegion,
  };
}

function declare(scope: Construct, tier: MaturityTier, profile: LoggingProfile, exposure: ServiceExposure): void {
  // The report-level gate is on by default for the hosting platform profile: it fails synth on a NOT_MET requirement
  // unless the gap is accepted here, with the reason (none of the three is met by a construct of this library).
  const acceptedGaps = profile === LoggingProfile.HOSTING_PLATFORM ? HOSTING_PLATFORM_ACCEPTED_GAPS : undefined;
  Validations.of(scope).addPlugins(new LogCollectionChecks(scope, { tier, profile, exposure, acceptedGaps }));
}

/**
 * The example estate's accepted gaps (the README's CI gate accepts the same): none. The guest-level sources
 * (bin/hosting-guest-sources.ts) take HP-B2, HP-B4, HP-E5 and PU-2 out of NOT_MET.
 */
export const HOSTING_PLATFORM_ACCEPTED_GAPS: { [requirementId: string]: string } = {};
