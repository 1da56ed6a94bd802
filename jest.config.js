/** Tests run from TypeScript sources; tests that start the command line use the built `dist/` (npm test builds first). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { types: ['node', 'jest'], isolatedModules: true } }] },
  testTimeout: 30000,
  setupFiles: ['<rootDir>/test/setup-env.ts'],
};
