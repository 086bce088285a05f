import { execFileSync } from 'child_process';
import * as fs from 'fs';
import { README_PATH } from './readme-blocks';

// The README's CI gate (the "No requirement NOT_MET" step of its workflow), run as the README gives it: used by
// test/readme.test.ts on made-up reports and by test/example/example-app.test.ts on the example's own report.

/** The shell lines of the README's "No requirement NOT_MET" step. */
export function gateScript(): string {
  const lines = fs.readFileSync(README_PATH, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.includes('name: No requirement NOT_MET'));
  if (start < 0 || lines[start + 1].trim() !== 'run: |') {
    throw new Error('README.md has no "No requirement NOT_MET" step followed by "run: |"');
  }
  const body: string[] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('    ')) {
      break;
    }
    body.push(line.slice(4));
  }
  return body.join('\n');
}

/** The gate's exit code and output, run in `workdir` (it reads `cdk.out/log-collection-report.json` there). */
export function runGate(workdir: string): { code: number; output: string } {
  try {
    const output = execFileSync('bash', ['-eo', 'pipefail', '-c', gateScript()], { cwd: workdir, encoding: 'utf8', stdio: 'pipe' });
    return { code: 0, output };
  } catch (e) {
    const err = e as { status: number; stdout: string };
    return { code: err.status, output: err.stdout };
  }
}

/** Whether jq, which the gate uses, is on this machine (.ci/run installs it where it is not). */
export function hasJq(): boolean {
  try {
    execFileSync('jq', ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
