import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import t from 'tap';
import { CheckFailed } from '../../src/conformance/check-errors.js';
import type { CallIdentity } from '../../src/conformance/fault-ledger.js';
import { InjectionWitness } from '../../src/conformance/injection-witness.js';
import { Resilience, type Look } from '../../src/conformance/resilience.js';
import { codeOf, type Pending } from '../../src/conformance/rpc.js';
import type { CallRecord } from '../../src/generated/resourceslot/v1/inspect.js';

function grpcError(code: status, details: string): ServiceError {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), {
    code,
    details,
    metadata: new Metadata(),
  });
}

/** What the stand-in sandboxer does with the next call of a method. */
type Next =
  | 'ok'
  | 'inject' // fails with UNAVAILABLE and logs the fault, changing nothing
  | 'inject-and-mutate' // the defect: changes the state, then fails as injected
  | 'own-error' // fails with FAILED_PRECONDITION, its own answer
  | 'delayed-own-error' // held by a delay rule (logged as a fault), then fails with its own answer
  | 'unlogged'; // fails with UNAVAILABLE and logs no fault

/** A sandboxer with one sandbox: its Status line, a call log, and a script of what each method does next. */
class StandIn {
  state = 'Status SANDBOX_NOTREADY';
  readonly log: CallRecord[] = [];
  readonly script = new Map<string, Next[]>();
  readonly sent: string[] = [];

  plan(method: string, ...next: Next[]): void {
    this.script.set(method, next);
  }

  async serve(call: CallIdentity, onSuccess: () => string = () => this.state): Promise<string> {
    this.sent.push(call.method);
    const next = this.script.get(call.method)?.shift() ?? 'ok';
    const logged = (code: string, fault: string): void => {
      this.log.push({
        seq: this.log.length + 1,
        service: call.service,
        method: call.method,
        sandboxId: call.service === 'Controller' ? call.id : '',
        containerId: call.service === 'Task' ? call.id : '',
        execId: '',
        code,
        fault,
        durationMillis: 0,
      });
    };
    if (next === 'ok') {
      logged('OK', '');
      return onSuccess();
    }
    if (next === 'own-error' || next === 'delayed-own-error') {
      logged('FAILED_PRECONDITION', next === 'own-error' ? '' : 'rule slow (Controller.* delay 10ms)');
      throw grpcError(status.FAILED_PRECONDITION, 'not now');
    }
    if (next === 'inject-and-mutate') this.state = 'Status SANDBOX_READY';
    logged('UNAVAILABLE', next === 'unlogged' ? '' : `rule r1 (Controller.${call.method} 1*error(...))`);
    throw grpcError(status.UNAVAILABLE, 'injected');
  }

  /** The witness reads this log as ListCalls would: by id prefix and method. */
  witness(): InjectionWitness {
    return new InjectionWitness(
      async (filter) => ({
        calls: this.log.filter(
          (record) =>
            record.sandboxId.startsWith(filter.sandboxId) &&
            record.containerId.startsWith(filter.containerId) &&
            `${record.service}.${record.method}` === filter.method,
        ),
      }),
      () => [{ ruleId: 'r1', code: 'UNAVAILABLE', details: 'injected' }],
    );
  }
}

const SANDBOX = 'conformance-x-pod-1';
const start: CallIdentity = { service: 'Controller', method: 'Start', id: SANDBOX };
const statusCall: CallIdentity = { service: 'Controller', method: 'Status', id: SANDBOX };

function setUp() {
  const sandboxer = new StandIn();
  const pauses: number[] = [];
  const layer = new Resilience({
    policy: { tries: 5, backoffMs: 50 },
    witness: sandboxer.witness(),
    sleep: async (ms) => void pauses.push(ms),
  });
  const look: Look = {
    call: statusCall,
    send: () => sandboxer.serve(statusCall),
    answered: (error) => `Status answers ${(error as ServiceError).code}`,
  };
  const startSandbox = () =>
    layer.call(start, look, () => sandboxer.serve(start, () => (sandboxer.state = 'Status SANDBOX_READY')));
  return { sandboxer, pauses, layer, startSandbox };
}

