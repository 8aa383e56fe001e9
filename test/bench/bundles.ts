/**
 * Task bundles as containerd lays them out (`<root>/<container id>/config.json`, the OCI spec with CRI's
 * annotations), like test/helpers/tasks.ts but reading the spec fixture once, since the benchmark writes up to
 * 100,000 of them up front.
 */
import fs from 'node:fs';
import path from 'node:path';
import { containerId, sandboxId } from './load.js';

const FIXTURE = path.resolve(
  import.meta.dirname,
  '../../../shared/reference/fixtures/oci-runc-spec-default.json',
);

/** Writes the bundles of containers 0..perSandbox-1 of sandboxes `<prefix>-<from..to-1>`; returns how many. */
export function writeBundles(
  root: string,
  prefix: string,
  from: number,
  to: number,
  perSandbox: number,
): number {
  const spec = JSON.parse(fs.readFileSync(FIXTURE, 'utf8')) as { annotations?: Record<string, string> };
  let written = 0;
  for (let index = from; index < to; index++) {
    const sandbox = sandboxId(prefix, index);
    for (let k = 0; k < perSandbox; k++) {
      const container = containerId(sandbox, k);
      const bundle = path.join(root, container);
      fs.mkdirSync(bundle, { recursive: true });
      spec.annotations = {
        'io.kubernetes.cri.container-type': 'container',
        'io.kubernetes.cri.sandbox-id': sandbox,
        'io.kubernetes.cri.container-name': container,
        'io.kubernetes.cri.image-name': 'docker.io/library/busybox:latest',
      };
      fs.writeFileSync(path.join(bundle, 'config.json'), JSON.stringify(spec));
      written++;
    }
  }
  return written;
}
