/**
 * The package as users install it: the tarball of `npm pack`, installed with `npm i -g --prefix` by
 * scripts/pack-install.sh (or the folder in AMPLIFY_AWS_ROLES_PLUGIN_DIR, which .ci/run installs that way).
 * Separate from `npm test` because installing fetches the dependencies: `npm run test:pack` after `npm run build`.
 */
const path = require('node:path');

module.exports = {
  rootDir: path.join(__dirname, '..', '..'),
  testEnvironment: 'node',
  roots: ['<rootDir>/test/pack'],
  testMatch: ['**/*.pack.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: { types: ['node', 'jest'], isolatedModules: true } }] },
  setupFiles: ['<rootDir>/test/setup-env.ts'],
  testTimeout: 120000,
  maxWorkers: 1,
};
