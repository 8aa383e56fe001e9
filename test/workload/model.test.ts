import t from 'tap';
import { InvalidArgumentError } from '../../src/core/errors.js';
import {
  sumSamples,
  validateUsageAnnotations,
  workloadFor,
  type UsageSample,
  type WorkloadInput,
} from '../../src/workload/index.js';
import { chooseProfile } from '../../src/workload/sources.js';

const Mi = 1024 * 1024;
const NODE = 16 * 1024 * Mi;

const input = (over: Partial<WorkloadInput> = {}): WorkloadInput => ({
  podAnnotations: {},
  containerName: 'app',
  cpuRequestCores: null,
  cpuLimitCores: null,
  memoryRequestBytes: null,
  memoryLimitBytes: null,
  pidsLimit: null,
  nodeMemoryBytes: NODE,
  seed: 'container-1',
  ...over,
});

/** Core-seconds of CPU after 10 s, and memory bytes, for these annotations. */
function usage(annotations: Record<string, string>, name = 'app'): [number, number] {
  const s = workloadFor(input({ podAnnotations: annotations, containerName: name })).sample(10_000);
  return [s.cpuUsageUsec / 10e6, s.memoryUsageBytes];
}

function refusal(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (err) {
    if (err instanceof InvalidArgumentError) return err;
    throw err;
  }
  throw new Error('expected an InvalidArgumentError');
}

t.test('precedence: per-container key > pod-wide ours > KWOK > default', async (t) => {
  const all = {
    'resource-slot.io/usage-cpu.app': '400m',
    'resource-slot.io/usage-cpu': '300m',
    'kwok.x-k8s.io/usage-cpu': '200m',
    'resource-slot.io/usage-memory.app': '40Mi',
    'resource-slot.io/usage-memory': '30Mi',
    'kwok.x-k8s.io/usage-memory': '20Mi',
  };
  t.same(usage(all), [0.4, 40 * Mi], 'the per-container keys');
  t.same(usage(all, 'sidecar'), [0.3, 30 * Mi], 'another container: the pod-wide keys');
  t.same(usage(all, ''), [0.3, 30 * Mi], 'an unknown container name: the pod-wide keys');
  const noOwn: Record<string, string> = { ...all };
  delete noOwn['resource-slot.io/usage-cpu.app'];
  delete noOwn['resource-slot.io/usage-cpu'];
  t.same(usage(noOwn), [0.2, 40 * Mi], 'KWOK when ours is absent');
  t.same(usage({}), [0.001, Mi], 'the default');
  t.equal(chooseProfile('cpu', all, 'app', null).source, 'resource-slot.io/usage-cpu.app');
  t.equal(
    chooseProfile('memory', { 'kwok.x-k8s.io/usage-memory': '1Gi' }, 'app', null).source,
    'kwok.x-k8s.io/usage-memory',
  );
  t.equal(chooseProfile('cpu', {}, 'app', 1).source, 'default');
});

t.test('KWOK values are plain quantities, not profile expressions', async (t) => {
  const err = refusal(() => usage({ 'kwok.x-k8s.io/usage-cpu': 'sine(min=1, max=2, period=1s)' }));
  t.equal(err.field, 'annotations["kwok.x-k8s.io/usage-cpu"]');
  t.match(err.message, /bad quantity/);
});

t.test('a bad candidate is refused even when a higher one wins, naming its key', async (t) => {
  const err = refusal(() =>
    usage({ 'resource-slot.io/usage-memory.app': '1Gi', 'resource-slot.io/usage-memory': 'sine(min=1)' }),
  );
  t.equal(err.field, 'annotations["resource-slot.io/usage-memory"]');
  t.match(err.message, /missing parameter "max" for sine/);
  const other = refusal(() =>
    validateUsageAnnotations({ 'resource-slot.io/usage-cpu.other': 'nope(x=1)', unrelated: 'nope(' }),
  );
  t.equal(other.field, 'annotations["resource-slot.io/usage-cpu.other"]');
  t.doesNotThrow(() =>
    validateUsageAnnotations({ 'resource-slot.io/usage-cpu.a': '1', 'kwok.x-k8s.io/usage-memory': '1Gi' }),
  );
});