t.test('an injected failure that changed nothing is retried, and the retry succeeds', async (t) => {
  const { sandboxer, pauses, layer, startSandbox } = setUp();
  sandboxer.plan('Start', 'inject');
  t.equal(await startSandbox(), 'Status SANDBOX_READY');
  t.same(sandboxer.sent, ['Status', 'Start', 'Status', 'Start'], 'looked before, and after the failure');
  t.same(pauses, [50]);
  t.match(layer.ledger.failures, [{ call: start, record: { seq: 2 }, comparison: { kind: 'unchanged' } }]);
  t.same(layer.ledger.retried, [{ call: start, tries: 2, outcome: 'succeeded' }]);
});

t.test('a failure that was not injected is the answer, untouched and not retried', async (t) => {
  for (const next of ['own-error', 'unlogged', 'delayed-own-error'] as const) {
    const { sandboxer, pauses, layer, startSandbox } = setUp();
    sandboxer.plan('Start', next);
    const error = await startSandbox().then(
      () => null,
      (caught: ServiceError) => caught,
    );
    t.equal(error?.code, next === 'unlogged' ? status.UNAVAILABLE : status.FAILED_PRECONDITION, next);
    t.same(sandboxer.sent, ['Status', 'Start'], `${next}: sent once`);
    t.same(pauses, []);
    t.same(layer.ledger.failures, [], `${next}: nothing recorded as injected`);
    t.same(layer.ledger.retried, []);
  }
});

t.test('a sandboxer that changes state on an injected failure fails the check, unretried', async (t) => {
  const { sandboxer, layer, startSandbox } = setUp();
  sandboxer.plan('Start', 'inject-and-mutate');
  const error = await startSandbox().then(
    () => null,
    (caught: unknown) => caught,
  );
  t.ok(error instanceof CheckFailed, 'ends the check');
  t.match(
    (error as Error).message,
    /^Controller\.Start of conformance-x-pod-1 answered UNAVAILABLE: injected/,
  );
  t.match(
    (error as Error).message,
    /changed the sandbox: before "Status SANDBOX_NOTREADY", after "Status SANDBOX_READY"/,
  );
  t.same(sandboxer.sent, ['Status', 'Start', 'Status'], 'not retried');
  t.match(layer.ledger.failures, [
    {
      call: start,
      comparison: { kind: 'changed', before: 'Status SANDBOX_NOTREADY', after: 'Status SANDBOX_READY' },
    },
  ]);
  t.same(layer.ledger.retried, [{ call: start, tries: 1, outcome: 'not-retried' }]);
  t.equal(
    await codeOf(Promise.reject(error)).catch((caught: unknown) => caught),
    error,
    'codeOf lets it through',
  );
});

t.test('retries are bounded, with a doubling pause', async (t) => {
  const { sandboxer, pauses, layer, startSandbox } = setUp();
  sandboxer.plan('Start', 'inject', 'inject', 'inject', 'inject', 'inject', 'inject');
  const error = await startSandbox().then(
    () => null,
    (caught: Error) => caught,
  );
  t.ok(error instanceof CheckFailed);
  t.match(error?.message, /\(injected: rule r1 .*\), on all 5 tries the runner makes/);
  t.same(pauses, [50, 100, 200, 400]);
  t.equal(sandboxer.sent.filter((method) => method === 'Start').length, 5);
  t.equal(layer.ledger.failures.length, 5);
  t.same(layer.ledger.retried, [{ call: start, tries: 5, outcome: 'exhausted' }]);
});

t.test("a retry that gets the sandboxer's own answer got through: that answer is the call's", async (t) => {
  const { sandboxer, layer, startSandbox } = setUp();
  sandboxer.plan('Start', 'inject', 'own-error');
  const error = await startSandbox().then(
    () => null,
    (caught: ServiceError) => caught,
  );
  t.equal(error?.code, status.FAILED_PRECONDITION);
  t.same(layer.ledger.retried, [{ call: start, tries: 2, outcome: 'answered' }]);
});

