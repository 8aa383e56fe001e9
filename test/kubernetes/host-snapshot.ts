/**
 * What a cluster must leave as it found it on the host: the sysctls the kubelet checks, the mount table, the
 * top-level cgroups of every hierarchy, and the paths a kubelet, kube-controller-manager or kubectl create when
 * run plainly. Taken before `up` and compared after `down`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cgroupMounts } from '../../src/cluster/cgroups.js';
import { KUBELET_SYSCTLS } from '../../src/cluster/kubelet-namespace.js';

export const WATCHED_PATHS = [
  '/var/lib/kubelet',
  '/var/log/containers',
  '/var/log/pods',
  '/usr/libexec/kubernetes',
  '/etc/kubernetes',
  '/var/run/kubernetes',
  '/run/netns',
  path.join(os.homedir(), '.kube'),
  path.join(os.homedir(), '.kube', 'cache', 'discovery', '127.0.0.1_16443'),
];

/**
 * Top-level cgroups that other tests on a shared machine make and remove while a cluster runs: containerds of
 * test/containerd put their tasks under `k8s.io`. The cluster's containerds make none (sandboxes go to
 * ResourceSlot, pod cgroups under the kubelets' cgroupRoot, which `down` removes and which is compared).
 */
const NOT_OURS = new Set(['k8s.io']);

export interface HostSnapshot {
  sysctls: Record<string, string>;
  mountPoints: string[];
  cgroups: Record<string, string[]>;
  existingPaths: string[];
}

/**
 * `ownDir` is the cluster's temp dir: mounts under other temp dirs belong to other tests on a shared machine (their
 * containerds mount each sandbox's shm under their own state dirs), and come and go as they run.
 */
export function hostSnapshot(ownDir: string): HostSnapshot {
  const tmp = `${os.tmpdir()}/`;
  const sysctls = Object.fromEntries(
    Object.keys(KUBELET_SYSCTLS).map((name) => [name, fs.readFileSync(`/proc/sys/${name}`, 'utf8').trim()]),
  );
  const mountPoints = fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ')[4] ?? '')
    .filter((point) => !point.startsWith(tmp) || point.startsWith(ownDir))
    .sort();
  const cgroups = Object.fromEntries(
    cgroupMounts().map((mount) => [
      mount,
      fs
        .readdirSync(mount, { withFileTypes: true })
        .filter((entry) => entry.isDirectory() && !NOT_OURS.has(entry.name))
        .map((entry) => entry.name)
        .sort(),
    ]),
  );
  return { sysctls, mountPoints, cgroups, existingPaths: WATCHED_PATHS.filter((p) => fs.existsSync(p)) };
}
