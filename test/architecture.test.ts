import * as fs from 'fs';
import * as path from 'path';

// The shape of lib/ that docs/ARCHITECTURE.md promises, kept true by npm test:
// layers depend one way, no import cycles, each layer's private/ stays its own,
// nothing public is defined under private/, and files and folders stay small.

const LIB = path.join(__dirname, '..', 'lib');

/**
 * Each top-level folder of lib/ and its rank: a module may import its own layer
 * and layers of a lower rank only. Layers of one rank never import each other.
 */
const LAYER_RANK: Record<string, number> = {
  requirements: 0,
  core: 1,
  handlers: 1,
  central: 2,
  sources: 3,
  guardrails: 3,
  checks: 4,
  workload: 5,
  report: 5,
};

const MAX_LINES = 500;
const MAX_TS_FILES_PER_FOLDER = 15;

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      return tsFiles(p);
    }
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });
}

/** Relative imports and re-exports of a file (type-only ones too: they tie layers together just the same). */
function relativeImports(file: string): Array<{ spec: string; target: string; reexport: boolean }> {
  const src = fs.readFileSync(file, 'utf8');
  const found: Array<{ spec: string; target: string; reexport: boolean }> = [];
  for (const m of src.matchAll(/^\s*(import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)) {
    const base = path.resolve(path.dirname(file), m[2]);
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((c) => fs.existsSync(c));
    if (!target) {
      throw new Error(`${rel(file)} imports '${m[2]}', which is not a TypeScript file of lib/`);
    }
    found.push({ spec: m[2], target, reexport: m[1] === 'export' });
  }
  return found;
}

const rel = (p: string) => path.relative(path.join(LIB, '..'), p);
const layerOf = (p: string) => path.relative(LIB, p).split(path.sep)[0];
const FILES = tsFiles(LIB);
const GRAPH = new Map(FILES.map((f) => [f, relativeImports(f)]));

/** Strongly connected components with more than one file (Tarjan). */
function importCycles(): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const { target: w } of GRAPH.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(rel(w));
      } while (w !== v);
      if (component.length > 1) {
        cycles.push(component.sort());
      }
    }
  };
  FILES.forEach((f) => index.has(f) || visit(f));
  return cycles;
}

describe('architecture of lib/', () => {
  test('every top-level folder of lib/ is a known layer', () => {
    const folders = fs.readdirSync(LIB, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(folders).toEqual(Object.keys(LAYER_RANK).sort());
  });

  test('there are no import cycles', () => {
    expect(importCycles()).toEqual([]);
  });

  test('no module imports a layer above its own, nor a peer layer of the same rank', () => {
    const violations: string[] = [];
    for (const [file, imports] of GRAPH) {
      const from = layerOf(file);
      if (!(from in LAYER_RANK)) {
        continue; // lib/index.ts, the package barrel
      }
      for (const { spec, target } of imports) {
        const to = layerOf(target);
        if (to !== from && LAYER_RANK[to] >= LAYER_RANK[from]) {
          violations.push(`${rel(file)} (${from}) imports ${spec} (${to})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  test("a layer's private/ folder is imported by that layer only", () => {
    const violations: string[] = [];
    for (const [file, imports] of GRAPH) {
      for (const { spec, target } of imports) {
        const parts = path.relative(LIB, target).split(path.sep);
        if (parts.includes('private') && layerOf(file) !== parts[0]) {
          violations.push(`${rel(file)} imports ${spec}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  test('nothing exported from lib/index.ts is defined under a private/ folder', () => {
    const reached = new Set<string>();
    const follow = (file: string) => {
      if (reached.has(file)) {
        return;
      }
      reached.add(file);
      GRAPH.get(file)!.filter((i) => i.reexport).forEach((i) => follow(i.target));
    };
    follow(path.join(LIB, 'index.ts'));
    expect([...reached].map(rel).filter((f) => f.split(path.sep).includes('private'))).toEqual([]);
    expect(reached.size).toBeGreaterThan(20);
  });

  test("the library takes NagPack from its own module of cdk-nag, not cdk-nag's index, which loads every rule of every pack", () => {
    const fromNag = FILES.flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"](cdk-nag[^'"]*)['"]/gm)]
      .map((m) => `${rel(f)}: ${m[1]}`));
    expect(fromNag).toEqual([`${path.join('lib', 'checks', 'log-collection-checks.ts')}: cdk-nag/lib/nag-pack`]);
    // The same class as the one cdk-nag exports (and the path still there in the cdk-nag installed).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    expect(require('cdk-nag/lib/nag-pack').NagPack).toBe(require('cdk-nag').NagPack);
  });

  test(`no file is longer than ${MAX_LINES} lines`, () => {
    const long = FILES.map((f) => ({ f: rel(f), n: fs.readFileSync(f, 'utf8').split('\n').length })).filter((x) => x.n > MAX_LINES);
    expect(long).toEqual([]);
  });

  test(`no folder holds more than ${MAX_TS_FILES_PER_FOLDER} TypeScript files`, () => {
    const perFolder = new Map<string, number>();
    FILES.forEach((f) => perFolder.set(rel(path.dirname(f)), (perFolder.get(rel(path.dirname(f))) ?? 0) + 1));
    expect([...perFolder].filter(([, n]) => n > MAX_TS_FILES_PER_FOLDER)).toEqual([]);
  });

  test('test/ mirrors lib/: every test folder names a folder of lib/', () => {
    const TEST = __dirname;
    const stray: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
        const r = path.relative(TEST, path.join(dir, e.name));
        // test/example checks the example app in bin/; fixtures/ folders hold test data
        if (r === 'example' || e.name === 'fixtures') {
          continue;
        }
        if (!fs.existsSync(path.join(LIB, r))) {
          stray.push(r);
        }
        walk(path.join(dir, e.name));
      }
    };
    walk(TEST);
    expect(stray).toEqual([]);
  });
});
