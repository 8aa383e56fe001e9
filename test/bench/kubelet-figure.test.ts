/**
 * The kubelet figure's pure parts, with values worked out by hand: the cost of each component between two
 * snapshots, memory per pod, CDF percentiles, the 24-GiB fit table and the markdown it renders. The figure itself
 * starts real clusters on fixed ports, so it is run by `npm run bench` / `bench:smoke`, never by the test suite
 * (test/kubernetes/cluster.test.ts already runs a cluster there, and two would clash).
 */
import t from 'tap';
import { readConfig, machineInfo } from './config.js';
import type { ClusterPart, KubeletFigure } from './figures/kubelet.js';
import { componentOf, type Snapshot } from './kubelet/components.js';
import {
  bytesPerPod,
  cdf,
  componentCosts,
  scopeTotal,
  type ComponentCost,
  type IdleWindow,
} from './kubelet/costs.js';
import { clusterBytes, costPoints, fitRows, fitTable, interpolate } from './kubelet/fit.js';
import { describeWave } from './kubelet/pod-tracker.js';
import { kubeletReport } from './kubelet/report.js';
import type { BenchResults } from './results.js';

const MIB = 2 ** 20;
const GIB = 2 ** 30;

t.test(
  'record names map to components, a node’s processes to the same component on every node',
  async (t) => {
    t.equal(componentOf('etcd'), 'etcd');
    t.equal(componentOf('kube-apiserver'), 'kube-apiserver');
    t.equal(componentOf('node-3/kubelet'), 'kubelet');
    t.equal(componentOf('node-1/resource-slot'), 'ResourceSlot daemon');
    t.equal(componentOf('node-12/task-relay'), 'task relay');
    t.equal(componentOf('node-1/containerd'), 'containerd');
    t.equal(componentOf('something-else'), undefined);
  },
);

t.test(
  'component costs: CPU since the first snapshot, summed over nodes; RSS before and after',
  async (t) => {
    const before: Snapshot = {
      at: 0,
      processes: [
        { component: 'kubelet', node: 1, pid: 20, cpuSeconds: 4, rssBytes: 100 * MIB },
        { component: 'etcd', pid: 10, cpuSeconds: 1, rssBytes: 40 * MIB },
        { component: 'kubelet', node: 2, pid: 21, cpuSeconds: 5, rssBytes: 110 * MIB },
      ],
    };
    const after: Snapshot = {
      at: 10_000,
      processes: [
        { component: 'kubelet', node: 1, pid: 20, cpuSeconds: 4.25, rssBytes: 120 * MIB },
        { component: 'etcd', pid: 10, cpuSeconds: 1.5, rssBytes: 48 * MIB },
        { component: 'kubelet', node: 2, pid: 21, cpuSeconds: 5.5, rssBytes: 130 * MIB },
      ],
    };
    const costs = componentCosts(before, after);
    t.same(costs, [
      { component: 'etcd', processes: 1, cpuSeconds: 0.5, rssBeforeBytes: 40 * MIB, rssAfterBytes: 48 * MIB },
      {
        component: 'kubelet',
        processes: 2,
        cpuSeconds: 0.75,
        rssBeforeBytes: 210 * MIB,
        rssAfterBytes: 250 * MIB,
      },
    ]);
    t.same(scopeTotal(costs, 'node'), {
      cpuSeconds: 0.75,
      rssBeforeBytes: 210 * MIB,
      rssAfterBytes: 250 * MIB,
    });
    t.same(scopeTotal(costs, 'control plane'), {
      cpuSeconds: 0.5,
      rssBeforeBytes: 40 * MIB,
      rssAfterBytes: 48 * MIB,
    });
  },
);

t.test('memory per pod is the growth over idle divided by the pods', async (t) => {
  t.equal(bytesPerPod(300 * MIB, 100 * MIB, 50), 4 * MIB);
  t.equal(bytesPerPod(90, 100, 5), -2, 'a shrink shows as negative, not hidden');
  t.equal(bytesPerPod(100, 100, 0), null);
});

