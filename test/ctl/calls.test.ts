// `calls` end to end: the ctl (in process) against a real daemon on a temp socket, in this process so the test can
// record into its call log directly, beside the calls the daemon records itself.
import { spawn } from 'node:child_process';
import t from 'tap';
import { CallLog, type UnnumberedCall } from '../../src/calls/call-log.js';
import { runCtl } from '../../src/ctl/main.js';
import { startDaemon } from '../helpers/daemon.js';
import { startInProcessDaemon } from '../helpers/in-process-daemon.js';
import { until } from '../helpers/poll.js';
import { cellStarts, CTL_BIN, ctl, ctlOk, tableRows } from './run-ctl.js';

const T0 = Date.UTC(2026, 11, 3, 10, 0, 0);
const POD = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
const CTR = 'ffeeddccbbaa99887766554433221100ffeeddccbbaa99887766554433221100';

function call(overrides: Partial<UnnumberedCall> = {}): UnnumberedCall {
  return {
    atMs: T0,
    service: 'Task',
    method: 'Start',
    sandboxId: POD,
    containerId: CTR,
    execId: '',
    code: 'OK',
    fault: '',
    durationMs: 0.42,
    ...overrides,
  };
}

async function daemonWithCalls(t: { teardown(fn: () => unknown): void }, capacity = 16) {
  const calls = new CallLog(capacity);
  const { socket } = await startInProcessDaemon(t, { calls });
  calls.record(call({ service: 'Controller', method: 'Create', containerId: '', durationMs: 3.14159 }));
  calls.record(call({ method: 'Create', atMs: T0 + 1000 }));
  calls.record(
    call({
      method: 'Start',
      atMs: T0 + 2000,
      code: 'UNAVAILABLE',
      fault: 'r1: Task.Start error(UNAVAILABLE: retry)',
      durationMs: 2500,
    }),
  );
  calls.record(call({ method: 'Exec', execId: 'exec-1', sandboxId: 'other-pod', containerId: 'other-ctr' }));
  return { calls, socket };
}

t.test('calls: a table of the held calls, oldest first, ids cut as other verbs cut them', async (t) => {
  const { socket } = await daemonWithCalls(t);
  const [header, ...rows] = tableRows(await ctlOk(socket, ['calls']));
  t.strictSame(header, ['SEQ', 'TIME', 'CALL', 'POD', 'CONTAINER', 'EXEC', 'CODE', 'DURATION', 'FAULT']);
  t.strictSame(rows, [
    ['1', '2026-12-03T10:00:00.000Z', 'Controller.Create', POD.slice(0, 13), '-', '-', 'OK', '3.1ms', '-'],
    [
      '2',
      '2026-12-03T10:00:01.000Z',
      'Task.Create',
      POD.slice(0, 13),
      CTR.slice(0, 13),
      '-',
      'OK',
      '0.4ms',
      '-',
    ],
    [
      '3',
      '2026-12-03T10:00:02.000Z',
      'Task.Start',
      POD.slice(0, 13),
      CTR.slice(0, 13),
      '-',
      'UNAVAILABLE',
      '2.50s',
      'r1: Task.Start error(UNAVAILABLE: retry)',
    ],
    ['4', '2026-12-03T10:00:00.000Z', 'Task.Exec', 'other-pod', 'other-ctr', 'exec-1', 'OK', '0.4ms', '-'],
  ]);
  const whole = tableRows(await ctlOk(socket, ['calls', '--no-trunc']));
  t.equal(whole[2]?.[4], CTR, '--no-trunc prints whole ids');
});

