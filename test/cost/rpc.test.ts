// Planning.Cost over gRPC on a daemon with a fixed clock: every number computed by hand from the fixtures.
import fs from 'node:fs';
import { credentials, status, type ServiceError } from '@grpc/grpc-js';
import t from 'tap';
import { PlanningClient, type CostResponse } from '../../src/generated/resourceslot/v1/planning.js';
import { unary } from '../helpers/daemon.js';
import { costScenario, fixture, HOUR, T0 } from './scenario.js';

const byName = <T extends { resource: string }>(parts: T[]) =>
  Object.fromEntries(parts.map((p) => [p.resource, p]));

t.test('cost of two pods over two hours at round prices', async (t) => {
  const { socket } = await costScenario(t);
  const client = new PlanningClient(`unix:${socket}`, credentials.createInsecure());
  t.teardown(() => client.close());
  const prices = fs.readFileSync(fixture('prices.yaml'), 'utf8');
  const report = await unary<CostResponse>((done) => client.cost({ prices, since: '2h' }, done));

  t.equal(report.currency, 'USD');
  t.equal(report.hours, 2);
  t.same(report.start, { seconds: T0 / 1000, nanos: 0 });
  t.same(
    report.pods.map((pod) => [pod.namespace, pod.name, pod.hours, pod.containers.map((c) => c.name)]),
    [
      ['jobs', 'batch', 1, ['worker']],
      ['shop', 'web', 2, ['app']],
    ],
  );
  const [batch, web] = report.pods;

  // web/app, 2 h: cpu requests 500m (512 shares) but uses 750m: 0.75 × 2 = 1.5 core-h at 0.5 = 0.75. Memory
  // requests its 512Mi limit (0.5 GiB × 2 = 1 GiB-h at 0.25 = 0.25) and uses 95 % of 256Mi (working set).
  const app = byName(web?.containers[0]?.resources ?? []);
  t.match(app['cpu'], {
    unit: 'core-hours',
    requested: 1,
    used: 1.5,
    charged: 1.5,
    priced: true,
    price: 0.5,
    cost: 0.75,
  });
  t.match(app['memory'], { unit: 'GiB-hours', requested: 1, used: 0.475, charged: 1, cost: 0.25 });
  t.equal(web?.total, 1);

  // batch/worker, 1 h: 1 core and 1Gi requested, the default usage (10 % cpu, 1Mi) below both; 4Mi of 2Mi
  // hugepages held, which the prices do not name.
  const worker = byName(batch?.containers[0]?.resources ?? []);
  t.match(worker['cpu'], { requested: 1, used: 0.1, charged: 1, cost: 0.5 });
  t.match(worker['memory'], { requested: 1, charged: 1, cost: 0.25 });
  t.match(worker['hugepages-2Mi'], {
    unit: 'GiB-hours',
    charged: 4 / 1024,
    priced: false,
    price: 0,
    cost: 0,
  });
  t.equal(batch?.total, 0.75);
  t.same(report.unpriced, ['hugepages-2Mi']);

  t.same(
    report.namespaces.map((group) => [group.name, group.total]),
    [
      ['jobs', 0.75],
      ['shop', 1],
    ],
  );
  t.equal(report.allocated?.total, 1.75);
  // allocatable 4 cores and 8Gi over 2 h = 8 core-h and 16 GiB-h, at 0.5 and 0.25; idle takes away the requests
  // (2 core-h, 2 GiB-h): 6 × 0.5 + 14 × 0.25.
  t.same(
    report.allocatable?.resources.map((p) => [p.resource, p.charged, p.cost]),
    [
      ['cpu', 8, 4],
      ['memory', 16, 4],
    ],
  );
  t.same(
    report.idle?.resources.map((p) => [p.resource, p.charged, p.cost]),
    [
      ['cpu', 6, 3],
      ['memory', 14, 3.5],
    ],
  );
  t.equal(report.idle?.total, 6.5);
  t.match(report.notes.join(' '), /deleted before now are not known/);
});

t.test('a window that starts after batch started charges only its part', async (t) => {
  const { socket } = await costScenario(t);
  const client = new PlanningClient(`unix:${socket}`, credentials.createInsecure());
  t.teardown(() => client.close());
  const prices = fs.readFileSync(fixture('prices.yaml'), 'utf8');
  const since = new Date(T0 + 1.5 * HOUR).toISOString();
  const report = await unary<CostResponse>((done) => client.cost({ prices, since }, done));
  t.equal(report.hours, 0.5);
  // Each pod half an hour: web 0.75 × 0.5 × 0.5 + 0.5 × 0.5 × 0.25; batch 1 × 0.5 × 0.5 + 1 × 0.5 × 0.25.
  t.same(
    report.pods.map((pod) => [pod.name, pod.hours, pod.total]),
    [
      ['batch', 0.5, 0.375],
      ['web', 0.5, 0.25],
    ],
  );
});

t.test('bad prices and windows are INVALID_ARGUMENT naming the field', async (t) => {
  const { socket } = await costScenario(t);
  const client = new PlanningClient(`unix:${socket}`, credentials.createInsecure());
  t.teardown(() => client.close());
  const failure = async (prices: string, since: string) => {
    try {
      await unary<CostResponse>((done) => client.cost({ prices, since }, done));
    } catch (error) {
      return { code: (error as ServiceError).code, details: (error as ServiceError).details };
    }
    throw new Error('Cost answered');
  };
  t.same(await failure('currency: USD\ncpu: -1\n', ''), {
    code: status.INVALID_ARGUMENT,
    details: 'prices.cpu: must be a price per hour, a number ≥ 0, got -1',
  });
  t.match(await failure('currency: dollars\n', ''), {
    code: status.INVALID_ARGUMENT,
    details: /^prices\.currency: /,
  });
  t.match(await failure('', 'yesterday'), {
    code: status.INVALID_ARGUMENT,
    details: /^since: want a duration/,
  });
  t.match(await failure('', '2030-01-01T00:00:00Z'), {
    code: status.INVALID_ARGUMENT,
    details: /^since: .* is not before now/,
  });
});
