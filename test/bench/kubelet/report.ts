/** The kubelet figure (figure 10) as markdown, for its own section of docs/performance.md. */
import type { ClusterPart, KubeletFigure, KuasarPart } from '../figures/kubelet.js';
import { table } from '../markdown-table.js';
import { runHeader } from '../report.js';
import type { BenchResults } from '../results.js';
import { round } from '../stats.js';
import { bytesPerPod, CDF_PERCENTILES, scopeTotal, type IdleWindow } from './costs.js';
import { fitTable, type FitTable } from './fit.js';

const KIB = 1024;
const MIB = 2 ** 20;
const GIB = 2 ** 30;

export const KUBEMARK_GUIDE =
  'https://github.com/kubernetes/community/blob/master/contributors/devel/sig-scalability/kubemark-guide.md';
export const KUASAR_BENCHMARK = 'https://github.com/kuasar-io/kuasar/blob/main/tests/benchmark/Benchmark.md';
/** kubemark-guide.md: "a limit of 0.09 CPU core/pod and 220MB of memory" per HollowNode pod. */
const KUBEMARK_CORES = 0.09;
const KUBEMARK_MB = 220;

const mib = (bytes: number) => round(bytes / MIB, 1);
const kibPerPod = (bytes: number | null) => (bytes === null ? null : round(bytes / KIB, 0));

export function kubeletReport(results: BenchResults): string[] {
  const figure = results.kubelet;
  if (!figure) return [];
  const { config } = results;
  const out = [...runHeader(results), '', `### 10. Pods through the kubelet (${figure.cores} cores)`, ''];
  out.push(
    'Every part on a fresh cluster of `resource-slot-cluster up` (etcd, kube-apiserver, kube-scheduler, ' +
      'kube-controller-manager and metrics-server; per node a kubelet 1.34, containerd 2.2.9, the ResourceSlot ' +
      'daemon and its task relay, with the daemon flags the cluster tool gives: `--admission` and the usage history ' +
      'at their defaults). Pods are `hostNetwork`, in the RuntimeClass `resource-slot`, requesting 1m CPU and 4Mi, ' +
      'created through the API: one Deployment (scaled from one size to the next) or bare Pods, spread evenly over ' +
      'the nodes. A pod’s latency is from its creation to Running and Ready, both as one watch on the apiserver saw ' +
      'them; a wave’s time is from the request until its last pod was Running and Ready. CPU is user + system time ' +
      'from /proc (reaped children included), RSS is resident memory (VmRSS). Idle windows are ' +
      `${config.kubeletIdleSeconds} s with nothing changing, after ${config.kubeletSettleSeconds} s of calm.`,
  );
  out.push(...clusterSection(`One node`, figure.oneNode));
  out.push(...clusterSection(`${figure.multiNode.nodes} nodes on one machine`, figure.multiNode));
  out.push(...fitSection(fitTable(figure.oneNode, figure.multiNode)));
  out.push(...kubemarkSection(figure));
  out.push(...kuasarSection(figure.kuasar));
  return out;
}

function clusterSection(title: string, part: ClusterPart): string[] {
  const out = [
    '',
    `#### ${title}: ${part.plannedPods.map((pods) => `${pods / part.nodes}`).join(' then ')} pods per node`,
    '',
  ];
  out.push(
    `\`up\` took ${part.upSeconds} s (maxPods ${part.maxPods}). Each wave adds pods to the ones already running.`,
    '',
  );
  if (part.waves.length > 0) {
    out.push(
      ...table(
        ['pods (per node)', 'all Running and Ready in s', 'pods/s', 'latency p50 / p99 / max ms'],
        part.waves.map((wave) => [
          `${wave.podsBefore} → ${wave.podsAfter} (${wave.podsAfter / wave.nodes})`,
          round(wave.seconds, 1),
          wave.podsPerSecond,
          `${round(wave.latencyMs.p50, 0)} / ${round(wave.latencyMs.p99, 0)} / ${round(wave.latencyMs.max, 0)}`,
        ]),
      ),
      '',
      'What each component cost over the wave' +
        (part.nodes > 1 ? ` (a node component: all ${part.nodes} nodes together)` : '') +
        ', per pod the wave added:',
      '',
      ...table(
        ['pods', 'component', 'CPU s', 'CPU ms / pod', 'RSS MiB before → after', 'RSS KiB / added pod'],
        part.waves.flatMap((wave) =>
          wave.components.map((cost) => {
            const added = wave.podsAfter - wave.podsBefore;
            return [
              `${wave.podsBefore} → ${wave.podsAfter}`,
              componentLabel(cost.component, cost.processes),
              cost.cpuSeconds,
              round((cost.cpuSeconds * 1000) / added, 2),
              `${mib(cost.rssBeforeBytes)} → ${mib(cost.rssAfterBytes)}`,
              kibPerPod(bytesPerPod(cost.rssAfterBytes, cost.rssBeforeBytes, added)),
            ];
          }),
        ),
      ),
    );
  }
  if (part.idle.length > 0) out.push('', ...idleTable(part.idle));
  if (part.failure) out.push('', `**Not measured beyond this point:** ${part.failure}`);
  return out;
}

