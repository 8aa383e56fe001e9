import t from 'tap';
import {
  DEFAULT_DIR,
  DEFAULT_CALL_LOG_SIZE,
  DEFAULT_LISTEN,
  exitCodeForUsageError,
  MAX_CALL_LOG_SIZE,
  helpText,
  parseDaemonArgs,
  type DaemonOptions,
  type ParsedArgs,
} from '../../src/cli/args.js';
import { defaultEvictionHard } from '../../src/node/eviction.js';

/** What a flag that names nothing of the node leaves it: all from the host and kubelet's defaults. */
const DEFAULT_NODE = {
  capacity: new Map(),
  reserved: new Map(),
  evictionHard: defaultEvictionHard(),
  admission: 'warn',
  policy: null,
} as const;
const GiB = 2n ** 30n * 1_000_000_000n;

const cwd = '/home/op/work';

function run(argv: string[]): DaemonOptions {
  const parsed = parseDaemonArgs(argv, cwd);
  if (parsed.kind !== 'run') throw new Error(`expected run, got ${JSON.stringify(parsed)}`);
  return parsed.options;
}

function errorOf(argv: string[]): string {
  const parsed: ParsedArgs = parseDaemonArgs(argv, cwd);
  if (parsed.kind !== 'error')
    throw new Error(`expected error for ${JSON.stringify(argv)}, got ${parsed.kind}`);
  return parsed.message;
}

t.test('defaults', async (t) => {
  t.same(run([]), {
    listen: '/run/resource-slot-sandboxer.sock',
    dir: '/var/lib/kuasar-resource-slot',
    taskListen: '/var/lib/kuasar-resource-slot/task.sock',
    taskRelay: { graceSeconds: 300 },
    logLevel: 'info',
    logFormat: 'json',
    sync: 'batch',
    maxSandboxes: 100_000,
    unstartedGraceSeconds: 300,
    socketGroup: null,
    reconcile: null,
    workload: null,
    faults: null,
    callLogSize: 4096,
    node: DEFAULT_NODE,
    nodeName: null,
    history: { resolutionMs: 10_000, length: 90 },
  });
  t.equal(DEFAULT_LISTEN, '/run/resource-slot-sandboxer.sock');
  t.equal(DEFAULT_DIR, '/var/lib/kuasar-resource-slot');
  t.equal(exitCodeForUsageError, 2);
});

t.test('the default cwd is the process cwd', async (t) => {
  const parsed = parseDaemonArgs(['--dir', 'state']);
  t.equal(parsed.kind, 'run');
  if (parsed.kind === 'run') t.equal(parsed.options.dir, `${process.cwd()}/state`);
});

