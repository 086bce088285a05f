import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, IPolicyValidationContextBeta1, PolicyValidationPluginReportBeta1 } from 'aws-cdk-lib';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import {
  planGuardRuns, readGuardRules, TemplateDocument, TemplateScopedGuardValidator, withReferencedResources,
} from '../../bin/guard-validator';

// The example runs the Control Tower guard rules per template, with only the rules that can match it, each over only
// the resources it can read (bin/guard-validator.ts). These tests hold it to the stock plugin: the same findings on
// templates that have some, references between resources included.

let dir: string;

/** Three templates: resources several rules judge (and fail); rules that follow references; a type no rule names. */
const TEMPLATES: Record<string, TemplateDocument> = {
  'Storage.template.json': {
    Resources: {
      Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
      Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      Table: { Type: 'AWS::DynamoDB::Table', Properties: {
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      } },
    } as TemplateDocument['Resources'],
  },
  // CT.LAMBDA.PR.2 accepts a service principal's SourceArn only as a string or a reference to a resource of the
  // template: the EventBridge rule it refers to is of a type the rule file does not name, so the copy must carry it
  // (without it, cfn-guard reports an invalid reference in a shape the stock plugin cannot read, and throws). The
  // queue refers to its dead-letter queue.
  'References.template.json': {
    Resources: {
      Schedule: { Type: 'AWS::Events::Rule', Properties: { ScheduleExpression: 'rate(1 hour)', State: 'ENABLED' } },
      Allowed: { Type: 'AWS::Lambda::Permission', Properties: {
        Action: 'lambda:InvokeFunction', FunctionName: 'handler', Principal: 'events.amazonaws.com', SourceArn: { 'Fn::GetAtt': ['Schedule', 'Arn'] },
      } },
      DeadLetters: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: 'alias/aws/sqs' } },
      Work: { Type: 'AWS::SQS::Queue', Properties: {
        KmsMasterKeyId: 'alias/aws/sqs', RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['DeadLetters', 'Arn'] }, maxReceiveCount: 3 },
      } },
    } as TemplateDocument['Resources'],
  },
  'Topic.template.json': {
    Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: {} } } as TemplateDocument['Resources'],
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

/** Each finding as `rule|template|resource|locations`, sorted: what a reader of the report sees. */
function findings(report: PolicyValidationPluginReportBeta1): string[] {
  return report.violations.flatMap((violation) => violation.violatingResources.map((resource) =>
    `${violation.ruleName}|${path.basename(resource.templatePath)}|${resource.resourceLogicalId}|${resource.locations.join(',')}`)).sort();
}

const paths = (...names: string[]) => names.map((name) => path.join(dir, name));

describe('TemplateScopedGuardValidator', () => {
  let stock: string[];
  beforeAll(() => {
    stock = findings(new CfnGuardValidator().validate(context(paths('Storage.template.json', 'References.template.json'))));
  });

  test('finds exactly what the stock CfnGuardValidator finds, naming the synthesised templates', () => {
    const scoped = new TemplateScopedGuardValidator().validate(context(paths('Storage.template.json', 'References.template.json')));
    expect(stock.length).toBeGreaterThan(3);
    expect(findings(scoped)).toEqual(stock);
    expect(scoped.success).toBe(false);
    expect(scoped.violations.flatMap((v) => v.violatingResources.map((r) => r.templatePath)).every((p) => p.startsWith(dir))).toBe(true);
    expect(stock.some((f) => f.includes('|Storage.template.json|Bucket|'))).toBe(true);
    expect(stock.some((f) => f.includes('|Storage.template.json|Queue|'))).toBe(true);
  });

  test('split into one run per set of types (what it does on a large template), it still finds exactly the same: references are followed', () => {
    const split = new TemplateScopedGuardValidator(0).validate(context(paths('Storage.template.json', 'References.template.json')));
    expect(findings(split)).toEqual(stock);
    // The permission's run carries the EventBridge rule its SourceArn refers to: without it, validate throws.
    const runs = planGuardRuns(readGuardRules(), TEMPLATES['References.template.json'], 0);
    const permissionRun = runs.find((run) => run.rules.includes('ct-lambda-pr-2'));
    expect([...permissionRun?.resources ?? []].sort()).toEqual(['Allowed', 'Schedule']);
  });

  test('leaves no copy of a template behind', () => {
    const before = fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('guard-'));
    new TemplateScopedGuardValidator(0).validate(context(paths('References.template.json')));
    expect(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('guard-'))).toEqual(before);
  });

  test('carries the stock plugin name, so acknowledgements read cdk-validator-cfnguard::<rule>', () => {
    const scoped = new TemplateScopedGuardValidator();
    const ours = new CfnGuardValidator();
    expect(scoped.name).toBe('cdk-validator-cfnguard');
    expect(scoped.ruleIds).toEqual(ours.ruleIds);
  });

  test('a template no rule can judge is not run at all and passes', () => {
    const report = new TemplateScopedGuardValidator().validate(context(paths('Topic.template.json')));
    expect(findings(report)).toEqual(findings(new CfnGuardValidator().validate(context(paths('Topic.template.json')))));
    expect(report.success).toBe(true);
  });
});