const componentLabel = (component: string, processes: number) =>
  processes > 1 ? `${component} (×${processes})` : component;

/** One column per idle window: each component's CPU in cores over the window, and its RSS. */
export function idleTable(windows: IdleWindow[]): string[] {
  const first = windows[0];
  if (!first) return [];
  const components = first.components.map((cost) => cost.component);
  const cell = (window: IdleWindow, component: string) => {
    const cost = window.components.find((candidate) => candidate.component === component);
    return cost ? `${round(cost.cpuSeconds / window.seconds, 3)} / ${mib(cost.rssAfterBytes)}` : null;
  };
  const total = (window: IdleWindow, scope: 'node' | 'control plane') => {
    const sum = scopeTotal(window.components, scope);
    return `**${round(sum.cpuSeconds / window.seconds, 3)} / ${mib(sum.rssAfterBytes)}**`;
  };
  return [
    'Idle: CPU in cores over each window / RSS in MiB, with the pods running' +
      (first.nodes > 1 ? ` (a node component: all ${first.nodes} nodes together)` : '') +
      ':',
    '',
    ...table(
      ['component', ...windows.map((window) => `${window.pods} pods`)],
      [
        ...components.map((component) => [component, ...windows.map((window) => cell(window, component))]),
        ['control plane', ...windows.map((window) => total(window, 'control plane'))],
        [
          first.nodes > 1 ? `all ${first.nodes} nodes` : 'the node',
          ...windows.map((window) => total(window, 'node')),
        ],
      ],
    ),
  ];
}

function fitSection(fit: FitTable | { unavailable: string }): string[] {
  const out = ['', '#### How many nodes fit in 24 GiB (computed from the measurements, not run)', ''];
  if ('unavailable' in fit) return [...out, `Not computed: ${fit.unavailable}.`];
  out.push(...fitLines(fit));
  return out;
}

export function fitLines(fit: FitTable): string[] {
  const point = (at: FitTable['points'][number]) =>
    `${at.podsPerNode} pods: node ${mib(at.nodeBytes)} MiB and ${round(at.nodeCores, 3)} cores, control plane ` +
    `${mib(at.controlPlaneBytes)} MiB`;
  const out = [
    'From the one-node cluster’s idle windows (' +
      fit.points.map(point).join('; ') +
      '): a node’s memory and idle CPU at P pods, and the control plane’s memory with all the cluster’s pods, ' +
      'read off these points, linear between them and along the last segment beyond the last. RSS of every ' +
      'process, so a binary’s shared pages count once per process. Nodes = the most whose cluster (control plane ' +
      `included) stays within ${round(fit.budgetBytes / GIB, 0)} GiB, by memory alone; the CPU column is what ` +
      'those nodes would use idle by the same points.',
    '',
    ...table(
      ['pods per node', 'MiB per node', 'nodes in 24 GiB', 'pods', 'idle CPU of those nodes, cores'],
      fit.rows.map((row) => [row.podsPerNode, mib(row.bytesPerNode), row.nodes, row.pods, row.idleCores]),
    ),
  ];
  if (fit.check) {
    const { check } = fit;
    out.push(
      '',
      `Checked against a measurement: for ${check.nodes} nodes of ${check.podsPerNode} pods the model says ` +
        `${mib(check.modelBytes)} MiB; the ${check.nodes}-node cluster measured ${mib(check.measuredBytes)} MiB ` +
        `(the model ${round((check.modelBytes / check.measuredBytes - 1) * 100, 0)} % off).`,
    );
  }
  return out;
}

