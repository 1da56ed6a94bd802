/**
 * End-to-end tests against the real Amplify CLI (installed by scripts/install-amplify-cli.sh) and moto.
 * Separate from the unit/integration run (`npm test`): `npx jest -c test/e2e/jest.config.js` after `npm run build`.
 */
const path = require('node:path');

module.exports = {
  rootDir: path.join(__dirname, '..', '..'),
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { types: ['node', 'jest'], isolatedModules: true } }] },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  // Each Amplify CLI command takes seconds; a test runs several.
  testTimeout: 240000,
  maxWorkers: 1,
};
