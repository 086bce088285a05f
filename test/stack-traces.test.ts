import * as fs from 'fs';

// test/stack-traces.js: traces of errors keep their TypeScript positions; traces captured on a plain object (as
// aws-cdk-lib captures them for acknowledgements) are left unmapped: they name a position of the compiled JavaScript,
// which has helpers at the top and no type annotations, so not the position this file has.

function captured(): { error: string; plain: string } {
  const error: { stack?: string } = new Error('mapped');
  const plain: { stack?: string } = {}; Error.captureStackTrace(plain);
  return { error: error.stack!, plain: plain.stack! };
}

/** Line and column (1-based) of `needle` in this file, as TypeScript has it. */
function position(needle: string): { line: number; column: number } {
  const lines = fs.readFileSync(__filename, 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  return { line: line + 1, column: lines[line].indexOf(needle) + 1 };
}

/** The first frame of a trace that is in this file: [line, column]. */
function frameIn(stack: string): [number, number] {
  const match = new RegExp(`stack-traces\\.test\\.ts:(\\d+):(\\d+)`).exec(stack);
  return [Number(match![1]), Number(match![2])];
}

test('an error\'s trace is mapped to the TypeScript column', () => {
  const at = position("new Error('mapped')");
  expect(frameIn(captured().error)).toEqual([at.line, at.column]);
});

test('a trace captured on a plain object is the compiled JavaScript\'s, and still lists its frames', () => {
  const at = position('Error.captureStackTrace(plain)');
  const { plain } = captured();
  expect(frameIn(plain)).not.toEqual([at.line, at.column + 'Error.'.length]);
  expect(plain.split('\n').filter((l) => l.startsWith('    at ')).length).toBeGreaterThan(2);
});
