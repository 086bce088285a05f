/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Transpile only: `npm test` type-checks the whole project once with `tsc --noEmit` first,
    // which is far faster than ts-jest type-checking every test file on its own.
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/cdk.out/'],
  // Handler bundles are built before tests (pretest) because constructs load them with Code.fromAsset.
  testTimeout: 60000,
  // Jest's default leaves a core idle (cores - 1 workers); the suites are CPU-bound synths, so use them all.
  maxWorkers: '100%',
  // One temp directory for the run, removed at the end: tests leave no cdk.out behind.
  globalSetup: '<rootDir>/test/global-setup.js',
  globalTeardown: '<rootDir>/test/global-teardown.js',
};
