import * as fs from 'fs';
import * as path from 'path';
import { CfnResource, Stack } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

const PACKAGE_NAME = 'cdk-security-log-collection';

function packageRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) {
      return dir;
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`Cannot find the ${PACKAGE_NAME} package root above ${__dirname}.`);
    }
    dir = parent;
  }
}

/**
 * Where the handler code of a stack comes from when the stack cannot hold file assets of its own: a StackSet template,
 * whose functions read their code from a bucket of the deploying account in each region
 * (lib/workload/baseline/asset-copies.ts).
 */
export interface HandlerCodeSource {
  /** The code of the bundle in `dir` for a function under `scope`. */
  codeFor(scope: Construct, dir: string): lambda.CodeConfig;
}

const CODE_SOURCES = new WeakMap<Stack, HandlerCodeSource>();

/** Makes `source` give the code of every handler bound in `stack` from now on. */
export function setHandlerCodeSource(stack: Stack, source: HandlerCodeSource): void {
  CODE_SOURCES.set(stack, source);
}

/** A handler bundle: a file asset of the function's stack, or the code its stack's HandlerCodeSource gives. */
class HandlerCode extends lambda.Code {
  private readonly asset: lambda.AssetCode;

  constructor(private readonly dir: string) {
    super();
    this.asset = lambda.Code.fromAsset(dir);
  }

  public bind(scope: Construct): lambda.CodeConfig {
    const source = CODE_SOURCES.get(Stack.of(scope));
    if (source !== undefined) {
      return source.codeFor(scope, this.dir);
    }
    return this.asset.bind(scope);
  }

  public bindToResource(resource: CfnResource, options?: lambda.ResourceBindOptions): void {
    if (!CODE_SOURCES.has(Stack.of(resource))) {
      this.asset.bindToResource(resource, options);
    }
  }
}

/**
 * The pre-built bundle of a Lambda handler in `lib/handlers/<name>`, as Lambda code.
 * The bundle is plain JavaScript made by `npm run build:handlers`; nothing is
 * bundled at the user's synth.
 */
export function handlerCode(name: string): lambda.Code {
  const dir = path.join(packageRoot(), 'dist', 'handlers', name);
  if (!fs.existsSync(path.join(dir, 'index.js'))) {
    throw new Error(`The '${name}' Lambda handler bundle is missing at ${dir}; run 'npm run build:handlers' (npm ci does it for you).`);
  }
  return new HandlerCode(dir);
}
