import * as fs from 'fs';
import * as path from 'path';
import { caseTable } from './case-table';

test("README's table of simulated guardrail requests is the case data", () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = readme.indexOf('<!-- guardrail-cases:start -->\n');
  const end = readme.indexOf('\n<!-- guardrail-cases:end -->');
  expect(start).toBeGreaterThan(0);
  expect(readme.slice(start + '<!-- guardrail-cases:start -->\n'.length, end)).toBe(caseTable());
});
