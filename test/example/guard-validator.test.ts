import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, IPolicyValidationContextBeta1, PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import {
  readGuardRules, rulesThatCannotMatch, templateResourceTypes, TemplateScopedGuardValidator,
} from '../../bin/guard-validator';

// The example runs the Control Tower guard rules per template, with only the rules that can match it
// (bin/guard-validator.ts). These tests hold it to the stock plugin: the same findings on templates that have some.

let dir: string;

/** Two templates: one with resources several rules judge (and fail), one with a type no rule names. */
const TEMPLATES: Record<string, object> = {
  'Storage.template.json': {
    Resources: {
      Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      Table: { Type: 'AWS::DynamoDB::Table', Properties: {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      } },
    },
  },
  'Topic.template.json': {
    Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: {} } },
  },
};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'guard-validator-'));
  for (const [name, template] of Object.entries(TEMPLATES)) {
    fs.writeFileSync(path.join(dir, name), JSON.stringify(template));
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What the framework hands a plugin: the templates (the app itself is not read by either plugin). */
function context(templatePaths: string[]): IPolicyValidationContextBeta1 {
  return { templatePaths, appConstruct: new App() };
}

/** Each finding as `rule|template|resource`, sorted: what a reader of the report sees. */
function findings(report: PolicyValidationPluginReportBeta1): string[] {
  return report.violations.flatMap((violation) => violation.violatingResources.map((resource) =>
    `${violation.ruleName}|${path.basename(resource.templatePath)}|${resource.resourceLogicalId}`)).sort();
}

describe('TemplateScopedGuardValidator', () => {
  test('finds exactly what the stock CfnGuardValidator finds', () => {
    const templatePaths = Object.keys(TEMPLATES).map((name) => path.join(dir, name));
    const stock = new CfnGuardValidator().validate(context(templatePaths));
    const scoped = new TemplateScopedGuardValidator().validate(context(templatePaths));
    expect(findings(stock).length).toBeGreaterThan(3);
    expect(findings(scoped)).toEqual(findings(stock));
    expect(scoped.success).toBe(false);
    expect(findings(scoped).some((f) => f.includes('|Storage.template.json|Bucket'))).toBe(true);
    expect(findings(scoped).some((f) => f.includes('|Storage.template.json|Queue'))).toBe(true);
  });

  test('carries the stock plugin name, so acknowledgements read cdk-validator-cfnguard::<rule>', () => {
    const scoped = new TemplateScopedGuardValidator();
    const stock = new CfnGuardValidator();
    expect(scoped.name).toBe('cdk-validator-cfnguard');
    expect(scoped.ruleIds).toEqual(stock.ruleIds);
  });

  test('reads every rule file and the resource types each names', () => {
    const rules = readGuardRules();
    expect(rules.length).toBeGreaterThan(200);
    const sqsEncryption = rules.find((rule) => rule.name === 'ct-sqs-pr-2');
    expect(sqsEncryption?.types.has('AWS::SQS::Queue')).toBe(true);
    expect(rules.every((rule) => rule.types.size > 0)).toBe(true);
  });

  test('switches off only the rules that name none of the template\'s types', () => {
    const rules = readGuardRules();
    const types = templateResourceTypes(path.join(dir, 'Storage.template.json'));
    expect([...types].sort()).toEqual(['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::SQS::Queue']);
    const off = rulesThatCannotMatch(rules, types);
    expect(off).toContain('ct-appsync-pr-1');
    expect(off).not.toContain('ct-sqs-pr-2');
    expect(off).not.toContain('ct-s3-pr-1');
    const untyped = [{ name: 'no-types', types: new Set<string>() }];
    expect(rulesThatCannotMatch(untyped, types)).toEqual([]);
  });

  test('a template no rule can judge is not run at all and passes', () => {
    const report = new TemplateScopedGuardValidator().validate(context([path.join(dir, 'Topic.template.json')]));
    const stock = new CfnGuardValidator().validate(context([path.join(dir, 'Topic.template.json')]));
    expect(findings(report)).toEqual(findings(stock));
  });
});
