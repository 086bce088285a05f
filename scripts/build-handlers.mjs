#!/usr/bin/env node
// Bundles every Lambda handler under lib/handlers/<name>/index.ts into
// dist/handlers/<name>/index.js: plain JavaScript, ready to run on the
// nodejs22.x runtime, so users of the library never need Docker or a bundler
// at their own synth. Constructs load the output with lambda.Code.fromAsset.
// Runs before every `cdk synth` of the example app (cdk.json), before `npm test` (pretest)
// and in `npm run build` (and so `npm pack`). Nothing runs at a consumer's install.
import { build } from 'esbuild';
import { readdirSync, existsSync, mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const handlersDir = join(root, 'lib', 'handlers');
const outRoot = join(root, 'dist', 'handlers');
const names = existsSync(handlersDir)
  ? readdirSync(handlersDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(handlersDir, d.name, 'index.ts')))
      .map((d) => d.name)
      .sort()
  : [];

for (const name of names) {
  const outdir = join(outRoot, name);
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [join(handlersDir, name, 'index.ts')],
    outfile: join(outdir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node22',
    format: 'cjs',
    // The Lambda Node.js runtimes include the AWS SDK for JavaScript v3
    // (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html), so no @aws-sdk or @smithy
    // package is bundled: the handlers use the runtime's, one consistent set, and the bundles stay small
    // and readable. That the runtime's set includes @aws-sdk/lib-dynamodb (the correlators' document
    // client) is what the runtime image lists, not what an AWS page states: unverified.
    external: ['@aws-sdk/*', '@smithy/*'],
    minify: false,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
if (!process.argv.includes('--quiet')) console.log(`built ${names.length} handler bundle(s)${names.length ? ': ' + names.join(', ') : ''} into dist/handlers`);
