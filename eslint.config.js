// ESLint flat config: typescript-eslint's recommended rules (syntax only, no type information needed), and the
// layers of docs/architecture.md ("Folders and what each may import") as import restrictions. A later block's
// no-restricted-imports replaces an earlier one's for the same file, so each specific layer repeats the general rule.
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

/** `no-restricted-imports` with one message for every pattern of a layer. */
const layer = (message, ...group) => ({
  'no-restricted-imports': ['error', { patterns: [{ group, message }] }],
});

export default defineConfig(
  globalIgnores(['node_modules/', 'src/generated/**', '.tap/', 'coverage/']),
  {
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    extends: [tseslint.configs.recommended],
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    // src/cli/ is the top floor: the daemon's entry point; shared process helpers live in src/process/.
    files: ['src/**', 'machines/**'],
    ignores: ['src/cli/**'],
    rules: layer(
      'src/cli/ is the top floor (the daemon entry point): import shared process helpers from src/process/.',
      '**/cli/*',
    ),
  },
  {
    // The bottom layer: the vocabulary every other layer shares; it imports nothing of ours.
    files: ['src/core/**'],
    rules: layer('src/core/ is the bottom layer: it imports nothing of ours.', '../*', '!./*'),
  },
  {
    // Pure machines: xstate and the bottom layer only, so they can be tested, drawn and model-checked alone.
    files: ['machines/**'],
    rules: layer(
      'machines/ may import only xstate, machines/ and src/core/ (I/O reaches them as ports and provided actions).',
      '**/src/*',
      '!**/src/core',
      '**/node_modules/*',
      'node:*',
      'pino',
      '@grpc/*',
      'fs-extra',
    ),
  },
  {
    // Fault injection decides from the call alone (docs/faults.md): the daemon wires it in, it imports nothing of
    // ours but the shared vocabulary.
    files: ['src/faults/**'],
    rules: layer('src/faults/ may import only src/core/ and libraries.', '../*', '!../core', '../../*'),
  },
  {
    // The simulated node (docs/node.md) computes from what it is handed: the daemon wires it to the actors.
    files: ['src/node/*'],
    rules: layer(
      'src/node/ may import only src/core/, src/resources/, src/memory/ and libraries.',
      '../*',
      '!../core',
      '!../resources',
      '!../memory',
      '../../*',
    ),
  },
  {
    files: ['src/node/*/**'],
    rules: layer(
      'src/node/ may import only src/core/, src/resources/, src/memory/ and libraries.',
      '../../*',
      '!../../core',
      '!../../resources',
      '!../../memory',
      '../../../*',
    ),
  },
  {
    // Cost (docs/planning.md) is computed from plain amounts the daemon gathers: prices in, numbers out.
    files: ['src/cost/**'],
    rules: layer(
      'src/cost/ may import only src/core/, src/resources/, src/node/ and libraries.',
      '../*',
      '!../core',
      '!../resources',
      '!../node',
      '../../*',
    ),
  },
  {
    // A plan (docs/planning.md) is asked of a node and prices it is handed; reading files is the ctl's.
    files: ['src/plan/**'],
    rules: layer(
      'src/plan/ may import only src/core/, src/resources/, src/node/, src/cost/ and libraries.',
      '../*',
      '!../core',
      '!../resources',
      '!../node',
      '!../cost',
      '../../*',
    ),
  },
  {
    // Metrics read the daemon at scrape time and are told the rest through hooks (docs/metrics.md): they reach into
    // neither the transport nor the store, whose observer interface is the one thing they implement.
    files: ['src/metrics/**'],
    rules: layer(
      'src/metrics/ may not import src/transport/, src/persistence/, src/store/ (but its writer-observer.js) or src/cli/: what it reads is passed in.',
      '**/transport/*',
      '**/persistence/*',
      '**/store/*',
      '!**/store/writer-observer.js',
      '**/cli/*',
    ),
  },
  {
    // resource-slot-cluster runs the daemon, containerd and Kubernetes as processes (docs/kubernetes.md): it needs
    // the shared vocabulary, the process helpers and the host platform, never the daemon's insides.
    files: ['src/cluster/**'],
    rules: layer(
      'src/cluster/ may import only src/core/, src/process/, src/transport/ (the host platform) and libraries: it runs the daemon as a process.',
      '../*',
      '!../core',
      '!../process',
      '!../transport',
      '../../*',
    ),
  },
  {
    // The usage history samples the model and the actors' snapshots on its own timer (docs/history.md): it is read
    // by the transport and the debug page, and reaches into neither the transport nor the store.
    files: ['src/history/**'],
    rules: layer(
      'src/history/ may not import src/transport/, src/persistence/, src/store/ or src/cli/: it samples the model and is read by them.',
      '**/transport/*',
      '**/persistence/*',
      '**/store/*',
      '**/cli/*',
    ),
  },
  {
    // The transport decodes, asks the supervisor and encodes: storage and process wiring are not its business.
    files: ['src/transport/**'],
    rules: layer(
      'src/transport/ may not import src/store/, src/persistence/ or src/cli/: it talks to the supervisor only.',
      '**/store/*',
      '**/persistence/*',
      '**/cli/*',
    ),
  },
);
