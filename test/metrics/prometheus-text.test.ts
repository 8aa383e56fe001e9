import { Counter, Histogram, Registry } from 'prom-client';
import t from 'tap';
import { Scrape } from '../helpers/prometheus-text.js';

/** The test helper that reads /metrics, held to what prom-client's own registry API says it wrote. */
t.test('the scrape reader gives back what prom-client wrote, labelled histograms included', async (t) => {
  const registry = new Registry();
  const histogram = new Histogram({
    name: 'demo_seconds',
    help: 'demo',
    labelNames: ['method', 'code'] as const,
    buckets: [0.1, 1],
    registers: [registry],
  });
  const counter = new Counter({
    name: 'demo_total',
    help: 'demo',
    labelNames: ['path'],
    registers: [registry],
  });
  histogram.observe({ method: 'Create', code: 'OK' }, 0.05);
  histogram.observe({ method: 'Create', code: 'OK' }, 0.5);
  histogram.observe({ method: 'Start', code: 'OK' }, 2);
  counter.inc({ path: 'a "quoted"\nvalue' }, 3);
  const scrape = new Scrape(await registry.metrics());

  t.equal(scrape.type('demo_seconds'), 'HISTOGRAM');
  t.equal(scrape.type('demo_total'), 'COUNTER');
  t.same(scrape.histogram('demo_seconds', { method: 'Create', code: 'OK' }), {
    count: 2,
    sum: 0.55,
    buckets: { '0.1': 1, '1': 2, '+Inf': 2 },
  });
  t.same(scrape.histogram('demo_seconds', { method: 'Start', code: 'OK' }), {
    count: 1,
    sum: 2,
    buckets: { '0.1': 0, '1': 0, '+Inf': 1 },
  });
  t.equal(scrape.histogram('demo_seconds', { method: 'Stop', code: 'OK' }), undefined);
  t.equal(
    scrape.value('demo_total', { path: 'a "quoted"\nvalue' }),
    3,
    'escaped label values come back whole',
  );
  t.equal(scrape.value('demo_total', { path: 'a' }), undefined, 'labels match exactly');

  const own = await histogram.get();
  const create = own.values.find(
    (value) => value.metricName === 'demo_seconds_count' && value.labels.method === 'Create',
  );
  t.equal(create?.value, 2, "prom-client's own account agrees");
  t.throws(() => scrape.type('absent'), /no metric absent/);
});
