/**
 * Every size and switch of `npm run bench`, from BENCH_* environment variables (or `--smoke`), with the defaults of
 * issue 10. Smoke mode shrinks every size so CI can run the whole pipeline in well under a minute.
 */
import os from 'node:os';
import path from 'node:path';

export type Figure =
  | 'fixed'
  | 'lifecycle'
  | 'containers'
  | 'durability'
  | 'inspection'
  | 'scale'
  | 'waiters'
  | 'stats'
  | 'containerd'
  | 'kubelet'
  | 'profile';
export const FIGURES: readonly Figure[] = [
  'fixed',
  'lifecycle',
  'containers',
  'durability',
  'inspection',
  'scale',
  'waiters',
  'stats',
  'containerd',
  'kubelet',
  'profile',
];

export interface BenchConfig {
  smoke: boolean;
  figures: Figure[];
  /** Fixed cost per node: daemon and relay starts (and idle memory) measured, median reported. */
  fixedCostRuns: number;
  /** Seconds the daemon and its relay sit idle before their memory is read. */
  fixedCostIdleSeconds: number;
  /** Lifecycles per measured run of figures 1, 3, 7 and the inspection ratio. */
  lifecycles: number;
  /** Unmeasured lifecycles at the start of every run, so both servers are JIT-warm. */
  warmup: number;
  concurrency: number[];
  containerLifecycles: number;
  containersPerSandbox: number;
  containerConcurrency: number[];
  durabilityLifecycles: number;
  durabilityConcurrency: number[];
  /** A directory on the disk that holds `--dir` for disk runs, and one on tmpfs. */
  diskRoot: string;
  tmpfsRoot: string;
  /** Live-sandbox counts for the flat-cost probe (figure 4); memory and recovery use the listed subsets. */
  sizes: number[];
  memorySizes: number[];
  recoverySizes: number[];
  flatProbes: number;
  flatConcurrency: number;
  fillConcurrency: number;
  scaleSync: string;
  scaleFs: 'disk' | 'tmpfs';
  waiters: number;
  waitersConcurrency: number;
  /** Live containers (one per running sandbox) whose task Stats are polled, figure 8. */
  statsSizes: number[];
  /** Stats calls per measured run at least: the rounds over every container are as many as that takes. */
  statsCalls: number;
  /** Stats calls in flight while polling. */
  statsConcurrency: number;
  /** Seconds of polling the smallest size once a second, for the daemon's CPU share (0: skip). */
  statsPacedSeconds: number;
  /** Pods (of two containers each) per run of figure 9, through containerd with crictl. */
  containerdPods: number[];
  /** Pods in flight in figure 9. */
  containerdConcurrency: number;
  /** Kubelet figure: pods on one node, each size reached from the one before by scaling one Deployment. */
  kubeletPods: number[];
  /** Kubelet figure: nodes of the multi-node cluster, and the pods per node it is scaled through. */
  kubeletNodes: number;
  kubeletPodsPerNode: number[];
  /** Kuasar's steps: pods on one node at which its memory is read. */
  kubeletMemorySteps: number[];
  /** Pods started one at a time (each Running before the next) for the CDF of one pod alone. */
  kubeletSerialStarts: number;
  /** Pods created at once for the CDF of pods started in parallel (Kuasar: 30). */
  kubeletParallelStarts: number;
  /** Seconds of each idle window (CPU with the pods running), and of calm before each window and after up. */
  kubeletIdleSeconds: number;
  kubeletSettleSeconds: number;
  profileConcurrency: number;
  /** `<sync>/<fs>` setups to profile, e.g. batch/disk (the default) and none/tmpfs (our code without the disk). */
  profileSetups: { sync: string; fs: 'disk' | 'tmpfs' }[];
  /** After the scale figures, restart once more under --cpu-prof and profile the recovery of the largest size. */
  profileRecovery: boolean;
  /** Also measure memory once the daemon sat idle until V8 gave back its unused heap (20–90 s per sample). */
  idleMemory: boolean;
  logLevel: string;
  /** Extra environment for every daemon process, e.g. UV_THREADPOOL_SIZE=16 (BENCH_DAEMON_ENV="K=V K2=V2"). */
  daemonEnv: Record<string, string>;
  out: string;
  /** Rewrites the results section of docs/performance.md and the chart SVG. */
  writeDocs: boolean;
  keepWorkDir: boolean;
  /** Free text stored with the results, e.g. that other work was running on the machine. */
  note: string;
}