t.test('every flag, space and = forms', async (t) => {
  const expected: DaemonOptions = {
    listen: '/tmp/rs/ctl.sock',
    dir: '/tmp/rs/state',
    taskListen: '/tmp/rs/task-api.sock',
    taskRelay: { graceSeconds: 30 },
    logLevel: 'debug',
    logFormat: 'pretty',
    sync: 'none',
    maxSandboxes: 5,
    unstartedGraceSeconds: 60,
    socketGroup: 'containerd',
    reconcile: {
      containerdAddress: '/run/containerd/containerd.sock',
      intervalSeconds: 15,
      sandboxerName: 'slots',
      containerdNamespace: 'batch.ns',
    },
    workload: '/tmp/rs/usage.yaml',
    faults: '/tmp/rs/faults.yaml',
    callLogSize: 64,
    node: {
      capacity: new Map([
        ['cpu', 2_000_000_000n],
        ['memory', 4n * GiB],
      ]),
      reserved: new Map([['cpu', 100_000_000n]]),
      evictionHard: [{ signal: 'memory.available', text: '1Gi', value: { quantity: GiB } }],
      admission: 'enforce',
      policy: '/tmp/rs/policy.yaml',
    },
    debugListen: '127.0.0.1:9400',
    metricsListen: '127.0.0.1:9500',
    nodeName: 'node-1.example',
    history: { resolutionMs: 2500, length: 30 },
  };
  t.same(
    run([
      '--listen',
      '/tmp/rs/ctl.sock',
      '--dir',
      '/tmp/rs/state',
      '--task-listen',
      '/tmp/rs/task-api.sock',
      '--task-relay',
      'on',
      '--task-relay-grace',
      '30',
      '--log-level',
      'debug',
      '--log-format',
      'pretty',
      '--sync',
      'none',
      '--max-sandboxes',
      '5',
      '--unstarted-grace',
      '60',
      '--socket-group',
      'containerd',
      '--containerd-address',
      '/run/containerd/containerd.sock',
      '--reconcile-interval',
      '15',
      '--sandboxer-name',
      'slots',
      '--containerd-namespace',
      'batch.ns',
      '--workload',
      '/tmp/rs/usage.yaml',
      '--faults',
      '/tmp/rs/faults.yaml',
      '--call-log-size',
      '64',
      '--capacity',
      'cpu=2,memory=4Gi',
      '--reserved',
      'cpu=100m',
      '--eviction-hard',
      'memory.available<1Gi',
      '--admission',
      'enforce',
      '--policy',
      '/tmp/rs/policy.yaml',
      '--debug-listen',
      '127.0.0.1:9400',
      '--metrics-listen',
      '127.0.0.1:9500',
      '--node-name',
      'node-1.example',
      '--history-resolution',
      '2.5',
      '--history-length',
      '30',
    ]),
    expected,
  );
  t.same(
    run([
      '--listen=/tmp/rs/ctl.sock',
      '--dir=/tmp/rs/state',
      '--task-listen=/tmp/rs/task-api.sock',
      '--task-relay=on',
      '--task-relay-grace=30',
      '--log-level=debug',
      '--log-format=pretty',
      '--sync=none',
      '--max-sandboxes=5',
      '--unstarted-grace=60',
      '--socket-group=containerd',
      '--containerd-address=unix:///run/containerd/containerd.sock',
      '--reconcile-interval=15',
      '--sandboxer-name=slots',
      '--containerd-namespace=batch.ns',
      '--workload=/tmp/rs/usage.yaml',
      '--faults=/tmp/rs/faults.yaml',
      '--call-log-size=64',
      '--capacity=cpu=2,memory=4Gi',
      '--reserved=cpu=100m',
      '--eviction-hard=memory.available<1Gi',
      '--admission=enforce',
      '--policy=/tmp/rs/policy.yaml',
      '--debug-listen=127.0.0.1:9400',
      '--metrics-listen=127.0.0.1:9500',
      '--node-name=node-1.example',
      '--history-resolution=2.5',
      '--history-length=30',
    ]),
    expected,
  );
});

t.test('every log level and format is accepted', async (t) => {
  for (const level of ['trace', 'debug', 'info', 'warn', 'error', 'fatal'] as const) {
    t.equal(run(['--log-level', level]).logLevel, level);
  }
  for (const format of ['json', 'pretty'] as const) {
    t.equal(run(['--log-format', format]).logFormat, format);
  }
});

t.test('paths are resolved to absolute', async (t) => {
  const options = run(['--listen', 'ctl.sock', '--dir', '../state/./x']);
  t.equal(options.listen, '/home/op/work/ctl.sock');
  t.equal(options.dir, '/home/op/state/x');
  t.equal(options.taskListen, '/home/op/state/x/task.sock', '--task-listen defaults to <dir>/task.sock');
  t.equal(
    run(['--task-listen', 't.sock', '--dir', '/srv']).taskListen,
    '/home/op/work/t.sock',
    'relative to cwd',
  );
  t.equal(run(['--dir', '/srv/rs/']).dir, '/srv/rs', 'trailing slash dropped');
});

t.test('--task-listen default follows --dir wherever --dir appears', async (t) => {
  t.equal(run(['--dir', '/a']).taskListen, '/a/task.sock');
  t.equal(run(['--log-level', 'warn', '--dir', '/b']).taskListen, '/b/task.sock');
});

