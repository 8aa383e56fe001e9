import type { Logger } from 'pino';
import { CallLog } from '../calls/call-log.js';
import { FaultPlan } from '../faults/plan.js';
import { loadFaultPlanFile } from '../faults/plan-loader.js';
import { loadPolicyFile } from '../node/policy/policy-loader.js';
import { Daemon } from '../daemon.js';
import { createLogger, flushLogger } from '../log/logger.js';
import { exitCodeForUsageError, parseDaemonArgs, PROGRAM_NAME } from './args.js';
import { startFailed, untilStopSignal } from '../process/exit.js';
import { announceReady, announceStopping } from './systemd-notify.js';
import { formatVersion } from '../process/version.js';
import { hostNodeName } from '../metrics/node-name.js';

/** The daemon's entry point: parse flags, start serving, stop cleanly on SIGTERM/SIGINT. */
export async function main(argv: string[]): Promise<number> {
  // Imported only when asked for: the daemon itself, what every node runs, starts without them.
  if (argv[0] === 'diagram') return (await import('../diagrams/command.js')).diagramCommand(argv.slice(1));
  if (argv[0] === 'watch') return (await import('../debug/watch-command.js')).watchCommand(argv.slice(1));
  const parsed = parseDaemonArgs(argv);
  switch (parsed.kind) {
    case 'error':
      process.stderr.write(parsed.message + '\n');
      return exitCodeForUsageError;
    case 'help':
      process.stdout.write(parsed.text);
      return 0;
    case 'version':
      process.stdout.write(formatVersion() + '\n');
      return 0;
  }
  const { options } = parsed;
  const log = createLogger({ level: options.logLevel, format: options.logFormat });
  let daemon: Daemon | undefined;
  const faults = new FaultPlan();
  const faultsFile = options.faults;
  // With --workload or --faults, SIGHUP re-reads them (without either, SIGHUP keeps its default: it ends the process).
  if (options.workload !== null || faultsFile !== null)
    process.on('SIGHUP', () => {
      daemon?.reloadWorkload();
      if (faultsFile !== null) void reloadFaults(faults, faultsFile, log);
    });
  try {
    if (faultsFile !== null) await loadFaultPlanFile(faults, faultsFile);
    const { node } = options;
    // A bad policy file stops the start, naming its line, before --dir is touched.
    const policy = node.policy === null ? undefined : await loadPolicyFile(node.policy);
    daemon = await Daemon.start({
      listen: options.listen,
      taskListen: options.taskListen,
      dir: options.dir,
      log,
      sync: options.sync,
      maxSandboxes: options.maxSandboxes,
      unstartedGraceMs: options.unstartedGraceSeconds * 1000,
      ...(options.reconcile
        ? {
            reconcile: {
              containerdAddress: options.reconcile.containerdAddress,
              intervalMs: options.reconcile.intervalSeconds * 1000,
              sandboxerName: options.reconcile.sandboxerName,
            },
            oomEvents: {
              containerdAddress: options.reconcile.containerdAddress,
              namespace: options.reconcile.containerdNamespace,
            },
          }
        : {}),
      socketGroup: options.socketGroup,
      debugListen: options.debugListen,
      ...(options.metricsListen !== undefined
        ? { metrics: { listen: options.metricsListen, nodeName: options.nodeName ?? hostNodeName() } }
        : {}),
      ...(options.workload !== null ? { workloadFile: options.workload } : {}),
      calls: new CallLog(options.callLogSize),
      history: options.history,
      faults,
      node: {
        capacity: node.capacity,
        reserved: node.reserved,
        evictionHard: node.evictionHard,
        admission: node.admission,
        ...(policy ? { policy } : {}),
      },
      ...(options.taskRelay
        ? {
            taskRelay: {
              graceMs: options.taskRelay.graceSeconds * 1000,
              logLevel: options.logLevel,
              logFormat: options.logFormat,
            },
          }
        : {}),
    });
  } catch (error) {
    return startFailed(log, PROGRAM_NAME, error);
  }
  const signal = untilStopSignal();
  // Daemon.start resolves once the Controller socket and the task socket (the relay's, with --task-relay on) serve;
  // announceReady checks both again before it tells systemd, which then starts the units ordered after us.
  await announceReady({
    sockets: [options.listen, options.taskListen],
    status: `Serving the Controller API on ${options.listen} and the task API on ${options.taskListen}`,
    log,
  });
  log.info({ signal: await signal }, 'shutting down');
  const stopping = announceStopping({ log });
  await daemon.stop();
  await stopping;
  await flushLogger(log);
  return 0;
}

/** A bad file changes nothing: the rules it would replace stay, and the error names the file and line. */
async function reloadFaults(plan: FaultPlan, file: string, log: Logger): Promise<void> {
  try {
    const rules = await loadFaultPlanFile(plan, file);
    log.info({ file, rules }, 'Fault plan re-read');
  } catch (error) {
    log.error({ file, err: (error as Error).message }, 'Fault plan not re-read; the rules in force stay');
  }
}
