// Averages over a span are the model's own integrals: they agree with the CPU counter task Stats reports.
import t from 'tap';
import { workloadFor, type WorkloadInput } from '../../src/workload/index.js';
import { averageUsage } from '../../src/workload/window-usage.js';

const input = (annotations: Record<string, string>, limits: Partial<WorkloadInput> = {}): WorkloadInput => ({
  podAnnotations: annotations,
  containerName: 'app',
  cpuRequestCores: null,
  cpuLimitCores: null,
  memoryRequestBytes: null,
  memoryLimitBytes: null,
  pidsLimit: null,
  nodeMemoryBytes: 2 ** 33,
  seed: 'c1',
  ...limits,
});

t.test('linear cpu and memory: closed forms', async (t) => {
  // cpu 100m + 1m/s: over [600 s, 1800 s] the average is the value at the middle, 1200 s: 1.3 cores.
  // memory 64Mi + 1Ki/s, capped by a 65Mi limit from 1024 s: ∫ over [0, 2048] = 64Mi·2048 + 1Ki·1024²/2 + 1Mi·1024.
  const usage = averageUsage(
    input(
      {
        'resource-slot.io/usage-cpu': 'linear(from=100m, perSecond=1m)',
        'resource-slot.io/usage-memory': 'linear(from=64Mi, perSecond=1Ki)',
      },
      { memoryLimitBytes: 65 * 2 ** 20 },
    ),
    0,
    2_048_000,
  );
  t.equal(
    averageUsage(
      input({ 'resource-slot.io/usage-cpu': 'linear(from=100m, perSecond=1m)' }),
      600_000,
      1_800_000,
    ).cpuCores,
    1.3,
  );
  const memoryIntegral = 64 * 2 ** 20 * 2048 + (1024 * 1024 ** 2) / 2 + 2 ** 20 * 1024;
  t.equal(usage.memoryWorkingSetBytes, (memoryIntegral / 2048) * 0.95);
});

t.test('cpu held at the limit agrees with the counter Stats reports', async (t) => {
  const annotations = { 'resource-slot.io/usage-cpu': 'sine(min=100m, max=900m, period=60s)' };
  const limited = input(annotations, { cpuLimitCores: 0.5 });
  const workload = workloadFor(limited);
  const from = workload.sample(90_000).cpuUsageUsec;
  const to = workload.sample(450_000).cpuUsageUsec;
  const average = averageUsage(limited, 90_000, 450_000).cpuCores;
  t.ok(
    Math.abs(average - (to - from) / 1e6 / 360) < 1e-8,
    `${average} vs the counter's ${(to - from) / 360e6}`,
  );
  t.ok(average < 0.5, 'held below the limit');
});

t.test('an empty span uses nothing', async (t) => {
  t.same(averageUsage(input({}), 5000, 5000), { cpuCores: 0, memoryWorkingSetBytes: 0 });
});
