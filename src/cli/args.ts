/**
 * Command line of `resource-slot-sandboxer`, Kuasar-compatible flags. Pure: no I/O, no process.exit; the caller
 * prints `help`/`version`, and on `error` writes the one-line message to stderr and exits with
 * `exitCodeForUsageError`.
 */
import { resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { LOG_FORMATS, LOG_LEVELS, type LogFormat, type LogLevel } from '../log/logger.js';
import { DEFAULT_LOG_FORMAT, DEFAULT_LOG_LEVEL, LOG_FLAG_SPEC, logFlags } from '../process/log-flags.js';
import { DEFAULT_LISTEN, describeParseError, exitCodeForUsageError, PROGRAM_NAME } from '../process/argv.js';
import { quote } from '../process/quote.js';
import { nodeFlags, type NodeOptions } from './node-flags.js';
import { historyFlags } from './history-flags.js';
import {
  DEFAULT_HISTORY_LENGTH,
  DEFAULT_HISTORY_RESOLUTION_MS,
  type HistorySettings,
} from '../history/settings.js';
import { DEFAULT_EVICTION_HARD } from '../node/eviction.js';
import { DEFAULT_PODS } from '../node/host-capacity.js';
import { RELAY_UPSTREAM_SOCKET, relayUpstreamSocket } from '../relay/files.js';
import { listenOption } from '../debug/listen-address.js';
import { isSyncMode, SYNC_MODES, type SyncMode } from '../store/sync-mode.js';
import { DEFAULT_CALL_LOG_SIZE } from '../calls/call-log.js';
import {
  DEFAULT_CONTAINERD_NAMESPACE,
  DEFAULT_RECONCILE_INTERVAL_SECONDS,
  DEFAULT_SANDBOXER_NAME,
} from '../orphans/defaults.js';

export { DEFAULT_LISTEN, exitCodeForUsageError, PROGRAM_NAME };
export const DEFAULT_DIR = '/var/lib/kuasar-resource-slot';
export const DEFAULT_TASK_SOCKET_NAME = 'task.sock';
export const DEFAULT_SYNC: SyncMode = 'batch';
export const DEFAULT_MAX_SANDBOXES = 100_000;
/** Long enough for any Create→Start gap containerd has (a pause-image pull on 2.3+), short enough to notice. */
export const DEFAULT_UNSTARTED_GRACE_SECONDS = 300;
export const DEFAULT_TASK_RELAY_GRACE_SECONDS = 300;
export { DEFAULT_RECONCILE_INTERVAL_SECONDS, DEFAULT_SANDBOXER_NAME } from '../orphans/defaults.js';
export { DEFAULT_CALL_LOG_SIZE };
/** The call log's ring is allocated whole at start: a typo must not reserve gigabytes. */
export const MAX_CALL_LOG_SIZE = 1_000_000;

/** Longest unix socket path Linux accepts (sun_path is 108 bytes including the terminating NUL). */
export const MAX_SOCKET_PATH_BYTES = 107;

export interface DaemonOptions {
  /** Absolute path of the Controller gRPC socket. */
  listen: string;
  /** Absolute path of the state directory (`<dir>/<sandbox-id>/…`). */
  dir: string;
  /** Absolute path of the task API socket; defaults to `<dir>/task.sock`. */
  taskListen: string;
  /** Serve --task-listen from a relay process that outlives daemon restarts (src/relay/); null: the daemon serves it. */
  taskRelay: { graceSeconds: number } | null;
  logLevel: LogLevel;
  logFormat: LogFormat;
  /** How writes become durable; see docs/architecture.md. */
  sync: SyncMode;
  /** Create beyond this many live sandboxes answers RESOURCE_EXHAUSTED. */
  maxSandboxes: number;
  /** A sandbox created but not started this long is removed; 0 keeps such sandboxes. */
  unstartedGraceSeconds: number;
  /** Group (name or numeric id) that owns the sockets; null keeps the daemon's group. */
  socketGroup: string | null;
  /** `host:port` of the HTTP debug server (--debug-listen); absent when off. */
  debugListen?: string;
  /** `host:port` of the Prometheus /metrics server (--metrics-listen, docs/metrics.md); absent when off. */
  metricsListen?: string;
  /** The node name the metrics' node label carries (--node-name); null: the host name, as the kubelet's default. */
  nodeName: string | null;
  /** Reconciliation against containerd's sandbox store (--containerd-address); null when off. */
  reconcile: ReconcileOptions | null;
  /** Absolute path of the usage profile file (--workload, docs/workload.md); null when none. */
  workload: string | null;
  /** Absolute path of the fault plan file (--faults, docs/faults.md); null when none. */
  faults: string | null;
  /** How many of the last answered calls the daemon keeps for ListCalls, WatchCalls and the debug page. */
  callLogSize: number;
  /** The simulated node: capacity, reservations, eviction thresholds, admission and policy (docs/node.md). */
  node: NodeOptions;
  /** The usage history's resolution and length (docs/history.md); length 0 keeps none. */
  history: HistorySettings;
}

export interface ReconcileOptions {
  /** Absolute path of containerd's gRPC socket. */
  containerdAddress: string;
  intervalSeconds: number;
  /** Only sandboxes created with this `sandboxer` are compared with containerd's records. */
  sandboxerName: string;
  /** The containerd namespace of OOM events for a sandbox whose Create carried none (--containerd-namespace). */
  containerdNamespace: string;
}

export type ParsedArgs =
  | { kind: 'run'; options: DaemonOptions }
  | { kind: 'help'; text: string }
  | { kind: 'version' }
  | { kind: 'error'; message: string };

const optionSpec = {
  listen: { type: 'string' },
  dir: { type: 'string' },
  'task-listen': { type: 'string' },
  'task-relay': { type: 'string' },
  'task-relay-grace': { type: 'string' },
  ...LOG_FLAG_SPEC,
  sync: { type: 'string' },
  'max-sandboxes': { type: 'string' },
  'unstarted-grace': { type: 'string' },
  'socket-group': { type: 'string' },
  'debug-listen': { type: 'string' },
  'debug-listen-any': { type: 'boolean' },
  'metrics-listen': { type: 'string' },
  'metrics-listen-any': { type: 'boolean' },
  'node-name': { type: 'string' },
  'containerd-address': { type: 'string' },
  'reconcile-interval': { type: 'string' },
  'sandboxer-name': { type: 'string' },
  'containerd-namespace': { type: 'string' },
  workload: { type: 'string' },
  faults: { type: 'string' },
  'call-log-size': { type: 'string' },
  capacity: { type: 'string' },
  reserved: { type: 'string' },
  'eviction-hard': { type: 'string' },
  admission: { type: 'string' },
  policy: { type: 'string' },
  'history-resolution': { type: 'string' },
  'history-length': { type: 'string' },
  version: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

type OptionName = keyof typeof optionSpec;

export function helpText(): string {
  return [
    `Usage: ${PROGRAM_NAME} [options]`,
    '',
    'A fake containerd sandboxer: serves containerd.services.sandbox.v1.Controller over gRPC on a unix socket,',
    'keeps every sandbox as an XState actor, records its resources as JSON and allocates nothing.',
    '',
    'Options:',
    `  --listen <socket>       Controller gRPC socket (default: ${DEFAULT_LISTEN})`,
    `  --dir <dir>             state directory, one <dir>/<sandbox-id>/ per sandbox (default: ${DEFAULT_DIR})`,
    `  --task-listen <socket>  task API socket (default: <dir>/${DEFAULT_TASK_SOCKET_NAME})`,
    '  --task-relay on|off     serve the task socket from a relay process that survives daemon restarts (default: on)',
    `  --task-relay-grace <s>  how long the relay waits for a stopped daemon to come back (default: ${DEFAULT_TASK_RELAY_GRACE_SECONDS})`,
    `  --log-level <level>     ${LOG_LEVELS.join('|')} (default: ${DEFAULT_LOG_LEVEL})`,
    `  --log-format <format>   ${LOG_FORMATS.join('|')} (default: ${DEFAULT_LOG_FORMAT}; pretty is human-readable)`,
    `  --sync <mode>           ${SYNC_MODES.join('|')} (default: ${DEFAULT_SYNC}); how writes are made durable`,
    `  --max-sandboxes <n>     refuse Create beyond n live sandboxes (default: ${DEFAULT_MAX_SANDBOXES})`,
    `  --unstarted-grace <s>   remove a sandbox created but not started within s seconds; 0: never (default: ${DEFAULT_UNSTARTED_GRACE_SECONDS})`,
    "  --socket-group <group>  group that owns the sockets (mode 0660); default: the daemon's group",
    '  --debug-listen <host:port>  serve the live debug page and API over HTTP (off by default; loopback only)',
    '  --debug-listen-any      allow --debug-listen on a non-loopback address (the debug server has no authentication)',
    '  --metrics-listen <host:port>  serve Prometheus metrics on http://<host:port>/metrics (off by default; loopback only)',
    '  --metrics-listen-any    allow --metrics-listen on a non-loopback address (the metrics server has no authentication)',
    "  --node-name <name>      the node name in the metrics' node label (default: the host name, lowercased, as the kubelet's)",
    "  --containerd-address <socket>  containerd's gRPC socket: remove sandboxes containerd has no record of (off by default)",
    `  --reconcile-interval <s>  how often to compare with containerd (default: ${DEFAULT_RECONCILE_INTERVAL_SECONDS})`,
    `  --sandboxer-name <name> the proxy plugin name containerd knows this daemon by (default: ${DEFAULT_SANDBOXER_NAME})`,
    `  --containerd-namespace <ns>  the containerd namespace OOM kills are reported in when the sandbox's Create carried none (default: ${DEFAULT_CONTAINERD_NAMESPACE})`,
    '  --workload <file>       usage profile file (YAML, KWOK ResourceUsage/ClusterResourceUsage); re-read on SIGHUP and on change',
    '  --faults <file>         fault plan (YAML, docs/faults.md): failpoints, latency and outages by method and pod; re-read on SIGHUP',
    `  --call-log-size <n>     keep the last n answered calls for resource-slot-ctl calls and the debug page (default: ${DEFAULT_CALL_LOG_SIZE})`,
    `  --capacity <list>       the node's capacity, e.g. cpu=4,memory=8Gi,pods=110,ephemeral-storage=100Gi,hugepages-2Mi=1Gi (default: the host's cpus and memory, ${DEFAULT_PODS} pods, the size of --dir's file system)`,
    '  --reserved <list>       kube-reserved and system-reserved together, e.g. cpu=500m,memory=1Gi (default: none)',
    `  --eviction-hard <list>  kubelet's hard eviction thresholds; memory.available and nodefs.available are kept out of allocatable (default: ${DEFAULT_EVICTION_HARD})`,
    '  --admission <mode>      off|warn|enforce: refuse (enforce) or only log (warn) creates that would not fit allocatable or break --policy (default: warn)',
    '  --policy <file>         LimitRange, ResourceQuota and Findings objects (YAML) that admission applies per namespace (docs/node.md)',
    `  --history-resolution <s>  sample every pod's and container's usage every s seconds for the usage history (default: ${DEFAULT_HISTORY_RESOLUTION_MS / 1000})`,
    `  --history-length <n>    keep the last n samples of each pod and container, 12 bytes each; 0: no history (default: ${DEFAULT_HISTORY_LENGTH})`,
    '  --version               print name, version, git commit, build date and node version, then exit',
    '  -h, --help              print this help, then exit',
    '',
    'Commands:',
    `  ${PROGRAM_NAME} diagram [--machine sandbox|container|exec|all] [--format mermaid|dot|svg|json]`,
    `  ${PROGRAM_NAME} watch --debug-url http://127.0.0.1:<port>`,
    '  (each takes --help)',
    '',
    'Relative paths are resolved against the current directory.',
    `Exit status: 0 on success and after SIGTERM/SIGINT, ${exitCodeForUsageError} on a usage error.`,
    '',
  ].join('\n');
}

/**
 * Parses the daemon's arguments (`process.argv.slice(2)`). `cwd` resolves relative paths (default: the process's).
 * `--help` wins over `--version`, which wins over running; a usage error wins over both.
 */
export function parseDaemonArgs(argv: string[], cwd: string = process.cwd()): ParsedArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: optionSpec,
      strict: true,
      allowPositionals: true,
      tokens: true,
    });
  } catch (err) {
    return usageError(describeParseError(err));
  }
  const { values, positionals, tokens } = parsed;

  if (positionals.length > 0) {
    return usageError(`unexpected argument ${quote(positionals[0] ?? '')} (this command takes no arguments)`);
  }

  const seen = new Set<string>();
  for (const token of tokens) {
    // Repeating a flag with a value is ambiguous (which socket?); repeating -h/--version is harmless.
    if (token.kind !== 'option' || token.value === undefined) continue;
    if (seen.has(token.name)) return usageError(`--${token.name} given more than once`);
    seen.add(token.name);
  }

  if (values.help === true) return { kind: 'help', text: helpText() };
  if (values.version === true) return { kind: 'version' };

  const stringFlags = [
    'listen',
    'dir',
    'task-listen',
    'task-relay',
    'task-relay-grace',
    'log-level',
    'log-format',
    'sync',
    'max-sandboxes',
    'unstarted-grace',
    'socket-group',
    'debug-listen',
    'metrics-listen',
    'node-name',
    'containerd-address',
    'reconcile-interval',
    'sandboxer-name',
    'containerd-namespace',
    'workload',
    'faults',
    'call-log-size',
    'capacity',
    'reserved',
    'eviction-hard',
    'admission',
    'policy',
    'history-resolution',
    'history-length',
  ] as const satisfies OptionName[];
  for (const flag of stringFlags) {
    const value = values[flag];
    if (value !== undefined && value.trim() === '') return usageError(`--${flag} must not be empty`);
  }

  const log = logFlags(values);
  if ('error' in log) return usageError(log.error);
  const { logLevel, logFormat } = log;

  const sync = values.sync ?? DEFAULT_SYNC;
  if (!isSyncMode(sync))
    return usageError(`--sync must be one of ${SYNC_MODES.join('|')}, got ${quote(sync)}`);
  const maxSandboxesText = values['max-sandboxes'] ?? String(DEFAULT_MAX_SANDBOXES);
  const maxSandboxes = Number(maxSandboxesText);
  if (!/^[0-9]+$/.test(maxSandboxesText) || !Number.isSafeInteger(maxSandboxes) || maxSandboxes < 1) {
    return usageError(`--max-sandboxes must be a whole number of at least 1, got ${quote(maxSandboxesText)}`);
  }
  const unstartedText = values['unstarted-grace'] ?? String(DEFAULT_UNSTARTED_GRACE_SECONDS);
  const unstartedGraceSeconds = Number(unstartedText);
  if (!/^[0-9]+$/.test(unstartedText) || !Number.isSafeInteger(unstartedGraceSeconds)) {
    return usageError(
      `--unstarted-grace must be a whole number of seconds (0 turns it off), got ${quote(unstartedText)}`,
    );
  }
  const callLogText = values['call-log-size'] ?? String(DEFAULT_CALL_LOG_SIZE);
  const callLogSize = Number(callLogText);
  if (!/^[0-9]+$/.test(callLogText) || callLogSize < 1 || callLogSize > MAX_CALL_LOG_SIZE) {
    return usageError(
      `--call-log-size must be a whole number from 1 to ${MAX_CALL_LOG_SIZE}, got ${quote(callLogText)}`,
    );
  }
  const socketGroup = values['socket-group'] ?? null;
  const relayMode = values['task-relay'] ?? 'on';
  if (relayMode !== 'on' && relayMode !== 'off')
    return usageError(`--task-relay must be on or off, got ${quote(relayMode)}`);
  const graceText = values['task-relay-grace'] ?? String(DEFAULT_TASK_RELAY_GRACE_SECONDS);
  const graceSeconds = Number(graceText);
  if (!/^[0-9]+$/.test(graceText) || !Number.isSafeInteger(graceSeconds) || graceSeconds < 1) {
    return usageError(
      `--task-relay-grace must be a whole number of seconds, at least 1, got ${quote(graceText)}`,
    );
  }
  const debug = listenOption('--debug-listen', values['debug-listen'], values['debug-listen-any'] === true);
  if (!debug.ok) return usageError(debug.detail);
  const metrics = listenOption(
    '--metrics-listen',
    values['metrics-listen'],
    values['metrics-listen-any'] === true,
  );
  if (!metrics.ok) return usageError(metrics.detail);
  const nodeName = values['node-name'] ?? null;
  if (nodeName !== null && !isNodeName(nodeName)) {
    return usageError(
      `--node-name must be a Kubernetes node name (lowercase letters, digits, '-' and '.', at most 253), got ${quote(nodeName)}`,
    );
  }
  const reconcile = reconcileFlags(values, cwd);
  if (typeof reconcile === 'string') return usageError(reconcile);
  const node = nodeFlags(values, cwd);
  if (typeof node === 'string') return usageError(node);
  const history = historyFlags(values);
  if (typeof history === 'string') return usageError(history);
  if (reconcile && unstartedGraceSeconds === 0) {
    return usageError(
      '--containerd-address needs --unstarted-grace of at least 1: sandboxes younger than the grace are never removed',
    );
  }

  const dir = resolve(cwd, values.dir ?? DEFAULT_DIR);
  const listen = resolve(cwd, values.listen ?? DEFAULT_LISTEN);
  const taskListen =
    values['task-listen'] !== undefined
      ? resolve(cwd, values['task-listen'])
      : resolve(dir, DEFAULT_TASK_SOCKET_NAME);

  const sockets: [string, string][] = [
    ['--listen', listen],
    ['--task-listen', taskListen],
  ];
  if (reconcile) sockets.push(['--containerd-address', reconcile.containerdAddress]);
  // With the relay, the daemon's own task socket lives in --dir (src/relay/launch.ts).
  if (relayMode === 'on') sockets.push([`--dir (its ${RELAY_UPSTREAM_SOCKET})`, relayUpstreamSocket(dir)]);
  for (const [flag, socket] of sockets) {
    const bytes = Buffer.byteLength(socket);
    if (bytes > MAX_SOCKET_PATH_BYTES) {
      return usageError(
        `${flag} path is ${bytes} bytes long; unix socket paths must be at most ${MAX_SOCKET_PATH_BYTES} bytes (${quote(socket)})`,
      );
    }
  }
  if (listen === taskListen)
    return usageError(`--listen and --task-listen must differ, both are ${quote(listen)}`);
  if (listen === dir) return usageError(`--listen must not be the state directory ${quote(dir)}`);

  return {
    kind: 'run',
    options: {
      listen,
      dir,
      taskListen,
      taskRelay: relayMode === 'on' ? { graceSeconds } : null,
      logLevel,
      logFormat,
      sync,
      maxSandboxes,
      unstartedGraceSeconds,
      socketGroup,
      ...(debug.listen === undefined ? {} : { debugListen: debug.listen }),
      ...(metrics.listen === undefined ? {} : { metricsListen: metrics.listen }),
      nodeName,
      reconcile,
      workload: values.workload === undefined ? null : resolve(cwd, values.workload),
      faults: values.faults === undefined ? null : resolve(cwd, values.faults),
      callLogSize,
      node,
      history,
    },
  };
}

