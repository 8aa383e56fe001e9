// Inspect.ListCalls and Inspect.WatchCalls in a real daemon (in process, real socket), read from the call log the
// daemon was given. Nothing records into it yet on its own, so the tests record what a call would.
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import t from 'tap';
import { CallLog, type UnnumberedCall } from '../../src/calls/call-log.js';
import {
  InspectClient,
  type CallRecord,
  type ListCallsRequest,
  type ListCallsResponse,
  type WatchCallsRequest,
} from '../../src/generated/resourceslot/v1/inspect.js';
import { unary } from '../helpers/daemon.js';
import { startInProcessDaemon } from '../helpers/in-process-daemon.js';
import { until } from '../helpers/poll.js';

const T0 = Date.UTC(2026, 11, 3, 10, 0, 0);

function call(overrides: Partial<UnnumberedCall> = {}): UnnumberedCall {
  return {
    atMs: T0,
    service: 'Task',
    method: 'Start',
    sandboxId: 'sb-web',
    containerId: 'ctr-nginx',
    execId: '',
    code: 'OK',
    fault: '',
    durationMs: 1.25,
    ...overrides,
  };
}

async function setup(t: { teardown(fn: () => unknown): void }, capacity = 16) {
  const calls = new CallLog(capacity);
  const started = await startInProcessDaemon(t, { calls });
  const client = new InspectClient(`unix:${started.socket}`, credentials.createInsecure());
  t.teardown(() => client.close());
  const list = (request: Partial<ListCallsRequest> = {}) =>
    unary<ListCallsResponse>((done) => client.listCalls({ afterSeq: 0, limit: 0, ...request }, done));
  const watch = (request: Partial<WatchCallsRequest> = {}) => {
    const stream = client.watchCalls({ afterSeq: 0, ...request });
    const received: CallRecord[] = [];
    stream.on('data', (record: CallRecord) => received.push(record));
    const ended = new Promise<ServiceError>((resolve) => stream.on('error', resolve));
    const subscribed = new Promise((resolve) => stream.once('metadata', resolve));
    return { stream, received, ended, subscribed };
  };
  return { ...started, calls, list, watch };
}

const seqs = (records: CallRecord[]) => records.map((record) => record.seq);

t.test('the daemon serves the call log it was given', async (t) => {
  const { daemon, calls } = await setup(t);
  t.equal(daemon.calls, calls);
});

t.test('ListCalls: every held call, oldest first, each field as recorded', async (t) => {
  const { calls, list } = await setup(t);
  t.strictSame(await list(), { calls: [], oldestSeq: 1, nextAfterSeq: 0 }, 'an empty log');
  calls.record(
    call({ atMs: T0 + 1.5, code: 'UNAVAILABLE', fault: 'r1: error(UNAVAILABLE)', durationMs: 50.5 }),
  );
  calls.record(call({ service: 'Controller', method: 'Create', containerId: '', atMs: T0 + 2000 }));
  const answer = await list();
  t.strictSame(answer.calls[0], {
    seq: 1,
    time: { seconds: T0 / 1000, nanos: 1_500_000 },
    service: 'Task',
    method: 'Start',
    sandboxId: 'sb-web',
    containerId: 'ctr-nginx',
    execId: '',
    code: 'UNAVAILABLE',
    fault: 'r1: error(UNAVAILABLE)',
    durationMillis: 50.5,
  });
  t.match(answer.calls[1], {
    seq: 2,
    service: 'Controller',
    method: 'Create',
    time: { seconds: T0 / 1000 + 2 },
  });
  t.equal(answer.oldestSeq, 1);
  t.equal(answer.nextAfterSeq, 2);
  t.strictSame(await list({ afterSeq: 2 }), { calls: [], oldestSeq: 1, nextAfterSeq: 2 }, 'nothing newer');
});

t.test('ListCalls: the oldest seq held shows a reader what it missed', async (t) => {
  const { calls, list } = await setup(t, 3);
  for (let i = 0; i < 5; i++) calls.record(call());
  const answer = await list({ afterSeq: 1 });
  t.equal(answer.oldestSeq, 3, 'calls 1 and 2 are gone: a reader at 1 missed call 2');
  t.strictSame(seqs(answer.calls), [3, 4, 5]);
});

t.test('ListCalls: the limit counts matches; next_after_seq resumes after what was looked at', async (t) => {
  const { calls, list } = await setup(t);
  for (const sandboxId of ['sb-a', 'sb-b', 'sb-a', 'sb-b', 'sb-a', 'sb-b']) calls.record(call({ sandboxId }));
  const first = await list({ limit: 2, filter: { sandboxId: 'sb-a', containerId: '', method: '' } });
  t.strictSame(seqs(first.calls), [1, 3]);
  t.equal(first.nextAfterSeq, 3, 'cut by the limit: resume after the last one returned');
  const rest = await list({
    afterSeq: first.nextAfterSeq,
    limit: 2,
    filter: { sandboxId: 'sb-a', containerId: '', method: '' },
  });
  t.strictSame(seqs(rest.calls), [5]);
  t.equal(rest.nextAfterSeq, 6, 'everything was looked at: resume after the newest call');
});

