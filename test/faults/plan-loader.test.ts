import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { FaultPlanFileError } from '../../src/faults/plan-file.js';
import { loadFaultPlanFile } from '../../src/faults/plan-loader.js';
import { FaultPlan } from '../../src/faults/plan.js';

t.test('the file is read, read again, and a bad or missing one changes nothing', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'faults-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'faults.yaml');
  const plan = new FaultPlan();
  plan.add('{name: by-hand, delay: 1s}');

  await writeFile(file, 'rules:\n- {service: Task, failpoint: "1*error(x)"}\n- {delay: 2s}\n');
  t.equal(await loadFaultPlanFile(plan, file), 2);
  t.same(
    plan.list().map((rule) => [rule.id, rule.origin]),
    [
      ['r1', 'file'],
      ['r2', 'file'],
      ['by-hand', 'runtime'],
    ],
  );

  await writeFile(file, 'rules:\n- {delay: 2s}\n- {delay: 3x}\n');
  const bad = await loadFaultPlanFile(plan, file).catch((err: unknown) => err);
  t.ok(bad instanceof FaultPlanFileError);
  t.match(bad instanceof Error && bad.message, `${file}:3: rules[1].delay: bad duration "3x"`);
  t.equal(plan.list().length, 3, 'the plan is as it was');

  await writeFile(file, 'rules:\n- {delay: 2s}\n');
  t.equal(await loadFaultPlanFile(plan, file), 1);
  t.same(
    plan.list().map((rule) => rule.id),
    ['r2', 'by-hand'],
  );

  const missing = await loadFaultPlanFile(plan, path.join(dir, 'nope.yaml')).catch((err: unknown) => err);
  t.ok(missing instanceof InvalidArgumentError);
  t.equal(missing instanceof InvalidArgumentError && missing.field, 'faults');
  t.match(
    missing instanceof Error && missing.message,
    /^faults: cannot read the fault plan: ENOENT.*nope\.yaml/,
  );
  t.equal(plan.list().length, 2);
});