t.test('the default is a fraction of the request, never zero', async (t) => {
  const s = (over: Partial<WorkloadInput>) => workloadFor(input(over)).sample(10_000);
  t.equal(s({ cpuRequestCores: 0.5 }).cpuUsageUsec, 500_000, 'CPU: 10 % of 500m for 10 s');
  t.equal(s({ memoryRequestBytes: 256 * Mi }).memoryUsageBytes, 128 * Mi, 'memory: 50 % of the request');
  t.equal(s({ cpuRequestCores: 0 }).cpuUsageUsec, 10_000, 'a zero request: 1m');
  t.equal(s({ memoryRequestBytes: 0 }).memoryUsageBytes, Mi, 'a zero request: 1Mi');
  t.equal(s({ memoryRequestBytes: 1 }).memoryUsageBytes, Mi, 'never below 1Mi');
  t.equal(s({ cpuRequestCores: 0.005 }).cpuUsageUsec, 10_000, 'never below 1m');
  for (const req of [null, 0, 1e-9, 0.001, 4]) {
    const sample = workloadFor(input({ cpuRequestCores: req, memoryRequestBytes: req })).sample(1000);
    t.ok(sample.cpuUsageUsec > 0 && sample.memoryUsageBytes > 0, `request ${req}: non-zero`);
  }
});

t.test('the CPU counter never decreases and user + system add up', async (t) => {
  const w = workloadFor(
    input({
      podAnnotations: { 'resource-slot.io/usage-cpu': 'randomwalk(start=1, step=1, every=1s, min=0, max=4)' },
      cpuLimitCores: 2,
    }),
  );
  let last: UsageSample | null = null;
  let ms = 0;
  let bad = 0;
  for (let i = 0; i < 5000; i++) {
    ms += (i * 7919) % 2300;
    const s = w.sample(ms);
    if (s.cpuUserUsec + s.cpuSystemUsec !== s.cpuUsageUsec) bad++;
    if (last !== null) {
      for (const k of ['cpuUsageUsec', 'cpuNrPeriods', 'cpuNrThrottled', 'cpuThrottledUsec'] as const)
        if (s[k] < last[k]) bad++;
    }
    if (s.cpuNrThrottled > s.cpuNrPeriods) bad++;
    last = s;
  }
  t.equal(bad, 0);
  t.equal(w.sample(ms / 2).cpuUsageUsec, last?.cpuUsageUsec, 'an earlier time does not move a counter back');
});

t.test('throttling: usage capped at the limit, excess and periods counted', async (t) => {
  const w = workloadFor(
    input({ podAnnotations: { 'resource-slot.io/usage-cpu': '1500m' }, cpuLimitCores: 1 }),
  );
  t.match(w.sample(10_000), {
    cpuUsageUsec: 10_000_000,
    cpuUserUsec: 8_000_000,
    cpuSystemUsec: 2_000_000,
    cpuNrPeriods: 100,
    cpuNrThrottled: 100,
    cpuThrottledUsec: 5_000_000,
  });
  const square = workloadFor(
    input({
      podAnnotations: { 'resource-slot.io/usage-cpu': 'square(min=0.5, max=2, period=10s)' },
      cpuLimitCores: 1,
    }),
  );
  t.match(square.sample(20_000), {
    cpuUsageUsec: 15_000_000, // 10 s at the limit, 10 s at 0.5
    cpuNrPeriods: 200,
    cpuNrThrottled: 100, // half the periods
    cpuThrottledUsec: 10_000_000, // 10 s of 1 core over
  });
  const under = workloadFor(
    input({ podAnnotations: { 'resource-slot.io/usage-cpu': '500m' }, cpuLimitCores: 1 }),
  );
  t.match(under.sample(10_000), {
    cpuUsageUsec: 5_000_000,
    cpuNrPeriods: 100,
    cpuNrThrottled: 0,
    cpuThrottledUsec: 0,
  });
  const unlimited = workloadFor(input({ podAnnotations: { 'resource-slot.io/usage-cpu': '3' } }));
  t.match(unlimited.sample(10_000), { cpuUsageUsec: 30_000_000, cpuNrPeriods: 0, cpuNrThrottled: 0 });
});

