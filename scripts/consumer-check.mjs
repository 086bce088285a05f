#!/usr/bin/env node
// What a new user does, checked in CI: pack the library, install the tarball into a fresh
// project with the LOWEST versions the peer dependencies allow, paste the README's Quick Start
// into it unchanged, compile it with tsc (strict) and synthesise it, with no feature flags and with a new
// project's. Fails (exit 1) when any step fails, when the tarball is over its size budget, when a
// synthesis writes no templates or no coverage report, or when the flags change the findings it
// prints. Needs the npm registry; runs after `npm test` in .ci/run.
// Leaves nothing behind: its directory under the OS temp directory is removed at the end.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const MAX_TARBALL_BYTES = 800 * 1024;

/** `^2.276.0` → `2.276.0`: the lowest version a caret or tilde range allows. */
function lowest(range) {
  const m = /^[\^~]?(\d+\.\d+\.\d+)$/.exec(range);
  if (!m) {
    throw new Error(`peer dependency range '${range}' is not ^x.y.z, ~x.y.z or x.y.z; the consumer check cannot pick its lowest version`);
  }
  return m[1];
}

/** The TypeScript blocks of the README's "Quick start" section, joined: what a reader pastes into one file. */
export function quickStartSource(readme) {
  const start = readme.indexOf('\n## Quick start');
  if (start < 0) {
    throw new Error('README.md has no "## Quick start" section');
  }
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const blocks = [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
  if (blocks.length === 0) {
    throw new Error('the Quick start section has no ```ts block');
  }
  return blocks.join('\n');
}

function run(cmd, args, cwd, env = {}) {
  console.log(`$ ${cmd} ${args.join(' ')}`);
  execFileSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, ...env } });
}

function main() {
  const work = mkdtempSync(join(tmpdir(), 'consumer-check-'));
  try {
    run('npm', ['run', 'build'], root);
    const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], { cwd: root, encoding: 'utf8' }));
    const tarball = join(work, packed[0].filename);
    const size = statSync(tarball).size;
    console.log(`tarball ${packed[0].filename}: ${(size / 1024).toFixed(0)} KiB, ${packed[0].entryCount} files`);
    if (size > MAX_TARBALL_BYTES) {
      throw new Error(`the tarball is ${size} bytes, over the ${MAX_TARBALL_BYTES}-byte budget`);
    }
    const inlineMaps = packed[0].files.filter((f) => f.path.endsWith('.js')).filter((f) =>
      readFileSync(join(root, f.path), 'utf8').includes('sourceMappingURL=data:'));
    if (inlineMaps.length > 0) {
      throw new Error(`inline source maps in ${inlineMaps.map((f) => f.path).join(', ')}`);
    }

    const app = join(work, 'app');
    run('mkdir', ['-p', app], work);
    const peers = Object.fromEntries(Object.entries(pkg.peerDependencies).map(([name, range]) => [name, lowest(range)]));
    writeFileSync(join(app, 'package.json'), JSON.stringify({
      name: 'quick-start-consumer',
      private: true,
      dependencies: { [pkg.name]: `file:${tarball}`, ...peers },
      devDependencies: { typescript: pkg.devDependencies.typescript, '@types/node': pkg.devDependencies['@types/node'] },
    }, null, 2));
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, esModuleInterop: true, skipLibCheck: true, outDir: 'out' },
      files: ['quick-start.ts'],
    }, null, 2));
    writeFileSync(join(app, 'quick-start.ts'), quickStartSource(readFileSync(join(root, 'README.md'), 'utf8')));
    console.log(`installing ${pkg.name} with ${Object.entries(peers).map(([n, v]) => `${n}@${v}`).join(', ')}`);
    run('npm', ['install', '--no-audit', '--no-fund'], app);
    run('npx', ['tsc', '-p', '.'], app);
    // Twice: as a project with no feature flags set (an older project), and with the flags `cdk init` writes into a
    // new project's cdk.json (aws-cdk-lib's current recommendations, passed as the CLI passes cdk.json's context).
    const recommended = execFileSync('node', ['-p', "JSON.stringify(require('aws-cdk-lib/cx-api').CURRENTLY_RECOMMENDED_FLAGS)"],
      { cwd: app, encoding: 'utf8' }).trim();
    const projects = [['no feature flags', '{}'], ['a new project\'s feature flags', recommended]];
    const findings = [];
    for (const [i, [what, context]] of projects.entries()) {
      const outdir = join(app, `cdk.out.${i}`);
      console.log(`synthesising the Quick Start with ${what}`);
      const synth = spawnSync('node', ['out/quick-start.js'], {
        cwd: app, encoding: 'utf8', env: { ...process.env, CDK_OUTDIR: outdir, CDK_CONTEXT_JSON: context },
      });
      process.stdout.write(synth.stdout);
      process.stderr.write(synth.stderr);
      if (synth.status !== 0) {
        throw new Error(`the Quick Start's synthesis with ${what} exited with ${synth.status}`);
      }
      // aws-cdk-lib prints the validation report on stderr.
      const output = `${synth.stdout}\n${synth.stderr}`;
      findings.push(output.split('\n').filter((line) => /^(WARNING|ERROR) /.test(line)).sort().join('\n'));
      const written = readdirSync(outdir);
      const templates = written.filter((f) => f.endsWith('.template.json'));
      if (templates.length === 0 || !written.includes('log-collection-report.json')) {
        throw new Error(`the Quick Start synthesised ${written.join(', ')} with ${what}: no templates or no coverage report`);
      }
      console.log(`consumer check passed with ${what}: ${templates.join(', ')} and the coverage report`);
    }
    if (findings[0] !== findings[1]) {
      throw new Error(`a new project's feature flags change the Quick Start's findings:\n--- no flags\n${findings[0]}\n--- new project's flags\n${findings[1]}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (e) {
    console.error(`consumer check failed: ${e.message}`);
    process.exit(1);
  }
}
