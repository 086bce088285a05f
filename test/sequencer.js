// Jest's own order (slowest first, from the timings of earlier runs; by file size on a first run), with the
// type-check first: it is one of the longest files, and on a first run (a clean clone, CI) its small size would
// otherwise start it last, with every other worker idle while it runs.
const Sequencer = require('@jest/test-sequencer').default;

class TypeCheckFirst extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const first = sorted.filter((t) => t.path.endsWith('type-check.test.ts'));
    return [...first, ...sorted.filter((t) => !first.includes(t))];
  }
}

module.exports = TypeCheckFirst;
