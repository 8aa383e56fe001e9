/**
 * `up`: checks first (root, tools, no cluster in --dir, ports free), then starts the control plane, the nodes and
 * metrics-server, each waited for until it answers, recording every pid and cgroup in the state file as it goes.
 * If a step fails, everything started so far is stopped and removed again (the logs stay).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { UpOptions } from './args.js';
import { cgroupMounts, makeCgroup } from './cgroups.js';
import type { ComponentSpec } from './component.js';
import { LOCAL_IMAGE, MANIFESTS_FILE, writeControlPlaneFiles } from './control-plane-files.js';
import { clusterCredentials } from './credentials.js';
import { tearDown } from './down.js';
import { holdsOnlyLogs, refuseExistingCluster } from './existing-cluster.js';
import { etcdSpec } from './etcd.js';
import { apiserverSpec, apiserverUrl } from './kube-apiserver.js';
import { controllerManagerSpec } from './kube-controller-manager.js';
import { schedulerSpec } from './kube-scheduler.js';
import { kubectlFor } from './kubectl.js';
import { launch, type Launched } from './launch.js';
import { CONTROL_PLANE_ADDRESS, clusterLayout, listenAddresses, type ClusterLayout } from './layout.js';
import { METRICS_API_SERVICE, RUNTIME_CLASS } from './manifests.js';
import { metricsServerSpec } from './metrics-server.js';
import { writeNodeFiles } from './node-files.js';
import { relayRecord } from './node-relay.js';
import { nodeCapacity, nodeProcessSpec, type NodeContext } from './node-specs.js';
import { makePki } from './pki.js';
import { checkPortsFree } from './ports.js';
import type { Progress } from './progress.js';
import { runOk } from './run-command.js';
import { STATE_VERSION, writeState, type ClusterState } from './state.js';
import { checkRoot, checkTools, onPath, type Tools } from './tools.js';
import { waitApiService, waitNodesReady } from './wait-cluster.js';
import { checkInterrupted, waitHealthy } from './wait-healthy.js';

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
    const context: NodeContext = {
      tools,
      unshare,
      hostPath: process.env.PATH ?? '/usr/bin:/bin',
      capacity: nodeCapacity(options.podsPerNode),
    };
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
    await start(layout.nodes.map((node) => nodeProcessSpec('resource-slot', node, context)));
    state.processes.push(...layout.nodes.map((node) => relayRecord(node)));
    save();
    await start(layout.nodes.map((node) => nodeProcessSpec('containerd', node, context)));
    await Promise.all(layout.nodes.map((node) => importImage(tools, layout, node.containerd.address)));
    progress('image', 'ready', `${LOCAL_IMAGE} in every node's containerd (namespace k8s.io)`);
    await start(layout.nodes.map((node) => nodeProcessSpec('kubelet', node, context)));
    await waitNodesReady(layout, kubectl, progress, interrupted);

    await start([metricsServerSpec(layout, tools)]);
    await waitApiService(kubectl, progress, interrupted);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    progress('up', 'failed', message.split('\n')[0]);
    progress('up', 'stopping what was started', `logs stay in ${layout.logsDir}`);
    // The failure that stopped `up` is what to report; what the clean-up could not undo, it prints itself.
    await tearDown(state, { keepLogs: true }, progress).catch((cleanup: Error) =>
      progress('down', 'failed', cleanup.message),
    );
    throw error;
  } finally {
    for (const one of launched) one.release();
  }
  return state;
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
