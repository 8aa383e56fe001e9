// Planning.Plan over gRPC and `ctl plan` against a daemon: the node's allocatable less what its pods hold, and
// nothing on the daemon changes (its --dir and its actors are the same after).
import fs from 'node:fs';
import path from 'node:path';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import t from 'tap';
import { PlanningClient, type PlanResponse } from '../../src/generated/resourceslot/v1/planning.js';
import { unary } from '../helpers/daemon.js';
import { ctlOk } from '../ctl/run-ctl.js';
import { costScenario } from '../cost/scenario.js';

const planFixture = (name: string) => path.resolve(import.meta.dirname, '../fixtures/plan', name);

/** Every file under `dir` with its bytes and mode, and every directory. */
function tree(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const stat = fs.lstatSync(full);
    found[path.relative(dir, full)] = entry.isFile()
      ? `${stat.mode} ${fs.readFileSync(full, 'base64')}`
      : `${stat.mode} ${entry.isDirectory() ? 'dir' : 'other'}`;
  }
  return found;
}

t.test(
  'a Deployment planned on the daemon: room after its two pods, cpu binds, nothing changes',
  async (t) => {
    const { socket, tmp } = await costScenario(t);
    const client = new PlanningClient(`unix:${socket}`, credentials.createInsecure());
    t.teardown(() => client.close());
    const dir = path.join(tmp, 'state');
    const before = { files: tree(dir), actors: await ctlOk(socket, ['pods', '-o', 'json']) };

    // The node: 4 cpu, 8Gi, 10 pods, no eviction thresholds; web (500m, 512Mi) and batch (1, 1Gi) hold 1500m and
    // 1536Mi. The Deployment's pod asks 1 cpu and 640Mi.
    const plan = await unary<PlanResponse>((done) =>
      client.plan({ name: 'web', requests: { cpu: '1', memory: '640Mi' }, replicas: 10, prices: '' }, done),
    );
    t.same(
      plan.resources.map((r) => [r.resource, r.allocatable, r.allocated, r.perPod, r.room]),
      [
        ['pods', 10, 2, 1, 8],
        ['cpu', 4000, 1500, 1000, 2],
        ['memory', 8 * 2 ** 30, 1536 * 2 ** 20, 640 * 2 ** 20, 10], // 6656Mi / 640Mi = 10.4
      ],
    );
    t.same([plan.fit, plan.fits, plan.binding], [2, false, 'cpu']);
    t.equal(
      plan.refusal,
      "OutOfcpu: Node didn't have enough resource: cpu, requested: 1000, used: 3500, capacity: 4000",
    );
    // Ten pods at the sample prices: 10 cores × 0.031611 + 6.25 GiB × 0.004237 per hour; a month is 730 hours.
    t.equal(plan.currency, 'USD');
    t.equal(plan.hourlyTotal, 0.34259125);
    t.equal(plan.monthlyTotal, 250.0916125);

    const text = await ctlOk(socket, ['plan', planFixture('web-deployment.yaml')]);
    t.match(text, /Fits:\s+no: room for 2, 10 asked; cpu binds first/);

    t.same(
      { files: tree(dir), actors: await ctlOk(socket, ['pods', '-o', 'json']) },
      before,
      'no state changed',
    );
  },
);

t.test('bad quantities are INVALID_ARGUMENT naming the request', async (t) => {
  const { socket } = await costScenario(t);
  const client = new PlanningClient(`unix:${socket}`, credentials.createInsecure());
  t.teardown(() => client.close());
  try {
    await unary<PlanResponse>((done) =>
      client.plan({ name: 'x', requests: { cpu: 'lots' }, replicas: 1, prices: '' }, done),
    );
    t.fail('Plan answered');
  } catch (error) {
    t.equal((error as ServiceError).code, status.INVALID_ARGUMENT);
    t.match((error as ServiceError).details, /^requests\["cpu"\]: "lots" is not a quantity/);
  }
});
