// Lint budgets keep files small and functions simple (pepr-style); the import
// boundaries keep SDKs at the edges so the domain stays testable with fakes.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { layersPlugin } from './lint/layers.js';
import { LAYERS } from './lint/layers-order.js';

const sdkBoundary = (allowed) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        ...(allowed === 'aws'
          ? []
          : [{ group: ['@aws-sdk/*'], message: 'Only src/aws/ may import @aws-sdk/*.' }]),
        ...(allowed === 'k8s'
          ? []
          : [
              {
                group: ['@kubernetes/client-node'],
                message: 'Only src/k8s/ may import @kubernetes/client-node.',
              },
            ]),
      ],
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', '.build/**', 'node_modules/**', 'coverage/**', 'charts/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      complexity: ['error', 10],
      'max-depth': ['error', 3],
      'max-params': ['error', 4],
      'max-lines': ['error', { max: 200, skipBlankLines: true, skipComments: true }],
      'max-lines-per-function': ['error', { max: 60, skipBlankLines: true, skipComments: true }],
      'no-console': 'error',
      'no-process-exit': 'off',
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'exit', message: 'Return an exit code from main.' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/aws/**', 'src/k8s/**'],
    rules: sdkBoundary('none'),
  },
  { files: ['src/aws/**/*.ts'], rules: sdkBoundary('aws') },
  {
    // The layer picture of ADR 0210: no upward imports, no cycles among folders.
    files: ['src/**/*.ts'],
    plugins: { ehc: layersPlugin },
    rules: { 'ehc/layers': ['error', { root: 'src', layers: LAYERS }] },
  },
  { files: ['src/k8s/**/*.ts'], rules: sdkBoundary('k8s') },
  {
    // One module owns the environment.
    files: ['src/**/*.ts'],
    ignores: ['src/config/environment.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through src/config/environment.ts only.',
        },
      ],
    },
  },
  {
    files: ['sandbox/**/*.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'max-lines-per-function': 'off',
      'max-lines': ['error', { max: 400, skipBlankLines: true, skipComments: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