describe('readGuardRules', () => {
  test('reads every rule file and the resource types each names', () => {
    const rules = readGuardRules();
    expect(rules.length).toBeGreaterThan(200);
    const sqsEncryption = rules.find((rule) => rule.name === 'ct-sqs-pr-2');
    expect(sqsEncryption?.types.has('AWS::SQS::Queue')).toBe(true);
    expect(rules.every((rule) => rule.types.size > 0)).toBe(true);
  });
});

describe('withReferencedResources', () => {
  const template: TemplateDocument = {
    Resources: {
      A: { Type: 'T', Properties: { X: { Ref: 'B' }, Y: { Ref: 'AWS::Region' }, Z: { Ref: 'Param' } } },
      B: { Type: 'T', Properties: { X: { 'Fn::GetAtt': 'C.Arn' } } },
      C: { Type: 'T', Properties: { X: { 'Fn::Sub': 'arn:${D.Arn}/${!Literal}/${AWS::AccountId}' } } },
      D: { Type: 'T', DependsOn: ['E'] },
      E: { Type: 'T', Properties: { X: { 'Fn::Sub': ['${F}', { F: { 'Fn::GetAtt': ['G', 'Arn'] } }] } } },
      G: { Type: 'T' },
      Literal: { Type: 'T' },
      Unrelated: { Type: 'T', Properties: { X: { Ref: 'A' } } },
    } as TemplateDocument['Resources'],
  };

  test('follows Ref, both forms of Fn::GetAtt, Fn::Sub and DependsOn to the end; leaves out parameters, pseudo parameters and literals', () => {
    expect([...withReferencedResources(template, ['A'])].sort()).toEqual(['A', 'B', 'C', 'D', 'E', 'G']);
  });

  test('does not follow references backwards', () => {
    expect([...withReferencedResources(template, ['G'])]).toEqual(['G']);
  });
});