t.test('CDF: nearest-rank percentiles p0 to p100', async (t) => {
  t.same(cdf([10, 3, 7, 1, 9, 2, 8, 4, 6, 5]), [1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  t.same(cdf([650]), [650, 650, 650, 650, 650, 650, 650, 650, 650, 650, 650], 'one sample');
  t.same(cdf([100, 300, 200]), [100, 100, 100, 100, 200, 200, 200, 300, 300, 300, 300]);
});

const cost = (component: ComponentCost['component'], cpuSeconds: number, rssMiB: number): ComponentCost => ({
  component,
  processes: 1,
  cpuSeconds,
  rssBeforeBytes: rssMiB * MIB,
  rssAfterBytes: rssMiB * MIB,
});
/** A control plane of 400 MiB and a node of 200 MiB using 0.05 cores, with no pods. */
const empty: IdleWindow = {
  nodes: 1,
  pods: 0,
  seconds: 10,
  components: [cost('etcd', 0.1, 400), cost('kubelet', 0.5, 200)],
};
/** 100 pods: 1 MiB each on the control plane and on the node, 1 millicore each on the node. */
const loaded: IdleWindow = {
  nodes: 1,
  pods: 100,
  seconds: 10,
  components: [cost('etcd', 0.1, 500), cost('kubelet', 1.5, 300)],
};

t.test('interpolation: linear between points, the last segment extended beyond', async (t) => {
  const points = [
    { x: 0, y: 200 },
    { x: 100, y: 300 },
    { x: 1000, y: 500 },
  ];
  t.equal(interpolate(points, 0), 200);
  t.equal(interpolate(points, 50), 250);
  t.equal(interpolate(points, 100), 300);
  t.equal(interpolate(points, 550), 400, '300 + 450 × 200 / 900');
  t.equal(interpolate(points, 1900), 700, 'beyond: 500 + 900 × 200 / 900');
  t.equal(interpolate([{ x: 5, y: 9 }], 100), 9, 'one point: flat');
  t.throws(() => interpolate([], 1));
});

t.test('fit table, worked by hand', async (t) => {
  const points = costPoints([loaded, empty]);
  t.same(
    points.map((point) => point.podsPerNode),
    [0, 100],
    'sorted by pods',
  );
  t.same(points[1], {
    podsPerNode: 100,
    nodeBytes: 300 * MIB,
    nodeCores: 0.15,
    clusterPods: 100,
    controlPlaneBytes: 500 * MIB,
  });
  // 110 pods: a node 200 + 110 = 310 MiB, the control plane 400 + 110 per node: 400 + 420 N ≤ 24576 → N = 57;
  // 57 × (0.05 + 110 × 0.001) cores.
  // 1000 pods: 400 + N × (1200 + 1000) ≤ 24576 → N = 10; 10 × (0.05 + 1) cores.
  t.same(fitRows(points, 24 * GIB, [110, 1000]), [
    { podsPerNode: 110, bytesPerNode: 310 * MIB, nodes: 57, pods: 6270, idleCores: 9.12 },
    { podsPerNode: 1000, bytesPerNode: 1200 * MIB, nodes: 10, pods: 10_000, idleCores: 10.5 },
  ]);
  t.equal(clusterBytes(points, 5, 200), (400 + 1000 + 5 * 400) * MIB);
  t.same(fitRows(points, 300 * MIB, [110])[0]?.nodes, 0, 'a budget below the control plane fits no node');
  // Three points: the pods after the first hundred cost less than those.
  const thousand: IdleWindow = {
    nodes: 1,
    pods: 1000,
    seconds: 10,
    components: [cost('etcd', 0.1, 600), cost('kubelet', 1.5, 500)],
  };
  const curved = costPoints([empty, loaded, thousand]);
  // 5 × 200: the control plane at 1000 pods 600 MiB; a node at 200 pods 300 + 100 × 200 / 900 = 322.2 MiB.
  t.equal(Math.round(clusterBytes(curved, 5, 200) / MIB), Math.round(600 + 5 * (300 + 200 / 9)));
});

t.test('extended beyond the last point, a falling curve stops at zero', async (t) => {
  // Idle CPU falling from 0.05 to 0.01 cores over 100 pods would be below zero at 200.
  const quieter: IdleWindow = { ...loaded, components: [cost('etcd', 0.1, 500), cost('kubelet', 0.1, 300)] };
  const [row] = fitRows(costPoints([empty, quieter]), 24 * GIB, [200]);
  t.equal(row?.idleCores, 0);
});

t.test('fit table from the parts, checked against the multi-node cluster', async (t) => {
  const part = (nodes: number, idle: IdleWindow[]): ClusterPart => ({
    nodes,
    plannedPods: [],
    maxPods: 0,
    upSeconds: 0,
    idle,
    waves: [],
  });
  t.same(fitTable(part(1, [empty]), part(2, [])), {
    unavailable: 'the one-node part measured no idle window with pods running',
  });
  const twoNodes: IdleWindow = {
    nodes: 2,
    pods: 100,
    seconds: 10,
    components: [
      cost('etcd', 0.1, 460),
      { ...cost('kubelet', 1, 260), processes: 2, rssAfterBytes: 520 * MIB },
    ],
  };
  const table = fitTable(part(1, [empty, loaded]), part(2, [twoNodes]));
  if ('unavailable' in table) throw new Error(table.unavailable);
  // 2 × 50: the control plane at 100 pods 500 MiB, a node at 50 pods 250 MiB, so 1000 MiB; measured 460 + 520.
  t.same(table.check, { nodes: 2, podsPerNode: 50, modelBytes: 1000 * MIB, measuredBytes: 980 * MIB });
});

t.test(
  'the rendered section: header with the commit, every table with the hand-computed values',
  async (t) => {
    const waveCosts = [
      {
        component: 'kube-apiserver' as const,
        processes: 1,
        cpuSeconds: 2,
        rssBeforeBytes: 250 * MIB,
        rssAfterBytes: 260 * MIB,
      },
      {
        component: 'kubelet' as const,
        processes: 1,
        cpuSeconds: 5,
        rssBeforeBytes: 100 * MIB,
        rssAfterBytes: 150 * MIB,
      },
    ];
    const oneNode: ClusterPart = {
      nodes: 1,
      plannedPods: [100],
      maxPods: 110,
      upSeconds: 9.1,
      idle: [empty, loaded],
      waves: [
        {
          nodes: 1,
          podsBefore: 0,
          podsAfter: 100,
          seconds: 12.5,
          podsPerSecond: 8,
          latencyMs: { p50: 700.4, p99: 1500, max: 1600 },
          components: waveCosts,
        },
      ],
    };
    const multiNode: ClusterPart = {
      nodes: 2,
      plannedPods: [10, 20],
      maxPods: 20,
      upSeconds: 14,
      idle: [],
      waves: [],
      failure: 'only 3 of 20 pods Running and Ready',
    };
    const figure: KubeletFigure = {
      kuasar: {
        idleNodeRssBytes: 200 * MIB,
        idleResourceSlotRssBytes: 100 * MIB,
        steps: [{ pods: 50, nodeRssBytes: 250 * MIB, resourceSlotRssBytes: 105 * MIB }],
        startups: [{ label: 'one pod alone', pods: 10, cdfMs: [1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }],
      },
      oneNode,
      multiNode,
    };
    const results: BenchResults = {
      date: '2026-12-04T09:00:00.000Z',
      commit: 'abc1234',
      machine: machineInfo(),
      loadAverage: { start: [0.5, 0.4, 0.3], end: [1, 1, 1] },
      note: '',
      durationSeconds: 600,
      config: readConfig([], {}),
      kubelet: { cores: 2, ...figure },
      targets: [],
    };
    const report = kubeletReport(results).join('\n');
    t.match(report, /^Measured 2026-12-04T09:00:00.000Z at commit abc1234 on /, 'names the commit');
    t.match(report, /### 10\. Pods through the kubelet \(2 cores\)/);
    t.match(report, '| 0 → 100 (100) | 12.5 | 8 | 700 / 1500 / 1600 |', 'the wave');
    // 2 s over 100 pods = 20 ms; 50 MiB over 100 pods = 512 KiB.
    t.match(report, '| 0 → 100 | kubelet | 5 | 50 | 100 → 150 | 512 |', 'a component over the wave');
    t.match(report, '| 0 → 100 | kube-apiserver | 2 | 20 | 250 → 260 | 102 |');
    // Idle: kubelet 0.5 s / 10 s = 0.05 cores with no pods, 0.15 with 100.
    t.match(report, '| kubelet | 0.05 / 200 | 0.15 / 300 |', 'the idle table');
    t.match(report, '| the node | **0.05 / 200** | **0.15 / 300** |');
    t.match(report, '| 110 | 310 | 57 | 6270 | 9.12 |', 'the fit table');
    t.match(report, '100 pods: node 300 MiB and 0.15 cores, control plane 500 MiB', 'the points it is from');
    t.match(
      report,
      /\| kubemark hollow node \(its documented limit per hollow-node pod\) \| 0\.09 \| 220 \|/,
    );
    // 200 MiB = 209.7 MB with 0.05 cores; at 100 pods 300 MiB = 314.6 MB with 0.15 cores.
    t.match(report, '| ResourceSlot node, no pods (measured) | 0.05 | 210 |', 'our node beside kubemark');
    t.match(report, '| ResourceSlot node, 100 pods (1 node, measured) | 0.15 | 315 |');
    t.match(report, 'kubemark-guide.md', 'the kubemark source is cited');
    t.match(report, 'tests/benchmark/Benchmark.md', 'the Kuasar source is cited');
    // (250 − 200) MiB / 50 pods = 1024 KiB; (105 − 100) MiB / 50 = 102.4 KiB.
    t.match(report, '| 50 | 250 | 1024 | 105 | 102 |', 'Kuasar memory step');
    t.match(report, '| one pod alone | 10 | 1 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10 |', 'the CDF');
    t.match(
      report,
      '**Not measured beyond this point:** only 3 of 20 pods Running and Ready',
      'a failure is said',
    );
    t.match(report, '#### One node: 100 pods per node');
    t.match(
      report,
      '#### 2 nodes on one machine: 5 then 10 pods per node',
      'the planned sizes, also when not reached',
    );
  },
);

t.test('a wave that did not finish says where its pods are', async (t) => {
  t.equal(
    describeWave([
      ['a', { seenAt: 0, phase: 'Running', node: 'n1', runningAt: 5 }],
      ['b', { seenAt: 0, phase: 'Pending', node: 'n1' }],
      ['c', { seenAt: 0, phase: 'Pending' }],
    ]),
    '1 Running, 2 Pending, 1 not scheduled',
  );
});

t.test('no kubelet figure, no section', async (t) => {
  const results = { kubelet: undefined } as unknown as BenchResults;
  t.same(kubeletReport(results), []);
});
