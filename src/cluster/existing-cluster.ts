/** What `up` finds in --dir before it starts: a cluster (refused), or only the logs of a failed `up` (reused). */
import fs from 'node:fs';
import path from 'node:path';
import { AlreadyExistsError } from '../core/errors.js';
import { CLUSTER_PROGRAM } from './args.js';
import type { ClusterLayout } from './layout.js';
import { isSameProcess } from './process-identity.js';
import { readState } from './state.js';

/** What a failed `up` leaves: the dir is still ours to remove at `down`. */
export function holdsOnlyLogs(layout: ClusterLayout): boolean {
  const entries = fs.readdirSync(layout.dir);
  return entries.length === 1 && entries[0] === path.basename(layout.logsDir);
}

export function refuseExistingCluster(layout: ClusterLayout): void {
  const existing = readState(layout.stateFile);
  if (!existing) return;
  const alive = existing.processes.filter((record) => isSameProcess(record.pid, record.startTime));
  const down = `${CLUSTER_PROGRAM} down --dir ${layout.dir}`;
  if (alive.length > 0)
    throw new AlreadyExistsError(
      `a cluster is already up in ${layout.dir} (${alive.length} of its processes run): \`${down}\` first`,
    );
  throw new AlreadyExistsError(
    `${layout.dir} holds a cluster that is no longer running: \`${down}\` removes what is left of it`,
  );
}
