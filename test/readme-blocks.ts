import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

// The README's TypeScript blocks as modules of their own, for test/type-check.test.ts, which compiles them in the same
// program as the rest of the project.
//
// A block is compiled as a module of its own: with its own imports when it has any (the Quick Start must stand alone),
// else with the library's exports it names and the usual aws-cdk-lib modules in scope, inside a construct's
// constructor (the README's `this`), with the names a section's prose introduces (`stack`, `central`, `vpc`, ...)
// declared at the top.

export const ROOT = path.join(__dirname, '..');
export const README_PATH = path.join(ROOT, 'README.md');
/** Where the blocks are written as modules (`block-<n>-line-<README line>.ts`), so that errors point at a real file. */
export const SNIPPET_DIR = path.join(ROOT, 'dist', 'readme-snippets');
/** The package name the blocks import, resolved to the library's sources. */
export const PACKAGE_NAME = 'cdk-security-log-collection';

/** Names the README's fragments use without making them, and what they are. */
const AMBIENT = `
declare const app: __cdk.App;
declare const stack: __cdk.Stack;
declare const workloadStack: __cdk.Stack;
declare const central: __lib.CentralLogTargets;
declare const centralTargets: __lib.CentralLogTargets;
declare const vpc: import('aws-cdk-lib/aws-ec2').IVpc;
declare const cluster: import('aws-cdk-lib/aws-eks').ICluster;
declare const userPool: import('aws-cdk-lib/aws-cognito').UserPool;
declare const api: import('aws-cdk-lib/aws-apigateway').RestApi;
declare const archive: __lib.LogArchive;
declare const centralLogAccount: __lib.CentralLogAccount;
declare const sandboxVpc: import('aws-cdk-lib/aws-ec2').IVpc;
declare const usEast1Stack: __cdk.Stack;
declare const homeStack: __cdk.Stack;
declare const customAppStack: __cdk.Stack;
declare const pipeline: import('aws-cdk-lib/aws-codepipeline').Pipeline;
declare const socTopic: import('aws-cdk-lib/aws-sns').ITopic;
declare const serverCertificateArn: string;
declare const clientCertificateArn: string;
`;

/** What a block without imports of its own sees. */
const FRAGMENT_IMPORTS = [
  "import type * as __cdk from 'aws-cdk-lib';",
  `import type * as __lib from '${PACKAGE_NAME}';`,
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

/**
 * Diagnostics a README block may raise and the project's own files may not: the project compiles with
 * noUnusedLocals and noUnusedParameters, and a block declares what it shows whether or not it uses it again.
 */
const UNUSED_CODES = new Set([6133, 6138, 6192, 6196, 6198, 6199, 6205]);

export interface ReadmeBlock {
  /** The README line the block's code starts on. */
  readonly line: number;
  readonly code: string;
}

/** Every ```ts block of the README. */
export function readmeBlocks(readme: string): ReadmeBlock[] {
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => ({ line: readme.slice(0, m.index).split('\n').length + 1, code: m[1] }));
}

/**
 * Every name lib/index.ts exports, read from the declarations of the barrels it re-exports (no type-check needed).
 * A name this misses or adds makes a block fail to compile, so a mistake here cannot pass unnoticed.
 */
export function libraryExportNames(file: string = path.join(ROOT, 'lib', 'index.ts'), seen = new Set<string>()): string[] {
  if (seen.has(file)) {
    return [];
  }
  seen.add(file);
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022);
  const names: string[] = [];
  const exported = (node: ts.Node) => ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const statement of source.statements) {
    if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
      if (statement.exportClause && ts.isNamedExports(statement.exportClause)) {
        names.push(...statement.exportClause.elements.map((e) => e.name.text));
      } else if (!statement.exportClause) {
        const target = path.resolve(path.dirname(file), statement.moduleSpecifier.text);
        const resolved = fs.existsSync(`${target}.ts`) ? `${target}.ts` : path.join(target, 'index.ts');
        names.push(...libraryExportNames(resolved, seen));
      }
    } else if (ts.isVariableStatement(statement) && exported(statement)) {
      names.push(...statement.declarationList.declarations.flatMap((d) => (ts.isIdentifier(d.name) ? [d.name.text] : [])));
    } else if ((ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isEnumDeclaration(statement)
      || ts.isFunctionDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && exported(statement) && statement.name) {
      names.push(statement.name.text);
    }
  }
  return [...new Set(names)].sort();
}

