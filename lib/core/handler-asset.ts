import * as fs from 'fs';
import * as path from 'path';
import * as lambda from 'aws-cdk-lib/aws-lambda';

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
 * The pre-built bundle of a Lambda handler in `lib/handlers/<name>`, as Lambda code.
 * The bundle is plain JavaScript made by `npm run build:handlers`; nothing is
 * bundled at the user's synth.
 */
export function handlerCode(name: string): lambda.Code {
  const dir = path.join(packageRoot(), 'dist', 'handlers', name);
  if (!fs.existsSync(path.join(dir, 'index.js'))) {
    throw new Error(`The '${name}' Lambda handler bundle is missing at ${dir}; run 'npm run build:handlers' (npm ci does it for you).`);
  }
  return lambda.Code.fromAsset(dir);
}
