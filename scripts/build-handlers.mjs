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
    // The Lambda Node.js runtimes include the AWS SDK for JavaScript v3 clients
    // (https://docs.aws.amazon.com/lambda/latest/dg/lambda-nodejs.html), so the
    // clients are not bundled: the bundles stay a few kilobytes, readable, and the
    // package small. Helpers such as @aws-sdk/lib-dynamodb are still bundled.
    external: ['@aws-sdk/client-*'],
    minify: false,
    sourcemap: false,
    legalComments: 'none',
    logLevel: 'warning',
  });
}
if (!process.argv.includes('--quiet')) console.log(`built ${names.length} handler bundle(s)${names.length ? ': ' + names.join(', ') : ''} into dist/handlers`);
