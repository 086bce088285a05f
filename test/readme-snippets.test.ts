import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// Every TypeScript block of the README compiles against the library as it is. A block is
// compiled as a module of its own: with its own imports when it has any (the Quick Start must
// stand alone), else with the library's exports and the usual aws-cdk-lib modules in scope,
// and the names a section's prose introduces (`stack`, `central`, `vpc`, ...) declared below.

const ROOT = path.join(__dirname, '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** Names the README's fragments use without making them, and what they are. */
const AMBIENT = `
import type * as cdk from 'aws-cdk-lib';
import type * as lib from 'cdk-security-log-collection';
declare global {
  const app: cdk.App;
  const stack: cdk.Stack;
  const workloadStack: cdk.Stack;
  const central: lib.CentralLogTargets;
  const centralTargets: lib.CentralLogTargets;
  const vpc: import('aws-cdk-lib/aws-ec2').IVpc;
  const cluster: import('aws-cdk-lib/aws-eks').ICluster;
  const userPool: import('aws-cdk-lib/aws-cognito').UserPool;
  const api: import('aws-cdk-lib/aws-apigateway').RestApi;
  const archive: lib.LogArchive;
  const centralLogAccount: lib.CentralLogAccount;
  const sandboxVpc: import('aws-cdk-lib/aws-ec2').IVpc;
  const usEast1Stack: cdk.Stack;
  const homeStack: cdk.Stack;
  const customAppStack: cdk.Stack;
  const pipeline: import('aws-cdk-lib/aws-codepipeline').Pipeline;
  const socTopic: import('aws-cdk-lib/aws-sns').ITopic;
  const serverCertificateArn: string;
  const clientCertificateArn: string;
}
export {};
`;

/** What a block without imports of its own sees. */
const FRAGMENT_IMPORTS = [
  "import { App, Duration, Stack, Validations } from 'aws-cdk-lib';",
  "import * as ec2 from 'aws-cdk-lib/aws-ec2';",
  "import * as eks from 'aws-cdk-lib/aws-eks';",
  "import * as eksv2 from 'aws-cdk-lib/aws-eks-v2';",
  "import * as cognito from 'aws-cdk-lib/aws-cognito';",
  "import * as apigateway from 'aws-cdk-lib/aws-apigateway';",
  "import * as logs from 'aws-cdk-lib/aws-logs';",
  "import * as sns from 'aws-cdk-lib/aws-sns';",
  "import * as kms from 'aws-cdk-lib/aws-kms';",
  "import * as s3 from 'aws-cdk-lib/aws-s3';",
  "import * as rds from 'aws-cdk-lib/aws-rds';",
  "import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';",
  "import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';",
  "import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';",
  "import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';",
  "import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';",
  "import { Construct } from 'constructs';",
].join('\n');

interface Snippet {
  readonly line: number;
  readonly code: string;
}

function snippets(): Snippet[] {
  const found: Snippet[] = [];
  for (const m of README.matchAll(/```ts\n([\s\S]*?)```/g)) {
    found.push({ line: README.slice(0, m.index).split('\n').length + 1, code: m[1] });
  }
  return found;
}

/**
 * A block without imports gets the library's exports it names and the aws-cdk-lib modules above, and runs
 * inside a construct's constructor (the README's `this`).
 */
function moduleSource(code: string, libraryExports: string[]): string {
  if (/^import /m.test(code)) {
    return code;
  }
  const used = libraryExports.filter((n) => new RegExp(`\\b${n}\\b`).test(code));
  const imports = used.length > 0 ? `import { ${used.join(', ')} } from 'cdk-security-log-collection';\n` : '';
  // Inside a construct's constructor, where the README's `this` is.
  return `${FRAGMENT_IMPORTS}\n${imports}export class ReadmeBlock extends Construct {\n  constructor(scope: Construct, id: string) {\n` +
    `    super(scope, id);\n/* ---- README block ---- */\n${code}\n  }\n}\n`;
}

/** Whether no `.ts` file under `dir` was modified after `time`. */
function unchangedSince(dir: string, time: number): boolean {
  return fs.readdirSync(dir, { withFileTypes: true }).every((e) => {
    const file = path.join(dir, e.name);
    return e.isDirectory() ? unchangedSince(file, time) : !e.name.endsWith('.ts') || fs.statSync(file).mtimeMs <= time;
  });
}

/**
 * What the blocks compile against: the declarations `npm test`'s type-check emits (`tsc --emitDeclarationOnly
 * --outDir dist/types`, incremental, in pretest, which then writes `dist/types/.checked`) when no source of lib/
 * changed since, which is about twice as fast to check against; else the sources themselves (for example when jest
 * runs on its own after an edit).
 */
const DECLARATIONS = path.join(ROOT, 'dist', 'types', 'lib', 'index.d.ts');
const CHECKED = path.join(ROOT, 'dist', 'types', '.checked');
const LIBRARY_INDEX = fs.existsSync(DECLARATIONS) && fs.existsSync(CHECKED) && unchangedSince(path.join(ROOT, 'lib'), fs.statSync(CHECKED).mtimeMs)
  ? DECLARATIONS
  : path.join(ROOT, 'lib', 'index.ts');

const OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  strict: true,
  noImplicitThis: false,
  noEmit: true,
  skipLibCheck: true,
  esModuleInterop: true,
  baseUrl: ROOT,
  paths: { 'cdk-security-log-collection': [path.relative(ROOT, LIBRARY_INDEX)] },
  types: [],
};

/** Every name lib/index.ts exports, types included, and the program that read them (reused for the blocks). */
function libraryExports(): { names: string[]; program: ts.Program } {
  const index = LIBRARY_INDEX;
  const program = ts.createProgram([index], OPTIONS);
  const checker = program.getTypeChecker();
  const symbol = checker.getSymbolAtLocation(program.getSourceFile(index)!)!;
  return { names: checker.getExportsOfModule(symbol).map((s) => s.getName()).sort(), program };
}

describe('README TypeScript blocks', () => {
  test('every block compiles against the library', () => {
    const blocks = snippets();
    expect(blocks.length).toBeGreaterThan(10);
    const dir = fs.mkdtempSync(path.join(ROOT, '.readme-snippets-'));
    try {
      const { names, program: libraryProgram } = libraryExports();
      expect(names).toContain('WorkloadLogCollection');
      const files = blocks.map((b, i) => {
        const file = path.join(dir, `block-${String(i).padStart(2, '0')}-line-${b.line}.ts`);
        fs.writeFileSync(file, moduleSource(b.code, names));
        return file;
      });
      const ambient = path.join(dir, 'ambient.d.ts');
      fs.writeFileSync(ambient, AMBIENT);
      const program = ts.createProgram([...files, ambient], OPTIONS, undefined, libraryProgram);
      const problems = ts.getPreEmitDiagnostics(program)
        .filter((d) => d.file && files.includes(path.resolve(d.file.fileName)))
        .map((d) => {
          const where = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
          const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
          return `${path.basename(d.file!.fileName)} (file line ${where.line + 1}): ${text}`;
        });
      expect(problems).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
