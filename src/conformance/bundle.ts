import fs from 'node:fs';
import path from 'node:path';

/** A small OCI runtime spec like the one containerd writes for a CRI container (contract B4). */
function specFor(containerId: string, sandboxId: string): object {
  return {
    ociVersion: '1.2.0',
    process: {
      terminal: false,
      user: { uid: 0, gid: 0 },
      args: ['sleep', 'infinity'],
      env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
      cwd: '/',
    },
    root: { path: 'rootfs', readonly: true },
    hostname: containerId,
    mounts: [{ destination: '/proc', type: 'proc', source: 'proc' }],
    annotations: {
      'io.kubernetes.cri.container-type': 'container',
      'io.kubernetes.cri.container-name': containerId,
      'io.kubernetes.cri.sandbox-id': sandboxId,
      'io.kubernetes.cri.image-name': 'docker.io/library/busybox:latest',
    },
    linux: {
      resources: { memory: { limit: 64 * 1024 * 1024 }, cpu: { quota: 50000, period: 100000, shares: 512 } },
      namespaces: [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }],
    },
  };
}

/** `<root>/<id>/` with config.json, the `sandbox` file containerd adds (contract B1) and an empty rootfs. */
export function writeBundle(root: string, containerId: string, sandboxId: string): string {
  const bundle = path.join(root, containerId);
  fs.mkdirSync(path.join(bundle, 'rootfs'), { recursive: true });
  fs.writeFileSync(path.join(bundle, 'config.json'), JSON.stringify(specFor(containerId, sandboxId)));
  fs.writeFileSync(path.join(bundle, 'sandbox'), sandboxId);
  return bundle;
}
