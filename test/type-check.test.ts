import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import {
  countedDiagnostics, describeDiagnostics, projectConfig, README_PATH, readmeBlocks, ROOT, SNIPPET_DIR, writeReadmeModules,
} from './readme-blocks';

// npm test's type-check: every file of tsconfig.json, and every TypeScript block of the README (test/readme-blocks.ts
// says how a block becomes a module), compile. Jest transpiles the suites without type-checking them
// (tsconfig.jest.json), so this is where types are checked. One program for both, because most of a check's time is
// reading aws-cdk-lib's declarations; incremental (dist/type-check.tsbuildinfo), so a run after a small edit reads
// only what changed. A jest test rather than a step before jest, so that it runs on one worker while the suites run
// on the others (test/sequencer.js starts it first).

const README = fs.readFileSync(README_PATH, 'utf8');

describe('type-check', () => {
  let problems: { project: string[]; readme: string[] };
  let blocks: string[];
  beforeAll(() => {
    const config = projectConfig();
    blocks = writeReadmeModules(README);
    const program = ts.createIncrementalProgram({
      rootNames: [...config.fileNames, ...blocks],
      options: { ...config.options, noEmit: true, incremental: true, tsBuildInfoFile: path.join(ROOT, 'dist', 'type-check.tsbuildinfo') },
      configFileParsingDiagnostics: config.errors,
    });
    const diagnostics = describeDiagnostics(countedDiagnostics([
      ...program.getConfigFileParsingDiagnostics(),
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...program.getSyntacticDiagnostics(),
      ...program.getSemanticDiagnostics(),
    ]));
    // Writes the incremental state only (noEmit).
    program.emit();
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
});
