import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import importX from 'eslint-plugin-import-x';
import noImportCycle from './eslint-rules/no-import-cycle.js';

// Feature folders under server/: none reaches into another's repositories or models (call its service).
const features = ['accounts', 'courses', 'learning', 'certificates', 'standards', 'reports', 'home', 'health'];
const crossFeatureZones = features.map((feature) => ({
  target: `./server/${feature}/**/*`,
  from: features.filter((other) => other !== feature).flatMap((other) => [`./server/${other}/**/*.repository.ts`, `./server/${other}/**/*.model.ts`]),
  message: 'a feature calls another feature\'s service, never its repository or model (docs/architecture.md)',
}));
const houseZones = [
  {
    target: ['./server/!(main).ts', './server/*/**/*'],
    from: './server/app.ts',
    message: 'only server/main.ts, tests and benches import the composition root; take Clock from server/clock.ts',
  },
  { target: './server/**/*.service.ts', from: './server/http/**/*', message: 'services never see HTTP: take SessionUser from accounts/session-user.types.ts' },
  ...crossFeatureZones,
];

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'server/db/ferretdb/bin/', 'coverage/', '.scratch/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['static/js/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/no-unused-expressions': 'off' },
  },
  // House rules (issue 12, docs/architecture.md): how the floors of the house may import each other.
  {
    files: ['server/**/*.ts'],
    plugins: { 'import-x': importX, house: { rules: { 'no-import-cycle': noImportCycle } } },
    rules: {
      'house/no-import-cycle': ['error', { root: 'server' }],
      'import-x/no-restricted-paths': ['error', { zones: houseZones }],
    },
  },
  {
    files: ['server/**/*.ts', 'test/**/*.ts'],
    rules: { 'max-lines': ['error', { max: 250, skipBlankLines: false, skipComments: false }] },
  },
);
