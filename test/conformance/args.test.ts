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
