/**
 * The other side of the containerd figure: the same containerd with its in-tree pod sandbox controller and runc
 * (Debian's runc, containerd's own containerd-shim-runc-v2 built by test/containerd/install-tools.sh), running a
 * static do-nothing program as both the pause container and the app containers.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { ImageContent } from '../../../src/cluster/oci-image.js';
import { IMAGE } from '../../containerd/stack.js';
import { TOOLS_DIR } from '../../containerd/tools.js';

const SLEEPER_SOURCE = new URL('./sleeper/', import.meta.url).pathname;
export const RUNC_SHIM = 'containerd-shim-runc-v2';

export interface RuncSetup {
  runc: string;
  shim: string;
  /** The static program the pause and app containers run. */
  image: ImageContent;
}

export type RuncCheck = { ok: true; setup: RuncSetup } | { ok: false; reason: string };

/** What runc needs here, built where missing; or why it cannot run (said in the figure, never silently skipped). */
export function prepareRunc(): RuncCheck {
  const runc = ['/usr/sbin/runc', '/usr/bin/runc', '/usr/local/sbin/runc'].find((file) =>
    fs.existsSync(file),
  );
  if (!runc) return { ok: false, reason: 'runc is not installed (Debian: apt-get install runc)' };
  const shim = path.join(TOOLS_DIR, 'bin', RUNC_SHIM);
  if (!fs.existsSync(shim))
    return { ok: false, reason: `${shim} is missing (run test/containerd/install-tools.sh)` };
  const sleeper = path.join(TOOLS_DIR, 'bin', 'resource-slot-sleeper');
  try {
    if (isStale(sleeper))
      execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', sleeper, '.'], {
        cwd: SLEEPER_SOURCE,
        env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-buildvcs=false' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return {
      ok: false,
      reason: `could not build the sleeper with Go: ${stderr || (error as Error).message}`,
    };
  }
  const data = fs.readFileSync(sleeper);
  return {
    ok: true,
    setup: { runc, shim, image: { files: [{ name: 'sleeper', data, mode: 0o755 }], cmd: ['/sleeper'] } },
  };
}

function isStale(binary: string): boolean {
  if (!fs.existsSync(binary)) return true;
  const built = fs.statSync(binary).mtimeMs;
  return fs
    .readdirSync(SLEEPER_SOURCE)
    .some((file) => fs.statSync(path.join(SLEEPER_SOURCE, file)).mtimeMs > built);
}

/**
 * containerd's runc runtime spelled out (so nothing depends on containerd's defaults), runc's state kept under the
 * stack's temp dir, and the local image as the pause image, so no registry is asked.
 */
export function runcConfig(runc: string, stateDir: string): string {
  const str = (value: string) => JSON.stringify(value);
  return `
[plugins.'io.containerd.cri.v1.images'.pinned_images]
  sandbox = ${str(IMAGE)}

[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
  runtime_type = "io.containerd.runc.v2"
  sandboxer = "podsandbox"

[plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
  BinaryName = ${str(runc)}
  Root = ${str(stateDir)}
  SystemdCgroup = false
`;
}
