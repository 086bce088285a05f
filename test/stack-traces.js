// Runs in every test file after jest has installed source-map-support (setupFilesAfterEnv).
//
// aws-cdk-lib records a stack trace for every `Validations.of(scope).acknowledge(...)` (into construct metadata no
// test reads), and the library acknowledges many findings on every stack it builds. Under jest, source-map-support
// maps every frame of every trace through the TypeScript source maps: about a twentieth of the suites' CPU, measured
// with `node --cpu-prof`. Those traces are captured on a plain object (`Error.captureStackTrace({})`), so here only
// traces of real errors (a failing test, a thrown ValidationError, an error from another realm such as Node's own) are
// mapped; the others get the stack V8 would print without source-map-support.
const { isNativeError } = require('util').types;

/** The first line of a trace, as V8 would write it; an object without a prototype has no toString. */
function describe(target) {
  try {
    return String(target);
  } catch {
    return '[object]';
  }
}

const mapped = Error.prepareStackTrace;
if (typeof mapped === 'function') {
  Error.prepareStackTrace = (target, frames) => (isNativeError(target) || target instanceof Error
    ? mapped(target, frames)
    : [describe(target), ...frames.map((frame) => `    at ${frame}`)].join('\n'));
}
