// ESLint flat config: typescript-eslint with type information (tsconfig.eslint.json covers src, commands, scripts,
// bench and test), then eslint-config-prettier last so that no rule argues with Prettier about layout.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', '.tmp/', 'coverage/', 'node_modules/', 'test/fixtures/amplify-project/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { project: './tsconfig.eslint.json', tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // The three the house issue names: a promise nobody awaits loses its error (and the exit code with it).
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      // Heavy modules load lazily: `require()` inside the function that needs them, typed with `typeof import()`.
      '@typescript-eslint/no-require-imports': 'off',
      // Unused arguments named with a leading underscore are kept on purpose (positional callbacks, test.each rows).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    // Tests read JSON.parse()d output and use jest's asymmetric matchers (expect.any(), typed any): the assertions check
    // those values, so the no-unsafe-* family would only ask for casts that prove nothing.
    files: ['test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // jest callbacks and stand-ins (providers, prompters, fetch) are async to fit the signature they replace.
      '@typescript-eslint/require-await': 'off',
      // Tests take methods by reference on purpose: the original kept to call from a jest spy, or asserted absent.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // A command's run() and an MFA code provider are async without awaiting so that a throw is a rejection: the one
    // place that awaits them (runCommand, the credential chain) reports it once.
    files: ['commands/**/*.ts', 'src/prompts/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // Small files named for what they do (docs/architecture.md): a module that grows past 300 lines is split by job.
    files: ['src/**/*.ts', 'commands/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 300, skipBlankLines: false, skipComments: false }] },
  },
  {
    // Plain CommonJS scripts and fixtures run by node directly: no type information, node's globals.
    files: ['**/*.js', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: {
      sourceType: 'commonjs',
      globals: globals.node,
    },
  },
  {
    files: ['eslint.config.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  prettier,
);
