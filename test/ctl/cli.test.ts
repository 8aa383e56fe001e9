// The command line: --help for the program and every verb, version, global options, usage and call errors.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import YAML from 'yaml';
import { parseInvocation } from '../../src/ctl/args.js';
import { VERBS } from '../../src/ctl/verbs/index.js';
import { startDaemon } from '../helpers/daemon.js';
import { ctl, ctlOk, ctlProcess } from './run-ctl.js';

const EXAMPLES = path.resolve(import.meta.dirname, '../../docs/examples');
const NOWHERE = '/nonexistent/resource-slot.sock';

t.test('--help lists every verb; every verb has its own --help', async (t) => {
  const program = await ctlProcess(['--help']);
  t.equal(program.code, 0);
  t.match(program.stdout, /^Usage: resource-slot-ctl \[global options\] VERB/);
  for (const verb of VERBS) {
    t.match(program.stdout, new RegExp(`^  ${verb.name} +\\S`, 'm'), `${verb.name} is listed`);
    for (const args of [
      [verb.name, '--help'],
      ['help', verb.name],
      ['-h', verb.name],
    ]) {
      const help = await ctl(NOWHERE, args);
      t.equal(help.code, 0, `${args.join(' ')} exits 0 without a daemon`);
      t.match(help.stdout, new RegExp(`^Usage: resource-slot-ctl \\[global options\\] ${verb.name}\\b`));
    }
    const help = (await ctl(NOWHERE, [verb.name, '--help'])).stdout;
    for (const [flag] of verb.optionHelp) t.match(help, flag, `${verb.name} --help documents ${flag}`);
    t.match(help, '--socket PATH', 'and the global options');
  }
});

t.test('usage errors exit 2 with one line', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [[], /a verb is required/],
    [['frobnicate'], /unknown verb "frobnicate"/],
    [['pods', '--bogus'], /Unknown option '--bogus'/],
    [['runp'], /usage: resource-slot-ctl runp POD_CONFIG/],
    [['inspectp', 'a', 'b'], /usage: resource-slot-ctl inspectp POD_ID/],
    [['pods', '-o', 'xml'], /--output must be one of table, json, yaml/],
    [['--timeout', 'soon', 'pods'], /--timeout must be a positive number of seconds/],
    [['stop', '-t', '-1', 'x'], /--timeout must be a whole number of seconds|Option '-t/],
    [['watch', '--count', '0'], /--count must be a positive whole number/],
  ];
  for (const [args, message] of cases) {
    const result = await ctl(NOWHERE, args);
    t.equal(result.code, 2, `${args.join(' ') || '(nothing)'}: exit status 2`);
    t.match(result.stderr, message);
    t.equal(result.stderr.trimEnd().split('\n').length, 1, 'one line');
  }
  const bin = await ctlProcess(['--socket', NOWHERE, 'pods', '--bogus']);
  t.equal(bin.code, 2, 'the bin exits with that status');
});

t.test('a daemon that is not there: UNAVAILABLE, exit 1, and a hint', async (t) => {
  const result = await ctlProcess(['--socket', NOWHERE, 'pods']);
  t.equal(result.code, 1);
  t.match(
    result.stderr,
    /^resource-slot-ctl pods: UNAVAILABLE: .*is resource-slot-sandboxer running and serving \/nonexistent\/resource-slot\.sock\?/,
  );
});

t.test('version, output formats and the global options', async (t) => {
  const daemon = await startDaemon(t);
  const { socket } = daemon;

  const table = await ctlOk(socket, ['version']);
  t.match(table, /^Version: +\d+\.\d+\.\d+ \(commit \S+\)$/m);
  t.match(table, /^RuntimeApiVersion: +resourceslot\.v1$/m);
  const values = table
    .trimEnd()
    .split('\n')
    .map((line) => line.search(/(?<=: +)\S/));
  t.equal(new Set(values).size, 1, 'values are aligned');
  const json = JSON.parse(await ctlOk(socket, ['version', '-o', 'json'])) as Record<
    string,
    Record<string, string>
  >;
  t.match(json, {
    client: { name: 'resource-slot-ctl' },
    runtime: { name: 'resource-slot', apiVersion: 'resourceslot.v1' },
  });
  t.strictSame(
    YAML.parse(await ctlOk(socket, ['-o', 'yaml', 'version'])),
    json,
    'yaml, with -o before the verb',
  );

  t.test('--bundle-dir and --task-socket', async (t) => {
    const bundleDir = path.join(daemon.tmp, 'my-bundles');
    const pod = (await ctlOk(socket, ['runp', path.join(EXAMPLES, 'pod.yaml')])).trim();
    const taskSocket = path.join(daemon.dir, 'task.sock');
    const container = (
      await ctlOk(socket, [
        '--bundle-dir',
        bundleDir,
        '--task-socket',
        taskSocket,
        'create',
        pod,
        path.join(EXAMPLES, 'container-web.yaml'),
      ])
    ).trim();
    t.ok(
      fs.existsSync(path.join(bundleDir, container, 'config.json')),
      'the bundle is where --bundle-dir says',
    );
    const wrong = await ctl(socket, [
      '--task-socket',
      path.join(daemon.tmp, 'no-task.sock'),
      'start',
      container,
    ]);
    t.equal(wrong.code, 1, '--task-socket is used as given');
    t.match(wrong.stderr, /UNAVAILABLE/);
    await ctlOk(socket, ['--task-socket', taskSocket, 'start', container]);
    await ctlOk(socket, ['rm', '--force', container, '--bundle-dir', bundleDir]);
    t.notOk(fs.existsSync(path.join(bundleDir, container)), 'rm removes the bundle from --bundle-dir');
    await ctlOk(socket, ['rmp', '-f', pod]);
  });

  t.test('a daemon error prints its gRPC code and message', async (t) => {
    const pod = (await ctlOk(socket, ['runp', path.join(EXAMPLES, 'pod.yaml')])).trim();
    await ctlOk(socket, ['stopp', pod]);
    const result = await ctlProcess([
      '--socket',
      socket,
      'create',
      pod,
      path.join(EXAMPLES, 'container-web.yaml'),
    ]);
    t.equal(result.code, 1);
    t.match(result.stderr, /^resource-slot-ctl create: FAILED_PRECONDITION: \S.*\n$/);
  });
});

t.test(
  'parseInvocation: global options around the verb; a verb option shadows a global one after the verb',
  async (t) => {
    const parsed = parseInvocation(
      ['--timeout', '30', 'stop', '-t', '5', 'abc', '--socket', 'rel.sock'],
      '/base',
    );
    if (parsed.kind !== 'run') throw new Error('expected a run');
    t.equal(parsed.settings.timeoutMs, 30_000, 'the call deadline comes from before the verb');
    t.equal(parsed.values['timeout'], '5', "stop's own --timeout");
    t.equal(parsed.settings.socket, '/base/rel.sock', 'relative paths resolve against the working directory');
    t.equal(
      parsed.settings.bundleDir,
      '/base/resource-slot-ctl/bundles',
      'bundles default to next to the socket',
    );
    t.strictSame(parsed.positionals, ['abc']);
    const pods = parseInvocation(['pods', '--timeout', '2', '-o', 'yaml']);
    t.match(pods, { kind: 'run', settings: { timeoutMs: 2000, output: 'yaml' } }, 'after the verb otherwise');
  },
);
