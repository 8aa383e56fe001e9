// The price file, its sample, and the window `since` gives.
import t from 'tap';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { parsePrices } from '../../src/cost/prices.js';
import { SAMPLE_PRICES } from '../../src/cost/sample-prices.js';
import { windowSince } from '../../src/cost/window.js';

const refusal = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error.message;
    throw error;
  }
  throw new Error('accepted');
};

t.test("the sample is OpenCost's default custom pricing", async (t) => {
  t.equal(SAMPLE_PRICES.currency, 'USD');
  t.same(Object.fromEntries(SAMPLE_PRICES.perHour), {
    cpu: 0.031611,
    memory: 0.004237,
    'nvidia.com/gpu': 0.95,
  });
});

t.test('prices: numbers or numeric strings; anything left out is unpriced, not 0', async (t) => {
  const prices = parsePrices(
    '{"currency": "EUR", "cpu": "0.02", "resources": {"hugepages-2Mi": 0.001}}',
    'p.json',
  );
  t.same(Object.fromEntries(prices.perHour), { cpu: 0.02, 'hugepages-2Mi': 0.001 });
  t.notOk(prices.perHour.has('memory'));
});

t.test('bad price files are refused naming the field', async (t) => {
  const cases: Array<[string, string]> = [
    ['cpu: 1', 'prices.currency: must be an ISO 4217 code such as USD, got undefined'],
    ['currency: USD\ncpu: -0.1', 'prices.cpu: must be a price per hour, a number ≥ 0, got -0.1'],
    ['currency: USD\nmemory: cheap', 'prices.memory: must be a price per hour, a number ≥ 0, got "cheap"'],
    [
      'currency: USD\nram: 1',
      'prices.ram: unknown field (known: currency, cpu, memory, resources, description)',
    ],
    ['currency: USD\nresources: {gpu!: 1}', 'prices.resources["gpu!"]: not a Kubernetes resource name'],
    ['currency: USD\nresources: {pods: 1}', 'prices.resources["pods"]: pods are not priced'],
    [
      'currency: USD\nresources: [1]',
      'prices.resources: must be a mapping of resource name to price per hour',
    ],
    ['- 1', 'prices: must be a mapping (YAML) or an object (JSON)'],
  ];
  for (const [text, message] of cases)
    t.equal(
      refusal(() => parsePrices(text, 'p.yaml')),
      message,
      text,
    );
  t.match(
    refusal(() => parsePrices('currency: [', 'p.yaml')),
    /^prices: not valid YAML or JSON: /,
  );
});

t.test('since: a duration before now or an RFC 3339 time', async (t) => {
  const now = Date.parse('2025-01-02T00:00:00Z');
  t.same(windowSince('', now), { start: now - 24 * 3_600_000, end: now }, 'default 24h');
  t.same(windowSince('1h30m', now).start, now - 90 * 60_000);
  t.same(windowSince('2d', now).start, now - 2 * 86_400_000);
  t.same(windowSince('2025-01-01T12:00:00+02:00', now).start, Date.parse('2025-01-01T10:00:00Z'));
  t.match(
    refusal(() => windowSince('1w', now)),
    /^since: want a duration before now/,
  );
  t.match(
    refusal(() => windowSince('0s', now)),
    /^since: "0s" is not before now/,
  );
});