t.test('a look that fails by injection is itself retried; the first look cannot be compared', async (t) => {
  const { sandboxer, layer, startSandbox } = setUp();
  sandboxer.plan('Status', 'inject', 'ok', 'inject');
  sandboxer.plan('Start', 'inject');
  t.equal(await startSandbox(), 'Status SANDBOX_READY');
  t.same(sandboxer.sent, ['Status', 'Status', 'Start', 'Status', 'Status', 'Start']);
  t.match(layer.ledger.failures, [
    { call: statusCall, comparison: { kind: 'not-compared', why: /the look taken before the call/ } },
    { call: start, comparison: { kind: 'unchanged' } },
    { call: statusCall, comparison: { kind: 'unchanged' } },
  ]);
  t.same(
    layer.ledger.retried.map(({ call, outcome }) => `${call.method} ${outcome}`),
    ['Status succeeded', 'Status succeeded', 'Start succeeded'],
  );
});

t.test('the witness: exact ids, the code the runner got, each record once', async (t) => {
  const sandboxer = new StandIn();
  const other: CallIdentity = { ...start, id: `${SANDBOX}0` };
  await sandboxer.serve(other).catch(() => undefined); // ok: logged OK
  sandboxer.plan('Start', 'inject', 'inject');
  await sandboxer.serve(other).catch(() => undefined); // pod-10's injected failure
  const witness = sandboxer.witness();
  const unavailable = grpcError(status.UNAVAILABLE, 'injected');
  t.equal(
    await witness.injected(start, unavailable),
    null,
    "pod-10's record does not explain pod-1's failure",
  );
  await sandboxer.serve(start).catch(() => undefined);
  t.match(await witness.injected(start, unavailable), { seq: 3, fault: /rule r1/ });
  t.equal(await witness.injected(start, unavailable), null, 'a record explains one failure only');
  t.equal(await witness.injected(other, grpcError(status.INTERNAL, 'x')), null, 'the code must match');
  t.equal(await witness.injected(start, new Error('not gRPC')), null);
  sandboxer.plan('Start', 'inject');
  await sandboxer.serve(start).catch(() => undefined);
  const busy = grpcError(status.UNAVAILABLE, 'busy');
  t.equal(
    await witness.injected(start, busy),
    null,
    'logged with a fault, but not an error the rules inject',
  );
  const unreadable = new InjectionWitness(
    async () => {
      throw grpcError(status.UNIMPLEMENTED, 'no call log');
    },
    () => [],
  );
  await t.rejects(unreadable.injected(start, unavailable), {
    constructor: CheckFailed,
    message: /whether that was injected is unknown: the call log \(ListCalls\) answered UNIMPLEMENTED/,
  });
});

t.test('a Wait that fails by injection is sent again, not compared; cancelling ends it', async (t) => {
  const { sandboxer, layer } = setUp();
  const wait: CallIdentity = { service: 'Controller', method: 'Wait', id: SANDBOX };
  sandboxer.plan('Wait', 'inject');
  let sends = 0;
  const send = (): Pending<string> => {
    sends += 1;
    if (sends === 1) return { answer: sandboxer.serve(wait), cancel: () => {} };
    let reject: (error: Error) => void = () => {};
    const answer = new Promise<string>((_, fail) => (reject = fail));
    return { answer, cancel: () => reject(grpcError(status.CANCELLED, 'cancelled')) };
  };
  const pending = layer.pending(wait, send);
  await new Promise((resolve) => setTimeout(resolve, 10));
  t.equal(sends, 2, 'sent again after the injected failure');
  t.same(layer.ledger.retried, [{ call: wait, tries: 2, outcome: 'pending' }], 'counted while still pending');
  pending.cancel();
  await t.rejects(pending.answer, { code: status.CANCELLED });
  t.match(layer.ledger.failures, [{ call: wait, comparison: { kind: 'not-compared', why: /Wait runs/ } }]);
  t.same(layer.ledger.retried, [{ call: wait, tries: 2, outcome: 'pending' }]);
});