/** One block as a module: its own code when it imports, else the fragment wrapped as described above. */
export function blockModule(code: string, libraryExports: readonly string[]): string {
  if (/^import /m.test(code)) {
    // At the end, so that a line of the module is the same line of the block.
    const ambient = AMBIENT.split('\n').filter((line) => {
      const name = /^declare const (\w+):/.exec(line)?.[1];
      return name !== undefined && new RegExp(`\\b${name}\\b`).test(code) && !new RegExp(`\\b(const|let|var|function|class) ${name}\\b`).test(code);
    });
    return ambient.length === 0 ? code : `${code}\n${FRAGMENT_IMPORTS.split('\n').slice(0, 2).join('\n')}\n${ambient.join('\n')}\n`;
  }
  const used = libraryExports.filter((n) => new RegExp(`\\b${n}\\b`).test(code));
  const imports = used.length > 0 ? `import { ${used.join(', ')} } from '${PACKAGE_NAME}';\n` : '';
  return `${FRAGMENT_IMPORTS}\n${imports}${AMBIENT}\nexport class ReadmeBlock extends Construct {\n  constructor(scope: Construct, id: string) {\n`
    + `    super(scope, id);\n/* ---- README block ---- */\n${code}\n  }\n}\n`;
}

/** The README's blocks as modules, by file name. */
export function readmeModules(readme: string): Map<string, string> {
  const names = libraryExportNames();
  return new Map(readmeBlocks(readme).map((b, i) => [`block-${String(i).padStart(2, '0')}-line-${b.line}.ts`, blockModule(b.code, names)]));
}

/** Writes the README's blocks into SNIPPET_DIR (emptied first) and returns their paths. */
export function writeReadmeModules(readme: string): string[] {
  fs.rmSync(SNIPPET_DIR, { recursive: true, force: true });
  fs.mkdirSync(SNIPPET_DIR, { recursive: true });
  return [...readmeModules(readme)].map(([name, source]) => {
    const file = path.join(SNIPPET_DIR, name);
    fs.writeFileSync(file, source);
    return file;
  });
}

/**
 * The type-check's configuration, written to dist/type-check.tsconfig.json: the project's tsconfig.json (its
 * files and options), the README's blocks, and the package name resolving to the library's sources. TypeScript 7
 * checks it (see test/type-check.test.ts); it removed the node10 module resolution tsconfig.json names for the
 * TypeScript 5.9 tools (ts-node, ts-jest, jsii), so here the project resolves as Node resolves a CommonJS package
 * (nodenext), which finds the same project files, and the declarations of the packages it imports through their
 * `exports`. TypeScript 7 also no longer includes every @types package by default: `types` names the two the project uses.
 */
export function writeTypeCheckConfig(blocks: readonly string[]): string {
  const file = path.join(ROOT, 'dist', 'type-check.tsconfig.json');
  const relative = (p: string) => path.relative(path.dirname(file), p);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({
    // `files` added here; `include` and `exclude` come from tsconfig.json, relative to it.
    extends: relative(path.join(ROOT, 'tsconfig.json')),
    compilerOptions: {
      noEmit: true,
      module: 'nodenext',
      moduleResolution: 'nodenext',
      types: ['node', 'jest'],
      paths: { [PACKAGE_NAME]: [relative(path.join(ROOT, 'lib', 'index.ts'))] },
    },
    files: blocks.map(relative),
  }, undefined, 2));
  return file;
}

/** One diagnostic of `tsc --pretty false`, its file relative to the project (none for a global one). */
export interface TscDiagnostic {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  readonly code: number;
  /** The message, with the lines tsc indents under it. */
  readonly text: string;
}

/** Reads the diagnostics of `tsc --pretty false` (`file(line,col): error TSn: text`, or `error TSn: text`). */
export function parseTscOutput(output: string, cwd: string = ROOT): TscDiagnostic[] {
  const diagnostics: { -readonly [K in keyof TscDiagnostic]: TscDiagnostic[K] }[] = [];
  for (const line of output.split(/\r?\n/)) {
    const located = /^(.+)\((\d+),(\d+)\): error TS(\d+): (.*)$/.exec(line);
    const global = /^error TS(\d+): (.*)$/.exec(line);
    if (located) {
      const [, file, row, column, code, text] = located;
      diagnostics.push({ file: path.relative(ROOT, path.resolve(cwd, file)), line: Number(row), column: Number(column), code: Number(code), text });
    } else if (global) {
      diagnostics.push({ code: Number(global[1]), text: global[2] });
    } else if (/^\s+\S/.test(line) && diagnostics.length > 0) {
      diagnostics[diagnostics.length - 1].text += `\n${line.trim()}`;
    } else if (line.trim() !== '') {
      // Anything else tsc prints (a crash, a usage message) must not pass as "no diagnostics".
      diagnostics.push({ code: 0, text: line });
    }
  }
  return diagnostics;
}

/** The diagnostics that count: all of them, but the unused-name ones in a README block. */
export function countedDiagnostics(diagnostics: readonly TscDiagnostic[]): TscDiagnostic[] {
  const snippets = path.relative(ROOT, SNIPPET_DIR) + path.sep;
  return diagnostics.filter((d) => !(d.file?.startsWith(snippets) && UNUSED_CODES.has(d.code)));
}

/** One line per diagnostic: the file (relative to the project), its line and column, the code, the message. */
export function describeDiagnostics(diagnostics: readonly TscDiagnostic[]): string[] {
  return diagnostics.map((d) => (d.file ? `${d.file}:${d.line}:${d.column} ` : '') + `TS${d.code}: ${d.text}`);
}