t.test('--help and -h', async (t) => {
  for (const argv of [
    ['--help'],
    ['-h'],
    ['--listen', '/x.sock', '--help'],
    ['--help', '--version'],
    ['-h', '-h'],
  ]) {
    const parsed = parseDaemonArgs(argv, cwd);
    t.equal(parsed.kind, 'help', JSON.stringify(argv));
    if (parsed.kind === 'help') t.equal(parsed.text, helpText());
  }
  const text = helpText();
  for (const flag of [
    '--listen',
    '--dir',
    '--task-listen',
    '--log-level',
    '--log-format',
    '--version',
    '--help',
    '-h',
  ]) {
    t.match(text, flag, `help mentions ${flag}`);
  }
  for (const dflt of [
    '(default: /run/resource-slot-sandboxer.sock)',
    '(default: /var/lib/kuasar-resource-slot)',
    '(default: <dir>/task.sock)',
    'trace|debug|info|warn|error|fatal (default: info)',
    'json|pretty (default: json',
  ]) {
    t.ok(text.includes(dflt), `help shows ${dflt}`);
  }
});

t.test('--version', async (t) => {
  t.same(parseDaemonArgs(['--version'], cwd), { kind: 'version' });
  t.same(parseDaemonArgs(['--log-level', 'debug', '--version'], cwd), { kind: 'version' });
});

t.test('usage errors are one line, prefixed, and name the problem', async (t) => {
  const cases: [string[], string][] = [
    [['--foo'], "resource-slot-sandboxer: unknown option '--foo' (see --help)"],
    [['-x'], "resource-slot-sandboxer: unknown option '-x' (see --help)"],
    [['-hx'], "resource-slot-sandboxer: unknown option '-x' (see --help)"],
    [['--Listen', '/x'], "resource-slot-sandboxer: unknown option '--Listen' (see --help)"],
    [["--it's"], "resource-slot-sandboxer: unknown option '--it\\'s' (see --help)"],
    [['--listen'], "resource-slot-sandboxer: option '--listen' needs a value (see --help)"],
    [['--dir'], "resource-slot-sandboxer: option '--dir' needs a value (see --help)"],
    [['--task-listen'], "resource-slot-sandboxer: option '--task-listen' needs a value (see --help)"],
    [['--log-level'], "resource-slot-sandboxer: option '--log-level' needs a value (see --help)"],
    [['--log-format'], "resource-slot-sandboxer: option '--log-format' needs a value (see --help)"],
    [
      ['--listen', '--dir', '/x'],
      "resource-slot-sandboxer: option '--listen' is missing its value (write a value that starts with '-' as --listen=VALUE)",
    ],
    [['--version=yes'], "resource-slot-sandboxer: option '--version' takes no value (see --help)"],
    [['--help=1'], "resource-slot-sandboxer: option '--help' takes no value (see --help)"],
    [
      ['--log-level', 'loud'],
      "resource-slot-sandboxer: --log-level must be one of trace|debug|info|warn|error|fatal, got 'loud'",
    ],
    [
      ['--log-level', 'INFO'],
      "resource-slot-sandboxer: --log-level must be one of trace|debug|info|warn|error|fatal, got 'INFO'",
    ],
    [['--log-format', 'xml'], "resource-slot-sandboxer: --log-format must be one of json|pretty, got 'xml'"],
    [['--task-relay', 'yes'], "resource-slot-sandboxer: --task-relay must be on or off, got 'yes'"],
    [
      ['--task-relay-grace', '0'],
      "resource-slot-sandboxer: --task-relay-grace must be a whole number of seconds, at least 1, got '0'",
    ],
    [
      ['--task-relay-grace', '1.5'],
      "resource-slot-sandboxer: --task-relay-grace must be a whole number of seconds, at least 1, got '1.5'",
    ],
    [['--listen='], 'resource-slot-sandboxer: --listen must not be empty'],
    [['--dir', ''], 'resource-slot-sandboxer: --dir must not be empty'],
    [['--task-listen', '  '], 'resource-slot-sandboxer: --task-listen must not be empty'],
    [['--log-level='], 'resource-slot-sandboxer: --log-level must not be empty'],
    [['--log-format', ''], 'resource-slot-sandboxer: --log-format must not be empty'],
    [['serve'], "resource-slot-sandboxer: unexpected argument 'serve' (this command takes no arguments)"],
    [
      ['--', '--listen'],
      "resource-slot-sandboxer: unexpected argument '--listen' (this command takes no arguments)",
    ],
    [['--dir', '/a', '--dir', '/b'], 'resource-slot-sandboxer: --dir given more than once'],
    [
      ['--listen', '/s/x.sock', '--task-listen', '/s/x.sock'],
      "resource-slot-sandboxer: --listen and --task-listen must differ, both are '/s/x.sock'",
    ],
    [
      ['--listen', '/srv/rs', '--dir', '/srv/rs'],
      "resource-slot-sandboxer: --listen must not be the state directory '/srv/rs'",
    ],
  ];
  for (const [argv, expected] of cases) {
    t.equal(errorOf(argv), expected, JSON.stringify(argv));
  }
});

