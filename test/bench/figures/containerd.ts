/**
 * Figure 9, pods through containerd (issue 21 item 1): N pods of two containers each, created through the real
 * containerd 2.2.9 with crictl, `concurrency` pods in flight, against (a) ResourceSlot and (b) the same containerd with
 * its in-tree pod sandbox controller and runc. A fresh node (containerd, and for (a) the daemon and its relay) for each
 * run. Reported: time until every container is started, pods/s, crictl's latency per CRI call, and what every process
 * of the node cost (CPU seconds over the wave, resident memory once all run), per pod.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { RUNTIME_HANDLER } from '../../containerd/containerd-config.js';
import { startStack, type Stack, type StackHost, type StackOptions } from '../../containerd/stack.js';
import { checkTools, type Tools } from '../../containerd/tools.js';
import { costs, nodeProcesses, type RoleCost } from '../containerd/node-processes.js';
import { runWave, type WaveResult } from '../containerd/pod-wave.js';
import { prepareRunc, runcConfig, RUNC_SHIM } from '../containerd/runc-runtime.js';
import { sampleAll, withDescendants } from '../containerd/proc.js';
import type { BenchContext } from '../runs.js';
import { round, summarize } from '../stats.js';

export type Backend = 'resource-slot' | 'runc';

export interface ContainerdRow extends WaveResult {
  backend: Backend;
  podsPerSecond: number;
  /** Each role's CPU over the wave and memory once every container runs; `idle` is its memory before the wave. */
  roles: (RoleCost & { idleRssBytes: number })[];
  /** The daemon and relay's CPU over the wave / the whole node's (containerd, shims, containers, ours). */
  resourceSlotCpuShare: number | null;
}

export interface ContainerdFigure {
  concurrency: number;
  /** crictl's own start and round trip (`crictl version`), p50 in ms: part of every latency below. */
  crictlBaselineMs: number;
  rows: ContainerdRow[];
  /** Runs that could not be measured, with the error (e.g. runc cannot run containers here). */
  failures: { backend: Backend; pods: number; error: string }[];
}

/** tap's teardown, for a stack the benchmark starts: undone in reverse, in `close`. */
function benchHost(): StackHost & { close(): Promise<void> } {
  const undo: (() => unknown)[] = [];
  return {
    teardown: (fn) => undo.push(fn),
    passing: () => true,
    comment: () => undefined,
    close: async () => {
      for (const fn of undo.reverse()) await fn();
    },
  };
}

export async function containerdFigure(ctx: BenchContext): Promise<ContainerdFigure> {
  const { config, say } = ctx;
  const check = checkTools();
  if (!check.ok) throw new Error(`the containerd figure needs containerd and crictl: ${check.reason}`);
  const runc = prepareRunc();
  const figure: ContainerdFigure = {
    concurrency: config.containerdConcurrency,
    crictlBaselineMs: 0,
    rows: [],
    failures: [],
  };
  for (const pods of config.containerdPods) {
    for (const backend of ['resource-slot', 'runc'] as const) {
      if (backend === 'runc' && !runc.ok) {
        figure.failures.push({ backend, pods, error: runc.reason });
        continue;
      }
      const options: StackOptions =
        backend === 'runc' && runc.ok
          ? {
              logLevel: 'info',
              image: runc.setup.image,
              binaries: { [RUNC_SHIM]: runc.setup.shim },
              // runc may not lower a process's oom_score_adj in this VM (no CAP_SYS_RESOURCE): "failed to update
              // /proc/self/oom_score_adj: Permission denied" for the pause container's -998.
              restrictOomScoreAdj: true,
              daemonArgs: ['--admission', 'off'],
            }
          : { logLevel: 'info', daemonArgs: ['--admission', 'off'] };
      say(`containerd figure: ${pods} pods on ${backend}, ${config.containerdConcurrency} in flight`);
      try {
        const row = await measure(
          check.tools,
          backend,
          pods,
          options,
          runc.ok ? runc.setup.runc : '',
          figure,
        );
        figure.rows.push(row);
        say(`  all running in ${round(row.seconds, 2)} s (${row.podsPerSecond} pods/s)`);
      } catch (error) {
        figure.failures.push({ backend, pods, error: (error as Error).message });
        say(`  failed: ${(error as Error).message}`);
      }
    }
  }
  return figure;
}

