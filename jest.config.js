/**
 * Three projects share one run and one global setup (PostgreSQL + Kafka, see test/global-setup.ts):
 * unit (*.spec.ts, no I/O), integration (*.int-spec.ts, real PostgreSQL) and end-to-end
 * (test/e2e/*.e2e-spec.ts, the four apps as processes against PostgreSQL and Kafka).
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      target: 'es2023',
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    // gocardless-nodejs requires uuid@14, which is ESM only; Jest's CommonJS loader takes the root uuid@8 (same v4 API).
    '^uuid$': '<rootDir>/node_modules/uuid',
    '^@app/(contracts|messaging|test-support|provider-stubs)$': '<rootDir>/libs/$1/src',
    '^@app/(contracts|messaging|test-support|provider-stubs)/(.*)$': '<rootDir>/libs/$1/src/$2',
  },
  modulePathIgnorePatterns: ['<rootDir>/dist/', '<rootDir>/.local/'],
};

module.exports = {
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60_000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,bench}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'], testTimeout: 120_000 },
  ],
};
