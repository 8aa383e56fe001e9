// Allocatable as kubelet computes it: capacity − (reserved + hard eviction threshold), never below 0, then each
// hugepages capacity taken from memory. Every expected value below is worked out by hand in its comment.
import t from 'tap';
import { allocatableOf } from '../../src/node/allocatable.js';
import { millisOf, unitsOf } from '../../src/node/amounts.js';
import { parseEvictionHard, type Threshold } from '../../src/node/eviction.js';
import { parseResourceList, type ResourceList } from '../../src/node/resource-list.js';

const any = { flag: '--test', accepts: () => true, refusal: () => '' };

function list(text: string): ResourceList {
  const parsed = parseResourceList(text, any);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

function thresholds(text: string): Threshold[] {
  const parsed = parseEvictionHard(text);
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

/** Allocatable in kubelet's units: millicores for cpu, whole units for the rest. */
function allocatable(capacity: string, reserved: string, eviction: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, nanos] of allocatableOf(list(capacity), list(reserved), thresholds(eviction)))
    out[name] = name === 'cpu' ? millisOf(nanos) : unitsOf(nanos);
  return out;
}

const Ki = 1024;
const Mi = 1024 * Ki;
const Gi = 1024 * Mi;

t.test('capacity − reserved − eviction threshold, per resource', async (t) => {
  const rows: Array<
    [what: string, capacity: string, reserved: string, eviction: string, want: Record<string, number>]
  > = [
    [
      // cpu 4000m − 250m = 3750m; memory 8Gi − 512Mi − 100Mi = 8192Mi − 612Mi = 7580Mi = 7948206080;
      // pods untouched; no nodefs threshold, so storage is 100Gi − 1Gi = 99Gi.
      'quantities',
      'cpu=4,memory=8Gi,pods=110,ephemeral-storage=100Gi',
      'cpu=250m,memory=512Mi,ephemeral-storage=1Gi',
      'memory.available<100Mi',
      { cpu: 3750, memory: 7580 * Mi, pods: 110, 'ephemeral-storage': 99 * Gi },
    ],
    [
      // 10% is float32(10)/100 = 0.100000001490116119384765625 = 0.1 + 1.6·2^-30. Of 100Gi = 100·2^30 bytes
      // that is 10737418240 + 100·1.6 = 10737418400 bytes (not a tenth, 10737418240): allocatable is
      // 107374182400 − 10737418400 = 96636764000.
      'a percentage threshold is a float32 share of capacity',
      'cpu=2,memory=4Gi,pods=110,ephemeral-storage=100Gi',
      '',
      'nodefs.available<10%',
      { cpu: 2000, memory: 4 * Gi, pods: 110, 'ephemeral-storage': 96636764000 },
    ],
    [
      // 5% is float32(0.05) = 13421773·2^-28; of 4Gi = 2^32 bytes that is 16·13421773 = 214748368 (a twentieth
      // would be 214748364.8). Memory: 4294967296 − 214748368 = 4080218928.
      'memory.available as a percentage',
      'cpu=1,memory=4Gi',
      '',
      'memory.available<5%',
      { cpu: 1000, memory: 4080218928 },
    ],
    [
      // 7.5% is float32(0.075) = 0.07500000298023223876953125; of 10^9 bytes 75000002.98…, truncated to
      // 75000002: 10^9 − 75000002 = 924999998.
      'a percentage share is truncated toward zero',
      'memory=1G',
      '',
      'memory.available<7.5%',
      { memory: 924999998 },
    ],
    [
      // Reserved above capacity: 1 − 2 cores is below 0, so 0; memory 1Gi − 2Gi also 0.
      'never below 0',
      'cpu=1,memory=1Gi,pods=10',
      'cpu=2,memory=2Gi',
      '',
      { cpu: 0, memory: 0, pods: 10 },
    ],
    [
      // memory 16Gi − 1Gi reserved − 100Mi = 15260Mi; then hugepages-2Mi (1Gi) and hugepages-1Gi (2Gi) come off
      // it: 15260Mi − 1024Mi − 2048Mi = 12188Mi. The hugepages themselves stay as their capacity.
      'hugepages come off allocatable memory',
      'cpu=8,memory=16Gi,hugepages-2Mi=1Gi,hugepages-1Gi=2Gi',
      'memory=1Gi',
      'memory.available<100Mi',
      { cpu: 8000, memory: 12188 * Mi, 'hugepages-2Mi': Gi, 'hugepages-1Gi': 2 * Gi },
    ],
    [
      // 3Gi of hugepages out of 2Gi − 100Mi of memory: 1948Mi − 3072Mi is below 0, so 0.
      'hugepages beyond memory leave 0',
      'memory=2Gi,hugepages-1Gi=3Gi',
      '',
      'memory.available<100Mi',
      { memory: 0, 'hugepages-1Gi': 3 * Gi },
    ],
    [
      // kubelet's default: memory 100Mi, nodefs 10%, nodefs.inodesFree and imagefs.available reserve nothing.
      // Storage 50Gi: float32(0.1)·50·2^30 = 5368709120 + 50·1.6 = 5368709200; 53687091200 − 5368709200 =
      // 48318382000. Memory 2Gi − 100Mi = 1948Mi.
      "kubelet's default thresholds",
      'cpu=2,memory=2Gi,pods=110,ephemeral-storage=50Gi',
      '',
      'memory.available<100Mi,nodefs.available<10%,nodefs.inodesFree<5%,imagefs.available<15%',
      { cpu: 2000, memory: 1948 * Mi, pods: 110, 'ephemeral-storage': 48318382000 },
    ],
    [
      // 0% and 100% are ignored, as kubelet's parseThresholdStatement does: nothing is kept back.
      'thresholds of 0% and 100% are dropped',
      'memory=1Gi,ephemeral-storage=1Gi',
      '',
      'memory.available<0%,nodefs.available<100%',
      { memory: Gi, 'ephemeral-storage': Gi },
    ],
    [
      // Fractions of a millicore are kept exactly and rounded up only when read: 1 − 0.0005 = 0.9995 → 1000m.
      'cpu is exact until read in millicores',
      'cpu=1',
      'cpu=500u',
      '',
      { cpu: 1000 },
    ],
  ];
  for (const [what, capacity, reserved, eviction, want] of rows)
    t.strictSame(allocatable(capacity, reserved, eviction), want, what);
});

t.test('a later statement of the same signal replaces the earlier one', async (t) => {
  t.strictSame(allocatable('memory=1Gi', '', 'memory.available<100Mi,memory.available<200Mi'), {
    memory: Gi - 200 * Mi,
  });
});