async function measure(
  tools: Tools,
  backend: Backend,
  pods: number,
  options: StackOptions,
  runcBinary: string,
  figure: ContainerdFigure,
): Promise<ContainerdRow> {
  const host = benchHost();
  let stack: Stack | undefined;
  try {
    // runc keeps its state where it is told: a temp dir of its own, removed after the stack.
    const runcRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-bench-runc-'));
    host.teardown(() => fs.rmSync(runcRoot, { recursive: true, force: true }));
    stack = await startStack(host, tools, {
      ...options,
      ...(backend === 'runc' ? { containerdConfigExtra: runcConfig(runcBinary, runcRoot) } : {}),
    });
    if (figure.crictlBaselineMs === 0) figure.crictlBaselineMs = await crictlBaseline(stack);
    const before = nodeProcesses(stack);
    const wave = await runWave(stack, pods, figure.concurrency, backend === 'runc' ? '' : RUNTIME_HANDLER);
    const after = nodeProcesses(stack);
    const idle = new Map(costs(new Map(), before).map((cost) => [cost.role, cost.rssBytes]));
    const roles = costs(before, after).map((cost) => ({ ...cost, idleRssBytes: idle.get(cost.role) ?? 0 }));
    const ours = roles
      .filter((cost) => cost.role === 'resource-slot daemon' || cost.role === 'task relay')
      .reduce((sum, cost) => sum + cost.cpuSeconds, 0);
    const node = roles.reduce((sum, cost) => sum + cost.cpuSeconds, 0);
    return {
      backend,
      ...wave,
      podsPerSecond: round(pods / wave.seconds, 1),
      roles,
      resourceSlotCpuShare: backend === 'resource-slot' && node > 0 ? round(ours / node, 3) : null,
    };
  } finally {
    if (stack) await removeAll(stack);
    await host.close();
  }
}

/** `crictl version` five times: what crictl's own start and one round trip add to every call timed. */
async function crictlBaseline(stack: Stack): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const started = performance.now();
    await stack.crictlOk('version');
    times.push((performance.now() - started) * 1000);
  }
  return round(summarize(times).p50Us / 1000, 1);
}

/**
 * Every pod stopped and removed, so runc's shims exit (a thousand take longer than one crictl call may, so it is
 * asked until none is left); any shim left is killed by its pid, and any mount containerd left under the stack's
 * temp dir (a pod's /dev/shm) is detached, so the temp dir can be removed.
 */
async function removeAll(stack: Stack): Promise<void> {
  for (let attempt = 0; attempt < 10; attempt++) {
    await stack.crictl('rmp', '--force', '--all');
    const left = await stack.crictl('pods', '-q');
    if (left.code !== 0 || left.stdout.trim() === '') break;
  }
  const all = sampleAll();
  const shims = all
    .filter(
      (sample) =>
        sample.argv[0]?.endsWith(RUNC_SHIM) === true && sample.argv.includes(stack.containerdAddress),
    )
    .map((shim) => shim.pid);
  for (const leftover of withDescendants(all, shims).reverse()) {
    try {
      process.kill(leftover.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  const mountsBelow = (): string[] =>
    fs
      .readFileSync('/proc/self/mountinfo', 'utf8')
      .split('\n')
      .map((line) => line.split(' ')[4] ?? '')
      .filter((point) => point.startsWith(`${stack.tmp}/`))
      .sort((a, b) => b.length - a.length);
  // A lazy unmount of a parent also detaches what is below it, and containerd may still be removing its own: a point
  // that is no longer mounted after a failed umount is done, not a failure.
  for (const point of mountsBelow()) {
    try {
      execFileSync('umount', ['-l', point], { stdio: 'pipe' });
    } catch (error) {
      if (mountsBelow().includes(point)) throw error;
    }
  }
}