t.test('control characters in user input cannot break the one-line message', async (t) => {
  for (const argv of [['--log-level', 'lo\nud'], ['--fo\no'], ['a\r\nb'], ['--log-format', '\u2028x']]) {
    const message = errorOf(argv);
    // (JSON.stringify leaves U+2028 raw, which would break tap's own line-based output: escape it for the label)
    t.notMatch(message, /[\n\r\u2028\u2029]/, JSON.stringify(argv).replace(/\u2028/g, '\\u2028'));
    t.match(message, /^resource-slot-sandboxer: /);
  }
  t.equal(
    errorOf(['--log-level', 'lo\nud']),
    "resource-slot-sandboxer: --log-level must be one of trace|debug|info|warn|error|fatal, got 'lo\\u000aud'",
  );
});

t.test('socket paths longer than a unix socket allows are rejected up front', async (t) => {
  const long = `/tmp/${'d'.repeat(100)}`;
  t.match(
    errorOf(['--listen', `${long}/ctl.sock`]),
    /^resource-slot-sandboxer: --listen path is 114 bytes long; unix socket paths must be at most 107 bytes/,
  );
  t.match(
    errorOf(['--dir', long]),
    /^resource-slot-sandboxer: --task-listen path is 115 bytes long/,
    'the derived task socket too',
  );
  t.match(
    errorOf(['--dir', `/tmp/${'d'.repeat(86)}`, '--task-listen', '/run/task.sock']),
    /^resource-slot-sandboxer: --dir \(its task-daemon.sock\) path is 108 bytes long/,
    "the daemon's own task socket under --dir, when the relay serves --task-listen",
  );
  t.equal(
    run(['--dir', `/tmp/${'d'.repeat(86)}`, '--task-listen', '/run/task.sock', '--task-relay', 'off'])
      .taskRelay,
    null,
    'without the relay there is no socket under --dir',
  );
  const exactly107 = `/${'s'.repeat(106)}`;
  t.equal(run(['--listen', exactly107]).listen, exactly107);
});

t.test('every error message is a single line', async (t) => {
  const bad = [
    ['--foo'],
    ['--listen'],
    ['--log-level', 'x'],
    ['x'],
    ['--listen', '--dir'],
    ['--version=1'],
    ['--dir='],
  ];
  for (const argv of bad) {
    const parsed = parseDaemonArgs(argv, cwd);
    t.equal(parsed.kind, 'error');
    if (parsed.kind === 'error') t.equal(parsed.message.split('\n').length, 1, JSON.stringify(argv));
  }
});

t.test('--sync, --max-sandboxes and --unstarted-grace reject bad values with one line', async (t) => {
  for (const args of [
    ['--sync', 'sometimes'],
    ['--max-sandboxes', '0'],
    ['--max-sandboxes', '1.5'],
    ['--max-sandboxes', 'many'],
    ['--unstarted-grace=-1'],
    ['--unstarted-grace', '5m'],
  ]) {
    const parsed = parseDaemonArgs(args);
    t.equal(parsed.kind, 'error', args.join(' '));
    if (parsed.kind === 'error')
      t.match(parsed.message, new RegExp(`^resource-slot-sandboxer: ${args[0]?.split('=')[0]} must`));
  }
});

