import t from 'tap';
import {
  oomAfterMs,
  OOM_HORIZON_MS,
  parseProfileFile,
  type WorkloadInput,
} from '../../src/workload/index.js';

const Mi = 1024 * 1024;

const input = (memory: string, limit: number | null, over: Partial<WorkloadInput> = {}): WorkloadInput => ({
  podAnnotations: memory === '' ? {} : { 'resource-slot.io/usage-memory': memory },
  containerName: 'app',
  cpuRequestCores: null,
  cpuLimitCores: null,
  memoryRequestBytes: null,
  memoryLimitBytes: limit,
  pidsLimit: null,
  nodeMemoryBytes: 16 * 1024 * Mi,
  seed: 'container-1',
  ...over,
});

t.test('no limit, or a demand that stays under it: never killed', async (t) => {
  t.equal(oomAfterMs(input('1Gi', null)), null, 'no limit');
  t.equal(oomAfterMs(input('1Gi', 0)), null, 'a zero limit is none');
  t.equal(oomAfterMs(input('32Mi', 64 * Mi)), null, 'constant under');
  t.equal(oomAfterMs(input('64Mi', 64 * Mi)), null, 'constant at the limit is not over it');
  t.equal(oomAfterMs(input('', 64 * Mi)), null, 'the default (half the request, 1Mi without one)');
  t.equal(oomAfterMs(input('linear(from=10Mi, perSecond=1Mi, max=60Mi)', 64 * Mi)), null, 'held under');
});

t.test('constant over the limit: killed at its start', async (t) => {
  t.equal(oomAfterMs(input('128Mi', 64 * Mi)), 0);
});

t.test('linear growth: the closed form (limit − from) / perSecond, to the millisecond', async (t) => {
  const ms = oomAfterMs(input('linear(from=10Mi, perSecond=40Mi)', 64 * Mi));
  t.ok(ms !== null && Math.abs(ms - 1350) <= 1, `1350 ms, got ${ms}`);
  const slow = oomAfterMs(input('linear(from=0, perSecond=1Ki)', 1024 * Mi));
  const expected = ((1024 * Mi) / 1024) * 1000; // 1,048,576 s: past the 7-day horizon
  t.ok(expected > OOM_HORIZON_MS);
  t.equal(slow, null, 'a crossing beyond the horizon is not armed');
  const day = oomAfterMs(input('linear(from=0, perSecond=1Mi)', 86_400 * Mi));
  t.ok(day !== null && Math.abs(day - 86_400_000) <= 1, `one day, got ${day}`);
});

t.test('sine: the first time it rises through the limit', async (t) => {
  // 50Mi + 50Mi·sin(2πt/60s) > 75Mi first when sin > 1/2: t = 5 s.
  const ms = oomAfterMs(input('sine(min=0, max=100Mi, period=60s)', 75 * Mi));
  t.ok(ms !== null && Math.abs(ms - 5000) <= 1, `5000 ms, got ${ms}`);
  t.equal(oomAfterMs(input('sine(min=0, max=100Mi, period=60s)', 100 * Mi)), null, 'touching is not over');
});

t.test('steps and square: at the step that goes over', async (t) => {
  t.equal(oomAfterMs(input('steps(0s=10Mi, 5s=32Mi, 90s=100Mi)', 64 * Mi)), 90_000);
  // max for the first half of each period: over at once.
  t.equal(oomAfterMs(input('square(min=10Mi, max=100Mi, period=30s)', 64 * Mi)), 0);
  // phase 15s: min first, max from 15 s.
  const shifted = oomAfterMs(input('square(min=10Mi, max=100Mi, period=30s, phase=15s)', 64 * Mi));
  t.ok(shifted !== null && Math.abs(shifted - 15_000) <= 1, `15000 ms, got ${shifted}`);
});

t.test('a random walk: the first step above, the same on every call', async (t) => {
  const walk = 'randomwalk(start=32Mi, step=8Mi, every=1s, min=0, max=128Mi, seed=3)';
  const ms = oomAfterMs(input(walk, 48 * Mi));
  t.ok(ms !== null && ms % 1000 === 0, `on a step boundary, got ${ms}`);
  t.equal(oomAfterMs(input(walk, 48 * Mi)), ms, 'deterministic');
});

t.test('a CEL rate from the profile file: scanned per second, placed by the line within it', async (t) => {
  const rules = parseProfileFile(
    [
      'kind: ClusterResourceUsage',
      'spec:',
      '  usages:',
      '    - usage:',
      '        memory:',
      '          expression: Quantity("10Mi") + pod.SinceSecond() * Quantity("40Mi")',
    ].join('\n'),
    'usage.yaml',
  );
  const ms = oomAfterMs(input('', 64 * Mi, { rules }));
  t.ok(ms !== null && Math.abs(ms - 1350) <= 1, `1350 ms, got ${ms}`);
});
