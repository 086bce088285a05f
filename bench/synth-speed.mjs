#!/usr/bin/env node
// `npm run bench:synth`: how long `npx cdk synth` of the example app takes, against a one-bucket CDK app on the same
// machine (issue 16: within about 3×). Both run through the project's pinned CLI, warm (one untimed run each first),
// BENCH_RUNS times (default 3), interleaved so that load on the machine hits both alike; prints each configuration's
// median wall time and CPU time (user + system of the CLI and the app it starts) and its ratio to the one-bucket app.
//
// Configurations: the example as `npx cdk synth` runs it (our pack and aws-cdk-lib's CloudFormation schema check), the
// example with the common rule packs as CI runs it (-c commonRulePacks=true), and the example with aws-cdk-lib's
// schema check off (--no-validation), to show its share. The one-bucket app is plain JavaScript (no compile step), with
// aws-cdk-lib's defaults: schema check on.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.env.BENCH_RUNS ?? 3);
const work = mkdtempSync(join(tmpdir(), 'synth-speed-'));
const cdk = join(root, 'node_modules', '.bin', 'cdk');

// The one-bucket app: its own folder, resolving aws-cdk-lib from this project's node_modules.
const oneBucket = join(work, 'one-bucket');
execFileSync('mkdir', ['-p', oneBucket]);
writeFileSync(join(oneBucket, 'app.js'), [
  `const { App, Stack } = require(${JSON.stringify(join(root, 'node_modules', 'aws-cdk-lib'))});`,
  `const s3 = require(${JSON.stringify(join(root, 'node_modules', 'aws-cdk-lib', 'aws-s3'))});`,
  'const app = new App();',
  "const stack = new Stack(app, 'OneBucket', { env: { account: '111111111111', region: 'eu-west-2' } });",
  "new s3.Bucket(stack, 'Bucket');",
  'app.synth();',
].join('\n'));
writeFileSync(join(oneBucket, 'cdk.json'), JSON.stringify({ app: 'node app.js' }));

const configurations = [
  { name: 'one-bucket app', cwd: oneBucket, args: [] },
  { name: 'example (npx cdk synth)', cwd: root, args: [] },
  { name: 'example, -c commonRulePacks=true', cwd: root, args: ['-c', 'commonRulePacks=true'] },
  { name: 'example, --no-validation', cwd: root, args: ['--no-validation'] },
];

/** One `cdk synth --quiet`: wall and CPU seconds (the CPU of the CLI and every process it started, from /usr/bin/time or bash's times). */
function synth(configuration, out) {
  const command = `${cdk} synth --quiet -o ${out} ${configuration.args.join(' ')} >/dev/null 2>&1; times`;
  const started = process.hrtime.bigint();
  const result = spawnSync('bash', ['-c', command], { cwd: configuration.cwd, encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  // bash `times`: line 2 is the children's user and system time, e.g. "0m12.345s 0m1.234s".
  const children = result.stdout.trim().split('\n').pop() ?? '';
  const cpu = children.split(/\s+/).map((t) => {
    const m = /^(\d+)m([\d.]+)s$/.exec(t);
    return m ? Number(m[1]) * 60 + Number(m[2]) : 0;
  }).reduce((a, b) => a + b, 0);
  return { wall, cpu };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const samples = new Map(configurations.map((c) => [c.name, []]));
try {
  for (const configuration of configurations) synth(configuration, join(work, 'warm'));
  for (let run = 0; run < runs; run++) {
    for (const configuration of configurations) samples.get(configuration.name).push(synth(configuration, join(work, `out-${run}`)));
  }
  const base = samples.get('one-bucket app');
  const baseWall = median(base.map((s) => s.wall));
  const baseCpu = median(base.map((s) => s.cpu));
  console.log(`cdk synth, warm, median of ${runs} run(s); ratio to the one-bucket app (wall / CPU)`);
  for (const configuration of configurations) {
    const s = samples.get(configuration.name);
    const wall = median(s.map((x) => x.wall));
    const cpu = median(s.map((x) => x.cpu));
    console.log(`${configuration.name.padEnd(42)} ${wall.toFixed(1).padStart(6)} s wall ${cpu.toFixed(1).padStart(6)} s CPU   ` +
      `${(wall / baseWall).toFixed(2)}× / ${(cpu / baseCpu).toFixed(2)}×`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
