import type { JsonObject } from '../core/json.js';

/**
 * Which run of a pod's container this is: 1 for the first container of its name in the sandbox, one more for each
 * later one (kubelet restarts a container by creating another of the same name, so run = restartCount + 1). The
 * sandbox machine counts them (`runs`); the container's record keeps its own as `run`, so a scripted failure of
 * "the 2nd start" survives a daemon restart. 1 for a record written before runs were numbered.
 */
export function runOf(record: JsonObject): number {
  const run = record.run;
  return typeof run === 'number' && Number.isInteger(run) && run >= 1 ? run : 1;
}