t.test('--unstarted-grace 0 keeps never-started sandboxes', async (t) => {
  t.equal(run(['--unstarted-grace', '0']).unstartedGraceSeconds, 0);
});

t.test('--debug-listen: off by default, loopback only unless --debug-listen-any', async (t) => {
  t.notOk('debugListen' in run([]), 'off by default');
  t.equal(run(['--debug-listen', '127.0.0.1:9400']).debugListen, '127.0.0.1:9400');
  t.equal(run(['--debug-listen=[::1]:0']).debugListen, '[::1]:0');
  t.equal(run(['--debug-listen', 'localhost:9400']).debugListen, 'localhost:9400');
  t.match(
    errorOf(['--debug-listen', '0.0.0.0:9400']),
    /^resource-slot-sandboxer: --debug-listen '0\.0\.0\.0:9400' is not a loopback address; .*--debug-listen-any/,
  );
  t.match(errorOf(['--debug-listen', 'node1.example:9400']), /is not a loopback address/);
  t.equal(run(['--debug-listen', '0.0.0.0:9400', '--debug-listen-any']).debugListen, '0.0.0.0:9400');
  t.match(errorOf(['--debug-listen', '9400']), /--debug-listen must be host:port/);
  t.match(errorOf(['--debug-listen', '127.0.0.1:70000']), /--debug-listen has port 70000, above 65535/);
  t.match(errorOf(['--debug-listen-any']), /--debug-listen-any needs --debug-listen/);
  t.match(errorOf(['--debug-listen', '']), /--debug-listen must not be empty/);
});

t.test('--metrics-listen: off by default, loopback only unless --metrics-listen-any', async (t) => {
  t.notOk('metricsListen' in run([]), 'off by default');
  t.equal(run(['--metrics-listen', '127.0.0.1:0']).metricsListen, '127.0.0.1:0');
  t.equal(run(['--metrics-listen=[::1]:9500']).metricsListen, '[::1]:9500');
  t.match(
    errorOf(['--metrics-listen', '0.0.0.0:9500']),
    /^resource-slot-sandboxer: --metrics-listen '0\.0\.0\.0:9500' is not a loopback address; .*--metrics-listen-any/,
  );
  t.equal(run(['--metrics-listen', '0.0.0.0:9500', '--metrics-listen-any']).metricsListen, '0.0.0.0:9500');
  t.match(errorOf(['--metrics-listen', '9500']), /--metrics-listen must be host:port/);
  t.match(errorOf(['--metrics-listen-any']), /--metrics-listen-any needs --metrics-listen/);
  t.match(errorOf(['--metrics-listen', '']), /--metrics-listen must not be empty/);
  t.match(
    errorOf(['--metrics-listen', '127.0.0.1:1', '--metrics-listen', '127.0.0.1:2']),
    /--metrics-listen given more than once/,
  );
});

t.test('--node-name: a Kubernetes node name, or the host name when absent', async (t) => {
  t.equal(run([]).nodeName, null);
  t.equal(run(['--node-name', 'worker-7']).nodeName, 'worker-7');
  t.equal(run(['--node-name', 'a.b-c.d']).nodeName, 'a.b-c.d');
  for (const bad of ['Worker', 'node_1', '-node', 'node.', 'n'.repeat(254)]) {
    t.match(
      errorOf([`--node-name=${bad}`]),
      /^resource-slot-sandboxer: --node-name must be a Kubernetes node name/,
      bad,
    );
  }
  t.equal(run(['--node-name', 'n'.repeat(63) + '.x'.repeat(95)]).nodeName?.length, 253, 'at most 253');
  t.match(errorOf(['--node-name', '']), /--node-name must not be empty/);
});

t.test('the help names the metrics flags', async (t) => {
  t.match(helpText(), /--metrics-listen <host:port>/);
  t.match(helpText(), /--metrics-listen-any/);
  t.match(helpText(), /--node-name <name>/);
});

