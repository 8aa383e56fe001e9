/**
 * Whether the real containerd suite can run here: root, and containerd/ctr/crictl built by install-tools.sh at the
 * pinned versions. When it cannot, the suite is skipped with a loud reason, and under CI=true it fails instead.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Test } from 'tap';

export const TOOLS_DIR = process.env.RESOURCE_SLOT_TOOLS ?? '/root/.cache/resource-slot-go';
const INSTALL_SCRIPT = new URL('./install-tools.sh', import.meta.url).pathname;

export interface Tools {
  containerd: string;
  ctr: string;
  crictl: string;
}

export type ToolsCheck = { ok: true; tools: Tools } | { ok: false; reason: string };

export function checkTools(): ToolsCheck {
  if (process.platform !== 'linux') return { ok: false, reason: 'containerd tests need Linux' };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'containerd tests must run as root' };
  try {
    execFileSync('bash', [INSTALL_SCRIPT, '--check'], {
      env: { ...process.env, RESOURCE_SLOT_TOOLS: TOOLS_DIR },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30_000,
    });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return { ok: false, reason: stderr || (error as Error).message };
  }
  const bin = path.join(TOOLS_DIR, 'bin');
  return {
    ok: true,
    tools: {
      containerd: path.join(bin, 'containerd'),
      ctr: path.join(bin, 'ctr'),
      crictl: path.join(bin, 'crictl'),
    },
  };
}

/** Runs `body` with the tools, or reports loudly why the real-containerd suite did not run. */
export function withTools(t: Test, title: string, body: (tools: Tools) => void): void {
  const check = checkTools();
  if (check.ok) {
    body(check.tools);
    return;
  }
  const reason = `real containerd suite "${title}" did NOT run: ${check.reason}`;
  process.stderr.write(`\n!!! ${reason}\n\n`);
  if (process.env.CI === 'true') t.fail(`${reason}; under CI=true this is a failure`);
  else t.test(title, { skip: reason }, async () => {});
}