const here = import.meta.dirname;

export function readConfig(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchConfig {
  const smoke = argv.includes('--smoke') || env['BENCH_SMOKE'] === '1';
  const int = (name: string, full: number, small: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return smoke ? small : full;
    if (!/^[0-9]+$/.test(text)) throw new Error(`${name} must be a whole number, got '${text}'`);
    return Number(text);
  };
  const ints = (name: string, full: number[], small: number[]): number[] => {
    const text = env[name];
    if (text === undefined || text === '') return smoke ? small : full;
    const values = text.split(',').map((part) => part.trim());
    if (values.some((part) => !/^[0-9]+$/.test(part) || Number(part) < 1))
      throw new Error(`${name} must be a comma-separated list of positive whole numbers, got '${text}'`);
    return values.map(Number);
  };
  const str = (name: string, full: string, small = full): string => env[name] || (smoke ? small : full);
  const flag = (name: string, full: boolean, small: boolean): boolean => {
    const text = env[name];
    if (text === undefined || text === '') return smoke ? small : full;
    if (text !== '0' && text !== '1') throw new Error(`${name} must be 0 or 1, got '${text}'`);
    return text === '1';
  };

  const figureText = str('BENCH_FIGURES', FIGURES.join(','));
  const figures = figureText.split(',').map((part) => part.trim());
  for (const figure of figures) {
    if (!(FIGURES as readonly string[]).includes(figure))
      throw new Error(`BENCH_FIGURES: unknown figure '${figure}'; known: ${FIGURES.join(', ')}`);
  }
  const scaleFs = str('BENCH_SCALE_FS', 'tmpfs');
  if (scaleFs !== 'disk' && scaleFs !== 'tmpfs')
    throw new Error(`BENCH_SCALE_FS must be disk or tmpfs, got '${scaleFs}'`);

  const lifecycles = int('BENCH_LIFECYCLES', 20_000, 150);
  const sizes = ints('BENCH_SIZES', [1_000, 10_000, 100_000], [50, 200]);
  return {
    smoke,
    figures: figures as Figure[],
    fixedCostRuns: int('BENCH_FIXED_RUNS', 7, 3),
    fixedCostIdleSeconds: int('BENCH_FIXED_IDLE_SECONDS', 30, 2),
    lifecycles,
    warmup: int('BENCH_WARMUP', 500, 10),
    concurrency: ints('BENCH_CONCURRENCY', [1, 16, 64], [1, 16]),
    containerLifecycles: int('BENCH_CONTAINER_LIFECYCLES', 5_000, 50),
    containersPerSandbox: int('BENCH_CONTAINERS_PER_SANDBOX', 2, 2),
    containerConcurrency: ints('BENCH_CONTAINER_CONCURRENCY', [1, 16, 64], [16]),
    durabilityLifecycles: int('BENCH_DURABILITY_LIFECYCLES', lifecycles, 100),
    durabilityConcurrency: ints('BENCH_DURABILITY_CONCURRENCY', [1, 64], [16]),
    diskRoot: str('BENCH_DISK_DIR', '/var/tmp'),
    tmpfsRoot: str('BENCH_TMPFS_DIR', '/dev/shm'),
    sizes,
    memorySizes: ints('BENCH_MEMORY_SIZES', [10_000, 100_000], [200]),
    recoverySizes: ints('BENCH_RECOVERY_SIZES', [10_000, 100_000], [200]),
    flatProbes: int('BENCH_FLAT_PROBES', 2_000, 30),
    flatConcurrency: int('BENCH_FLAT_CONCURRENCY', 1, 1),
    fillConcurrency: int('BENCH_FILL_CONCURRENCY', 64, 16),
    scaleSync: str('BENCH_SCALE_SYNC', 'batch'),
    scaleFs,
    waiters: int('BENCH_WAITERS', 10_000, 100),
    waitersConcurrency: int('BENCH_WAITERS_CONCURRENCY', 64, 16),
    statsSizes: ints('BENCH_STATS_SIZES', [1_000, 10_000], [20, 50]),
    statsCalls: int('BENCH_STATS_CALLS', 30_000, 200),
    statsConcurrency: int('BENCH_STATS_CONCURRENCY', 64, 16),
    statsPacedSeconds: int('BENCH_STATS_PACED_SECONDS', 30, 2),
    containerdPods: ints('BENCH_CONTAINERD_PODS', [100, 1_000], [3]),
    containerdConcurrency: int('BENCH_CONTAINERD_CONCURRENCY', 16, 2),
    kubeletPods: ints('BENCH_KUBELET_PODS', [100, 1_000], [10]),
    kubeletNodes: int('BENCH_KUBELET_NODES', 5, 2),
    kubeletPodsPerNode: ints('BENCH_KUBELET_PODS_PER_NODE', [100, 200], [5]),
    kubeletMemorySteps: ints('BENCH_KUBELET_MEMORY_STEPS', [1, 5, 10, 20, 30, 40, 50], [1, 5]),
    kubeletSerialStarts: int('BENCH_KUBELET_SERIAL_STARTS', 10, 2),
    kubeletParallelStarts: int('BENCH_KUBELET_PARALLEL_STARTS', 30, 3),
    kubeletIdleSeconds: int('BENCH_KUBELET_IDLE_SECONDS', 20, 2),
    kubeletSettleSeconds: int('BENCH_KUBELET_SETTLE_SECONDS', 10, 2),
    profileConcurrency: int('BENCH_PROFILE_CONCURRENCY', 64, 16),
    profileSetups: str('BENCH_PROFILE_SETUPS', 'batch/disk,none/tmpfs', 'batch/disk')
      .split(',')
      .map((part) => {
        const [sync = '', fs = ''] = part.trim().split('/');
        if (!['batch', 'always', 'none'].includes(sync) || (fs !== 'disk' && fs !== 'tmpfs'))
          throw new Error(`BENCH_PROFILE_SETUPS: '${part}' is not <batch|always|none>/<disk|tmpfs>`);
        return { sync, fs };
      }),
    profileRecovery: flag('BENCH_PROFILE_RECOVERY', true, true),
    idleMemory: flag('BENCH_IDLE_MEMORY', true, false),
    logLevel: str('BENCH_LOG_LEVEL', 'info'),
    daemonEnv: parseEnvList(env['BENCH_DAEMON_ENV'] ?? ''),
    out: path.resolve(
      str('BENCH_OUT', path.join(here, 'results.json'), path.join(here, 'results-smoke.json')),
    ),
    writeDocs: flag('BENCH_WRITE_DOCS', true, false),
    keepWorkDir: flag('BENCH_KEEP', false, false),
    note: str('BENCH_NOTE', ''),
  };
}

function parseEnvList(text: string): Record<string, string> {
  const pairs: Record<string, string> = {};
  for (const part of text.split(/\s+/).filter(Boolean)) {
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(part);
    if (!match) throw new Error(`BENCH_DAEMON_ENV: '${part}' is not NAME=value`);
    pairs[match[1] ?? ''] = match[2] ?? '';
  }
  return pairs;
}

/** The machine every figure is reported with. */
export function machineInfo() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
    arch: process.arch,
  };
}
export type MachineInfo = ReturnType<typeof machineInfo>;
