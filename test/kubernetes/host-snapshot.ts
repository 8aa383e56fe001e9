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

export interface HostSnapshot {
  sysctls: Record<string, string>;
  mountPoints: string[];
  cgroups: Record<string, string[]>;
  existingPaths: string[];
}

export function hostSnapshot(): HostSnapshot {
  const sysctls = Object.fromEntries(
    Object.keys(KUBELET_SYSCTLS).map((name) => [name, fs.readFileSync(`/proc/sys/${name}`, 'utf8').trim()]),
  );
  const mountPoints = fs
    .readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split(' ')[4] ?? '')
    .sort();
  const cgroups = Object.fromEntries(
    cgroupMounts().map((mount) => [
      mount,
      fs
        .readdirSync(mount, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort(),
    ]),
  );
  return { sysctls, mountPoints, cgroups, existingPaths: WATCHED_PATHS.filter((p) => fs.existsSync(p)) };
}
