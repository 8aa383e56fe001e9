import t from 'tap';
import { annotationValues, parseAnnotations } from '../../src/resources/annotations.js';
import { invalidArgument } from './fixtures/index.js';

const parse = (a: Record<string, string>) => parseAnnotations(annotationValues(a, 'annotations'));
const values = (a: Record<string, string>) =>
  Object.fromEntries(Object.entries(parse(a).scalars).map(([k, f]) => [k, f.value]));

t.test('every resource annotation', async (t) => {
  const layer = parse({
    'resources.limits.cpu': '1500m',
    'resources.requests.cpu': '250m',
    'resources.limits.memory': '256Mi',
    'resources.requests.memory': '64Mi',
    'resources.limits.pid': '1k',
    'resources.limits.ephemeral-storage': '2Gi',
    'kubernetes.io/ingress-bandwidth': '10M',
    'kubernetes.io/egress-bandwidth': '1.5G',
    'io.kubernetes.cri.sandbox-name': 'ignored',
  });
  t.same(Object.fromEntries(Object.entries(layer.scalars).map(([k, f]) => [k, f.value])), {
    cpu_limit: 1.5,
    cpu_request: 0.25,
    memory_limit: 268435456,
    memory_request: 67108864,
    pid_limit: 1000,
    storage_limit: 2147483648,
    'network_bandwidth.ingress': 10000000,
    'network_bandwidth.egress': 1500000000,
  });
  t.match(layer.scalars.cpu_limit, {
    source: 'annotation:resources.limits.cpu',
    field: 'annotations["resources.limits.cpu"]',
  });
  t.match(layer.scalars['network_bandwidth.egress'], { source: 'annotation:kubernetes.io/egress-bandwidth' });
  t.same(layer.extras, {});
});

t.test('quantities are exact: nano cpu, Value() rounding up for integers', async (t) => {
  t.same(values({ 'resources.requests.cpu': '0.1m', 'resources.limits.memory': '100.5' }), {
    cpu_request: 0.0001,
    memory_limit: 101,
  });
  t.same(values({ 'resources.limits.memory': '1Ei' }), { memory_limit: 2 ** 60 });
  t.same(values({ 'resources.limits.cpu': '0' }), { cpu_limit: 0 }, 'an explicit 0 is a value');
});

t.test('malformed quantities name the annotation and the value', async (t) => {
  for (const bad of ['1K', '', ' 1', 'one', '1.5.5', '1e']) {
    const err = invalidArgument(() => parse({ 'resources.limits.memory': bad }));
    t.equal(err.field, 'annotations["resources.limits.memory"]', `${JSON.stringify(bad)} field`);
    t.match(err.message, JSON.stringify(bad), `${JSON.stringify(bad)} message has the value`);
  }
  const range = invalidArgument(() => parse({ 'resources.limits.memory': '1e19' }));
  t.match(range.message, /"1e19" is out of range/);
});

t.test('negative values are rejected', async (t) => {
  const err = invalidArgument(() => parse({ 'resources.requests.cpu': '-1' }));
  t.equal(err.field, 'annotations["resources.requests.cpu"]');
  t.match(err.message, /negative/);
});

t.test('bandwidth must be within 1k..1P bits/s (compared on Value())', async (t) => {
  const ok: [string, number][] = [
    ['1k', 1000],
    ['1000', 1000],
    ['999.5', 1000],
    ['1P', 1e15],
    ['1000T', 1e15],
  ];
  for (const [value, bps] of ok) {
    t.same(values({ 'kubernetes.io/ingress-bandwidth': value }), { 'network_bandwidth.ingress': bps }, value);
  }
  for (const bad of ['999', '0', '1.000001P', '2P', '1Ei']) {
    const err = invalidArgument(() => parse({ 'kubernetes.io/egress-bandwidth': bad }));
    t.equal(err.field, 'annotations["kubernetes.io/egress-bandwidth"]', `${bad} rejected`);
    t.match(err.message, /1k\.\.1P/);
  }
});

t.test('non-string values are rejected', async (t) => {
  const err = invalidArgument(() =>
    parseAnnotations({ 'resources.limits.cpu': { value: 2 as unknown as string, field: 'x["cpu"]' } }),
  );
  t.equal(err.field, 'x["cpu"]');
});
