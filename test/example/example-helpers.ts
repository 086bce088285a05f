import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exampleApp } from '../../bin/context';
import { buildExampleApp, ExampleApp } from '../../bin/example-app';

// What the example app's test files share. The example's syntheses are the slowest part of `npm test`, so they are
// spread over files (example-app, example-variants) that jest runs on different workers.

/** cdk.json's context: the example app exactly as `npx cdk synth` builds it. */
export const CONTEXT = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'cdk.json'), 'utf8')).context;

/**
 * The example app (a new project's feature flags, as bin/app.ts) with extra context, synthesising into `cdk.out` of a
 * temp directory of its own (removed with the test run's temp directory), as `npx cdk synth` does in a project.
 */
export function example(extraContext: Record<string, unknown> = {}, commonRulePacks = false): ExampleApp & { outdir: string } {
  const outdir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'example-app-')), 'cdk.out');
  const built = buildExampleApp(exampleApp({ outdir, context: { ...CONTEXT, ...extraContext } }), { commonRulePacks });
  return { ...built, outdir };
}

/** The coverage report a synthesis wrote. */
export function report(outdir: string): any {
  return JSON.parse(fs.readFileSync(path.join(outdir, 'log-collection-report.json'), 'utf8'));
}

/** One requirement of one declaration in a report. */
export function requirementOf(doc: any, declaration: string, id: string): any {
  const d = doc.declarations.find((x: any) => x.scope === declaration);
  return d.requirements.find((r: any) => r.id === id);
}
