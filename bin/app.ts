#!/usr/bin/env node
import { exampleApp } from './context';
import { buildExampleApp } from './example-app';

// cdk-nag's NIST and AWS Solutions event bus rules read CfnEventBusPolicy.principal, which aws-cdk-lib marks deprecated; keep
// that jsii notice (not about this app) out of a clean synth. JSII_DEPRECATED=warn on the command line shows it again.
process.env.JSII_DEPRECATED ??= 'quiet';

// Example app: `npx cdk synth` (offline), with a new project's feature flags (bin/context.ts). See bin/example-app.ts
// and README.md.
buildExampleApp(exampleApp()).app.synth();
