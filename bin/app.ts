#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { buildExampleApp } from './example-app';

// cdk-nag's NIST and AWS Solutions event bus rules read CfnEventBusPolicy.principal, which aws-cdk-lib marks deprecated; keep
// that jsii notice (not about this app) out of a clean synth. JSII_DEPRECATED=warn on the command line shows it again.
process.env.JSII_DEPRECATED ??= 'quiet';

// Example app: `npx cdk synth` (offline). See bin/example-app.ts and README.md.
buildExampleApp(new App()).app.synth();
