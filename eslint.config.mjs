// Lint rules: typescript-eslint's recommended set, plus a few that keep the code honest.
// `npm run lint` runs it over src/, test/ and scripts/; `npm test` runs it before the tests.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // test/fixtures/ holds inputs for tests (one is a file of deliberate type errors), not code;
  // test/lab-app/ is a package of its own (the test JupyterLab: browser and webpack code).
  { ignores: ['dist/**', 'out/**', 'node_modules/**', 'src/models/fused/assembly/**', 'test/fixtures/**', 'test/lab-app/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      // `import x = require('m')` is TypeScript's typed form for CommonJS modules without an ES default export.
      '@typescript-eslint/no-require-imports': ['error', { allowAsImport: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'error' },
  },
  {
    // Tests may reach into untyped corners of third-party objects.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
