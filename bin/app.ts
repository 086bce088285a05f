#!/usr/bin/env node
import { App, Validations } from 'aws-cdk-lib';
import { CentralLogTargets, LoggingProfile, LogCollectionChecks, MaturityTier, ServiceExposure } from '../lib';
import { CentralLoggingStack } from './central-stack';
import { readSettings } from './context';
import { CustomApplicationStack } from './custom-application-stack';
import { GlobalIdentityStack } from './global-identity-stack';
import { OrganizationGuardrailStack } from './guardrail-stack';
import { HostingPlatformStack } from './hosting-platform-stack';

// Example app: one central log account, two workload accounts, the organisation guardrail.
// Every id comes from cdk.json context; `npx cdk synth` runs offline.
const app = new App();
const settings = readSettings(app);

const centralStack = new CentralLoggingStack(app, 'CentralLogging', settings);

// Workload accounts address the central account through this descriptor, not CloudFormation exports.
const central = CentralLogTargets.fromAttributes({
  accountId: settings.centralAccount,
  region: settings.centralRegion,
  organizationId: settings.organizationId,
  archiveKeyArn: settings.centralArchiveKeyArn,
});

const hosting = new HostingPlatformStack(app, 'HostingPlatform', settings, central);
const hostingIam = new GlobalIdentityStack(app, 'HostingPlatformIam', settings.hostingAccount, central);
const application = new CustomApplicationStack(app, 'CustomApplication', settings, central);
new OrganizationGuardrailStack(app, 'OrganizationGuardrail', settings, central);

// Each stack is checked at its declared tier, profile and exposure; unmet requirements fail synth.
const declarations: Array<[any, MaturityTier, LoggingProfile, ServiceExposure]> = [
  [centralStack, MaturityTier.BASELINE, LoggingProfile.HOSTING_PLATFORM, ServiceExposure.INTERNAL],
  [hosting, HostingPlatformStack.TIER, LoggingProfile.HOSTING_PLATFORM, HostingPlatformStack.EXPOSURE],
  [hostingIam, HostingPlatformStack.TIER, LoggingProfile.HOSTING_PLATFORM, HostingPlatformStack.EXPOSURE],
  [application, CustomApplicationStack.TIER, LoggingProfile.CUSTOM_APPLICATION, CustomApplicationStack.EXPOSURE],
];
for (const [stack, tier, profile, exposure] of declarations) {
  Validations.of(app).addPlugins(new LogCollectionChecks(stack, { tier, profile, exposure }));
}

app.synth();
