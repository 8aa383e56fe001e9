import { startFailed, untilStopSignal } from '../process/exit.js';
import { createLogger, flushLogger } from '../log/logger.js';
import { resolveGroup } from '../transport/socket-group.js';
import { parseRelayArgs, RELAY_PROGRAM_NAME } from './args.js';
import { removeRelayInfo, writeRelayInfo } from './info-file.js';
import { TaskRelay } from './relay.js';

/** How long calls still in flight get when the relay is told to stop (SIGTERM, SIGINT). */
const STOP_GRACE_MS = 5_000;
const GIVE_UP_FLUSH_MS = 1_000;

/** The task relay's entry point; the daemon starts it (src/relay/launch.ts), operators normally never do. */
export async function relayMain(argv: string[]): Promise<number> {
  const parsed = parseRelayArgs(argv);
  if (parsed.kind === 'error') {
    process.stderr.write(parsed.message + '\n');
    return 2;
  }
  const { options } = parsed;
  const log = createLogger({ level: options.logLevel, format: options.logFormat }).child({
    component: RELAY_PROGRAM_NAME,
  });
  let relay: TaskRelay;
  try {
    relay = await TaskRelay.start({
      listen: options.listen,
      upstream: options.upstream,
      graceMs: options.graceMs,
      socketGid: options.socketGroup ? await resolveGroup(options.socketGroup) : null,
      log,
    });
  } catch (error) {
    return startFailed(log, RELAY_PROGRAM_NAME, error);
  }
  writeRelayInfo(options.infoFile, { pid: process.pid, listen: options.listen, upstream: options.upstream });
  log.info(
    { listen: options.listen, upstream: options.upstream, graceMs: options.graceMs },
    'task relay serving',
  );
  const reason = await Promise.race([relay.exited, untilStopSignal()]);
  const deliberate = reason === 'SIGTERM' || reason === 'SIGINT';
  log.info({ reason }, 'task relay stopping');
  removeRelayInfo(options.infoFile, process.pid);
  // Calls still waiting for a daemon that is gone were just answered UNAVAILABLE: let those answers go out.
  await relay.stop(deliberate ? STOP_GRACE_MS : GIVE_UP_FLUSH_MS);
  await flushLogger(log);
  return 0;
}
