import t from 'tap';
import { DEFAULT_SANDBOXER, parseConformanceArgs, USAGE_EXIT_CODE } from '../../src/conformance/args.js';

t.test('defaults: auto task socket, text, every check', async (t) => {
  t.same(parseConformanceArgs(['--socket', 'x.sock'], '/run'), {
    kind: 'run',
    options: {
      socket: '/run/x.sock',
      taskSocket: { kind: 'auto' },
      sandboxer: DEFAULT_SANDBOXER,
      only: [],
      format: 'text',
      list: false,
    },
  });
});

t.test('every flag', async (t) => {
  const parsed = parseConformanceArgs(
    [
      '--socket=/a.sock',
      '--task-socket',
      'task.sock',
      '--sandboxer',
      'kuasar',
      '--only',
      'sandbox.*, task.create',
      '--only',
      'task.illegal.?aused',
      '--format',
      'tap',
    ],
    '/run',
  );
  t.match(parsed, {
    kind: 'run',
    options: {
      socket: '/a.sock',
      taskSocket: { kind: 'path', path: '/run/task.sock' },
      sandboxer: 'kuasar',
      only: ['sandbox.*', 'task.create', 'task.illegal.?aused'],
      format: 'tap',
    },
  });
});

t.test('usage errors name the flag', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [[], /--socket <path> is required/],
    [['--socket', 'x', '--format', 'xml'], /--format must be one of text\|json\|tap, got "xml"/],
    [['--socket', ''], /--socket must not be empty/],
    [['--socket', 'x', '--only', 'a,,b'], /--only must not contain an empty glob/],
    [['--socket', 'x', '--frobnicate'], /frobnicate/],
    [['--socket', 'x', 'stray'], /unexpected argument "stray"/],
  ];
  for (const [argv, message] of cases) {
    const parsed = parseConformanceArgs(argv);
    t.equal(parsed.kind, 'error', argv.join(' '));
    if (parsed.kind === 'error') t.match(parsed.message, message);
  }
  t.equal(USAGE_EXIT_CODE, 2);
});

t.test('--help wins', async (t) => {
  const parsed = parseConformanceArgs(['--help', '--format', 'xml']);
  t.equal(parsed.kind, 'help');
  if (parsed.kind === 'help') t.match(parsed.text, /--task-socket <path>\|auto/);
});

t.test('--faults: a plan file resolved against the working directory; absent, no key at all', async (t) => {
  const parsed = parseConformanceArgs(['--socket', 'x.sock', '--faults', 'plans/flaky.yaml'], '/run');
  t.match(parsed, { kind: 'run', options: { faults: '/run/plans/flaky.yaml' } });
  const without = parseConformanceArgs(['--socket', 'x.sock'], '/run');
  t.ok(without.kind === 'run' && !('faults' in without.options), 'no faults key without the flag');
  const empty = parseConformanceArgs(['--socket', 'x.sock', '--faults', ' ']);
  t.match(empty, { kind: 'error', message: /--faults must not be empty/ });
  const help = parseConformanceArgs(['-h']);
  t.ok(help.kind === 'help' && /--faults <plan\.yaml>/.test(help.text), 'the help names it');
});
