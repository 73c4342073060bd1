// Jest projects select the test tier by file suffix: unit (no I/O), int (real servers), e2e.
const shared = {
  testEnvironment: 'node',
  testTimeout: 90_000,
  testEnvironmentOptions: { customExportConditions: ['source', 'node'] },
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  roots: ['<rootDir>'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/.infra/'],
  modulePathIgnorePatterns: ['<rootDir>/.infra/', '/dist/'],
};

// Tiers that talk to real servers check (or, with Docker, start) them once per run.
const servers = {
  globalSetup: '<rootDir>/libs/testkit/jest.global-setup.mjs',
  globalTeardown: '<rootDir>/libs/testkit/jest.global-teardown.mjs',
};

export default {
  testTimeout: 90_000,
  projects: [
    { ...shared, displayName: 'unit', testMatch: ['**/*.unit.test.ts'] },
    { ...shared, ...servers, displayName: 'int', testMatch: ['**/*.int.test.ts'], slowTestThreshold: 30 },
    { ...shared, ...servers, displayName: 'e2e', testMatch: ['**/*.e2e.test.ts'], slowTestThreshold: 60 },
  ],
};
