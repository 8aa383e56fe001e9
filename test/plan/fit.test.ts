// kubelet's fit rule, pod after pod: the room each resource leaves, what binds first and the refusal that follows.
import t from 'tap';
import { parseNanos } from '../../src/node/amounts.js';
import { planFit } from '../../src/plan/fit.js';

const requests = (entries: Record<string, string>) =>
  new Map(Object.entries(entries).map(([name, text]) => [name, parseNanos(text)]));
const MI = 2 ** 20;

t.test('the smallest room binds, and the next pod is refused in kubelet words', async (t) => {
  const node = {
    allocatable: new Map([
      ['pods', 110],
      ['cpu', 4000],
      ['memory', 8092 * MI],
    ]),
    allocated: new Map([
      ['pods', 2],
      ['cpu', 1500],
      ['memory', 1536 * MI],
    ]),
  };
  const fit = planFit(requests({ cpu: '1', memory: '640Mi' }), node, 10);
  t.same(
    fit.rows.map((r) => [r.resource, r.perPod, r.room]),
    [
      ['pods', 1, 108],
      ['cpu', 1000, 2], // (4000 − 1500) / 1000
      ['memory', 640 * MI, 10], // (8092 − 1536) / 640 = 10.24
    ],
  );
  t.equal(fit.fit, 2);
  t.equal(fit.binding, 'cpu');
  t.equal(
    fit.refusal,
    "OutOfcpu: Node didn't have enough resource: cpu, requested: 1000, used: 3500, capacity: 4000",
  );
  t.equal(planFit(requests({ cpu: '1', memory: '640Mi' }), node, 2).refusal, '', 'two fit: nothing refused');
});

t.test(
  'ties go to kubelet order; a resource not asked for has no room limit; the node lacking one fits none',
  async (t) => {
    const node = {
      allocatable: new Map([
        ['pods', 3],
        ['cpu', 3000],
        ['memory', 3 * MI],
      ]),
      allocated: new Map(),
    };
    const tie = planFit(requests({ cpu: '1', memory: '1Mi' }), node, 4);
    t.equal(tie.fit, 3);
    t.equal(tie.binding, 'pods');
    t.equal(
      tie.refusal,
      "OutOfpods: Node didn't have enough resource: pods, requested: 1, used: 3, capacity: 3",
    );
    const memoryOnly = planFit(requests({ memory: '1Mi' }), node, 1);
    t.equal(memoryOnly.rows.find((r) => r.resource === 'cpu')?.room, -1);
    const gpu = planFit(requests({ cpu: '1', 'nvidia.com/gpu': '1' }), node, 1);
    t.same([gpu.fit, gpu.binding], [0, 'nvidia.com/gpu']);
    t.equal(
      gpu.refusal,
      "OutOfnvidia.com/gpu: Node didn't have enough resource: nvidia.com/gpu, requested: 1, used: 0, capacity: 0",
    );
  },
);
