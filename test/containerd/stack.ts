/**
 * A real containerd and a ResourceSlot daemon wired together on temp paths, with crictl and ctr pointed at them.
 * Both services can be killed and started again; t.teardown stops them (and the task relay) by PID and removes the
 * temp dir, also when the test failed. On failure the ends of both logs are printed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ImageContent } from '../../src/cluster/oci-image.js';
import { stopTaskRelay } from '../helpers/daemon.js';
import { containerdConfig, type ContainerdPaths } from './containerd-config.js';
import { ociLayoutTar } from '../../src/cluster/oci-image.js';
import { pollUntil, run, startService, tail, type CommandResult, type Service } from './processes.js';
import type { Tools } from './tools.js';

const DAEMON_BIN = new URL('../../src/cli/bin/resource-slot-sandboxer.js', import.meta.url).pathname;
const SHIM_BIN = new URL('../../src/cli/bin/containerd-shim-resource-slot-v1.js', import.meta.url).pathname;
const SHIM_NAME = 'containerd-shim-resource-slot-v1';

export const IMAGE = 'docker.io/library/resource-slot-test:1';

/** containerd and the daemon start in well under a second; this only bounds a broken start. */
const START_TIMEOUT_MS = 60_000;

export interface Stack {
  tmp: string;
  /** containerd's gRPC socket. */
  containerdAddress: string;
  /** The pids of containerd and of the daemon while they run (the task relay's is in `dir`, docs/containerd.md §5). */
  pids(): { containerd?: number; daemon?: number };
  /** The daemon's `--dir`. */
  dir: string;
  /** The daemon's Controller socket (`--listen`), for calls that do not go through containerd. */
  sandboxerSocket: string;
  tools: Tools;
  /** crictl's config file, for running crictl under another program. */
  crictlConfig: string;
  crictl(...args: string[]): Promise<CommandResult>;
  /** Runs crictl with `input` as its stdin (then EOF), bounded by `timeoutMs`. */
  crictlWithInput(input: string, timeoutMs: number, ...args: string[]): Promise<CommandResult>;
  /** Runs crictl and fails the test's assertion message with its stderr unless it exits 0; returns stdout. */
  crictlOk(...args: string[]): Promise<string>;
  crictlJson<T>(...args: string[]): Promise<T>;
  ctr(...args: string[]): Promise<CommandResult>;
  /** Writes `value` as JSON under the temp dir and returns the path (for crictl's config-file arguments). */
  writeJson(name: string, value: unknown): string;
  startContainerd(): Promise<void>;
  /** SIGKILL by default: a crash, which is what restart safety is about. */
  stopContainerd(signal?: NodeJS.Signals): Promise<void>;
  startDaemon(): Promise<void>;
  stopDaemon(signal?: NodeJS.Signals): Promise<void>;
  containerdLog(): string;
  daemonLog(): string;
}

/** What the stack needs of its caller: a tap Test, or the benchmark's stand-in for one. */
export interface StackHost {
  teardown(fn: () => unknown): void;
  passing(): boolean;
  comment(...message: unknown[]): void;
}

export interface StackOptions {
  /** Start the daemon with `--containerd-address` (this containerd) and these reconcile settings. */
  reconcile?: { intervalSeconds: number; unstartedGraceSeconds: number };
  /** More daemon flags (after the others). */
  daemonArgs?: string[];
  /** containerd's and the daemon's log level: debug (the default, for tests' failure output) or info (benchmarks). */
  logLevel?: 'debug' | 'info';
  /** What the local image holds and runs (default: nothing to run, which is all ResourceSlot needs). */
  image?: ImageContent;
  /** More containerd configuration, appended to the suite's (e.g. another runtime's settings). */
  containerdConfigExtra?: string;
  /** More programs on containerd's PATH, by name: e.g. another runtime's shim. */
  binaries?: Record<string, string>;
  /** containerd's `restrict_oom_score_adj` (src/cluster/containerd-config.ts). */
  restrictOomScoreAdj?: boolean;
}

