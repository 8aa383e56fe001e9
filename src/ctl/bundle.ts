import fs from 'node:fs/promises';
import path from 'node:path';
import type { JsonMap } from './config-file.js';

/**
 * Where the ctl keeps container bundles when --bundle-dir is not given: next to the daemon's socket, so each
 * daemon (and each test's temporary daemon) has its own, like containerd's bundles under /run.
 */
export function defaultBundleDir(socket: string): string {
  return path.join(path.dirname(socket), 'resource-slot-ctl', 'bundles');
}

/** Writes `<bundleDir>/<id>/config.json` (and the rootfs directory a bundle has) and returns the bundle path. */
export async function writeBundle(bundleDir: string, containerId: string, spec: JsonMap): Promise<string> {
  const bundle = path.resolve(bundleDir, containerId);
  await fs.mkdir(path.join(bundle, 'rootfs'), { recursive: true, mode: 0o711 });
  await fs.writeFile(path.join(bundle, 'config.json'), JSON.stringify(spec, null, 2) + '\n', { mode: 0o644 });
  return bundle;
}

/**
 * Removes a bundle the ctl wrote. Only directories below `bundleDir` are touched: a container created by
 * someone else (containerd) keeps its bundle.
 */
export async function removeBundle(bundleDir: string, bundle: string): Promise<void> {
  const root = path.resolve(bundleDir);
  const target = path.resolve(bundle);
  if (path.dirname(target) !== root) return;
  await fs.rm(target, { recursive: true, force: true });
}
