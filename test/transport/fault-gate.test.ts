import pino from 'pino';
import t from 'tap';
import { Registries } from '../../machines/registries.js';
import type { CallEntry } from '../../src/calls/types.js';
import { InjectedError, NotFoundError } from '../../src/core/errors.js';
import type { CallTarget, FaultDecision, FaultRules } from '../../src/faults/types.js';
import { CallTargets, type DescribedCall } from '../../src/transport/call-targets.js';
import { FaultGate } from '../../src/transport/fault-gate.js';

/** A plan that answers what the test says, and remembers what it was asked. */
function planAnswering(answer: FaultDecision | null): FaultRules & { asked: CallTarget[] } {
  const asked: CallTarget[] = [];
  return {
    asked,
    add: () => {
      throw new Error('not used');
    },
    list: () => [],
    remove: () => false,
    clear: () => 0,
    decide: (target) => {
      asked.push(target);
      return answer;
    },
  };
}

function gateWith(plan: FaultRules, own: FaultDecision | null = null) {
  const calls: Array<Omit<CallEntry, 'seq'>> = [];
  const slept: number[] = [];
  const seen: DescribedCall[] = [];
  let clock = 1_000;
  const gate = new FaultGate({
    targets: new CallTargets(new Registries()),
    rules: plan,
    annotations: {
      decide: (call) => {
        seen.push(call);
        return own;
      },
    },
    calls: { record: (entry) => calls.push(entry) },
    log: pino({ level: 'silent' }),
    now: () => clock,
    sleep: async (ms) => {
      slept.push(ms);
      clock += ms;
    },
  });
  return { gate, calls, slept, seen };
}

const off: FaultDecision['outcome'] = { kind: 'off' };

t.test('no fault: the work runs, the call is logged OK with its ids', async (t) => {
  const { gate, calls } = gateWith(planAnswering(null));
  const answer = await gate.run('Controller', 'Start', { sandboxId: 'p1' }, async () => 'started');
  t.equal(answer, 'started');
  t.match(calls, [{ service: 'Controller', method: 'Start', sandboxId: 'p1', code: 'OK', fault: '' }]);
});

t.test(
  'an injected error: the work never runs; the code is the rule’s; the log names the rule',
  async (t) => {
    const plan = planAnswering({
      delayMs: 0,
      outcome: { kind: 'error', code: 'UNAVAILABLE', message: 'try again' },
      reasons: ['rule r1'],
    });
    const { gate, calls } = gateWith(plan);
    let ran = false;
    const failed = await gate
      .run('Task', 'Start', { id: 'c1' }, async () => {
        ran = true;
      })
      .catch((error: unknown) => error);
    t.notOk(ran, 'nothing reached the supervisor');
    t.ok(failed instanceof InjectedError);
    t.match(failed, { status: 'UNAVAILABLE', message: 'try again' });
    t.match(calls, [
      { service: 'Task', method: 'Start', containerId: 'c1', code: 'UNAVAILABLE', fault: 'rule r1' },
    ]);
  },
);

t.test('a panic answers INTERNAL naming the panic', async (t) => {
  const plan = planAnswering({ delayMs: 0, outcome: { kind: 'panic', message: 'boom' }, reasons: ['r'] });
  const failed = await gateWith(plan)
    .gate.run('Controller', 'Stop', { sandboxId: 'p' }, async () => 1)
    .catch((error: unknown) => error);
  t.match(failed, { status: 'INTERNAL', message: 'panic: boom' });
});

t.test('a delay holds the call, then it runs; the duration counts the delay', async (t) => {
  const { gate, calls, slept } = gateWith(planAnswering({ delayMs: 250, outcome: off, reasons: ['slow'] }));
  t.equal(await gate.run('Task', 'Stats', { id: 'c' }, async () => 'ok'), 'ok');
  t.same(slept, [250]);
  t.match(calls, [{ code: 'OK', fault: 'slow', durationMs: 250 }]);
});

t.test("the plan's outcome wins over the annotations'; delays add up", async (t) => {
  const error = { kind: 'error', code: 'NOT_FOUND', message: 'from the pod' } as const;
  const planError = planAnswering({
    delayMs: 0,
    outcome: { kind: 'error', code: 'ABORTED', message: 'plan' },
    reasons: ['plan'],
  });
  const first = gateWith(planError, { delayMs: 0, outcome: error, reasons: ['pod'] });
  t.match(await first.gate.run('Task', 'Kill', { id: 'c' }, async () => 0).catch((e: unknown) => e), {
    status: 'ABORTED',
  });
  t.equal(first.seen.length, 0, 'the annotations were not consulted (their counters do not move)');
  const latency = planAnswering({ delayMs: 100, outcome: off, reasons: ['plan'] });
  const second = gateWith(latency, { delayMs: 50, outcome: error, reasons: ['pod'] });
  t.match(await second.gate.run('Task', 'Kill', { id: 'c' }, async () => 0).catch((e: unknown) => e), {
    status: 'NOT_FOUND',
  });
  t.same(second.slept, [150]);
  t.match(second.calls, [{ code: 'NOT_FOUND', fault: 'plan; pod' }]);
});

t.test("the work's own failure is logged with its code and rethrown as is", async (t) => {
  const { gate, calls } = gateWith(planAnswering(null));
  const failed = await gate
    .run('Controller', 'Status', { sandboxId: 'gone' }, async () => {
      throw new NotFoundError('sandbox gone not found');
    })
    .catch((error: unknown) => error);
  t.ok(failed instanceof NotFoundError);
  t.match(calls, [{ code: 'NOT_FOUND', fault: '' }]);
});

t.test('the plan is asked with the target: ids, no pod for an unknown sandbox', async (t) => {
  const plan = planAnswering(null);
  await gateWith(plan).gate.run('Task', 'State', { id: 'c9', execId: 'e1' }, async () => 0);
  t.same(plan.asked, [
    {
      service: 'Task',
      method: 'State',
      sandboxId: '',
      containerId: 'c9',
      execId: 'e1',
      pod: null,
      container: '',
    },
  ]);
});
