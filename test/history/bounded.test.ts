// History stays bounded at 10,000 pods: whatever the number of passes, each pod and container holds at most
// --history-length samples in typed arrays allocated once, and a removed pod's rings go at the next pass.
// Counted (samples held, typed-array bytes), not timed.
import t from 'tap';
import { emptyAllocation } from '../../src/node/allocation.js';
import type { ContainerReading } from '../../src/history/container-track.js';
import { DEFAULT_HISTORY_SETTINGS } from '../../src/history/settings.js';
import { UsageHistory } from '../../src/history/usage-history.js';
import { BYTES_PER_SAMPLE } from '../../src/history/usage-ring.js';

const PODS = 10_000;
const { length, resolutionMs } = DEFAULT_HISTORY_SETTINGS;

function pass(history: UsageHistory, at: number, pods: number, first = 0): void {
  const current = history.beginPass(at);
  for (let n = first; n < pods; n++) {
    const reading: ContainerReading = {
      containerId: `c-${n}`,
      cpuUsageUsec: 250 * (at - 1000),
      at,
      startedAt: 1000,
      live: true,
      memoryWorkingSetBytes: 64 * 2 ** 20,
    };
    history.recordPod(current, `sb-${n}`, [reading]);
  }
  history.endPass(current, emptyAllocation());
}

t.test(`${PODS} pods of one container each, over more passes than the rings hold`, async (t) => {
  const history = new UsageHistory(DEFAULT_HISTORY_SETTINGS, { pods: PODS, cpu: 64_000, memory: 2 ** 40 });
  const rings = 2 * PODS;
  const ringBytes = rings * length * BYTES_PER_SAMPLE;

  for (let n = 1; n <= length / 2; n++) pass(history, n * resolutionMs, PODS);
  t.equal(history.retainedSamples, rings * (length / 2), 'half the length so far: that many samples each');
  t.equal(
    history.ringBytes,
    ringBytes,
    'the rings were allocated whole at the first pass and have not grown',
  );

  for (let n = length / 2 + 1; n <= 3 * length; n++) pass(history, n * resolutionMs, PODS);
  t.strictSame(history.entities, { pods: PODS, containers: PODS });
  t.equal(history.retainedSamples, rings * length, `three times the length: ${length} samples each, no more`);
  t.equal(history.ringBytes, ringBytes, `${ringBytes} bytes: ${length} × ${BYTES_PER_SAMPLE} per ring`);
  t.equal(history.times.newestTick - history.times.oldestTick + 1, length, 'and as many pass times');
  t.equal(history.pod('sb-0')?.read(0).cpuMillicores.length, length);

  pass(history, (3 * length + 1) * resolutionMs, PODS, PODS / 2);
  t.strictSame(history.entities, { pods: PODS / 2, containers: PODS / 2 }, 'half the pods removed');
  t.equal(history.ringBytes, ringBytes / 2, 'their rings went with them');
  t.equal(history.pod('sb-0'), undefined);
});
