/**
 * `up`: checks first (root, tools, no cluster in --dir, ports free), then starts the control plane, the nodes and
 * metrics-server, each waited for until it answers, recording every pid and cgroup in the state file as it goes.
 * If a step fails, everything started so far is stopped and removed again (the logs stay).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlreadyExistsError, InternalError, UnavailableError } from '../core/errors.js';
import type { UpOptions } from './args.js';
import { CLUSTER_PROGRAM } from './args.js';
import { cgroupMounts, makeCgroup } from './cgroups.js';
import type { ComponentSpec } from './component.js';
import { LOCAL_IMAGE, MANIFESTS_FILE, writeControlPlaneFiles } from './control-plane-files.js';
import { clusterCredentials } from './credentials.js';
import { tearDown } from './down.js';
import { etcdSpec } from './etcd.js';
import { probe } from './health.js';
import { apiserverSpec, apiserverUrl } from './kube-apiserver.js';
import { controllerManagerSpec } from './kube-controller-manager.js';
import { schedulerSpec } from './kube-scheduler.js';
import { kubectlFor, type Kubectl } from './kubectl.js';
import { nodeLabels } from './kubelet-config.js';
import { launch, type Launched } from './launch.js';
import { CONTROL_PLANE_ADDRESS, clusterLayout, listenAddresses, type ClusterLayout } from './layout.js';
import { METRICS_API_SERVICE, RUNTIME_CLASS } from './manifests.js';
import { metricsServerSpec } from './metrics-server.js';
import { nodeContainerdSpec } from './node-containerd.js';
import { nodeDaemonSpec } from './node-daemon.js';
import { writeNodeFiles } from './node-files.js';
import { nodeKubeletSpec } from './node-kubelet.js';
import { makePki } from './pki.js';
import { checkPortsFree } from './ports.js';
import { isSameProcess } from './process-identity.js';
import type { Progress } from './progress.js';
import { apiServiceProblem, nodesReady } from './readiness.js';
import { runOk } from './run-command.js';
import { readState, STATE_VERSION, writeState, type ClusterState } from './state.js';
import { checkRoot, checkTools, onPath, type Tools } from './tools.js';
import { logTail, waitUntil } from './wait.js';

/** Generous bounds for a loaded 2-core machine; each is what one component needs at most, not what it takes. */
const TIMEOUTS_MS = {
  component: 60_000,
  nodesReady: 120_000,
  apiService: 90_000,
} as const;

/**
 * `interrupted` (Ctrl-C) is looked at between steps and while waiting: `up` then stops and removes what it started,
 * as after a failure.
 */
export async function clusterUp(
  dir: string,
  options: UpOptions,
  progress: Progress,
  interrupted: AbortSignal = new AbortController().signal,
): Promise<ClusterState> {
  checkRoot();
  const tools = checkTools(options.tools);
  const unshare = onPath('unshare') ?? 'unshare';
  const layout = clusterLayout(dir, options.nodes);
  refuseExistingCluster(layout);
  await checkPortsFree(listenAddresses(layout));

  const createdDir = !fs.existsSync(dir) || holdsOnlyLogs(layout);
  // Keys, tokens and kubeconfigs live here: only root reads them.
  if (createdDir) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.mkdirSync(layout.logsDir, { recursive: true });
  const credentials = clusterCredentials(layout.nodes.map((node) => node.name));
  const state: ClusterState = {
    version: STATE_VERSION,
    dir,
    createdAt: new Date().toISOString(),
    tools: options.tools,
    nodes: options.nodes,
    podsPerNode: options.podsPerNode,
    kubeconfig: layout.kubeconfig,
    apiserver: credentials.admin.token,
    processes: [],
    cgroups: [],
    createdDir,
  };
  const save = () => writeState(layout.stateFile, state);
  save();
  const launched: Launched[] = [];
  const start = async (specs: ComponentSpec[]) => {
    checkInterrupted(interrupted);
    const started = specs.map((spec) => {
      progress(spec.name, 'starting');
      const one = launch(spec);
      launched.push(one);
      state.processes.push(one.record);
      save();
      return { spec, one };
    });
    await Promise.all(started.map(({ spec, one }) => waitHealthy(spec, one, tools, progress, interrupted)));
  };

  try {
    const pki = await makePki(layout.pki, CONTROL_PLANE_ADDRESS);
    progress('certificates', 'ready', layout.pki);
    const server = apiserverUrl();
    writeControlPlaneFiles(layout, credentials, server, pki.caCert);
    const kubectl = kubectlFor(tools.kubectl, layout.kubeconfig, layout.kubectlCache);

    await start([etcdSpec(layout, tools)]);
    await start([apiserverSpec(layout, tools, pki, credentials.admin.token)]);
    await kubectl.ok(['apply', '-f', path.join(layout.manifests, MANIFESTS_FILE)]);
    progress('manifests', 'ready', `RuntimeClass ${RUNTIME_CLASS}, APIService ${METRICS_API_SERVICE}`);
    await start([controllerManagerSpec(layout, tools, pki), schedulerSpec(layout, tools)]);

    const mounts = cgroupMounts();
    const capacity = { pods: options.podsPerNode, cpus: os.cpus().length, memoryBytes: os.totalmem() };
    for (const node of layout.nodes) {
      makeCgroup(mounts, node.cgroupRoot, (made) => {
        state.cgroups.push(made);
        save();
      });
      writeNodeFiles(node, {
        maxPods: options.podsPerNode,
        server,
        caFile: pki.caCert,
        credential: credentials.nodes[node.name]!,
      });
    }
    await start(layout.nodes.map((node) => nodeDaemonSpec(node)));
    await start(
      layout.nodes.map((node) => nodeContainerdSpec(node, tools, process.env.PATH ?? '/usr/bin:/bin')),
    );
    await Promise.all(layout.nodes.map((node) => importImage(tools, layout, node.containerd.address)));
    progress('image', 'ready', `${LOCAL_IMAGE} in every node's containerd (namespace k8s.io)`);
    await start(
      layout.nodes.map((node) => nodeKubeletSpec(node, tools, unshare, nodeLabels(node, capacity))),
    );
    await waitNodesReady(layout, kubectl, progress, interrupted);

    await start([metricsServerSpec(layout, tools)]);
    await waitApiService(kubectl, progress, interrupted);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress('up', 'failed', message.split('\n')[0]);
    progress('up', 'stopping what was started', `logs stay in ${layout.logsDir}`);
    await tearDown(state, { keepLogs: true }, progress);
    throw error;
  } finally {
    for (const one of launched) one.release();
  }
  return state;
}