function kubemarkSection(figure: KubeletFigure): string[] {
  const perNode = (window: IdleWindow | undefined, label: string): (string | number)[] | undefined => {
    if (!window) return undefined;
    const node = scopeTotal(window.components, 'node');
    return [
      label,
      round(node.cpuSeconds / window.seconds / window.nodes, 3),
      round(node.rssAfterBytes / window.nodes / 1e6, 0),
    ];
  };
  const oneEmpty = figure.oneNode.idle[0];
  const rows = [
    [`kubemark hollow node (its documented limit per hollow-node pod)`, KUBEMARK_CORES, KUBEMARK_MB],
    perNode(oneEmpty, 'ResourceSlot node, no pods (measured)'),
    ...figure.oneNode.idle
      .slice(1)
      .map((window) => perNode(window, `ResourceSlot node, ${window.pods} pods (1 node, measured)`)),
    ...figure.multiNode.idle.map((window) =>
      perNode(
        window,
        `ResourceSlot node, ${window.pods / window.nodes} pods (${window.nodes} nodes, per node, measured)`,
      ),
    ),
  ].filter((row): row is (string | number)[] => row !== undefined);
  return [
    '',
    '#### Beside kubemark',
    '',
    `kubemark's hollow node (a kubelet and kube-proxy with their runtime mocked) runs "with a limit of 0.09 CPU ` +
      `core/pod and 220MB of memory" ([kubemark guide](${KUBEMARK_GUIDE})): a budget, not a measurement, and with ` +
      'no containerd. A ResourceSlot node is a real kubelet and a real containerd over ResourceSlot; its idle CPU ' +
      '(cores over an idle window) and RSS, kubelet, containerd, daemon and relay together:',
    '',
    ...table(['node', 'CPU, cores', 'memory, MB'], rows),
  ];
}

function kuasarSection(kuasar: KuasarPart): string[] {
  const out = [
    '',
    '#### In Kuasar’s benchmark style',
    '',
    `Kuasar's benchmark ([tests/benchmark/Benchmark.md](${KUASAR_BENCHMARK})) reads its sandboxer's memory at 1 to 50 ` +
      'pods and the start-up time of one pod and of 30 in parallel as a CDF, through CRI. Here through the whole ' +
      'cluster on one stock node (maxPods 110): pods created one at a time (each Running before the next), then in ' +
      'batches up to each step, then the parallel group on top. Memory per pod is (RSS now − RSS with no pods) / ' +
      'pods, for the node (kubelet, containerd, daemon, relay) and for ResourceSlot alone (daemon and relay). ' +
      'Kuasar reports its sandboxer at about 15 MB PSS at 50 pods (against about 18 MB per pod for Kata’s shims), ' +
      'and starts of 300–360 ms one by one and 930–1050 ms in parallel, through CRI alone (no apiserver, ' +
      'scheduler or kubelet in the path).',
    '',
  ];
  if (kuasar.steps.length > 0)
    out.push(
      ...table(
        ['pods', 'node RSS MiB', 'node KiB / pod', 'ResourceSlot RSS MiB', 'ResourceSlot KiB / pod'],
        [
          [0, mib(kuasar.idleNodeRssBytes), null, mib(kuasar.idleResourceSlotRssBytes), null],
          ...kuasar.steps.map((step) => [
            step.pods,
            mib(step.nodeRssBytes),
            kibPerPod(bytesPerPod(step.nodeRssBytes, kuasar.idleNodeRssBytes, step.pods)),
            mib(step.resourceSlotRssBytes),
            kibPerPod(bytesPerPod(step.resourceSlotRssBytes, kuasar.idleResourceSlotRssBytes, step.pods)),
          ]),
        ],
      ),
      '',
    );
  if (kuasar.startups.length > 0)
    out.push(
      'Start-up latency CDF, creation → Running and Ready, ms:',
      '',
      ...table(
        ['start', 'pods', ...CDF_PERCENTILES.map((at) => `p${at}`)],
        kuasar.startups.map((startup) => [
          startup.label,
          startup.pods,
          ...startup.cdfMs.map((value) => round(value, 0)),
        ]),
      ),
    );
  if (kuasar.failure) out.push('', `**Not measured beyond this point:** ${kuasar.failure}`);
  return out;
}
