import t from 'tap';
import { CallLog, DEFAULT_CALL_LOG_SIZE, type UnnumberedCall } from '../../src/calls/call-log.js';
import type { CallEntry } from '../../src/calls/types.js';

function call(method: string, overrides: Partial<UnnumberedCall> = {}): UnnumberedCall {
  return {
    atMs: 1_000,
    service: 'Task',
    method,
    sandboxId: 'sb',
    containerId: 'ctr',
    execId: '',
    code: 'OK',
    fault: '',
    durationMs: 0.5,
    ...overrides,
  };
}

const methods = (entries: CallEntry[]) => entries.map((entry) => `${entry.seq}:${entry.method}`);

t.test('record numbers calls from 1 and keeps every field', async (t) => {
  const log = new CallLog(4);
  t.equal(log.capacity, 4);
  t.equal(log.lastSeq, 0, 'nothing recorded yet');
  t.equal(log.oldestSeq, 1);
  t.strictSame(log.since(0, 10), []);
  const input = call('Start', { code: 'UNAVAILABLE', fault: 'rule 1: error(UNAVAILABLE)', durationMs: 12.5 });
  const first = log.record(input);
  t.strictSame(first, { seq: 1, ...input });
  t.not(first, input, 'the log holds its own copy');
  t.equal(log.record(call('Kill')).seq, 2);
  t.equal(log.lastSeq, 2);
  t.strictSame(log.since(0, 10), [first, { seq: 2, ...call('Kill') }]);
});

t.test('the default capacity', async (t) => {
  t.equal(new CallLog().capacity, DEFAULT_CALL_LOG_SIZE);
  t.equal(DEFAULT_CALL_LOG_SIZE, 4096);
});

t.test('a capacity below 1 or not whole is refused', async (t) => {
  for (const capacity of [0, -1, 1.5, Number.NaN]) {
    t.throws(() => new CallLog(capacity), RangeError, String(capacity));
  }
});

t.test('wraparound: the newest `capacity` calls are held, oldest first', async (t) => {
  const log = new CallLog(3);
  for (const method of ['A', 'B', 'C', 'D', 'E']) log.record(call(method));
  t.equal(log.lastSeq, 5);
  t.equal(log.oldestSeq, 3, 'calls 1 and 2 were overwritten');
  t.strictSame(methods(log.since(0, 10)), ['3:C', '4:D', '5:E']);
  for (const method of ['F', 'G', 'H']) log.record(call(method));
  t.strictSame(methods(log.since(0, 10)), ['6:F', '7:G', '8:H'], 'a whole turn of the ring later');
});

t.test('since() after overwritten entries starts at the oldest held', async (t) => {
  const log = new CallLog(3);
  for (const method of ['A', 'B', 'C', 'D', 'E', 'F', 'G']) log.record(call(method));
  t.strictSame(methods(log.since(1, 10)), ['5:E', '6:F', '7:G'], 'a reader at 1 missed 2 to 4');
  t.strictSame(methods(log.since(5, 10)), ['6:F', '7:G']);
  t.strictSame(methods(log.since(7, 10)), [], 'nothing after the newest');
  t.strictSame(methods(log.since(99, 10)), [], 'nothing after a seq not reached yet');
});

t.test('since() honours the limit, oldest first, and counts only matches', async (t) => {
  const log = new CallLog(8);
  for (const [index, method] of ['A', 'B', 'C', 'D', 'E', 'F'].entries()) {
    log.record(call(method, { sandboxId: index % 2 === 0 ? 'even' : 'odd' }));
  }
  t.strictSame(methods(log.since(0, 2)), ['1:A', '2:B']);
  t.strictSame(methods(log.since(2, 2)), ['3:C', '4:D'], 'the next page');
  t.strictSame(methods(log.since(0, 0)), [], 'a limit of 0 is nothing');
  const odd = (entry: CallEntry) => entry.sandboxId === 'odd';
  t.strictSame(methods(log.since(0, 2, odd)), ['2:B', '4:D']);
  t.strictSame(methods(log.since(4, 10, odd)), ['6:F']);
});

t.test('subscribe: live calls until unsubscribed; several listeners', async (t) => {
  const log = new CallLog(2);
  log.record(call('Before'));
  const first: string[] = [];
  const second: string[] = [];
  const stopFirst = log.subscribe((entry) => first.push(`${entry.seq}:${entry.method}`));
  const stopSecond = log.subscribe((entry) => second.push(`${entry.seq}:${entry.method}`));
  t.equal(log.subscribers, 2);
  log.record(call('Start'));
  stopFirst();
  t.equal(log.subscribers, 1);
  log.record(call('Kill'));
  stopFirst();
  t.equal(log.subscribers, 1, 'unsubscribing twice removes nothing else');
  stopSecond();
  log.record(call('Delete'));
  t.strictSame(first, ['2:Start'], 'nothing before subscribing, nothing after unsubscribing');
  t.strictSame(second, ['2:Start', '3:Kill']);
  t.equal(log.subscribers, 0);
});

t.test('a listener that unsubscribes while being called does not stop the others', async (t) => {
  const log = new CallLog(2);
  const seen: string[] = [];
  const stop = log.subscribe(() => {
    seen.push('once');
    stop();
  });
  log.subscribe(() => seen.push('always'));
  log.record(call('A'));
  log.record(call('B'));
  t.strictSame(seen, ['once', 'always', 'always']);
});
