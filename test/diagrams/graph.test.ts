import t from 'tap';
import { createMachine, raise, setup } from 'xstate';
import { edgeLabel, machineGraph, UnsupportedMachineError } from '../../src/diagrams/graph.js';

const methods = { GO: 'Go', BACK: 'Back', AGAIN: 'Again' };

t.test(
  'a raised repeat of the event is followed to where the call ends, through the states passed',
  async (t) => {
    const machine = setup({ actions: { again: raise(({ event }) => event) } }).createMachine({
      id: 'chain',
      initial: 'a',
      states: {
        a: { on: { GO: { target: 'b', actions: 'again' } } },
        b: { on: { GO: { target: 'c', actions: 'again' } } },
        c: { on: { GO: 'd' } },
        d: { type: 'final' },
      },
    });
    const graph = machineGraph(machine, methods);
    t.same(
      graph.edges.map(({ from, to, via }) => [from, to, via]),
      [
        ['a', 'd', ['b', 'c']],
        ['b', 'd', ['c']],
        ['c', 'd', []],
      ],
    );
    t.same(graph.states.at(-1), { name: 'd', final: true });
  },
);

t.test('a targetless transition (accepted, nothing changes) is a self-loop', async (t) => {
  const machine = createMachine({ id: 'loop', initial: 'a', states: { a: { on: { GO: {} } } } });
  t.same(machineGraph(machine, methods).edges, [{ from: 'a', to: 'a', event: 'GO', method: 'Go', via: [] }]);
});

t.test('a guarded move is drawn with its named guard, the otherwise without', async (t) => {
  const machine = setup({ guards: { isProbe: () => true } }).createMachine({
    id: 'probe',
    initial: 'a',
    states: { a: { on: { GO: [{ guard: 'isProbe', target: 'a' }, { target: 'b' }] } }, b: {} },
  });
  const edges = machineGraph(machine, methods).edges;
  t.same(edges, [
    { from: 'a', to: 'a', event: 'GO', method: 'Go', via: [], guard: 'isProbe' },
    { from: 'a', to: 'b', event: 'GO', method: 'Go', via: [] },
  ]);
  t.same(edges.map(edgeLabel), ['Go if isProbe', 'Go']);
});

t.test('what a diagram could misdraw is refused with an error naming it', async (t) => {
  const guarded = createMachine({
    id: 'guarded',
    initial: 'a',
    states: { a: { on: { GO: { target: 'b', guard: () => true } } }, b: {} },
  });
  t.throws(
    () => machineGraph(guarded, methods),
    new UnsupportedMachineError(
      'guarded',
      "event 'GO' in state 'a' is guarded by an inline function; name the guard in setup()",
    ),
  );
  const nested = createMachine({
    id: 'nested',
    initial: 'a',
    states: { a: { initial: 'x', states: { x: {} } } },
  });
  t.throws(() => machineGraph(nested, methods), /cannot draw machine 'nested': state 'a' has nested states/);
  const unnamed = createMachine({ id: 'unnamed', initial: 'a', states: { a: { on: { JUMP: 'a' } } } });
  t.throws(() => machineGraph(unnamed, methods), /event 'JUMP' in state 'a' has no gRPC method/);
  const delayed = createMachine({
    id: 'delayed',
    initial: 'a',
    states: { a: { after: { 10: 'b' } }, b: {} },
  });
  t.throws(() => machineGraph(delayed, methods), /cannot draw machine 'delayed'/);
  const eventless = createMachine({ id: 'eventless', initial: 'a', states: { a: { always: 'b' }, b: {} } });
  t.throws(() => machineGraph(eventless, methods), /eventless/);
});
