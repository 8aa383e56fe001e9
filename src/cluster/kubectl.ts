/**
 * kubectl (the pinned one from the tools directory) against the cluster, as its admin. Its discovery cache goes
 * under --dir: by default kubectl would create ~/.kube/cache.
 */
import { runCommand, runOk, type CommandResult } from './run-command.js';

export interface Kubectl {
  run(args: string[], input?: string): Promise<CommandResult>;
  /** stdout, or an InternalError with kubectl's stderr. */
  ok(args: string[], input?: string): Promise<string>;
}

const KUBECTL_TIMEOUT_MS = 30_000;

export function kubectlFor(kubectl: string, kubeconfig: string, cacheDir: string): Kubectl {
  const full = (args: string[]) => ['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, ...args];
  return {
    run: (args, input) => runCommand(kubectl, full(args), { input, timeoutMs: KUBECTL_TIMEOUT_MS }),
    ok: (args, input) => runOk(kubectl, full(args), { input, timeoutMs: KUBECTL_TIMEOUT_MS }),
  };
}