export async function startStack(t: StackHost, tools: Tools, options: StackOptions = {}): Promise<Stack> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-ctrd-'));
  const dir = path.join(tmp, 'slots');
  const bin = path.join(tmp, 'bin');
  const paths: ContainerdPaths = {
    root: path.join(tmp, 'containerd', 'root'),
    state: path.join(tmp, 'containerd', 'state'),
    address: path.join(tmp, 'containerd.sock'),
    sandboxer: path.join(tmp, 'sandboxer.sock'),
    cniConf: path.join(tmp, 'cni', 'conf'),
    cniBin: path.join(tmp, 'cni', 'bin'),
    opt: path.join(tmp, 'opt'),
  };
  for (const made of [bin, paths.cniConf, paths.cniBin, paths.opt]) fs.mkdirSync(made, { recursive: true });
  fs.symlinkSync(SHIM_BIN, path.join(bin, SHIM_NAME));
  for (const [name, target] of Object.entries(options.binaries ?? {}))
    fs.symlinkSync(target, path.join(bin, name));
  const logLevel = options.logLevel ?? 'debug';
  const configFile = path.join(tmp, 'containerd.toml');
  fs.writeFileSync(
    configFile,
    containerdConfig(paths, { logLevel, restrictOomScoreAdj: options.restrictOomScoreAdj === true }) +
      (options.containerdConfigExtra ?? ''),
  );
  const crictlConfig = path.join(tmp, 'crictl.yaml');
  fs.writeFileSync(
    crictlConfig,
    [
      `runtime-endpoint: unix://${paths.address}`,
      `image-endpoint: unix://${paths.address}`,
      'timeout: 20',
      'pull-image-on-create: false',
      '',
    ].join('\n'),
  );
  const containerdLogFile = path.join(tmp, 'containerd.log');
  const daemonLogFile = path.join(tmp, 'daemon.log');
  // The shim is a node script: node must be on containerd's PATH next to the shim link.
  const containerdEnv = {
    ...process.env,
    PATH: [bin, path.dirname(process.execPath), process.env.PATH ?? '/usr/bin:/bin'].join(':'),
  };

  let containerd: Service | undefined;
  let daemon: Service | undefined;

  const crictl = (...args: string[]) =>
    run(tools.crictl, ['--config', crictlConfig, ...args], { timeoutMs: 40_000 });
  const ctr = (...args: string[]) =>
    run(tools.ctr, ['--address', paths.address, '--namespace', 'k8s.io', ...args], { timeoutMs: 40_000 });
  const crictlOk = async (...args: string[]) => {
    const result = await crictl(...args);
    if (result.code !== 0)
      throw new Error(`crictl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
    return result.stdout;
  };

  const serviceGone = (service: Service | undefined, log: string) =>
    service && !service.isRunning() ? `${service.name} exited:\n${tail(log)}` : undefined;

  const startDaemon = async () => {
    if (daemon?.isRunning()) throw new Error('the daemon is already running');
    const from = fs.existsSync(daemonLogFile) ? fs.statSync(daemonLogFile).size : 0;
    daemon = startService({
      name: 'resource-slot-sandboxer',
      command: process.execPath,
      args: [
        DAEMON_BIN,
        ...['--listen', paths.sandboxer, '--dir', dir, '--task-listen', path.join(tmp, 'task.sock')],
        ...['--log-level', logLevel],
        ...(options.reconcile
          ? [
              ...['--containerd-address', paths.address],
              ...['--reconcile-interval', String(options.reconcile.intervalSeconds)],
              ...['--unstarted-grace', String(options.reconcile.unstartedGraceSeconds)],
            ]
          : []),
        ...(options.daemonArgs ?? []),
      ],
      logFile: daemonLogFile,
    });
    const started = daemon;
    await pollUntil(
      () => {
        const gone = serviceGone(started, daemonLogFile);
        if (gone) throw new Error(gone);
        const log = fs.readFileSync(daemonLogFile, 'utf8').slice(from);
        return log.includes('resource-slot-sandboxer serving') ? true : undefined;
      },
      () => `the daemon did not start:\n${tail(daemonLogFile)}`,
      START_TIMEOUT_MS,
    );
  };

  const startContainerd = async () => {
    if (containerd?.isRunning()) throw new Error('containerd is already running');
    containerd = startService({
      name: 'containerd',
      command: tools.containerd,
      args: ['--config', configFile],
      logFile: containerdLogFile,
      env: containerdEnv,
      cwd: tmp,
    });
    const started = containerd;
    // `crictl pods` answers only once the CRI plugin has initialized, which includes its restart recovery.
    await pollUntil(
      async () => {
        const gone = serviceGone(started, containerdLogFile);
        if (gone) throw new Error(gone);
        return (await crictl('pods', '-q')).code === 0 ? true : undefined;
      },
      () => `containerd's CRI plugin did not come up:\n${tail(containerdLogFile)}`,
      START_TIMEOUT_MS,
      200,
    );
  };

  t.teardown(async () => {
    const failed = !t.passing();
    await containerd?.stop('SIGTERM', 5_000);
    await daemon?.stop('SIGTERM', 5_000);
    stopTaskRelay(dir);
    if (failed) {
      t.comment(`containerd log (end):\n${tail(containerdLogFile, 80)}`);
      t.comment(`daemon log (end):\n${tail(daemonLogFile, 40)}`);
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  await startDaemon();
  await startContainerd();
  const imageTar = path.join(tmp, 'image.tar');
  fs.writeFileSync(imageTar, ociLayoutTar(IMAGE, options.image));
  const imported = await ctr('images', 'import', '--snapshotter', 'native', imageTar);
  if (imported.code !== 0) throw new Error(`ctr images import failed: ${imported.stderr}`);

  return {
    tmp,
    containerdAddress: paths.address,
    pids: () => ({
      ...(containerd?.isRunning() ? { containerd: containerd.pid } : {}),
      ...(daemon?.isRunning() ? { daemon: daemon.pid } : {}),
    }),
    dir,
    sandboxerSocket: paths.sandboxer,
    tools,
    crictlConfig,
    crictl,
    crictlWithInput: (input, timeoutMs, ...args) =>
      run(tools.crictl, ['--config', crictlConfig, ...args], { timeoutMs, input }),
    crictlOk,
    crictlJson: async <T>(...args: string[]) => JSON.parse(await crictlOk(...args)) as T,
    ctr,
    writeJson: (name, value) => {
      const file = path.join(tmp, name);
      fs.writeFileSync(file, JSON.stringify(value, null, 2));
      return file;
    },
    startContainerd,
    stopContainerd: async (signal = 'SIGKILL') => {
      await containerd?.stop(signal, 10_000);
    },
    startDaemon,
    stopDaemon: async (signal = 'SIGTERM') => {
      await daemon?.stop(signal, 15_000);
    },
    containerdLog: () => (fs.existsSync(containerdLogFile) ? fs.readFileSync(containerdLogFile, 'utf8') : ''),
    daemonLog: () => (fs.existsSync(daemonLogFile) ? fs.readFileSync(daemonLogFile, 'utf8') : ''),
  };
}
