import t from 'tap';
import { ContainerTrack, type ContainerReading } from '../../src/history/container-track.js';
import { SampleTimes } from '../../src/history/sample-times.js';
import { BYTES_PER_SAMPLE, UsageRing } from '../../src/history/usage-ring.js';

t.test('a ring holds at most its length, oldest first, and wraps over its oldest slot', async (t) => {
  const ring = new UsageRing(4);
  t.equal(ring.byteLength, 4 * BYTES_PER_SAMPLE, 'its typed arrays are allocated whole, once');
  t.equal(ring.retained, 0);
  t.strictSame(ring.read(0), { firstTick: 0, cpuMillicores: [], memoryBytes: [] }, 'empty before a sample');
  for (let tick = 5; tick < 8; tick++) ring.record(tick, tick * 10, tick * 1024);
  t.equal(ring.retained, 3, 'fewer samples than its length: all of them');
  t.strictSame(ring.read(0), { firstTick: 5, cpuMillicores: [50, 60, 70], memoryBytes: [5120, 6144, 7168] });
  for (let tick = 8; tick < 15; tick++) ring.record(tick, tick * 10, tick * 1024);
  t.equal(ring.retained, 4, 'ten samples in a ring of four: four');
  t.equal(ring.oldestTick, 11);
  t.strictSame(ring.read(0), {
    firstTick: 11,
    cpuMillicores: [110, 120, 130, 140],
    memoryBytes: [11264, 12288, 13312, 14336],
  });
  t.equal(ring.byteLength, 4 * BYTES_PER_SAMPLE, 'and it did not grow');
  t.strictSame(ring.read(13).cpuMillicores, [130, 140], 'from a later tick');
  t.strictSame(ring.read(12, 13).cpuMillicores, [120, 130], 'up to an earlier one');
});

t.test('memory stays exact in bytes; the CPU rate is kept to float precision', async (t) => {
  const ring = new UsageRing(2);
  const bytes = 2 ** 40 + 3;
  ring.record(0, 249.99, bytes);
  const { cpuMillicores, memoryBytes } = ring.read(0);
  t.equal(memoryBytes[0], bytes);
  t.equal(cpuMillicores[0], Math.fround(249.99));
});

t.test('pass times: a reader sees ended passes; a begun pass has taken the oldest slot', async (t) => {
  const times = new SampleTimes(3);
  t.equal(times.newestTick, -1, 'nothing before the first pass');
  t.equal(times.firstTickAfter(0), 0);
  for (const at of [1000, 2000, 3000]) times.end(times.begin(at));
  t.strictSame([times.oldestTick, times.newestTick], [0, 2]);
  t.equal(times.firstTickAfter(1500), 1, 'since: the first pass after the time');
  t.equal(times.firstTickAfter(1000), 1, 'a pass at the time itself is not after it');
  t.equal(times.firstTickAfter(3000), 3, 'none after: one past the newest');
  const tick = times.begin(4000);
  t.strictSame(
    [times.oldestTick, times.newestTick],
    [1, 2],
    'under way: tick 0 is gone, tick 3 not yet shown',
  );
  times.end(tick);
  t.strictSame([times.oldestTick, times.newestTick, times.timeOf(3)], [1, 3, 4000]);
});

t.test("a container's CPU rate is the counter's growth between passes, in millicores", async (t) => {
  const reading = (at: number, cpuUsageUsec: number, startedAt: number | null = 1000): ContainerReading => ({
    containerId: 'c',
    at,
    cpuUsageUsec,
    startedAt,
    live: true,
    memoryWorkingSetBytes: 0,
  });
  const track = new ContainerTrack('sb', 4);
  // 250m is 250 µs of CPU per ms.
  t.equal(track.rateOf(reading(5000, 1_000_000)), 250, 'first reading: since its start');
  t.equal(track.rateOf(reading(15_000, 3_500_000)), 250, 'then since the previous reading');
  t.equal(track.rateOf(reading(25_000, 3_500_000)), 0, 'no growth: 0');
  const created = new ContainerTrack('sb', 4);
  t.equal(created.rateOf(reading(5000, 0, null)), 0, 'not started: 0');
  t.equal(
    created.rateOf(reading(15_000, 500_000, 10_000)),
    50,
    'started since: the growth over the whole interval',
  );
});
