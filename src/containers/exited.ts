import type { Logger } from 'pino';
import type { ProcessView } from '../../machines/supervisor.machine.js';
import type { StdinDrains } from './stdin.js';
import { endOutput, outputPaths } from './stdio.js';

/**
 * What follows the exit of any process, killed, exec'd or ending by its script: its stdin drain closes (after a
 * grace, see stdin.ts) and its stdout/stderr readers get EOF, which containerd waits for before it reports the exit.
 */
export function afterExit(view: ProcessView, stdin: StdinDrains, log: Logger): Promise<void> {
  stdin.closeAfterExit(view.containerId, view.execId);
  return endOutput(outputPaths(view.record), log);
}
