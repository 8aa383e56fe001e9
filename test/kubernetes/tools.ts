/**
 * Whether the real Kubernetes suite can run here: root, and kubelet, kube-apiserver, kube-scheduler,
 * kube-controller-manager, kubectl 1.34.4, etcd 3.6.4 and metrics-server 0.8.0 built by install-tools.sh. When it
 * cannot, the suite is skipped with a loud reason, and under CI=true it fails instead.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Test } from 'tap';

export const TOOLS_DIR = process.env.RESOURCE_SLOT_TOOLS ?? '/root/.cache/resource-slot-go';
const INSTALL_SCRIPT = new URL('./install-tools.sh', import.meta.url).pathname;

export interface KubernetesTools {
  kubelet: string;
  kubeApiserver: string;
  kubeScheduler: string;
  kubeControllerManager: string;
  kubectl: string;
  etcd: string;
  metricsServer: string;
}

export type KubernetesToolsCheck = { ok: true; tools: KubernetesTools } | { ok: false; reason: string };

export function checkKubernetesTools(): KubernetesToolsCheck {
  if (process.platform !== 'linux') return { ok: false, reason: 'Kubernetes tests need Linux' };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'Kubernetes tests must run as root' };
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
      kubelet: path.join(bin, 'kubelet'),
      kubeApiserver: path.join(bin, 'kube-apiserver'),
      kubeScheduler: path.join(bin, 'kube-scheduler'),
      kubeControllerManager: path.join(bin, 'kube-controller-manager'),
      kubectl: path.join(bin, 'kubectl'),
      etcd: path.join(bin, 'etcd'),
      metricsServer: path.join(bin, 'metrics-server'),
    },
  };
}

/** Runs `body` with the tools, or reports loudly why the real Kubernetes suite did not run. */
export function withTools(t: Test, title: string, body: (tools: KubernetesTools) => void): void {
  const check = checkKubernetesTools();
  if (check.ok) {
    body(check.tools);
    return;
  }
  const reason = `real Kubernetes suite "${title}" did NOT run: ${check.reason}`;
  process.stderr.write(`\n!!! ${reason}\n\n`);
  if (process.env.CI === 'true') t.fail(`${reason}; under CI=true this is a failure`);
  else t.test(title, { skip: reason }, async () => {});
}
