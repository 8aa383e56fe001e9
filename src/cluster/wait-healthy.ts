/**
 * Waits for a component just started until its health check answers; a component that exits first, or `up` being
 * interrupted, ends the wait with the reason (and the end of the component's log).
 */
import fs from 'node:fs';
import { InternalError, UnavailableError } from '../core/errors.js';
import type { ComponentSpec } from './component.js';
import { probe } from './health.js';
import type { Launched } from './launch.js';
import type { Progress } from './progress.js';
import type { Tools } from './tools.js';
import { logTail, waitUntil } from './wait.js';

/** What one component needs at most on a loaded 2-core machine, not what it takes. */
const COMPONENT_TIMEOUT_MS = 60_000;

export function checkInterrupted(interrupted: AbortSignal): void {
  if (interrupted.aborted) throw new UnavailableError('interrupted');
}

export async function waitHealthy(
  spec: ComponentSpec,
  one: Launched,
  tools: Tools,
  progress: Progress,
  interrupted: AbortSignal,
): Promise<void> {
  progress(spec.name, 'waiting for health', describeCheck(spec));
  let last: string | undefined = 'not asked yet';
  await waitUntil(
    async () => {
      checkInterrupted(interrupted);
      const exit = one.exit();
      if (exit !== undefined)
        throw new InternalError(
          `${spec.name} exited (${exit}) before it was healthy; ${spec.log} ends:\n${logTail(readLog(spec.log))}`,
        );
      last = await probe(spec.health, tools.crictl);
      return last === undefined ? true : undefined;
    },
    {
      timeoutMs: COMPONENT_TIMEOUT_MS,
      describe: () => `${spec.name} did not answer ${describeCheck(spec)} (${last}); see ${spec.log}`,
    },
  );
  progress(spec.name, 'ready', `pid ${one.record.pid}`);
}

function describeCheck(spec: ComponentSpec): string {
  const { health } = spec;
  switch (health.kind) {
    case 'http':
      return health.url;
    case 'socket':
      return health.path;
    case 'cri':
      return `CRI at ${health.endpoint}`;
  }
}

function readLog(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
