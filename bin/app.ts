#!/usr/bin/env node
import { App } from 'aws-cdk-lib';

// Example app: grows with the central and workload stacks (see README).
const app = new App();
app.synth();
