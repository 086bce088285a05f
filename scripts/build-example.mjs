#!/usr/bin/env node
// Bundles the example app (bin/app.ts and the library sources it imports) into dist/example/app.js with esbuild,
// so `npx cdk synth` runs plain JavaScript: no TypeScript compiler at synth (esbuild strips the types in well under
// a second; `npm test` type-checks bin/ and lib/ with tsc). Packages stay external (aws-cdk-lib, constructs, cdk-nag,
// the rule packs), loaded from node_modules as usual. The library finds its Lambda handler bundles from its
// package root (lib/core/handler-asset.ts walks up to package.json), so the bundle's location does not matter.
// Not part of the published package (`files` in package.json lists only dist/lib and dist/handlers).
import { build } from 'esbuild';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
await build({
  entryPoints: [join(root, 'bin', 'app.ts')],
  outfile: join(root, 'dist', 'example', 'app.js'),
  bundle: true,
  packages: 'external',
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
});