t.test('memory: limit or node memory, split 90 % anon, 10 % file of which half inactive', async (t) => {
  const a = { 'resource-slot.io/usage-memory': '100Mi' };
  const s = workloadFor(input({ podAnnotations: a })).sample(1000);
  t.match(s, {
    memoryUsageBytes: 100 * Mi,
    memoryLimitBytes: NODE,
    memoryAnonBytes: 90 * Mi,
    memoryFileBytes: 10 * Mi,
    memoryInactiveFileBytes: 5 * Mi,
  });
  t.equal(
    workloadFor(input({ podAnnotations: a, memoryLimitBytes: 512 * Mi })).sample(0).memoryLimitBytes,
    512 * Mi,
  );
  const over = workloadFor(
    input({ podAnnotations: { 'resource-slot.io/usage-memory': '1Gi' }, memoryLimitBytes: 256 * Mi }),
  );
  t.equal(over.sample(0).memoryUsageBytes, 256 * Mi, 'held at the limit (no OOM kill yet)');
  for (const bytes of [1, 3, 7, 1001]) {
    const x = workloadFor(
      input({ podAnnotations: { 'resource-slot.io/usage-memory': String(bytes) } }),
    ).sample(0);
    t.equal(x.memoryAnonBytes + x.memoryFileBytes, x.memoryUsageBytes, `${bytes}: parts add up`);
    t.ok(x.memoryUsageBytes - x.memoryInactiveFileBytes >= 0, `${bytes}: working set not negative`);
  }
  const linear = workloadFor(
    input({ podAnnotations: { 'resource-slot.io/usage-memory': 'linear(from=64Mi, perSecond=1Mi)' } }),
  );
  t.equal(linear.sample(30_000).memoryUsageBytes, 94 * Mi, 'a memory leak of 1Mi/s');
});

t.test('pids: the init process plus execs; the limit or 0', async (t) => {
  t.match(workloadFor(input()).sample(0), { pidsCurrent: 1, pidsLimit: 0 });
  t.match(workloadFor(input({ pidsLimit: 100 })).sample(0, 3), { pidsCurrent: 4, pidsLimit: 100 });
  t.match(workloadFor(input({ pidsLimit: -1 })).sample(0), { pidsLimit: 0 });
});

t.test('random walks differ between containers and reproduce for one', async (t) => {
  const a = {
    'resource-slot.io/usage-cpu': 'randomwalk(start=1, step=500m, every=1s, min=0, max=2, seed=7)',
  };
  const run = (seed: string) => workloadFor(input({ podAnnotations: a, seed })).sample(60_000).cpuUsageUsec;
  t.equal(run('c1'), run('c1'));
  t.not(run('c1'), run('c2'));
});

t.test('a pod sums its containers; the node memory is not counted twice', async (t) => {
  const limited = workloadFor(
    input({ memoryLimitBytes: 256 * Mi, pidsLimit: 10, cpuRequestCores: 1 }),
  ).sample(10_000);
  const unlimited = workloadFor(input({ cpuLimitCores: 1 })).sample(10_000, 2);
  const pod = sumSamples([limited, unlimited], NODE);
  t.equal(pod.cpuUsageUsec, limited.cpuUsageUsec + unlimited.cpuUsageUsec);
  t.equal(pod.memoryUsageBytes, limited.memoryUsageBytes + unlimited.memoryUsageBytes);
  t.equal(pod.pidsCurrent, 4);
  t.equal(pod.memoryLimitBytes, NODE, 'capped at the node');
  t.equal(pod.pidsLimit, 0, 'one container without a pids limit: none');
  const both = sumSamples([limited, limited], NODE);
  t.equal(both.memoryLimitBytes, 512 * Mi);
  t.equal(both.pidsLimit, 20);
  t.equal(sumSamples([], NODE).memoryLimitBytes, 0);
  t.equal(
    sumSamples([unlimited, unlimited]).memoryLimitBytes,
    2 * NODE,
    'without the node memory: a plain sum',
  );
});

t.test('a sample is cheap', async (t) => {
  const w = workloadFor(
    input({
      podAnnotations: {
        'resource-slot.io/usage-cpu': 'sine(min=100m, max=2, period=60s)',
        'resource-slot.io/usage-memory': 'randomwalk(start=200Mi, step=10Mi, every=1s, min=50Mi, max=1Gi)',
      },
      cpuLimitCores: 1,
    }),
  );
  const start = performance.now();
  for (let i = 0; i < 100_000; i++) w.sample(i * 1000);
  const perCall = ((performance.now() - start) / 100_000) * 1000;
  t.ok(perCall < 20, `${perCall.toFixed(2)} µs per sample`);
});