type Values = Partial<Record<OptionName, string | boolean>>;

const UNIX_SCHEME = 'unix://';

/** --containerd-address and the flags that only mean something with it; a string is the one-line problem. */
function reconcileFlags(values: Values, cwd: string): ReconcileOptions | null | string {
  const address = values['containerd-address'];
  if (typeof address !== 'string') {
    for (const flag of ['reconcile-interval', 'sandboxer-name', 'containerd-namespace'] as const) {
      if (values[flag] !== undefined) return `--${flag} needs --containerd-address`;
    }
    return null;
  }
  const intervalText = values['reconcile-interval'];
  const intervalSeconds =
    typeof intervalText === 'string' ? Number(intervalText) : DEFAULT_RECONCILE_INTERVAL_SECONDS;
  if (
    typeof intervalText === 'string' &&
    (!/^[0-9]+$/.test(intervalText) || !Number.isSafeInteger(intervalSeconds) || intervalSeconds < 1)
  ) {
    return `--reconcile-interval must be a whole number of seconds, at least 1, got ${quote(intervalText)}`;
  }
  // containerd's own clients write the socket either way: `/run/containerd/containerd.sock` or `unix:///run/...`.
  const socket = address.startsWith(UNIX_SCHEME) ? address.slice(UNIX_SCHEME.length) : address;
  if (socket.trim() === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(socket)) {
    return `--containerd-address must be a unix socket path (or unix://<path>), got ${quote(address)}`;
  }
  const sandboxerName = values['sandboxer-name'];
  const namespace = values['containerd-namespace'];
  // containerd's identifier rule (pkg/identifiers): letters, digits, '.', '_', '-', starting with a letter or digit.
  if (typeof namespace === 'string' && !/^[A-Za-z0-9]([A-Za-z0-9._-]{0,75})$/.test(namespace)) {
    return `--containerd-namespace must be a containerd identifier, got ${quote(namespace)}`;
  }
  return {
    containerdAddress: resolve(cwd, socket),
    intervalSeconds,
    sandboxerName: typeof sandboxerName === 'string' ? sandboxerName : DEFAULT_SANDBOXER_NAME,
    containerdNamespace: typeof namespace === 'string' ? namespace : DEFAULT_CONTAINERD_NAMESPACE,
  };
}

/** A DNS subdomain (RFC 1123), what Kubernetes accepts as a node's name. */
function isNodeName(name: string): boolean {
  const label = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
  return name.length <= 253 && new RegExp(`^${label}(\\.${label})*$`).test(name);
}

function usageError(detail: string): ParsedArgs {
  return { kind: 'error', message: oneLine(`${PROGRAM_NAME}: ${detail}`) };
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
