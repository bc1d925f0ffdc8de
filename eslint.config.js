// @ts-check
import path from 'node:path';
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import pluginVue from 'eslint-plugin-vue';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import noFolderCycles from './build/eslint/no-folder-cycles.js';

/**
 * Layering, enforced here (after VS Code's code-layering rule):
 *   transports (electron, host, cli)  ->  app (composition root)  ->  api  ->  services (ingest, faces,
 *   library, jobs, vision, ...)  ->  catalog / imaging  ->  platform / util
 * Arrows point down only: platform and util import nothing else from src-main, imaging only them, and no
 * two folders of src-main import each other, even through others (faceatlas/no-folder-cycles).
 * Only src-main/electron imports electron; the renderer reaches the backend only through its client
 * module, importing nothing from src-main but types of the API contract.
 */
const electronOnlyHere = {
  name: 'electron',
  message: 'Only src-main/electron may import electron: domain code must run headless.',
};
const upward = (folders, why) => ({
  group: folders.map((folder) => `**/${folder}/**`),
  message: why,
});
/** The renderer imports nothing from src-main but `import type` of the API contract. */
const contractTypesOnly = [
  {
    regex: 'src-main/(?!api/contract$)',
    message: 'The renderer may import only types of src-main/api/contract.',
  },
  {
    regex: 'src-main/api/contract$',
    allowTypeImports: true,
    message: 'Import the API contract with `import type` only; call the backend through src/api/client.',
  },
];
const domainFolders = [
  'catalog',
  'imaging',
  'platform',
  'faces',
  'ingest',
  'jobs',
  'library',
  'vision',
  'evaluation',
  'util',
  'people',
  'search',
  'training',
  'projection',
  'settings',
  'models',
];

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  ...pluginVue.configs['flat/recommended'],
  // Formatting is Prettier's job; this turns off the lint rules that would fight it.
  prettier,
  {
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
      globals: { ...globals.node },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronOnlyHere] }],
    },
  },
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    files: ['src-main/electron/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: [`src-main/{${domainFolders.join(',')}}/**`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyHere],
          patterns: [
            upward(
              ['api', 'host', 'electron', 'cli'],
              'Services and repositories must not depend on a transport or the API layer.',
            ),
            upward(['app'], 'Only transports use the composition root (src-main/app).'),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/catalog/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyHere],
          patterns: [
            upward(
              ['api', 'host', 'electron', 'cli', 'ingest', 'library', 'jobs', 'app', 'faces', 'imaging'],
              'Repositories depend on nothing above them.',
            ),
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/{platform,util,imaging}/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyHere],
          patterns: [
            {
              regex: String.raw`^\.\./(?!platform/|util/)`,
              message: 'platform, util and imaging sit below everything: they import only platform and util.',
            },
          ],
        },
      ],
    },
  },
  {
    // Runtime imports only: `import type` is erased, so a type-only back reference (jobs naming its
    // payloads) is not a cycle.
    files: ['src-main/**/*.ts'],
    plugins: { faceatlas: { rules: { 'no-folder-cycles': noFolderCycles } } },
    rules: {
      'faceatlas/no-folder-cycles': ['error', { root: path.join(import.meta.dirname, 'src-main') }],
    },
  },
  {
    files: ['src-main/api/**', 'src-main/host/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyHere],
          patterns: [
            upward(['electron', 'cli'], 'The API and the host know nothing of Electron or the CLI.'),
          ],
        },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [electronOnlyHere], patterns: contractTypesOnly },
      ],
    },
  },
  {
    // Views, components and stores go through src/api/client, never straight to the network.
    files: ['src-renderer/src/{views,components,stores}/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [electronOnlyHere],
          patterns: [
            ...contractTypesOnly,
            { group: ['ws'], message: 'Reach the backend only through src/api/client.' },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'fetch', message: 'Reach the backend only through src/api/client.' },
        { name: 'WebSocket', message: 'Reach the backend only through src/api/client.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['test/**'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
