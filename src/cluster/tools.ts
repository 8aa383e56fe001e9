/**
 * The binaries a cluster runs, all from one tools directory (`<tools>/bin`), and the host commands it needs. A
 * missing one is named with the script that builds it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { FailedPreconditionError, NotFoundError } from '../core/errors.js';

export const KUBERNETES_TOOLS = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubelet',
  'kubectl',
  'metrics-server',
] as const;
export const CONTAINERD_TOOLS = ['containerd', 'ctr', 'crictl'] as const;
export type ToolName = (typeof KUBERNETES_TOOLS)[number] | (typeof CONTAINERD_TOOLS)[number];
export type Tools = Record<ToolName, string>;

/** What the cluster runs from the host's PATH: certificates, the kubelets' mount namespaces. */
export const HOST_COMMANDS = ['openssl', 'unshare', 'mount'] as const;

const SCRIPTS: Record<'kubernetes' | 'containerd', string> = {
  kubernetes: 'test/kubernetes/install-tools.sh',
  containerd: 'test/containerd/install-tools.sh',
};

export function toolPaths(toolsDir: string): Tools {
  const bin = path.join(toolsDir, 'bin');
  const entries = [...KUBERNETES_TOOLS, ...CONTAINERD_TOOLS].map((name) => [name, path.join(bin, name)]);
  return Object.fromEntries(entries) as Tools;
}

/** The one-paragraph explanation of what is missing and which script builds it; undefined when nothing is. */
export function describeMissingTools(toolsDir: string, missing: readonly ToolName[]): string | undefined {
  if (missing.length === 0) return undefined;
  const bin = path.join(toolsDir, 'bin');
  const kubernetes = missing.filter((name) => (KUBERNETES_TOOLS as readonly string[]).includes(name));
  const containerd = missing.filter((name) => (CONTAINERD_TOOLS as readonly string[]).includes(name));
  const builds = [
    kubernetes.length > 0 ? `${kubernetes.join(', ')}: run ${SCRIPTS.kubernetes}` : undefined,
    containerd.length > 0 ? `${containerd.join(', ')}: run ${SCRIPTS.containerd}` : undefined,
  ].filter((line) => line !== undefined);
  return `missing in ${bin}: ${builds.join('; ')} (or point --tools or $RESOURCE_SLOT_TOOLS at a directory whose bin/ holds them)`;
}

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

export function onPath(command: string, pathVariable: string = process.env.PATH ?? ''): string | undefined {
  for (const dir of pathVariable.split(':').filter(Boolean)) {
    const candidate = path.join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

/** The tools, or a NotFoundError naming every missing binary and its script. */
export function checkTools(toolsDir: string): Tools {
  const tools = toolPaths(toolsDir);
  const missing = (Object.keys(tools) as ToolName[]).filter((name) => !isExecutable(tools[name]));
  const problem = describeMissingTools(toolsDir, missing);
  if (problem) throw new NotFoundError(problem);
  const hostMissing = HOST_COMMANDS.filter((command) => onPath(command) === undefined);
  if (hostMissing.length > 0)
    throw new NotFoundError(`not on PATH: ${hostMissing.join(', ')} (install openssl and util-linux)`);
  return tools;
}

/** Cgroups, mount namespaces and the kubelet all need root. */
export function checkRoot(uid: number | undefined = process.getuid?.()): void {
  if (uid !== 0)
    throw new FailedPreconditionError(
      'must run as root: the kubelets need cgroups and mount namespaces (nothing on the host is changed)',
    );
}
