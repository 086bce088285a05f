#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { buildExampleApp } from './example-app';

// Example app: `npx cdk synth` (offline). See bin/example-app.ts and README.md.
buildExampleApp(new App()).app.synth();
