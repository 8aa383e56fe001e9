import t from 'tap';
import type { ContainerdFigure, ContainerdRow } from './figures/containerd.js';
import { nodeChartBars, nodeChartSvg } from './node-chart.js';

const MIB = 2 ** 20;
const latency = { count: 0, p50Us: 0, p90Us: 0, p99Us: 0, p999Us: 0, maxUs: 0, meanUs: 0 };

function row(backend: ContainerdRow['backend'], pods: number, roles: ContainerdRow['roles']): ContainerdRow {
  return {
    backend,
    pods,
    seconds: pods / 10,
    podsPerSecond: 10,
    latency: { RunPodSandbox: latency, CreateContainer: latency, StartContainer: latency },
    roles,
    resourceSlotCpuShare: null,
  };
}

const figure: ContainerdFigure = {
  concurrency: 16,
  crictlBaselineMs: 10,
  failures: [],
  rows: [
    row('resource-slot', 100, [
      // 100 MiB → 200 MiB over 100 pods: 1024 KiB a pod; 3 s of CPU: 30 ms a pod.
      { role: 'containerd', processes: 1, cpuSeconds: 3, rssBytes: 200 * MIB, idleRssBytes: 100 * MIB },
      {
        role: 'resource-slot daemon',
        processes: 1,
        cpuSeconds: 1,
        rssBytes: 70 * MIB,
        idleRssBytes: 60 * MIB,
      },
      { role: 'task relay', processes: 1, cpuSeconds: 0, rssBytes: 50 * MIB, idleRssBytes: 50 * MIB },
    ]),
    row('runc', 100, [
      { role: 'containerd', processes: 1, cpuSeconds: 5, rssBytes: 150 * MIB, idleRssBytes: 50 * MIB },
      // Idle beside runc, its memory went down: a stacked bar cannot show that, so it counts 0.
      {
        role: 'resource-slot daemon',
        processes: 1,
        cpuSeconds: 0.05,
        rssBytes: 55 * MIB,
        idleRssBytes: 60 * MIB,
      },
      { role: 'runc shims', processes: 100, cpuSeconds: 20, rssBytes: 1800 * MIB, idleRssBytes: 0 },
    ]),
  ],
};

t.test('bars: pods/s, and per pod the memory (KiB) and CPU (ms) of each role that grew', async (t) => {
  const bars = nodeChartBars(figure);
  t.same(
    bars.speed.map((bar) => [bar.label, bar.segments.map((s) => s.value)]),
    [
      ['resource-slot\n100 pods', [10]],
      ['runc\n100 pods', [10]],
    ],
  );
  t.same(bars.memory[0]?.segments, [
    { label: 'containerd', value: 1024 },
    { label: 'resource-slot daemon', value: 102.4 },
  ]);
  t.same(bars.memory[1]?.segments, [
    { label: 'containerd', value: 1024 },
    { label: 'runc shims', value: 18432 },
  ]);
  t.same(bars.cpu[0]?.segments, [
    { label: 'containerd', value: 30 },
    { label: 'resource-slot daemon', value: 10 },
  ]);
  t.same(
    bars.cpu[1]?.segments.map((s) => [s.label, Math.round(s.value * 10) / 10]),
    [
      ['containerd', 50],
      ['resource-slot daemon', 0.5],
      ['runc shims', 200],
    ],
  );
});

t.test(
  'the SVG draws one rectangle per segment, labels each bar with its total, and escapes text',
  async (t) => {
    const svg = nodeChartSvg(figure, 'Figure 9 at <commit> & co');
    t.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const segments = Object.values(nodeChartBars(figure))
      .flat()
      .flatMap((bar) => bar.segments).length;
    t.equal(
      svg.match(/<rect x="[\d.]+" y="[\d.]+" width="[\d.]+" height="[\d.]+" fill="#[0-9a-f]{6}"><title>/g)
        ?.length,
      segments,
    );
    t.match(svg, />19456<\/text>/, 'runc, 100 pods: 1024 + 18432 KiB a pod');
    t.match(svg, />runc<\/text>/);
    t.match(svg, />100 pods<\/text>/);
    t.match(svg, /<title>runc, 100 pods: runc shims 18432<\/title>/);
    t.match(svg, /Figure 9 at &lt;commit&gt; &amp; co/);
    t.notMatch(svg, /NaN|undefined/);
  },
);