/** What a failed `up` leaves: the dir is still ours to remove at `down`. */
function holdsOnlyLogs(layout: ClusterLayout): boolean {
  const entries = fs.readdirSync(layout.dir);
  return entries.length === 1 && entries[0] === path.basename(layout.logsDir);
}

function refuseExistingCluster(layout: ClusterLayout): void {
  const existing = readState(layout.stateFile);
  if (!existing) return;
  const alive = existing.processes.filter((record) => isSameProcess(record.pid, record.startTime));
  const down = `${CLUSTER_PROGRAM} down --dir ${layout.dir}`;
  if (alive.length > 0)
    throw new AlreadyExistsError(
      `a cluster is already up in ${layout.dir} (${alive.length} of its processes run): \`${down}\` first`,
    );
  throw new AlreadyExistsError(
    `${layout.dir} holds a cluster that is no longer running: \`${down}\` removes what is left of it`,
  );
}

function checkInterrupted(interrupted: AbortSignal): void {
  if (interrupted.aborted) throw new UnavailableError('interrupted');
}

async function waitHealthy(
  spec: ComponentSpec,
  one: Launched,
  tools: Tools,
  progress: Progress,
  interrupted: AbortSignal,
): Promise<void> {
  progress(spec.name, 'waiting for health', describeCheck(spec));
  let last: string | undefined = 'not asked yet';
  await waitUntil(
    async () => {
      checkInterrupted(interrupted);
      const exit = one.exit();
      if (exit !== undefined)
        throw new InternalError(
          `${spec.name} exited (${exit}) before it was healthy; ${spec.log} ends:\n${logTail(readLog(spec.log))}`,
        );
      last = await probe(spec.health, tools.crictl);
      return last === undefined ? true : undefined;
    },
    {
      timeoutMs: TIMEOUTS_MS.component,
      describe: () => `${spec.name} did not answer ${describeCheck(spec)} (${last}); see ${spec.log}`,
    },
  );
  progress(spec.name, 'ready', `pid ${one.record.pid}`);
}

function describeCheck(spec: ComponentSpec): string {
  const { health } = spec;
  switch (health.kind) {
    case 'http':
      return health.url;
    case 'socket':
      return health.path;
    case 'cri':
      return `CRI at ${health.endpoint}`;
  }
}

function readLog(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

async function importImage(tools: Tools, layout: ClusterLayout, containerdAddress: string): Promise<void> {
  await runOk(
    tools.ctr,
    [
      '--address',
      containerdAddress,
      '--namespace',
      'k8s.io',
      'images',
      'import',
      '--snapshotter',
      'native',
      layout.image,
    ],
    { timeoutMs: 60_000 },
  );
}

async function waitNodesReady(
  layout: ClusterLayout,
  kubectl: Kubectl,
  progress: Progress,
  interrupted: AbortSignal,
): Promise<void> {
  const names = layout.nodes.map((node) => node.name);
  progress('nodes', 'waiting for Ready', names.join(', '));
  let seen = new Map<string, string>();
  await waitUntil(
    async () => {
      checkInterrupted(interrupted);
      const listed = await kubectl.run(['get', 'nodes', '-o', 'json']);
      if (listed.code !== 0) return undefined;
      seen = nodesReady(listed.stdout);
      return names.every((name) => seen.get(name) === 'True') ? true : undefined;
    },
    {
      timeoutMs: TIMEOUTS_MS.nodesReady,
      intervalMs: 500,
      describe: () =>
        `nodes not Ready: ${names
          .filter((name) => seen.get(name) !== 'True')
          .map((name) => `${name} (${seen.get(name) ?? 'not registered'})`)
          .join(', ')}; see the kubelet logs in ${layout.logsDir}`,
    },
  );
  progress('nodes', 'ready', `${names.length} Ready`);
}

async function waitApiService(kubectl: Kubectl, progress: Progress, interrupted: AbortSignal): Promise<void> {
  progress(METRICS_API_SERVICE, 'waiting for health', 'APIService Available');
  let last: string | undefined = 'not asked yet';
  await waitUntil(
    async () => {
      checkInterrupted(interrupted);
      const got = await kubectl.run(['get', 'apiservice', METRICS_API_SERVICE, '-o', 'json']);
      last = got.code === 0 ? apiServiceProblem(got.stdout) : got.stderr.trim();
      return last === undefined ? true : undefined;
    },
    {
      timeoutMs: TIMEOUTS_MS.apiService,
      intervalMs: 1_000,
      describe: () => `APIService ${METRICS_API_SERVICE}: ${last}`,
    },
  );
  progress(METRICS_API_SERVICE, 'ready');
}
