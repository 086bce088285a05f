/**
 * `npm run bench`: synth and validation cost at estate scale (issue 6).
 *
 * In one process:
 * - (a) `LogCollectionChecks.validateScope(app)` against cdk-nag's
 *   `AwsSolutionsChecks.validateScope(app)` on the same synthesised app, at
 *   three estate sizes: median times, their ratio, and the growth exponent
 *   log(t2/t1)/log(n2/n1) over resource counts (each consecutive pair and
 *   smallest to largest);
 * - (b) construction and `app.synth()` of the estate built with this
 *   library's constructs against the same resources written by hand with
 *   aws-cdk-lib alone, at the largest size, after checking that both estates
 *   have the same resource types and counts;
 * - (c) peak heap of each measurement: the highest `usedHeapSize` V8 reports
 *   before any garbage collection during the operation (v8.GCProfiler) or at
 *   its end, less the heap in use just before it (after a full GC).
 *
 * Every figure is the median of BENCH_RUNS (default 3) runs after a warm-up
 * (a whole pass on a 2-stack estate, plus one untimed validation by each pack
 * of every app before its timed runs). Prints a table and writes
 * bench/results.json.
 *
 * Environment: BENCH_SIZES (stack counts, default "12,24,48"), BENCH_RUNS
 * (default 3). The built-in CloudFormation schema validation of aws-cdk-lib is
 * off for both estates (see estate.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { App } from 'aws-cdk-lib';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildEstate, DEFAULT_STACK_SHAPE, EstateKind } from './estate';
import { LogCollectionChecks } from '../lib/checks/log-collection-checks';
import { LoggingProfile, MaturityTier, ServiceExposure } from '../lib/requirements/types';

const SIZES = (process.env.BENCH_SIZES ?? '12,24,48').split(',').map((s) => Number(s.trim()));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const WARM_UP_STACKS = 2;
const RESULTS_FILE = path.join(__dirname, 'results.json');

const TARGETS = { validationRatio: 1.0, validationExponent: 1.1, synthRatio: 1.3 };

// A full GC before each measurement, without needing --expose-gc on the command line.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const MiB = 2 ** 20;
const started = Date.now();

/** One timed operation: CPU time, wall time and peak heap growth. */
interface Sample {
  /** CPU time of the process (user + system, every thread) during the operation. */
  readonly ms: number;
  /** Wall-clock time of the operation. */
  readonly wallMs: number;
  /** Highest heap in use during the operation, less the heap in use just before it, in MiB. */
  readonly peakHeapMiB: number;
  /** Highest heap in use during the operation, in MiB. */
  readonly peakHeapAbsMiB: number;
}

