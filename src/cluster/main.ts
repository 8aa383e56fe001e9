/** `resource-slot-cluster`: parse, run the command, print; returns the exit status (2 for a usage error). */
import path from 'node:path';
import { InvalidArgumentError, SandboxerError } from '../core/errors.js';
import { exitCodeForUsageError } from '../process/argv.js';
import { CLUSTER_PROGRAM, clusterHelp, parseClusterArgs } from './args.js';
import { EXAMPLE_FILE } from './control-plane-files.js';
import { clusterDown } from './down.js';
import { progressPrinter } from './progress.js';
import { restartNodeProcess } from './restart.js';
import { clusterStatus, formatStatus, requireState } from './status.js';
import { clusterUp } from './up.js';

export interface ClusterIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Aborted on SIGINT/SIGTERM: `up` then undoes what it started. */
  interrupted?: AbortSignal;
}

export async function runCluster(argv: string[], io: ClusterIo): Promise<number> {
  try {
    const command = parseClusterArgs(argv);
    switch (command.kind) {
      case 'help':
        io.stdout(clusterHelp());
        return 0;
      case 'up': {
        const state = await clusterUp(command.dir, command.up, progressPrinter(io.stdout), io.interrupted);
        io.stdout(upSummary(state.kubeconfig, state.nodes, path.join(state.dir, 'manifests', EXAMPLE_FILE)));
        return 0;
      }
      case 'down': {
        const found = await clusterDown(
          command.dir,
          { keepLogs: command.keepLogs },
          progressPrinter(io.stdout),
        );
        if (!found) io.stdout(`no cluster in ${command.dir}: nothing to stop\n`);
        return 0;
      }
      case 'status': {
        const status = await clusterStatus(command.dir);
        io.stdout(formatStatus(status));
        return status.healthy ? 0 : 1;
      }
      case 'kubeconfig':
        io.stdout(`${requireState(command.dir).kubeconfig}\n`);
        return 0;
      case 'restart':
        await restartNodeProcess(command.dir, command.process, progressPrinter(io.stdout));
        return 0;
    }
  } catch (error) {
    io.stderr(`${CLUSTER_PROGRAM}: ${describe(error)}\n`);
    return error instanceof InvalidArgumentError ? exitCodeForUsageError : 1;
  }
}

function describe(error: unknown): string {
  if (error instanceof SandboxerError || error instanceof Error) return error.message;
  return String(error);
}

function upSummary(kubeconfig: string, nodes: number, example: string): string {
  return [
    '',
    `The cluster is up: ${nodes} ResourceSlot node${nodes === 1 ? '' : 's'}.`,
    `kubeconfig: ${kubeconfig}`,
    '',
    'Try:',
    `  export KUBECONFIG=${kubeconfig}`,
    '  kubectl get nodes -L resource-slot.io/node',
    `  kubectl apply -f ${example}`,
    '  kubectl get pods -o wide',
    '  kubectl top nodes; kubectl top pods',
    `  ${CLUSTER_PROGRAM} status; ${CLUSTER_PROGRAM} down`,
    '',
  ].join('\n');
}
