import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  countedDiagnostics, describeDiagnostics, parseTscOutput, README_PATH, readmeBlocks, ROOT, SNIPPET_DIR, TscDiagnostic,
  writeReadmeModules, writeTypeCheckConfig,
} from './readme-blocks';

// npm test's type-check: every file of tsconfig.json, and every TypeScript block of the README (test/readme-blocks.ts
// says how a block becomes a module), compile. Jest transpiles the suites without type-checking them
// (tsconfig.jest.json), so this is where their types are checked, in one program for both.
//
// The checker is TypeScript 7 (the `typescript-7` dev dependency, an alias of the `typescript` package), the native
// compiler: 4 to 5 s here where TypeScript 5.9 took 21 s, most of it reading aws-cdk-lib's declarations. The tools
// that need TypeScript's JavaScript API (ts-jest, ts-node, typescript-eslint, jsii) keep TypeScript 5.9, and the
// library itself is compiled by 5.9 too: by `npm run build` and by jsii, which CI runs (`.ci/run`).
// A jest test rather than a step before jest, so that it runs while the suites run on the other worker
// (test/sequencer.js starts it first).

const README = fs.readFileSync(README_PATH, 'utf8');
const TSC = path.join(path.dirname(require.resolve('typescript-7/package.json')), 'bin', 'tsc');

/** Runs TypeScript 7 on a tsconfig and reads what it reports. */
function typeCheck(config: string): { status: number | null; diagnostics: TscDiagnostic[] } {
  const run = spawnSync(process.execPath, [TSC, '-p', config, '--pretty', 'false'], {
    cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 240_000,
  });
  if (run.error) {
    throw run.error;
  }
  return { status: run.status, diagnostics: parseTscOutput(`${run.stdout}\n${run.stderr}`) };
}

describe('type-check', () => {
  let problems: { project: string[]; readme: string[] };
  let blocks: string[];
  let result: ReturnType<typeof typeCheck>;
  beforeAll(() => {
    blocks = writeReadmeModules(README);
    result = typeCheck(writeTypeCheckConfig(blocks));
    const diagnostics = describeDiagnostics(countedDiagnostics(result.diagnostics));
    const inReadme = (line: string) => line.startsWith(path.relative(ROOT, SNIPPET_DIR) + path.sep);
    problems = { project: diagnostics.filter((d) => !inReadme(d)), readme: diagnostics.filter(inReadme) };
  }, 300_000);

  test('every file of the project compiles under tsconfig.json (strict, no unused names)', () => {
    expect(problems.project).toEqual([]);
  });

  test('every TypeScript block of the README compiles against the library (dist/readme-snippets/block-<n>-line-<README line>.ts)', () => {
    expect(blocks.length).toBe(readmeBlocks(README).length);
    expect(blocks.length).toBeGreaterThan(10);
    expect(problems.readme).toEqual([]);
  });

  test('tsc failed only where it reported something', () => {
    expect(result.status === 0 || result.diagnostics.length > 0).toBe(true);
  });

  test('the check reports an error of a file under the project options, where tsc puts it', () => {
    // The same project options (strict, no unused names) on a file with a type error and an unused local.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'type-check-'));
    try {
      fs.writeFileSync(path.join(dir, 'broken.ts'), "export const n: number = 'one';\nexport function f(): void {\n  const unused = 1;\n}\n");
      fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
        extends: path.relative(dir, path.join(ROOT, 'tsconfig.json')),
        compilerOptions: { noEmit: true, rootDir: '.', module: 'nodenext', moduleResolution: 'nodenext', types: [] },
        include: ['*.ts'],
      }));
      const result = typeCheck(path.join(dir, 'tsconfig.json'));
      const file = path.relative(ROOT, path.join(dir, 'broken.ts'));
      expect(result.status).not.toBe(0);
      expect(describeDiagnostics(result.diagnostics)).toEqual([
        `${file}:1:14 TS2322: Type 'string' is not assignable to type 'number'.`,
        `${file}:3:9 TS6133: 'unused' is declared but its value is never read.`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseTscOutput', () => {
  test('reads located and global diagnostics, with the lines tsc indents under a message', () => {
    const output = [
      "lib/a.ts(3,7): error TS2322: Type 'string' is not assignable to type 'Props'.",
      "  Property 'x' is missing in type 'string'.",
      'error TS5083: Cannot read file \'/x/tsconfig.json\'.',
      '',
    ].join('\n');
    expect(parseTscOutput(output)).toEqual([
      { file: path.join('lib', 'a.ts'), line: 3, column: 7, code: 2322, text: "Type 'string' is not assignable to type 'Props'.\nProperty 'x' is missing in type 'string'." },
      { code: 5083, text: "Cannot read file '/x/tsconfig.json'." },
    ]);
  });

  test('anything else tsc prints (a crash) counts as a problem', () => {
    expect(describeDiagnostics(parseTscOutput('panic: runtime error\n'))).toEqual(['TS0: panic: runtime error']);
  });

  test('a README block may leave names unused; a project file may not', () => {
    const snippet = path.relative(ROOT, path.join(SNIPPET_DIR, 'block-00-line-1.ts'));
    const unused = (file: string): TscDiagnostic => ({ file, line: 1, column: 1, code: 6133, text: "'x' is declared but its value is never read." });
    expect(countedDiagnostics([unused(snippet), unused(path.join('lib', 'a.ts'))])).toEqual([unused(path.join('lib', 'a.ts'))]);
  });
});
