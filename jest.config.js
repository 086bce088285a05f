/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Transpile only: test/type-check.test.ts type-checks the whole project (and the README's blocks) in one program,
    // which is far faster than ts-jest type-checking every test file on its own.
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/cdk.out/'],
  // Handler bundles are built before tests (pretest) because constructs load them with Code.fromAsset.
  testTimeout: 60000,
  // Jest's default leaves a core idle (cores - 1 workers); the suites are CPU-bound synths, so use them all.
  maxWorkers: '100%',
  // The type-check first (see the file).
  testSequencer: '<rootDir>/test/sequencer.js',
  // Jest's transform cache in the project (node_modules/.cache, as other tools keep theirs) rather than the OS temp
  // directory, so that a run leaves nothing there.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  // One temp directory for the run, removed at the end: tests leave no cdk.out behind.
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
  // Stack traces aws-cdk-lib records for acknowledgements are not mapped through the source maps (see the file).
  setupFilesAfterEnv: ['<rootDir>/test/stack-traces.js'],
};