t.test('the help names the debug flags and the diagram and watch commands', async (t) => {
  t.match(helpText(), /--debug-listen <host:port>/);
  t.match(helpText(), /--debug-listen-any/);
  t.match(helpText(), /resource-slot-sandboxer diagram \[--machine/);
  t.match(helpText(), /resource-slot-sandboxer watch --debug-url/);
});

t.test('--containerd-address and the flags that go with it', async (t) => {
  t.same(run(['--containerd-address', 'ctrd.sock']).reconcile, {
    containerdAddress: '/home/op/work/ctrd.sock',
    intervalSeconds: 60,
    sandboxerName: 'resource-slot',
    containerdNamespace: 'k8s.io',
  });
  const cases: [string[], string][] = [
    [
      ['--containerd-address', '/c.sock', '--reconcile-interval', '0'],
      "resource-slot-sandboxer: --reconcile-interval must be a whole number of seconds, at least 1, got '0'",
    ],
    [
      ['--containerd-address', '/c.sock', '--reconcile-interval', '1m'],
      "resource-slot-sandboxer: --reconcile-interval must be a whole number of seconds, at least 1, got '1m'",
    ],
    [
      ['--reconcile-interval', '10'],
      'resource-slot-sandboxer: --reconcile-interval needs --containerd-address',
    ],
    [['--sandboxer-name', 'x'], 'resource-slot-sandboxer: --sandboxer-name needs --containerd-address'],
    [
      ['--containerd-namespace', 'k8s.io'],
      'resource-slot-sandboxer: --containerd-namespace needs --containerd-address',
    ],
    [
      ['--containerd-address', '/c.sock', '--containerd-namespace', 'k8s io'],
      "resource-slot-sandboxer: --containerd-namespace must be a containerd identifier, got 'k8s io'",
    ],
    [['--containerd-address', ''], 'resource-slot-sandboxer: --containerd-address must not be empty'],
    [
      ['--containerd-address', 'tcp://10.0.0.1:1234'],
      "resource-slot-sandboxer: --containerd-address must be a unix socket path (or unix://<path>), got 'tcp://10.0.0.1:1234'",
    ],
    [
      ['--containerd-address', '/c.sock', '--sandboxer-name', ' '],
      'resource-slot-sandboxer: --sandboxer-name must not be empty',
    ],
    [
      ['--containerd-address', '/c.sock', '--unstarted-grace', '0'],
      'resource-slot-sandboxer: --containerd-address needs --unstarted-grace of at least 1: sandboxes younger than the grace are never removed',
    ],
  ];
  for (const [argv, expected] of cases) t.equal(errorOf(argv), expected, JSON.stringify(argv));
  t.match(
    errorOf(['--containerd-address', `/tmp/${'c'.repeat(110)}`]),
    /^resource-slot-sandboxer: --containerd-address path is 115 bytes long/,
  );
  const help = helpText();
  for (const flag of ['--containerd-address', '--reconcile-interval', '--sandboxer-name']) {
    t.match(help, flag, `help mentions ${flag}`);
  }
  t.ok(
    help.includes('how often to compare with containerd (default: 60)'),
    'help shows the interval default',
  );
});

t.test('--workload: resolved against the cwd, never empty', async (t) => {
  const parsed = parseDaemonArgs(['--workload', 'usage.yaml'], '/srv');
  t.equal(parsed.kind === 'run' ? parsed.options.workload : null, '/srv/usage.yaml');
  const empty = parseDaemonArgs(['--workload', ' ']);
  t.match(empty.kind === 'error' ? empty.message : '', /--workload must not be empty/);
  t.match(helpText(), /--workload <file>/);
});

t.test('--faults: resolved against the cwd, never empty', async (t) => {
  const parsed = parseDaemonArgs(['--faults', 'plan.yaml'], '/srv');
  t.equal(parsed.kind === 'run' ? parsed.options.faults : null, '/srv/plan.yaml');
  const empty = parseDaemonArgs(['--faults', '']);
  t.match(empty.kind === 'error' ? empty.message : '', /--faults must not be empty/);
  t.match(helpText(), /--faults <file>/);
});

t.test('--call-log-size: a whole number from 1 to the maximum', async (t) => {
  t.equal(DEFAULT_CALL_LOG_SIZE, 4096);
  t.equal(run(['--call-log-size', '1']).callLogSize, 1);
  t.equal(run(['--call-log-size', String(MAX_CALL_LOG_SIZE)]).callLogSize, MAX_CALL_LOG_SIZE);
  for (const value of ['0', '-5', '1.5', '1e3', 'lots', String(MAX_CALL_LOG_SIZE + 1)]) {
    t.equal(
      errorOf([`--call-log-size=${value}`]),
      `resource-slot-sandboxer: --call-log-size must be a whole number from 1 to 1000000, got '${value}'`,
      value,
    );
  }
  t.match(errorOf(['--call-log-size', ' ']), /--call-log-size must not be empty/);
  t.match(helpText(), /--call-log-size <n> .*\(default: 4096\)/);
});

t.test('the node flags: capacity, reserved, eviction thresholds, admission and policy', async (t) => {
  const node = run([
    '--capacity',
    'cpu=1500m, pods=20,hugepages-2Mi=256Mi',
    '--reserved',
    'memory=512Mi,pid=100',
  ]).node;
  t.strictSame(
    [...node.capacity],
    [
      ['cpu', 1_500_000_000n],
      ['pods', 20_000_000_000n],
      ['hugepages-2Mi', 256n * 2n ** 20n * 1_000_000_000n],
    ],
    "what --capacity names; the rest is the host's at start",
  );
  t.strictSame([...node.reserved.keys()], ['memory', 'pid'], 'pid may be reserved, as kubelet allows');
  t.equal(
    run(['--policy', 'p.yaml']).node.policy,
    '/home/op/work/p.yaml',
    '--policy is resolved against the cwd',
  );
  t.strictSame(run(['--eviction-hard', 'memory.available<0%']).node.evictionHard, [], '0% is dropped');
  for (const mode of ['off', 'warn', 'enforce']) t.equal(run(['--admission', mode]).node.admission, mode);
  const refused: Array<[string[], string]> = [
    [
      ['--capacity', 'gpu=1'],
      "--capacity: unknown resource 'gpu' (known: cpu, memory, pods, ephemeral-storage, hugepages-<size>)",
    ],
    [['--capacity', 'hugepages-huge=1Gi'], "--capacity: unknown resource 'hugepages-huge'"],
    [['--capacity', 'cpu=two'], '--capacity: failed to parse quantity "two" for "cpu" resource'],
    [['--capacity', 'cpu=-1'], '--capacity: resource quantity for "cpu" cannot be negative: -1'],
    [['--capacity', 'pods=1.5'], '--capacity: pods must be a whole number, got "1.5"'],
    [['--capacity', 'cpu=1,cpu=2'], '--capacity: cpu is given more than once'],
    [['--capacity', 'cpu'], '--capacity: malformed pair "cpu", expect name=quantity'],
    [['--reserved', 'pods=1'], "--reserved: cannot reserve 'pods' resource"],
    [['--eviction-hard', 'memory.available>1Gi'], '--eviction-hard: malformed pair'],
    [['--eviction-hard', 'nodefs.available<200%'], 'must be <= 100%: 200%'],
    [['--admission', 'strict'], "--admission must be one of off|warn|enforce, got 'strict'"],
    [['--admission', 'off', '--policy', 'p.yaml'], '--policy needs --admission warn or enforce'],
    [['--capacity', ''], '--capacity must not be empty'],
  ];
  for (const [argv, message] of refused) t.match(errorOf(argv), message, argv.join(' '));
});

t.test('the help names the node flags and their defaults', async (t) => {
  const text = helpText();
  for (const flag of ['--capacity', '--reserved', '--eviction-hard', '--admission', '--policy'])
    t.match(text, flag);
  t.match(text, 'memory.available<100Mi,nodefs.available<10%,nodefs.inodesFree<5%,imagefs.available<15%');
  t.match(text, 'off|warn|enforce');
  t.match(text, '110 pods');
});
