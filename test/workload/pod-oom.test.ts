import t from 'tap';
import {
  parseProfile,
  podOomVictim,
  POD_OOM_HORIZON_MS,
  POD_OOM_STEP_MS,
  scanPodOom,
  type PodMember,
} from '../../src/workload/index.js';
import { compile } from '../../src/workload/compile.js';

const Mi = 1024 * 1024;

/** A member whose demand is the profile expression `memory`, started at `startedAt` (ms). */
function member(id: string, memory: string, over: Partial<PodMember> = {}): PodMember {
  const curve = compile(parseProfile(memory, 'memory'), Infinity, 1);
  return {
    containerId: id,
    startedAt: 0,
    endsAt: null,
    memoryLimitBytes: null,
    oomScoreAdj: 0,
    demandAt: (elapsedMs) => curve.at(elapsedMs / 1000),
    ...over,
  };
}

const killAt = (scan: ReturnType<typeof scanPodOom>): number | null =>
  scan.kind === 'kill' ? scan.at : null;

t.test('two constants above the limit together: the bigger is killed at once', async (t) => {
  const scan = scanPodOom([member('small', '40Mi'), member('big', '60Mi')], 64 * Mi, 5_000);
  t.same(scan, { kind: 'kill', at: 5_000, containerId: 'big' }, 'at the scan start, the bigger one');
});

t.test('linear + constant: at the known crossing, to the millisecond', async (t) => {
  // 20Mi + 10Mi + 40Mi/s·t > 64Mi from t = 0.85 s after the linear one started (at 500 ms).
  const members = [
    member('flat', '20Mi'),
    member('leak', 'linear(from=10Mi, perSecond=40Mi)', { startedAt: 500 }),
  ];
  const scan = scanPodOom(members, 64 * Mi, 500);
  const at = killAt(scan);
  t.ok(at !== null && Math.abs(at - 1_350) <= 1, `killed at 1350 ms, got ${at}`);
  t.equal(scan.kind === 'kill' && scan.containerId, 'leak', 'the leak is the bigger one by then');
  t.ok(
    at !== null && members.reduce((sum, m) => sum + m.demandAt(at - m.startedAt), 0) > 64 * Mi,
    'over then',
  );
});

t.test('a sine spike that is over the limit for 270 ms only: found at its rise', async (t) => {
  // 10Mi + 50Mi + 50Mi·sin(2πt/60s) > 109.995Mi while sin > 0.9999: about 135 ms either side of 15 s.
  const limit = 109.995 * Mi;
  const members = [member('base', '10Mi'), member('wave', 'sine(min=0, max=100Mi, period=60s)')];
  const rise = (Math.asin((limit - 60 * Mi) / (50 * Mi)) / (2 * Math.PI)) * 60_000;
  const at = killAt(scanPodOom(members, limit, 0));
  t.ok(at !== null && at - rise >= 0 && at - rise <= 1, `at ${rise.toFixed(2)} ms, got ${at}`);
});

t.test(
  'a spike shorter than the step, between two samples, is missed (the documented tradeoff)',
  async (t) => {
    const spike = member('spike', 'steps(0s=10Mi, 1030ms=100Mi, 1060ms=10Mi)');
    t.equal(POD_OOM_STEP_MS, 100);
    t.same(scanPodOom([spike, member('b', '10Mi')], 64 * Mi, 0), { kind: 'rescan', at: POD_OOM_HORIZON_MS });
    const longer = member('spike', 'steps(0s=10Mi, 1030ms=100Mi, 1130ms=10Mi)');
    t.same(scanPodOom([longer, member('b', '10Mi')], 64 * Mi, 0), {
      kind: 'kill',
      at: 1_030,
      containerId: 'spike',
    });
  },
);

t.test('no crossing: look again at the horizon, or never once every run has ended', async (t) => {
  const members = [member('a', '20Mi'), member('b', 'sine(min=0, max=40Mi, period=10s)')];
  t.same(scanPodOom(members, 64 * Mi, 1_000), { kind: 'rescan', at: 1_000 + POD_OOM_HORIZON_MS });
  const ending = [member('a', '20Mi', { endsAt: 60_000 }), member('b', '30Mi', { endsAt: 90_000 })];
  t.same(scanPodOom(ending, 64 * Mi, 0), { kind: 'never' }, 'both end under the limit');
  t.same(scanPodOom([], 64 * Mi, 0), { kind: 'never' }, 'nothing runs');
});

t.test(
  "runs count only while they run: a container's end lowers the sum, a later start raises it",
  async (t) => {
    const ended = [member('a', '40Mi', { endsAt: 2_000 }), member('b', '40Mi', { startedAt: 2_000 })];
    t.same(
      scanPodOom(ended, 64 * Mi, 0),
      { kind: 'rescan', at: POD_OOM_HORIZON_MS },
      'one after the other: never both, and b runs on',
    );
    const overlap = [member('a', '40Mi', { endsAt: 2_000 }), member('b', '40Mi', { startedAt: 1_500 })];
    t.same(scanPodOom(overlap, 64 * Mi, 0), { kind: 'kill', at: 1_500, containerId: 'a' }, 'both at 1.5 s');
    const gone = [member('a', '40Mi', { endsAt: 1_000 }), member('b', '40Mi')];
    t.same(
      scanPodOom(gone, 64 * Mi, 1_000),
      { kind: 'rescan', at: 1_000 + POD_OOM_HORIZON_MS },
      'ended before',
    );
  },
);

t.test("own limits that add up to no more than the pod's: nothing to scan", async (t) => {
  let reads = 0;
  const counted = (id: string, limit: number): PodMember =>
    member(id, '1Gi', { memoryLimitBytes: limit, demandAt: () => (reads++, 1024 * Mi) });
  t.same(scanPodOom([counted('a', 32 * Mi), counted('b', 32 * Mi)], 64 * Mi, 0), { kind: 'never' });
  t.equal(reads, 0, 'no demand was read');
  const over = scanPodOom([counted('a', 32 * Mi), counted('b', 48 * Mi)], 64 * Mi, 0);
  t.equal(over.kind, 'kill', 'own limits above the pod limit: scanned');
  t.ok(reads > 0);
});

t.test("the victim: the biggest demand at that time, shifted by oom_score_adj as the kernel's", async (t) => {
  const members = [
    member('early-big', 'linear(from=50Mi, perSecond=0, max=50Mi)'),
    member('grows', 'linear(from=0, perSecond=10Mi)'),
    member('small', '5Mi'),
  ];
  t.equal(podOomVictim(members, 100 * Mi, 1_000), 'early-big', 'at 1 s: 50Mi > 10Mi > 5Mi');
  t.equal(podOomVictim(members, 100 * Mi, 6_000), 'grows', 'at 6 s: 60Mi > 50Mi');
  const adjusted = [
    member('big', '60Mi', { oomScoreAdj: -997 }),
    member('small', '10Mi', { oomScoreAdj: 999 }),
  ];
  t.equal(podOomVictim(adjusted, 100 * Mi, 0), 'small', 'a guaranteed-QoS adj protects the bigger one');
  t.equal(podOomVictim([member('b', '10Mi'), member('a', '10Mi')], 64 * Mi, 0), 'a', 'a tie: the id');
  t.equal(podOomVictim([member('late', '10Mi', { startedAt: 5_000 })], 64 * Mi, 0), null, 'none runs');
});
