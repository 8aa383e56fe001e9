/**
 * The kubelet figure (issue 21 item 2): pods through a whole Kubernetes cluster whose nodes are ResourceSlot
 * (resource-slot-cluster: etcd, kube-apiserver, kube-scheduler, kube-controller-manager, metrics-server, and per
 * node a kubelet, containerd, the ResourceSlot daemon and its task relay), each part on a fresh cluster:
 *
 * - Kuasar's benchmark style, one node: memory per pod at its steps, and the start-up latency CDF of one pod alone
 *   (pods started one at a time) and of pods created in parallel;
 * - one node through a Deployment of 100, then scaled to 1,000;
 * - several nodes through the same Deployment spread evenly, N per node;
 *
 * each wave with its time until all are Running and Ready, per-pod latency (creation → Running and Ready as a watch
 * saw them), and every component's CPU and RSS, with idle windows (CPU with the pods running) between them. From
 * the one-node part's idle windows, the report computes how many nodes fit in 24 GiB (kubelet/fit.ts).
 */
import { clusterToolsProblem } from '../../kubernetes/cluster-tools.js';
import { withCluster, type BenchCluster } from '../kubelet/cluster.js';
import { snapshot } from '../kubelet/components.js';
import {
  cdf,
  componentCosts,
  resourceSlotRss,
  scopeTotal,
  type ComponentCost,
  type IdleWindow,
} from '../kubelet/costs.js';
import { createPod, deployPods } from '../kubelet/workload.js';
import type { BenchContext } from '../runs.js';
import { percentile, round } from '../stats.js';

/** kubelet's default maxPods: the Kuasar part runs a stock node. */
const KUASAR_MAX_PODS = 110;

export interface Wave {
  nodes: number;
  /** Pods in the cluster before and after the wave. */
  podsBefore: number;
  podsAfter: number;
  /** From the API request until the last pod was Running and Ready. */
  seconds: number;
  podsPerSecond: number;
  /** Per pod, from its creation to Running and Ready, as the watch saw both. */
  latencyMs: { p50: number; p99: number; max: number };
  components: ComponentCost[];
}

export interface ClusterPart {
  nodes: number;
  /** The pods in the cluster after each wave, as planned (the waves below are those measured). */
  plannedPods: number[];
  maxPods: number;
  upSeconds: number;
  /** With no pods first, then after each wave. */
  idle: IdleWindow[];
  waves: Wave[];
  /** Why the part stopped before its last wave (what it measured before stays). */
  failure?: string;
}

export interface KuasarStep {
  pods: number;
  /** kubelet, containerd, daemon and relay together. */
  nodeRssBytes: number;
  resourceSlotRssBytes: number;
}

export interface StartupCdf {
  label: string;
  pods: number;
  /** At CDF_PERCENTILES, creation → Running and Ready. */
  cdfMs: number[];
}

export interface KuasarPart {
  idleNodeRssBytes: number;
  idleResourceSlotRssBytes: number;
  steps: KuasarStep[];
  startups: StartupCdf[];
  failure?: string;
}

export interface KubeletFigure {
  kuasar: KuasarPart;
  oneNode: ClusterPart;
  multiNode: ClusterPart;
}

export async function kubeletFigure(ctx: BenchContext): Promise<KubeletFigure> {
  const problem = clusterToolsProblem();
  if (problem) throw new Error(`the kubelet figure needs a cluster: ${problem}`);
  const { config, say } = ctx;
  const kuasar = await kuasarPart(ctx);
  const onePods = config.kubeletPods;
  say(`kubelet figure: one node, ${onePods.join(' then ')} pods`);
  const oneNode = await clusterPart(ctx, 1, onePods);
  const perNode = config.kubeletPodsPerNode;
  const nodes = config.kubeletNodes;
  say(`kubelet figure: ${nodes} nodes, ${perNode.map((pods) => `${nodes} × ${pods}`).join(' then ')} pods`);
  const multiNode = await clusterPart(
    ctx,
    nodes,
    perNode.map((pods) => pods * nodes),
  );
  return { kuasar, oneNode, multiNode };
}

const sleep = (seconds: number) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/** A wave may take a while on 2 cores (1,000 pods: minutes), but one where no pod comes up for long is stuck. */
const waitOptions = (pods: number) => ({ timeoutSeconds: 120 + pods * 0.5, stallSeconds: 120 });

async function idleWindow(ctx: BenchContext, cluster: BenchCluster, pods: number): Promise<IdleWindow> {
  await sleep(ctx.config.kubeletSettleSeconds);
  const before = snapshot(cluster.state);
  await sleep(ctx.config.kubeletIdleSeconds);
  const after = snapshot(cluster.state);
  return {
    nodes: cluster.state.nodes,
    pods,
    seconds: round((after.at - before.at) / 1000, 2),
    components: componentCosts(before, after),
  };
}