t.test('calls filters: --sandbox and --container by id or its start, --method, --after', async (t) => {
  const { socket } = await daemonWithCalls(t);
  const seqs = async (...args: string[]) =>
    tableRows(await ctlOk(socket, ['calls', ...args]))
      .slice(1)
      .map((row) => row[0]);
  t.strictSame(await seqs('--sandbox', POD), ['1', '2', '3']);
  t.strictSame(await seqs('--sandbox', 'other'), ['4'], 'the start of an id');
  t.strictSame(await seqs('--container', CTR.slice(0, 6)), ['2', '3']);
  t.strictSame(await seqs('--method', 'Create'), ['1', '2']);
  t.strictSame(await seqs('--method', 'Task.Create'), ['2']);
  t.strictSame(await seqs('--sandbox', POD, '--method', 'Start'), ['3']);
  t.strictSame(await seqs('--after', '2'), ['3', '4']);
  t.strictSame(await seqs('--sandbox', 'nobody'), [], 'no match: the header alone');
  const bad = await ctl(socket, ['calls', '--after', 'yesterday']);
  t.equal(bad.code, 2);
  t.match(bad.stderr, /--after must be a call's SEQ, got "yesterday"/);
});

t.test('calls -o json: exact numbers, and what the log still holds', async (t) => {
  const { socket } = await daemonWithCalls(t);
  const document = JSON.parse(await ctlOk(socket, ['calls', '-o', 'json', '--method', 'Start'])) as unknown;
  t.strictSame(document, {
    oldestSeq: 1,
    nextAfterSeq: 4,
    items: [
      {
        seq: 3,
        time: '2026-12-03T10:00:02.000Z',
        service: 'Task',
        method: 'Start',
        sandboxId: POD,
        containerId: CTR,
        execId: '',
        code: 'UNAVAILABLE',
        fault: 'r1: Task.Start error(UNAVAILABLE: retry)',
        durationMillis: 2500,
      },
    ],
  });
});

t.test('calls says on stderr when older calls are no longer held', async (t) => {
  const { socket } = await daemonWithCalls(t, 2);
  const result = await ctl(socket, ['calls']);
  t.equal(result.code, 0);
  t.equal(result.stderr, '2 earlier calls are no longer held (--call-log-size)\n');
  t.strictSame(
    tableRows(result.stdout)
      .slice(1)
      .map((row) => row[0]),
    ['3', '4'],
  );
  t.equal(
    (await ctl(socket, ['calls', '--after', '1'])).stderr,
    '1 earlier call is no longer held (--call-log-size)\n',
  );
  t.equal((await ctl(socket, ['calls', '--after', '3'])).stderr, '', 'nothing missed after 3');
});

/** Starts `calls --follow` in this process; `subscribed` resolves once the ctl reports it on stderr. */
function startFollow(socket: string, args: string[]) {
  const interrupt = new AbortController();
  let stdout = '';
  let stderr = '';
  let onSubscribed: () => void = () => undefined;
  const subscribed = new Promise<void>((resolve) => (onSubscribed = resolve));
  const exit = runCtl(['--socket', socket, 'calls', '--follow', ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => {
      stderr += text;
      if (stderr.includes('Following calls')) onSubscribed();
    },
    signal: interrupt.signal,
  });
  return { subscribed, exit, interrupt: () => interrupt.abort(), stdout: () => stdout };
}

t.test('calls --follow: the held calls, then a later one as it is recorded; interrupt exits 0', async (t) => {
  const { calls, socket } = await daemonWithCalls(t);
  const follow = startFollow(socket, ['--sandbox', POD]);
  await follow.subscribed;
  t.ok(await until(() => follow.stdout().split('\n').length === 5), 'the header and the 3 held calls');
  calls.record(call({ method: 'Kill', atMs: T0 + 5000, durationMs: 12 }));
  calls.record(call({ method: 'Kill', sandboxId: 'other-pod' }));
  t.ok(await until(() => follow.stdout().includes('Task.Kill')), 'the later call is printed');
  follow.interrupt();
  t.equal(await follow.exit, 0);
  const lines = follow.stdout().trimEnd().split('\n');
  t.equal(lines.length, 5, 'the header, 3 held calls and the later one; the other pod is filtered out');
  t.match(lines[0], /^SEQ +TIME +CALL +POD +CONTAINER +EXEC +CODE +DURATION +FAULT$/);
  t.match(
    lines[4],
    new RegExp(
      `^5 +2026-12-03T10:00:05.000Z +Task.Kill +${POD.slice(0, 13)} +${CTR.slice(0, 13)} +- +OK +12.0ms +-$`,
    ),
  );
  t.equal(
    new Set(lines.map((line) => JSON.stringify(cellStarts(line)))).size,
    1,
    'every line has its columns where the header has them',
  );
  t.ok(await until(() => calls.subscribers === 0), 'the interrupted follow left nothing subscribed');
});

t.test('calls --follow -o json: one object per line', async (t) => {
  const { calls, socket } = await daemonWithCalls(t);
  const follow = startFollow(socket, ['-o', 'json', '--after', '3']);
  await follow.subscribed;
  calls.record(call({ method: 'Delete' }));
  t.ok(await until(() => follow.stdout().includes('"Delete"')));
  follow.interrupt();
  t.equal(await follow.exit, 0);
  const records = follow
    .stdout()
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  t.match(records, [
    { seq: 4, method: 'Exec', execId: 'exec-1' },
    { seq: 5, method: 'Delete', sandboxId: POD, code: 'OK' },
  ]);
  t.equal(records.length, 2);
});

t.test('calls against the daemon the command line starts, with --call-log-size', async (t) => {
  const daemon = await startDaemon(t, ['--call-log-size', '8']);
  const result = await ctl(daemon.socket, ['calls']);
  t.equal(result.code, 0);
  t.equal(
    result.stdout,
    'SEQ   TIME   CALL   POD   CONTAINER   EXEC   CODE   DURATION   FAULT\n',
    'nothing recorded yet',
  );
  t.equal(result.stderr, '');
});

t.test(
  'the real bin writes a long answer whole into a pipe read slowly (`calls -o json | jq`)',
  async (t) => {
    const calls = new CallLog(4096);
    const { socket } = await startInProcessDaemon(t, { calls });
    for (let i = 0; i < 4096; i++) calls.record(call({ atMs: T0 + i }));
    const child = spawn(process.execPath, [CTL_BIN, '--socket', socket, 'calls', '-o', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // A reader slower than the bin: the answer (over 1 MiB) is far more than a pipe holds until the bin has exited.
    child.stdout.pause();
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stdout.resume();
    const closed = new Promise((resolve) => child.once('close', resolve));
    t.equal(await exited, 0, stderr);
    await closed;
    const text = Buffer.concat(chunks).toString();
    t.ok(text.length > 1024 * 1024, `${text.length} bytes`);
    const answer = JSON.parse(text) as { items: unknown[] };
    t.equal(answer.items.length, 4096, 'every call, and valid JSON to the end');
  },
);