function measure<T>(op: () => T): { result: T; sample: Sample } {
  gc();
  const before = process.memoryUsage().heapUsed;
  const profiler = new v8.GCProfiler();
  profiler.start();
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const result = op();
  const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(cpu0);
  const ms = (cpu.user + cpu.system) / 1000;
  const end = process.memoryUsage().heapUsed;
  const stats = profiler.stop();
  let peak = end;
  for (const s of stats?.statistics ?? []) {
    peak = Math.max(peak, s.beforeGC.heapStatistics.usedHeapSize);
  }
  return { result, sample: { ms, wallMs, peakHeapMiB: (peak - before) / MiB, peakHeapAbsMiB: peak / MiB } };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function summary(samples: Sample[]) {
  return {
    runsCpuMs: samples.map((s) => round(s.ms, 1)),
    runsWallMs: samples.map((s) => round(s.wallMs, 1)),
    medianMs: round(median(samples.map((s) => s.ms)), 1),
    medianWallMs: round(median(samples.map((s) => s.wallMs)), 1),
    medianPeakHeapMiB: round(median(samples.map((s) => s.peakHeapMiB)), 1),
    maxPeakHeapAbsMiB: round(Math.max(...samples.map((s) => s.peakHeapAbsMiB)), 1),
  };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function exponent(t1: number, t2: number, n1: number, n2: number): number {
  return Math.log(t2 / t1) / Math.log(n2 / n1);
}

function log(message: string): void {
  const s = ((Date.now() - started) / 1000).toFixed(0).padStart(4);
  console.log(`[${s}s] ${message}`);
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-bench-'));
}

function removeDir(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Resource counts by CloudFormation type over every stack of an assembly. */
function resourceCounts(assembly: CloudAssembly): Map<string, number> {
  const counts = new Map<string, number>();
  for (const stack of assembly.stacks) {
    for (const resource of Object.values<{ Type: string }>(stack.template.Resources ?? {})) {
      counts.set(resource.Type, (counts.get(resource.Type) ?? 0) + 1);
    }
  }
  return counts;
}

function total(counts: Map<string, number>): number {
  return [...counts.values()].reduce((a, b) => a + b, 0);
}

function newPacks(app: App) {
  return {
    ours: new LogCollectionChecks(app, {
      tier: MaturityTier.ENHANCED,
      profile: LoggingProfile.HOSTING_PLATFORM,
      exposure: ServiceExposure.INTERNAL,
    }),
    nag: new AwsSolutionsChecks(app),
  };
}

/** Build and synthesise one estate into a temporary directory; returns the app, the samples and the counts. */
function buildAndSynth(kind: EstateKind, stacks: number) {
  const outdir = tempDir();
  try {
    const build = measure(() => buildEstate(kind, stacks, outdir));
    const synth = measure(() => build.result.synth());
    const counts = resourceCounts(synth.result);
    const baselineMiB = build.sample.peakHeapAbsMiB - build.sample.peakHeapMiB;
    const peakAbsMiB = Math.max(build.sample.peakHeapAbsMiB, synth.sample.peakHeapAbsMiB);
    const both: Sample = { ms: build.sample.ms + synth.sample.ms, wallMs: build.sample.wallMs + synth.sample.wallMs, peakHeapMiB: peakAbsMiB - baselineMiB, peakHeapAbsMiB: peakAbsMiB };
    return { app: build.result, build: build.sample, synth: synth.sample, total: both, counts };
  } finally {
    removeDir(outdir);
  }
}

interface ValidationRun {
  readonly ours: Sample[];
  readonly nag: Sample[];
  readonly oursFindings: { errors: number; warnings: number; info: number };
  readonly nagViolations: number;
}

/** One untimed validation by each pack, then RUNS timed ones, alternating which pack goes first. */
function validate(app: App, runs: number): ValidationRun {
  const { ours, nag } = newPacks(app);
  const oursReport = ours.validateScope(app);
  const nagReport = nag.validateScope(app);
  const samples: ValidationRun = {
    ours: [],
    nag: [],
    oursFindings: {
      errors: oursReport.violations.filter((v) => v.severity === 'error').length,
      warnings: oursReport.violations.filter((v) => v.severity === 'warning').length,
      info: oursReport.violations.filter((v) => v.severity === 'info').length,
    },
    nagViolations: nagReport.violations.length,
  };
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? ['ours', 'nag'] : ['nag', 'ours'];
    for (const which of order) {
      if (which === 'ours') {
        samples.ours.push(measure(() => ours.validateScope(app)).sample);
      } else {
        samples.nag.push(measure(() => nag.validateScope(app)).sample);
      }
    }
  }
  return samples;
}

function packageVersion(name: string): string {
  return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version as string;
}

function pad(text: string | number, width: number): string {
  return String(text).padStart(width);
}

function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
}

function main(): void {
  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model ?? 'unknown',
    cores: cpus.length,
    node: process.version,
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    platform: `${os.platform()} ${os.release()}`,
    heapLimitMiB: Math.round(v8.getHeapStatistics().heap_size_limit / MiB),
    loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
    awsCdkLib: packageVersion('aws-cdk-lib'),
    cdkNag: packageVersion('cdk-nag'),
  };
  log(`machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, load ${machine.loadAverageAtStart.join(' ')}`);
  log(`sizes ${SIZES.join(', ')} stacks, ${RUNS} runs each after a warm-up; stack shape ${JSON.stringify(DEFAULT_STACK_SHAPE)}`);

  // Warm-up: a whole pass on a small estate, discarded.
  for (const kind of [EstateKind.LIBRARY, EstateKind.HAND]) {
    const warm = buildAndSynth(kind, WARM_UP_STACKS);
    validate(warm.app, 1);
  }
  log('warm-up done');

  const largest = SIZES[SIZES.length - 1];

  // (a) validation at the smaller sizes first, while no large app is alive (a
  // live 20,000-resource app slows every garbage collection of later runs).
  const validation: Array<{ stacks: number; resources: number; run: ValidationRun }> = [];
  const validateAt = (stacks: number, app: App, resources: number) => {
    const run = validate(app, RUNS);
    validation.push({ stacks, resources, run });
    log(`(a) ${stacks} stacks, ${resources} resources: LogCollectionChecks ${fmtMs(median(run.ours.map((s) => s.ms)))}, ` +
      `AwsSolutionsChecks ${fmtMs(median(run.nag.map((s) => s.ms)))}`);
  };
  for (const stacks of SIZES.slice(0, -1)) {
    const built = buildAndSynth(EstateKind.LIBRARY, stacks);
    validateAt(stacks, built.app, total(built.counts));
  }


  // (b) construction and synthesis at the largest size, LIBRARY and HAND alternating.
  const synthSamples: Record<EstateKind, { build: Sample[]; synth: Sample[]; total: Sample[] }> = {
    [EstateKind.LIBRARY]: { build: [], synth: [], total: [] },
    [EstateKind.HAND]: { build: [], synth: [], total: [] },
  };
  const counts: Partial<Record<EstateKind, Map<string, number>>> = {};
  let keptApp: App | undefined;
  let keptResources = 0;
  for (let r = 0; r < RUNS; r++) {
    const order = r === 0 ? [EstateKind.LIBRARY, EstateKind.HAND] : [EstateKind.HAND, EstateKind.LIBRARY];
    for (const kind of order) {
      const run = buildAndSynth(kind, largest);
      synthSamples[kind].build.push(run.build);
      synthSamples[kind].synth.push(run.synth);
      synthSamples[kind].total.push(run.total);
      counts[kind] = run.counts;
      log(`(b) ${largest} stacks ${kind}: build ${fmtMs(run.build.ms)}, synth ${fmtMs(run.synth.ms)}, ${total(run.counts)} resources`);
      if (kind === EstateKind.LIBRARY && r === RUNS - 1) {
        // The last LIBRARY app is validated in (a) below, so it is not built twice.
        keptApp = run.app;
        keptResources = total(run.counts);
      }
    }
  }

  // (a) at the largest size, on the last LIBRARY app of (b).
  validateAt(largest, keptApp!, keptResources);

  // Same resource types and counts in both estates?
  const lib = counts[EstateKind.LIBRARY]!;
  const hand = counts[EstateKind.HAND]!;
  const types = [...new Set([...lib.keys(), ...hand.keys()])].sort();
  const countRows = types.map((type) => ({ type, library: lib.get(type) ?? 0, hand: hand.get(type) ?? 0 }));
  const countsEqual = countRows.every((row) => row.library === row.hand);

  // Figures.
  const valRows = validation.map((v) => {
    const ours = summary(v.run.ours);
    const nag = summary(v.run.nag);
    return { stacks: v.stacks, resources: v.resources, ours, nag, ratio: round(ours.medianMs / nag.medianMs, 3),
      oursFindings: v.run.oursFindings, nagViolations: v.run.nagViolations };
  });
  const exponents = (pick: (row: typeof valRows[number]) => number) => {
    const pairs = valRows.slice(1).map((row, i) => ({
      from: valRows[i].resources, to: row.resources,
      exponent: round(exponent(pick(valRows[i]), pick(row), valRows[i].resources, row.resources), 3),
    }));
    const first = valRows[0];
    const last = valRows[valRows.length - 1];
    return { consecutive: pairs, overall: round(exponent(pick(first), pick(last), first.resources, last.resources), 3) };
  };
  const oursExp = exponents((r) => r.ours.medianMs);
  const nagExp = exponents((r) => r.nag.medianMs);
  const largestRow = valRows[valRows.length - 1];

  const synthSummary = {
    stacks: largest,
    resources: total(lib),
    library: { build: summary(synthSamples.LIBRARY.build), synth: summary(synthSamples.LIBRARY.synth), total: summary(synthSamples.LIBRARY.total) },
    hand: { build: summary(synthSamples.HAND.build), synth: summary(synthSamples.HAND.synth), total: summary(synthSamples.HAND.total) },
  };
  const synthRatio = round(synthSummary.library.synth.medianMs / synthSummary.hand.synth.medianMs, 3);
  const buildRatio = round(synthSummary.library.build.medianMs / synthSummary.hand.build.medianMs, 3);
  const totalRatio = round(synthSummary.library.total.medianMs / synthSummary.hand.total.medianMs, 3);

  const targets = {
    validationRatio: { target: TARGETS.validationRatio, measured: largestRow.ratio, met: largestRow.ratio <= TARGETS.validationRatio },
    validationExponent: { target: TARGETS.validationExponent, measured: oursExp.overall, met: oursExp.overall <= TARGETS.validationExponent },
    synthRatio: { target: TARGETS.synthRatio, measured: totalRatio, synthPhaseOnly: synthRatio, met: totalRatio <= TARGETS.synthRatio && synthRatio <= TARGETS.synthRatio },
  };

  // Print.
  const heap = (mib: number) => `${mib.toFixed(0)} MiB`;
  console.log('');
  console.log(`Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, Node ${machine.node}, ` +
    `aws-cdk-lib ${machine.awsCdkLib}, cdk-nag ${machine.cdkNag}`);
  console.log(`Medians of ${RUNS} runs after a warm-up. Times are CPU time of the process (user + system); wall-clock medians in brackets.`);
  console.log('');
  console.log('(a) validateScope(app): LogCollectionChecks (ENHANCED, HOSTING_PLATFORM) vs cdk-nag AwsSolutionsChecks, same app');
  console.log(`${pad('stacks', 6)} ${pad('resources', 9)} ${pad('ours', 20)} ${pad('cdk-nag', 20)} ${pad('ratio', 6)} ${pad('heap ours', 10)} ${pad('heap nag', 10)}`);
  for (const row of valRows) {
    console.log(`${pad(row.stacks, 6)} ${pad(row.resources, 9)} ${pad(`${fmtMs(row.ours.medianMs)} (${fmtMs(row.ours.medianWallMs)})`, 20)} ` +
      `${pad(`${fmtMs(row.nag.medianMs)} (${fmtMs(row.nag.medianWallMs)})`, 20)} ${pad(row.ratio.toFixed(2), 6)} ` +
      `${pad(heap(row.ours.medianPeakHeapMiB), 10)} ${pad(heap(row.nag.medianPeakHeapMiB), 10)}`);
  }
  const expText = (e: typeof oursExp) => `${e.consecutive.map((p) => `${p.from}→${p.to}: ${p.exponent.toFixed(2)}`).join(', ')}; overall ${e.overall.toFixed(2)}`;
  console.log(`growth exponent, ours:    ${expText(oursExp)}`);
  console.log(`growth exponent, cdk-nag: ${expText(nagExp)}`);
  console.log('');
  console.log(`(b) ${largest} stacks, ${synthSummary.resources} resources: this library's constructs vs the same resources by hand`);
  console.log(`${pad('', 8)} ${pad('construct', 20)} ${pad('app.synth()', 20)} ${pad('both', 20)} ${pad('peak heap', 10)}`);
  for (const [name, x] of [['library', synthSummary.library], ['by hand', synthSummary.hand]] as const) {
    const cell = (m: { medianMs: number; medianWallMs: number }) => pad(`${fmtMs(m.medianMs)} (${fmtMs(m.medianWallMs)})`, 20);
    console.log(`${pad(name, 8)} ${cell(x.build)} ${cell(x.synth)} ${cell(x.total)} ${pad(heap(x.total.medianPeakHeapMiB), 10)}`);
  }
  console.log(`${pad('ratio', 8)} ${pad(buildRatio.toFixed(2), 20)} ${pad(synthRatio.toFixed(2), 20)} ${pad(totalRatio.toFixed(2), 20)}`);
  console.log(`resource counts by type: ${countsEqual ? 'EQUAL' : 'DIFFERENT'} (${types.length} types, ${total(lib)} library / ${total(hand)} by hand)`);
  for (const row of countRows) {
    console.log(`  ${row.library === row.hand ? ' ' : '!'} ${row.type.padEnd(60)} ${pad(row.library, 6)} ${pad(row.hand, 6)}`);
  }
  console.log('');
  console.log('The three figures:');
  console.log(`  (a) validation ratio ours/cdk-nag at ${largestRow.resources} resources: ${largestRow.ratio.toFixed(2)} (target ≤ ${TARGETS.validationRatio}: ${targets.validationRatio.met ? 'met' : 'MISSED'}); ` +
    `growth exponent ${oursExp.overall.toFixed(2)} (target ≤ ${TARGETS.validationExponent}: ${targets.validationExponent.met ? 'met' : 'MISSED'})`);
  console.log(`  (b) synth ratio library/by hand at ${synthSummary.resources} resources: ${totalRatio.toFixed(2)} construct + synth, ${synthRatio.toFixed(2)} app.synth() alone ` +
    `(target ≤ ${TARGETS.synthRatio}: ${targets.synthRatio.met ? 'met' : 'MISSED'})`);
  console.log(`  (c) peak heap growth: validation ${heap(largestRow.ours.medianPeakHeapMiB)} ours, ${heap(largestRow.nag.medianPeakHeapMiB)} cdk-nag; ` +
    `construct + synth ${heap(synthSummary.library.total.medianPeakHeapMiB)} library, ${heap(synthSummary.hand.total.medianPeakHeapMiB)} by hand`);

  const elapsedS = round((Date.now() - started) / 1000, 1);
  const results = {
    generatedAt: new Date().toISOString(),
    elapsedSeconds: elapsedS,
    machine,
    method: {
      runs: RUNS,
      time: 'CPU time of the process (process.cpuUsage user + system, all threads) is the figure; wall-clock time is kept beside it',
      warmUp: `one build, synth and validation by each pack of a ${WARM_UP_STACKS}-stack estate of each kind; one untimed validation by each pack of every app before its timed runs`,
      sizes: SIZES,
      stackShape: DEFAULT_STACK_SHAPE,
      validation: 'validateScope(app) on the synthesised LIBRARY app; packs run alternately',
      synthesis: 'buildEstate() then app.synth() into a temporary directory; builtinCloudFormationValidation off on both sides',
      peakHeap: 'highest usedHeapSize before any GC during the operation (v8.GCProfiler) or at its end, less heapUsed just before it after a full GC',
    },
    validation: valRows,
    validationExponent: { ours: oursExp, cdkNag: nagExp },
    synthesis: { ...synthSummary, ratio: { construct: buildRatio, synth: synthRatio, total: totalRatio } },
    resourceCounts: { equal: countsEqual, rows: countRows },
    targets,
  };
  fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(results, undefined, 2)}\n`);
  log(`wrote ${path.relative(process.cwd(), RESULTS_FILE)}; total ${elapsedS} s`);
}

main();
