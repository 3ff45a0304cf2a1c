// Type-aware lint for the whole workspace; zero warnings allowed (`npm run lint`).
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';
import { createRequire } from 'node:module';

const requireCjs = createRequire(import.meta.url);
const requirePolicyDecorator = requireCjs('./tools/eslint-rules/require-policy-decorator.cjs');

const ours = ['type:domain', 'type:migrations'];
export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.cjs', '**/*.mjs', '**/*.js', '.data/**', 'coverage/**', 'tmp/**', '.nx/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { '@nx': nx, 'import-x': importX },
    settings: {
      'import-x/ignore': ['node_modules'],
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [createTypeScriptImportResolver({ conditionNames: ['@intelgraph/source', 'types', 'import', 'default'] })],
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // domain depends on nothing of ours; each adapter library on domain only.
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:migrations', onlyDependOnLibsWithTags: ['type:migrations'] },
            { sourceTag: 'type:persistence', onlyDependOnLibsWithTags: ours },
            { sourceTag: 'type:policy', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:audit', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: 'type:cache', onlyDependOnLibsWithTags: ['type:domain'] },
            // only the store facade and the app compose them.
            { sourceTag: 'type:store', onlyDependOnLibsWithTags: [...ours, 'type:persistence', 'type:policy', 'type:audit', 'type:cache'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: [...ours, 'type:store', 'type:policy', 'type:audit', 'type:cache', 'type:persistence'] },
            { sourceTag: 'type:tool', onlyDependOnLibsWithTags: [...ours, 'type:store', 'type:policy', 'type:audit', 'type:cache', 'type:persistence', 'type:app'] },
          ],
        },
      ],
    },
  },
  {
    // Every controller/resolver handler declares its policy action or @Public() (tools/eslint-rules).
    files: ['apps/**/*.ts'],
    plugins: { intelgraph: { rules: { 'require-policy-decorator': requirePolicyDecorator } } },
    rules: { 'intelgraph/require-policy-decorator': 'error' },
  },
  {
    // Integration tests may stand up the real database through persistence's testing entry.
    files: ['**/test/**/*.ts', '**/*.spec.ts', '**/*.int-spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          depConstraints: [
            { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:domain'] },
            { sourceTag: '*', onlyDependOnLibsWithTags: [...ours, 'type:persistence', 'type:policy', 'type:audit', 'type:cache', 'type:store', 'type:app'] },
          ],
        },
      ],
      '@typescript-eslint/unbound-method': 'off',
    },
  },
  {
    // The reliability suite attacks the bundled app itself, so it (alone) may import the app project.
    files: ['tests/reliability/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: ['@intelgraph/api'],
          depConstraints: [{ sourceTag: 'type:tool', onlyDependOnLibsWithTags: [...ours, 'type:persistence', 'type:policy', 'type:audit', 'type:cache', 'type:store', 'type:app'] }],
        },
      ],
    },
  },
);
