/** Writes what a node's daemon, containerd and kubelet read: configs, the CNI conflist, the shim link, sysctls. */
import fs from 'node:fs';
import path from 'node:path';
import type { Credential } from './credentials.js';
import { kubeconfig } from './kubeconfig.js';
import { kubeletConfig } from './kubelet-config.js';
import { sysctlFiles } from './kubelet-namespace.js';
import type { NodeLayout } from './layout.js';
import { CNI_CONFLIST_NAME, cniConflist, nodeContainerdConfig } from './node-containerd.js';
import { SHIM_BIN, SHIM_NAME } from './node-daemon.js';

export function writeNodeFiles(
  node: NodeLayout,
  options: { maxPods: number; server: string; caFile: string; credential: Credential },
): void {
  const { containerd, kubelet } = node;
  for (const dir of [
    node.daemon.dir,
    containerd.root,
    containerd.state,
    containerd.cniConf,
    containerd.cniBin,
    containerd.opt,
    containerd.bin,
    kubelet.rootDir,
    kubelet.certDir,
    kubelet.podLogsDir,
    kubelet.volumePluginDir,
    kubelet.sysctlDir,
  ])
    fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(containerd.config, nodeContainerdConfig(node));
  fs.writeFileSync(path.join(containerd.cniConf, CNI_CONFLIST_NAME), cniConflist());
  fs.rmSync(path.join(containerd.bin, SHIM_NAME), { force: true });
  fs.symlinkSync(SHIM_BIN, path.join(containerd.bin, SHIM_NAME));
  fs.writeFileSync(kubelet.config, kubeletConfig(node, options.maxPods));
  fs.writeFileSync(kubelet.kubeconfig, kubeconfig(options.server, options.caFile, options.credential), {
    mode: 0o600,
  });
  for (const { file, value } of sysctlFiles(kubelet.sysctlDir)) fs.writeFileSync(file, `${value}\n`);
}
