import * as fs from 'fs';
import * as path from 'path';
import { Construct } from 'constructs';
import * as lib from '../lib';
import { LogCollectionChecks, LoggingProfile, MaturityTier, ServiceExposure } from '../lib';

const README = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');
const headings = README.split('\n').filter((l) => l.startsWith('#'));

describe('README', () => {
  test('has a section for every construct the package exports', () => {
    const constructs = Object.entries(lib)
      .filter(([, value]) => typeof value === 'function' && (value as any).prototype instanceof Construct)
      .map(([name]) => name);
    expect(constructs.length).toBeGreaterThan(10);
    const missing = constructs.filter((name) => !headings.some((h) => h.includes(name)));
    expect(missing).toEqual([]);
  });

  test('lists every rule id the pack can run, in any tier, profile and exposure', () => {
    const ids = new Set<string>();
    for (const tier of Object.values(MaturityTier)) {
      for (const profile of Object.values(LoggingProfile)) {
        for (const exposure of [undefined, ...Object.values(ServiceExposure)]) {
          LogCollectionChecks.ruleIds(tier, profile, exposure).forEach((id) => ids.add(id));
        }
      }
    }
    const missing = [...ids].filter((id) => !README.includes(`\`${id}\``));
    expect(missing).toEqual([]);
  });

  test('gives the two commands CI runs', () => {
    const ci = fs.readFileSync(path.join(__dirname, '..', '.ci', 'run'), 'utf8');
    expect(README).toContain('npm ci && npx cdk synth');
    expect(README).toContain('npm test');
    expect(ci).toMatch(/npm ci\n/);
    expect(ci).toMatch(/npx cdk synth/);
    expect(ci).toMatch(/npm test/);
  });
});
