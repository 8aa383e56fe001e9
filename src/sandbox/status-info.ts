import type { SandboxView } from '../../machines/supervisor.machine.js';
import { configOf, recordOf } from './record.js';
import { toIso } from './time.js';

/**
 * The document behind Status(verbose).info["info"]. containerd json.Unmarshals it into its SandboxInfo, so it must
 * always be valid JSON; the keys containerd knows (pid, config, resources) are filled, plus our own state details.
 */
export function verboseInfo(view: SandboxView): string {
  const { context } = view;
  const record = recordOf(context);
  const config = configOf(record);
  return JSON.stringify({
    pid: view.pid,
    state: view.state,
    createdAt: toIso(context.createdAt),
    startedAt: toIso(context.startedAt),
    exitedAt: toIso(context.exitedAt),
    exitStatus: context.exitStatus,
    netnsPath: record.netns_path,
    sandboxer: record.sandboxer,
    config: {
      metadata: config.metadata ?? null,
      hostname: config.hostname,
      logDirectory: config.logDirectory,
      labels: config.labels,
      annotations: config.annotations,
    },
    resources: context.resources,
  });
}