describe('planGuardRuns', () => {
  const rules = [
    { name: 'bucket', types: new Set(['AWS::S3::Bucket']) },
    { name: 'bucket-policy', types: new Set(['AWS::S3::Bucket', 'AWS::S3::BucketPolicy']) },
    { name: 'queue', types: new Set(['AWS::SQS::Queue']) },
    { name: 'queue-2', types: new Set(['AWS::SQS::Queue']) },
    { name: 'table', types: new Set(['AWS::DynamoDB::Table']) },
  ];
  const template: TemplateDocument = {
    Resources: {
      Bucket: { Type: 'AWS::S3::Bucket', Properties: { Name: 'b'.repeat(1000) } },
      Key: { Type: 'AWS::KMS::Key', Properties: {} },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: { Ref: 'Key' } } },
      Role: { Type: 'AWS::IAM::Role', Properties: {} },
    } as TemplateDocument['Resources'],
  };
  const described = (runs: ReturnType<typeof planGuardRuns>) => runs.map((run) => ({ rules: [...run.rules].sort(), resources: [...run.resources ?? []].sort() }));

  test('split: one run per set of the template\'s types the rules name, over those resources and what they refer to; no run for rules of absent types', () => {
    expect(described(planGuardRuns(rules, template, 0))).toEqual([
      { rules: ['bucket', 'bucket-policy'], resources: ['Bucket'] },
      { rules: ['queue', 'queue-2'], resources: ['Key', 'Queue'] },
    ]);
  });

  test('on a small template, one run over every resource a rule reads', () => {
    expect(described(planGuardRuns(rules, template))).toEqual([
      { rules: ['bucket', 'bucket-policy', 'queue', 'queue-2'], resources: ['Bucket', 'Key', 'Queue'] },
    ]);
  });

  test('merges runs while that saves more than a start of cfn-guard: small runs together, a run over a large resource alone', () => {
    const large: TemplateDocument = {
      Resources: {
        ...template.Resources,
        Bucket: { Type: 'AWS::S3::Bucket', Properties: { Name: 'b'.repeat(200_000) } },
        Table: { Type: 'AWS::DynamoDB::Table', Properties: {} },
      } as TemplateDocument['Resources'],
    };
    expect(described(planGuardRuns(rules, large))).toEqual([
      { rules: ['bucket', 'bucket-policy'], resources: ['Bucket'] },
      { rules: ['queue', 'queue-2', 'table'], resources: ['Key', 'Queue', 'Table'] },
    ]);
  });

  test('a rule file that names no type runs over the whole template', () => {
    const runs = planGuardRuns([...rules, { name: 'untyped', types: new Set<string>() }], template, 0);
    expect(runs[0]).toEqual({ rules: ['untyped'] });
    expect(runs).toHaveLength(3);
  });

  test('a template with none of the rules\' types gets no run', () => {
    expect(planGuardRuns(rules, { Resources: { Topic: { Type: 'AWS::SNS::Topic' } } })).toEqual([]);
  });
});

describe('the rule files read resources only in the ways planGuardRuns keeps', () => {
  // planGuardRuns relies on this (bin/guard-validator.ts): a rule selects the resources it judges by a type written
  // in its file, and reaches others only by the logical id of a reference. A new version of the rules that reads
  // resources another way fails here, before it could find less on a copy than on the whole template.
  test('every use of Resources is a type selection, a lookup by logical id, or a property called Resources', () => {
    const directory = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json')), 'rules', 'control-tower', 'cfn-guard');
    const files: string[] = [];
    const walk = (d: string): void => fs.readdirSync(d, { withFileTypes: true }).forEach((e) =>
      e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.guard') && files.push(path.join(d, e.name)));
    walk(directory);
    const allowed = [
      /^let [a-z_0-9]+ = Resources\.\*\[ Type == %[A-Z_0-9]+ ?\]$/, // the resources of a type
      /^let [a-z_0-9]+ = Resources(\.\*)?\[$/, // the same over lines: the next line is `Type == ...`
      /^let referenced_resource = %doc\.Resources\[ keys == %resource_key \]$/, // a lookup by a reference's logical id
      /^Resources exists( {2}or| or)?$/, // the template's top-level key (or EKS EncryptionConfig's property)
      /^(some Resources\[\*\] == "secrets"|Resources not empty|Resources is_list)$/, // EKS EncryptionConfig's Resources property
    ];
    const unknown: string[] = [];
    let selections = 0;
    for (const file of files) {
      // Without comments and the messages between << and >>.
      const lines = fs.readFileSync(file, 'utf8').replace(/<<[\s\S]*?>>/g, '').split('\n').map((l) => l.trim()).filter((l) => !l.startsWith('#'));
      lines.forEach((line, i) => {
        if (!/\bResources\b/.test(line)) {
          return;
        }
        if (!allowed.some((pattern) => pattern.test(line))) {
          unknown.push(`${path.basename(file)}: ${line}`);
        } else if (/\[$/.test(line) && !/^Type == %[A-Z_0-9]+( or)?$/.test(lines[i + 1])) {
          unknown.push(`${path.basename(file)}: ${line} ${lines[i + 1]}`);
        } else if (/Type ==|\[$/.test(line)) {
          selections += 1;
        }
      });
    }
    expect(unknown).toEqual([]);
    expect(selections).toBeGreaterThan(200);
  });
});