t.test('ListCalls filters: a sandbox or container id or its start, a method bare or qualified', async (t) => {
  const { calls, list } = await setup(t);
  calls.record(call({ service: 'Controller', method: 'Start', sandboxId: 'aaa111', containerId: '' }));
  calls.record(call({ service: 'Task', method: 'Start', sandboxId: 'aaa111', containerId: 'ccc1' }));
  calls.record(call({ service: 'Task', method: 'Kill', sandboxId: 'bbb222', containerId: 'ccc2' }));
  const filtered = async (sandboxId: string, containerId: string, method: string) =>
    seqs((await list({ filter: { sandboxId, containerId, method } })).calls);
  t.strictSame(await filtered('aaa111', '', ''), [1, 2], 'a whole sandbox id');
  t.strictSame(await filtered('bbb', '', ''), [3], 'the start of one');
  t.strictSame(await filtered('', 'ccc', ''), [2, 3], 'the start of a container id');
  t.strictSame(await filtered('', 'ccc2', ''), [3]);
  t.strictSame(await filtered('', '', 'Start'), [1, 2], 'a bare method name matches both services');
  t.strictSame(await filtered('', '', 'Task.Start'), [2], 'a qualified one, one service');
  t.strictSame(await filtered('', '', 'Task.Kil'), [], 'a method name is matched whole');
  t.strictSame(await filtered('aaa', 'ccc', 'Start'), [2], 'filters combine');
});

t.test('WatchCalls: the held calls after after_seq first, then live ones, filtered', async (t) => {
  const { calls, watch } = await setup(t);
  calls.record(call({ method: 'Create' }));
  calls.record(call({ method: 'Start', sandboxId: 'other' }));
  calls.record(call({ method: 'Start' }));
  const all = watch();
  const fromTwo = watch({ afterSeq: 2 });
  const onlyOther = watch({ filter: { sandboxId: 'other', containerId: '', method: '' } });
  await Promise.all([all.subscribed, fromTwo.subscribed, onlyOther.subscribed]);
  t.ok(await until(() => all.received.length === 3), 'the held calls are replayed');
  calls.record(call({ method: 'Kill', sandboxId: 'other' }));
  calls.record(call({ method: 'Delete' }));
  t.ok(await until(() => all.received.length === 5), 'then the live ones');
  t.strictSame(seqs(all.received), [1, 2, 3, 4, 5]);
  t.ok(await until(() => fromTwo.received.length === 3));
  t.strictSame(seqs(fromTwo.received), [3, 4, 5], 'after_seq skips what the reader has seen');
  t.ok(await until(() => onlyOther.received.length === 2));
  t.strictSame(seqs(onlyOther.received), [2, 4], 'the filter holds for held and live calls');
  t.match(all.received[3], { method: 'Kill', sandboxId: 'other', time: { seconds: T0 / 1000 } });
});

t.test('WatchCalls: a replay longer than the stream buffers arrives whole and in order', async (t) => {
  const { calls, watch } = await setup(t, 5000);
  for (let i = 0; i < 3000; i++) calls.record(call({ containerId: `ctr-${i}` }));
  const watcher = watch();
  await watcher.subscribed;
  calls.record(call({ containerId: 'live' }));
  t.ok(await until(() => watcher.received.length === 3001), `received ${watcher.received.length}`);
  t.strictSame(
    seqs(watcher.received),
    Array.from({ length: 3001 }, (_, index) => index + 1),
  );
  t.equal(watcher.received[3000]?.containerId, 'live');
});

t.test('WatchCalls unsubscribes on cancel; shutdown ends it with UNAVAILABLE', async (t) => {
  const { calls, watch, stop } = await setup(t);
  t.equal(calls.subscribers, 0);
  const first = watch();
  const second = watch();
  await Promise.all([first.subscribed, second.subscribed]);
  t.equal(calls.subscribers, 2, 'each WatchCalls subscribes once');
  first.stream.cancel();
  t.equal((await first.ended).code, status.CANCELLED);
  t.ok(await until(() => calls.subscribers === 1), 'a cancelled WatchCalls unsubscribes');
  calls.record(call());
  t.ok(await until(() => second.received.length === 1), 'the other one still receives calls');
  t.strictSame(first.received, []);

  const stopping = stop();
  const end = await second.ended;
  t.equal(end.code, status.UNAVAILABLE);
  t.match(end.details, 'shutting down');
  await stopping;
  t.equal(calls.subscribers, 0, 'nothing is left subscribed');
});
