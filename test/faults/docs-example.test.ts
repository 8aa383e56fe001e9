import { readFile } from 'node:fs/promises';
import path from 'node:path';
import t from 'tap';
import { FaultPlan } from '../../src/faults/plan.js';
import { controllerCall, taskCall, webPod } from './targets.js';

const DOC = path.resolve(import.meta.dirname, '../../docs/faults.md');

t.test("docs/faults.md's example plan file reads and does what its comments say", async (t) => {
  const doc = await readFile(DOC, 'utf8');
  const example = /```yaml\n([\s\S]*?)```/.exec(doc)?.[1];
  if (example === undefined) throw new Error('no yaml example in docs/faults.md');
  const clock = { ms: 0 };
  const plan = new FaultPlan({ now: () => clock.ms });
  t.equal(plan.loadFile(example, DOC), 4);
  t.same(
    plan.list().map((rule) => rule.id),
    ['web-create-once', 'r1', 'r2', 'blackout'],
  );
  const pod = { ...webPod, namespace: 'prod' };
  t.same(plan.decide(controllerCall('Create', pod), 0)?.outcome, {
    kind: 'error',
    code: 'UNAVAILABLE',
    message: 'injected, please retry',
  });
  t.equal(plan.decide(controllerCall('Create', pod), 0), null, "kubelet's retry succeeds");
  t.equal(plan.decide(taskCall('Start', pod, 'app'), 0), null);
  t.match(plan.decide(taskCall('Start', pod, 'app'), 0)?.outcome, {
    code: 'UNKNOWN',
    message: 'exec format error',
  });
  t.match(plan.decide(controllerCall('Status', pod), 60_000)?.outcome, { code: 'UNAVAILABLE' });
  t.equal(plan.decide(controllerCall('Status', pod), 90_000), null);
});