async function clusterPart(ctx: BenchContext, nodes: number, totals: number[]): Promise<ClusterPart> {
  const maxPods = Math.ceil(Math.max(...totals) / nodes) + 10;
  const part: ClusterPart = { nodes, plannedPods: totals, maxPods, upSeconds: 0, idle: [], waves: [] };
  try {
    await withCluster(nodes, maxPods, async (cluster) => {
      part.upSeconds = round(cluster.upSeconds, 1);
      ctx.say(`  up in ${part.upSeconds} s; idle window with no pods`);
      part.idle.push(await idleWindow(ctx, cluster, 0));
      let current = 0;
      for (const total of totals) {
        const wave = await deploymentWave(cluster, current, total);
        part.waves.push(wave);
        const rewatches = cluster.pods.rewatches();
        ctx.say(
          `  ${total} pods Running in ${round(wave.seconds, 1)} s (${wave.podsPerSecond} pods/s)` +
            (rewatches > 0
              ? `; the apiserver closed the pod watch ${rewatches} times so far (listed again)`
              : ''),
        );
        current = total;
        part.idle.push(await idleWindow(ctx, cluster, total));
      }
    });
  } catch (error) {
    part.failure = (error as Error).message;
    ctx.say(`  failed: ${part.failure}`);
  }
  return part;
}

async function deploymentWave(cluster: BenchCluster, current: number, total: number): Promise<Wave> {
  const before = snapshot(cluster.state);
  const since = performance.now();
  await deployPods(cluster.api, total, current > 0);
  await cluster.pods.waitRunning(since, total - current, waitOptions(total - current));
  const after = snapshot(cluster.state);
  const started = cluster.pods.seenSince(since);
  const runningAt = started.map(([, times]) => times.runningAt ?? since);
  const seconds = (Math.max(...runningAt) - since) / 1000;
  const latencies = Float64Array.from(
    started.map(([, times]) => (times.runningAt ?? 0) - times.seenAt),
  ).sort();
  return {
    nodes: cluster.state.nodes,
    podsBefore: current,
    podsAfter: total,
    seconds: round(seconds, 2),
    podsPerSecond: round((total - current) / seconds, 1),
    latencyMs: {
      p50: percentile(latencies, 0.5),
      p99: percentile(latencies, 0.99),
      max: percentile(latencies, 1),
    },
    components: componentCosts(before, after),
  };
}

/** Pods created together (each its own request, all in flight at once); their latencies in ms. */
async function startPods(cluster: BenchCluster, names: string[]): Promise<number[]> {
  const since = performance.now();
  await Promise.all(names.map((name) => createPod(cluster.api, name)));
  await cluster.pods.waitRunning(since, names.length, waitOptions(names.length));
  const wanted = new Set(names);
  return cluster.pods
    .seenSince(since)
    .filter(([name]) => wanted.has(name))
    .map(([, times]) => round((times.runningAt ?? 0) - times.seenAt, 1));
}

async function kuasarPart(ctx: BenchContext): Promise<KuasarPart> {
  const { config, say } = ctx;
  const steps = [...config.kubeletMemorySteps].sort((a, b) => a - b);
  const part: KuasarPart = { idleNodeRssBytes: 0, idleResourceSlotRssBytes: 0, steps: [], startups: [] };
  say(
    `kubelet figure: Kuasar's steps on one node (${steps.join(', ')} pods), ` +
      `${config.kubeletSerialStarts} pods one at a time, ${config.kubeletParallelStarts} at once`,
  );
  try {
    await withCluster(1, KUASAR_MAX_PODS, async (cluster) => {
      const memory = () => {
        const now = snapshot(cluster.state);
        const costs = componentCosts(now, now);
        return { node: scopeTotal(costs, 'node').rssAfterBytes, resourceSlot: resourceSlotRss(costs) };
      };
      await sleep(config.kubeletSettleSeconds);
      const idle = memory();
      part.idleNodeRssBytes = idle.node;
      part.idleResourceSlotRssBytes = idle.resourceSlot;
      let running = 0;
      const readStep = async () => {
        if (!steps.includes(running)) return;
        // A moment for what the last start left behind (garbage, buffers) to settle, as Kuasar reads after starting.
        await sleep(Math.min(3, config.kubeletSettleSeconds));
        const now = memory();
        part.steps.push({ pods: running, nodeRssBytes: now.node, resourceSlotRssBytes: now.resourceSlot });
      };
      const serial: number[] = [];
      for (let index = 0; index < config.kubeletSerialStarts; index++) {
        serial.push(...(await startPods(cluster, [`serial-${index}`])));
        running++;
        await readStep();
      }
      part.startups.push({ label: 'one pod alone', pods: serial.length, cdfMs: cdf(serial) });
      for (const step of steps.filter((pods) => pods > running)) {
        const names = Array.from({ length: step - running }, (_, index) => `step-${running + index}`);
        await startPods(cluster, names);
        running = step;
        await readStep();
      }
      const parallelNames = Array.from(
        { length: config.kubeletParallelStarts },
        (_, index) => `parallel-${index}`,
      );
      const parallel = await startPods(cluster, parallelNames);
      part.startups.push({
        label: `${parallelNames.length} in parallel`,
        pods: parallel.length,
        cdfMs: cdf(parallel),
      });
    });
  } catch (error) {
    part.failure = (error as Error).message;
    say(`  failed: ${part.failure}`);
  }
  return part;
}
