import * as fs from 'fs';
import * as path from 'path';
import { Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { CoverageReport, CoverageStatus, DataFlowNodeKind } from '../../lib/report';
import { readJsonReport, synthQuietly, vpc, workloadApp } from './helpers';

const SCHEMA = JSON.parse(fs.readFileSync(path.join(__dirname, '../../lib/report/log-collection-report.schema.json'), 'utf8'));

/**
 * A small JSON Schema checker for the keywords the report schema uses (type,
 * required, properties, additionalProperties: false, items, enum, const,
 * pattern, minimum, $ref to $defs). Returns the problems, each with its path.
 */
function check(value: unknown, schema: any, at = '$'): string[] {
  if (schema.$ref) {
    return check(value, SCHEMA.$defs[schema.$ref.replace('#/$defs/', '')], at);
  }
  const problems: string[] = [];
  if ('const' in schema && value !== schema.const) {
    problems.push(`${at}: expected ${JSON.stringify(schema.const)}`);
  }
  if (schema.enum && !schema.enum.includes(value)) {
    problems.push(`${at}: ${JSON.stringify(value)} is not one of ${schema.enum.join(', ')}`);
  }
  switch (schema.type) {
    case 'object': {
      if (!value || typeof value !== 'object' || Array.isArray(value)) {
        return [...problems, `${at}: not an object`];
      }
      const obj = value as Record<string, unknown>;
      for (const key of schema.required ?? []) {
        if (!(key in obj)) {
          problems.push(`${at}: missing ${key}`);
        }
      }
      for (const [key, v] of Object.entries(obj)) {
        const sub = schema.properties?.[key];
        if (!sub) {
          if (schema.additionalProperties === false) {
            problems.push(`${at}: unexpected ${key}`);
          }
          continue;
        }
        problems.push(...check(v, sub, `${at}.${key}`));
      }
      break;
    }
    case 'array':
      if (!Array.isArray(value)) {
        return [...problems, `${at}: not an array`];
      }
      value.forEach((item, i) => problems.push(...check(item, schema.items, `${at}[${i}]`)));
      break;
    case 'string':
      if (typeof value !== 'string') {
        problems.push(`${at}: not a string`);
      } else if (schema.pattern && !new RegExp(schema.pattern).test(value)) {
        problems.push(`${at}: does not match ${schema.pattern}`);
      }
      break;
    case 'integer':
      if (!Number.isInteger(value)) {
        problems.push(`${at}: not an integer`);
      } else if (schema.minimum !== undefined && (value as number) < schema.minimum) {
        problems.push(`${at}: below ${schema.minimum}`);
      }
      break;
    case 'boolean':
      if (typeof value !== 'boolean') {
        problems.push(`${at}: not a boolean`);
      }
      break;
    default:
      break;
  }
  return problems;
}

describe('the JSON report and its schema', () => {
  test('a synthesised report (findings, acknowledgements, retention, data flow) validates against log-collection-report.schema.json', () => {
    // GIVEN a report that uses every optional part of the shape
    const { app, outdir, stack } = workloadApp();
    const sandbox = vpc(stack, 'Sandbox', false);
    Validations.of(sandbox).acknowledge({ id: 'LogCollection::LogCollection-HP-E1', reason: 'sandbox' });
    ec2.Vpc.fromVpcAttributes(stack, 'Imported', { vpcId: 'vpc-0aaa1111', availabilityZones: ['eu-west-2a'] });
    synthQuietly(app);
    const report = readJsonReport(outdir);
    expect(report.declarations[0].inScope.some((r) => r.imported === true && (r.notes ?? []).length > 0)).toBe(true);
    const entries = report.declarations.flatMap((d) => d.requirements);
    expect(entries.some((e) => e.acknowledgements.length > 0 && e.findings.length > 0)).toBe(true);
    expect(entries.some((e) => e.retention !== undefined && e.retention.length > 0)).toBe(true);
    expect(entries.some((e) => e.nearestEquivalent !== undefined)).toBe(true);
    expect(report.dataFlow.edges.length).toBeGreaterThan(0);
    // THEN
    expect(check(report, SCHEMA)).toEqual([]);
    expect(report.schemaVersion).toBe(CoverageReport.SCHEMA_VERSION);
  });

  test('the checker reports a missing required field, an unexpected field and a bad enum value', () => {
    // GIVEN a valid report, then broken three ways
    const { app, outdir } = workloadApp();
    synthQuietly(app);
    const report: any = readJsonReport(outdir);
    delete report.declarations[0].requirements[0].reason;
    report.declarations[0].requirements[1].extra = true;
    report.declarations[0].requirements[2].status = 'DONE';
    // THEN
    expect(check(report, SCHEMA)).toEqual([
      '$.declarations[0].requirements[0]: missing reason',
      '$.declarations[0].requirements[1]: unexpected extra',
      '$.declarations[0].requirements[2].status: "DONE" is not one of MET, PARTIAL, NOT_MET, MET_ELSEWHERE, NOT_POSSIBLE_ON_AWS, NOT_APPLICABLE',
    ]);
  });

  test('the schema lists the same statuses and node kinds as the exported enums', () => {
    // THEN the enums of the TypeScript interface and the schema agree
    expect(SCHEMA.$defs.Status.enum).toEqual(Object.values(CoverageStatus));
    expect(SCHEMA.$defs.DataFlowNode.properties.kind.enum).toEqual(Object.values(DataFlowNodeKind));
  });
});
