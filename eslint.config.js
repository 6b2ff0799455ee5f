import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** The SDKs: only shared/clouds/ (and the command's invoke clients there) may import them. */
const SDKS = { regex: '^(@alicloud/|tencentcloud-sdk-nodejs)', message: 'Only shared/clouds/ talks to an SDK.' };

/** A folder of shared/ by name, however deep the importing file sits. */
const folder = (...names) => `(^|/)(${names.join('|')})(/|$)`;

/**
 * The layers and the direction of their imports (ARCHITECTURE.md). Each entry: the files, and the
 * imports they may not make. A crossing fails `npm test` (the lint runs first).
 */
const BOUNDARIES = [
  {
    files: ['shared/**/*.ts'],
    patterns: [{ regex: folder('cli', 'local-cloud', 'functions', 'test', 'bench', 'scripts'), message: 'shared/ is the product: it never imports the command, the emulator, the entries, tests or tools.' }],
  },
  {
    files: ['shared/contracts/**/*.ts', 'shared/secrets/**/*.ts'],
    patterns: [{ regex: '^(?!\\./)', message: 'Contracts and secrets import nothing (only their own files): everything else depends on them.' }],
  },
  {
    files: ['shared/engine/**/*.ts'],
    patterns: [
      { regex: folder('clouds', 'runtime', 'notify', 'triggers'), message: 'The engine is pure: it reaches a cloud only through the CloudDriver contract.' },
      SDKS,
      { regex: '^node:(http|https|net|dns|tls)$', message: 'The engine makes no network calls.' },
    ],
  },
  {
    files: ['shared/clouds/**/*.ts'],
    patterns: [{ regex: folder('engine', 'policy', 'runtime', 'triggers', 'notify'), message: 'shared/clouds/ only translates: it decides nothing about what to copy.' }],
    // A service's message enters the project redacted: through cloudError(), never `new CloudError`.
    syntax: [{ selector: "NewExpression[callee.name='CloudError']", message: 'Use cloudError() from shared/clouds/cloud-error.ts: it redacts the message.' }],
    except: ['shared/clouds/cloud-error.ts'],
  },
  {
    files: ['shared/policy/**/*.ts', 'shared/validation/**/*.ts', 'shared/triggers/**/*.ts'],
    patterns: [{ regex: folder('clouds', 'engine', 'runtime', 'notify'), message: 'Parsing and checking input needs no cloud and no engine.' }, SDKS],
  },
  {
    files: ['shared/notify/**/*.ts'],
    patterns: [{ regex: folder('clouds', 'engine', 'runtime', 'triggers'), message: 'The notifier knows answers (contracts), not how they were made.' }, SDKS],
  },
  {
    files: ['shared/runtime/**/*.ts'],
    patterns: [SDKS],
  },
  {
    files: ['functions/**/*.ts'],
    patterns: [
      {
        regex: '^(?!\\.\\./\\.\\./shared/(runtime/[\\w-]+|clouds/\\w+-factory|engine/(edge-chores|prune))$)',
        message: 'A function entry is wiring: it imports the runtime, its driver factory and (ENS) the upkeep it opts into.',
      },
    ],
  },
  {
    files: ['local-cloud/**/*.ts'],
    patterns: [{ regex: folder('shared', 'cli', 'functions'), message: 'The emulator is written apart from the adapters it checks: it imports none of the product.' }, SDKS],
  },
  {
    files: ['local-cloud/services/*-model.ts'],
    patterns: [{ regex: '(^|/)(wire/|[\\w-]+-wire$|server$)', message: 'A service model works on typed requests; the wire layer parses and renders.' }],
  },
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bin/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The bundles' stubs are CommonJS on purpose: they stand in for CommonJS packages.
    files: ['scripts/stubs/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  // Later entries for the same file replace the rule's options, so each file gets every pattern that applies to it.
  ...boundaryConfigs(),
);

/** One config per distinct set of applicable boundaries, so overlapping globs add up instead of overriding. */
function boundaryConfigs() {
  return BOUNDARIES.map((boundary, index) => {
    const inherited = BOUNDARIES.slice(0, index).filter((earlier) => covers(earlier.files, boundary.files));
    const patterns = [...inherited.flatMap((b) => b.patterns), ...boundary.patterns];
    const rules = { 'no-restricted-imports': ['error', { patterns }] };
    if (boundary.syntax) rules['no-restricted-syntax'] = ['error', ...boundary.syntax];
    return { files: boundary.files, ...(boundary.except ? { ignores: boundary.except } : {}), rules };
  });
}

/** Whether every file the `inner` globs name is also named by the `outer` ones (a prefix test suffices here). */
function covers(outer, inner) {
  return inner.every((glob) => outer.some((o) => glob.startsWith(o.replace(/\*\*\/\*\.ts$/, ''))));
}
