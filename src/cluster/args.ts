/**
 * Command line of `resource-slot-cluster`. Pure: a bad flag is an InvalidArgumentError naming it (exit status 2),
 * and the caller prints help.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '../core/errors.js';
import { describeParseError } from '../process/argv.js';
import { checkNodeCount } from './layout.js';

export const CLUSTER_PROGRAM = 'resource-slot-cluster';
export const DEFAULT_CLUSTER_DIR = path.join(os.tmpdir(), CLUSTER_PROGRAM);
export const DEFAULT_NODES = 1;
/** The kubelet's own default maxPods. */
export const DEFAULT_PODS_PER_NODE = 110;
const MAX_PODS_PER_NODE = 100_000;

/** Where test/kubernetes/install-tools.sh and test/containerd/install-tools.sh build the binaries. */
export function defaultToolsDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.RESOURCE_SLOT_TOOLS ?? path.join(os.homedir(), '.cache', 'resource-slot-go');
}

export const COMMANDS = ['up', 'down', 'status', 'kubeconfig', 'restart'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface UpOptions {
  nodes: number;
  podsPerNode: number;
  /** The directory holding the tools' `bin/`. */
  tools: string;
}

export type ClusterCommand =
  | { kind: 'help' }
  | { kind: 'up'; dir: string; up: UpOptions }
  | { kind: 'down'; dir: string; keepLogs: boolean }
  | { kind: 'status'; dir: string }
  | { kind: 'kubeconfig'; dir: string }
  | { kind: 'restart'; dir: string; process: string };

export function clusterHelp(): string {
  return [
    `Usage: ${CLUSTER_PROGRAM} <command> [options]`,
    '',
    'A Kubernetes cluster on loopback whose nodes are ResourceSlot: etcd, kube-apiserver, kube-scheduler,',
    'kube-controller-manager and metrics-server, and per node a ResourceSlot daemon, a containerd and a kubelet.',
    'Nothing runs in the pods; every process is started here, recorded in <dir>, and stopped by `down`.',
    '',
    'Commands:',
    '  up [--nodes N] [--pods-per-node M] [--tools DIR]',
    `                         start a cluster of N nodes (default ${DEFAULT_NODES}) taking M pods each (default ${DEFAULT_PODS_PER_NODE})`,
    '  down [--keep-logs]     stop every process of the cluster, remove its cgroups and <dir>',
    '  status                 each component and node: process alive, health answering, node Ready',
    '  kubeconfig             print the path of the kubeconfig (export KUBECONFIG=$(... kubeconfig))',
    "  restart node-I/P       start node I's P (resource-slot, containerd, kubelet, task-relay) again, by pid",
    '',
    'Options:',
    `  --dir D                where the cluster keeps its state, certificates and logs (default ${DEFAULT_CLUSTER_DIR})`,
    '  --tools DIR            holds bin/ with kubelet, kube-apiserver, etcd, containerd, ... (default',
    `                         $RESOURCE_SLOT_TOOLS or ${defaultToolsDir({})})`,
    '  -h, --help             print this help and exit',
    '',
    'Needs root (cgroups, mount namespaces), openssl and unshare. Build the binaries with',
    'test/containerd/install-tools.sh and test/kubernetes/install-tools.sh.',
    '',
  ].join('\n');
}

const OPTIONS = {
  dir: { type: 'string' },
  nodes: { type: 'string' },
  'pods-per-node': { type: 'string' },
  tools: { type: 'string' },
  'keep-logs': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Which options each command takes (besides --dir and --help). */
const COMMAND_OPTIONS: Record<CommandName, readonly string[]> = {
  up: ['nodes', 'pods-per-node', 'tools'],
  down: ['keep-logs'],
  status: [],
  kubeconfig: [],
  restart: [],
};

export function parseClusterArgs(
  argv: string[],
  cwd: string = process.cwd(),
  env: NodeJS.ProcessEnv = process.env,
): ClusterCommand {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    throw new InvalidArgumentError('arguments', describeParseError(error));
  }
  const { values, positionals } = parsed;
  if (values.help === true || positionals.length === 0) return { kind: 'help' };
  const [name, ...extra] = positionals;
  if (!isCommand(name))
    throw new InvalidArgumentError('command', `unknown command "${name}" (one of ${COMMANDS.join(', ')})`);
  const operands = name === 'restart' ? 1 : 0;
  if (extra.length > operands)
    throw new InvalidArgumentError(name, `unexpected argument "${extra[operands]}"`);
  if (extra.length < operands) throw new InvalidArgumentError(name, 'names the process: node-I/P');
  for (const given of Object.keys(values)) {
    if (given !== 'dir' && given !== 'help' && !COMMAND_OPTIONS[name].includes(given))
      throw new InvalidArgumentError(`--${given}`, `is not an option of ${name}`);
  }
  const dir = path.resolve(cwd, values.dir ?? DEFAULT_CLUSTER_DIR);
  checkDir(dir);
  switch (name) {
    case 'up':
      return {
        kind: 'up',
        dir,
        up: {
          nodes: count('--nodes', values.nodes, DEFAULT_NODES),
          podsPerNode: podsPerNode(values['pods-per-node']),
          tools: path.resolve(cwd, values.tools ?? defaultToolsDir(env)),
        },
      };
    case 'down':
      return { kind: 'down', dir, keepLogs: values['keep-logs'] === true };
    case 'status':
    case 'kubeconfig':
      return { kind: name, dir };
    case 'restart':
      return { kind: 'restart', dir, process: extra[0]! };
  }
}

function isCommand(name: string | undefined): name is CommandName {
  return (COMMANDS as readonly (string | undefined)[]).includes(name);
}

/**
 * The kubelets run with a tmpfs over /var/lib and /var/log (so they leave nothing there): a --dir below them
 * would be hidden from the kubelet.
 */
const HIDDEN_FROM_KUBELETS = ['/var/lib', '/var/log'];

function checkDir(dir: string): void {
  if (dir === path.parse(dir).root) throw new InvalidArgumentError('--dir', 'must not be the root directory');
  const hidden = HIDDEN_FROM_KUBELETS.find((parent) => dir === parent || dir.startsWith(`${parent}/`));
  if (hidden)
    throw new InvalidArgumentError(
      '--dir',
      `must not be under ${hidden}: the kubelets see a private tmpfs there (choose e.g. /tmp/resource-slot-cluster)`,
    );
}

function count(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new InvalidArgumentError(flag, `must be a whole number, got "${text}"`);
  const value = Number(text);
  if (flag === '--nodes') checkNodeCount(value);
  return value;
}

function podsPerNode(text: string | undefined): number {
  const value = count('--pods-per-node', text, DEFAULT_PODS_PER_NODE);
  if (value < 1 || value > MAX_PODS_PER_NODE)
    throw new InvalidArgumentError('--pods-per-node', `must be from 1 to ${MAX_PODS_PER_NODE}, got ${value}`);
  return value;
}
