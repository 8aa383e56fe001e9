import t from 'tap';
import { CelRate } from '../../src/workload/cel.js';
import { CelCurve, MAX_PARTS } from '../../src/workload/cel-curve.js';
import { parseProfileFile, workloadFor, type WorkloadInput } from '../../src/workload/index.js';

const Mi = 1024 * 1024;
const POD = { name: 'web', namespace: 'prod', annotations: { 'example.com/cpu': '300m' } };

function compiled(text: string): CelRate {
  const rate = CelRate.compile(text);
  if (typeof rate === 'string') throw new Error(rate);
  return rate;
}

const at = (text: string, seconds: number, key = 1): number | null => compiled(text).bind(POD, key)(seconds);

t.test("KWOK's helpers: pod.SinceSecond(), Quantity(), pod.metadata", async (t) => {
  t.equal(at('pod.SinceSecond()', 12.5), 12.5, 'seconds since the container started');
  t.equal(at('Quantity("250m")', 0), 0.25, 'cores');
  t.equal(at('Quantity("64Mi")', 0), 64 * Mi, 'bytes');
  t.equal(at('pod.SinceSecond() > 60 ? Quantity("1") : Quantity("100m")', 30), 0.1);
  t.equal(at('pod.SinceSecond() > 60 ? Quantity("1") : Quantity("100m")', 90), 1);
  t.equal(at('Quantity("1m") * pod.SinceSecond()', 100), 0.1, 'a rate growing with time');
  t.equal(at('Quantity(pod.metadata.annotations["example.com/cpu"])', 0), 0.3, 'annotations');
  t.equal(at('pod.metadata.name == "web" && pod.metadata.namespace == "prod" ? 2.0 : 1.0', 0), 2);
  t.equal(at('3', 0), 3, 'an int result is a number');
});

t.test('Rand(): in [0, 1), the same within a second, reproducible per key', async (t) => {
  const rand = compiled('Rand()');
  const a = rand.bind(POD, 7);
  const values = Array.from({ length: 50 }, (_, s) => a(s) ?? -1);
  t.ok(
    values.every((v) => v >= 0 && v < 1),
    'uniform in [0, 1)',
  );
  t.ok(new Set(values).size > 40, 'changes from second to second');
  t.equal(a(3.2), a(3.9), 'the same within one second');
  t.same(
    values,
    Array.from({ length: 50 }, (_, s) => rand.bind(POD, 7)(s)),
    'the same key reproduces',
  );
  t.not(rand.bind(POD, 8)(3), a(3), 'another container (key) differs');
  t.equal(at('Rand() == Rand() ? 1.0 : 0.0', 5), 1, 'one value per evaluation');
});

t.test('a failing evaluation or a bad result: null (the curve falls back); negative: 0', async (t) => {
  t.equal(at('Quantity(pod.metadata.annotations["missing"])', 0), null, 'a missing key');
  t.equal(at('Quantity(pod.metadata.name)', 0), null, 'not a quantity at run time');
  t.equal(at('1.0 / 0.0', 0), null, 'infinity');
  t.equal(at('0.0 - 1.0', 0), 0, 'negative is 0');
  const curve = new CelCurve(compiled('Quantity(pod.metadata.name)').bind(POD, 1), Infinity, 0.005);
  t.equal(curve.at(1), 0.005, 'the fallback rate');
});

t.test('compile: syntax and type errors, a non-numeric result', async (t) => {
  t.match(CelRate.compile('1 +'), /EOF|token/i);
  t.match(CelRate.compile('Quantity(1)'), /overload|Quantity/);
  t.match(CelRate.compile('Quantity("1m") * 2'), /no such overload/);
  t.match(CelRate.compile('pod.SinceSecond() > 1'), /must give a number/);
  t.match(CelRate.compile('Quantity("1") + Quantity("nope")'), /Quantity\("nope"\)/);
});

t.test('the integral: trapezoids, lazily, an earlier time answers the last sums', async (t) => {
  const linear = new CelCurve(compiled('Quantity("1") * pod.SinceSecond()').bind(POD, 1), Infinity, 0);
  t.equal(linear.integral(10), 50, 'exact for a linear rate: ∫₀¹⁰ t dt = 50');
  t.equal(linear.integral(5), 50, 'an earlier time: the last counter, never less');
  t.equal(linear.integral(20), 200);
  t.equal(linear.excess(20), 0, 'no cap, no excess');

  let evaluations = 0;
  const counted = new CelCurve(
    (s) => {
      evaluations++;
      return s;
    },
    Infinity,
    0,
  );
  counted.integral(1e6);
  t.ok(
    evaluations <= MAX_PARTS + 1,
    `a long first gap costs at most ${MAX_PARTS} evaluations (${evaluations})`,
  );

  const capped = new CelCurve(compiled('Quantity("1") * pod.SinceSecond()').bind(POD, 1), 2, 0);
  t.equal(capped.integral(4), 8);
  t.equal(capped.excess(4), 2, '∫ (t − 2) over [2, 4]');
  t.equal(capped.timeOver(4), 2, 'above the cap from 2 s');
});

const input = (over: Partial<WorkloadInput>): WorkloadInput => ({
  podAnnotations: {},
  containerName: 'app',
  cpuRequestCores: null,
  cpuLimitCores: null,
  memoryRequestBytes: null,
  memoryLimitBytes: null,
  pidsLimit: null,
  nodeMemoryBytes: 1024 * Mi,
  seed: 'ctr-1',
  podName: 'web',
  podNamespace: 'prod',
  ...over,
});

t.test('a workload from a CEL expression: a monotonic CPU counter, throttling, memory', async (t) => {
  const rules = parseProfileFile(
    `kind: ClusterResourceUsage
spec:
  usages:
  - usage:
      cpu:
        expression: Quantity("200m") + Quantity("300m") * Rand()
      memory:
        expression: Quantity("32Mi") + Quantity("1Mi") * pod.SinceSecond()
`,
    '/f.yaml',
  );
  const workload = workloadFor(input({ rules, cpuLimitCores: 0.4 }));
  let last = -1;
  let monotonic = true;
  for (let ms = 0; ms <= 120_000; ms += 700) {
    const s = workload.sample(ms);
    if (s.cpuUsageUsec < last) monotonic = false;
    last = s.cpuUsageUsec;
  }
  t.ok(monotonic, 'the counter never decreases');
  t.ok(last > 0.2 * 120e6 * 0.99 && last <= 0.4 * 120e6, `between the minimum and the limit (${last} µs)`);
  const s = workload.sample(120_000);
  t.ok(s.cpuNrThrottled > 0 && s.cpuThrottledUsec > 0, 'demand above the 400m limit is throttled');
  t.equal(workload.sample(60_000).cpuUsageUsec, s.cpuUsageUsec, 'an earlier time keeps the counter');
  t.equal(s.memoryUsageBytes, 32 * Mi + 120 * Mi, 'memory is the expression at t');
  const again = workloadFor(input({ rules, cpuLimitCores: 0.4 }));
  for (let ms = 0; ms <= 120_000; ms += 700) again.sample(ms);
  t.equal(again.sample(120_000).cpuUsageUsec, s.cpuUsageUsec, 'a rerun reproduces (Rand() seeded by the id)');
  const other = workloadFor(input({ rules, seed: 'ctr-2', cpuLimitCores: 0.4 }));
  for (let ms = 0; ms <= 120_000; ms += 700) other.sample(ms);
  t.not(other.sample(120_000).cpuUsageUsec, s.cpuUsageUsec, 'another container draws other numbers');
});
