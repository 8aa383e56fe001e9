/** Helpers of the tests that watch a container end by itself through crictl (exits.test.ts, oom.test.ts). */
import { RUNTIME_HANDLER } from './containerd-config.js';
import {
  containerConfig,
  podConfig,
  type ContainersOutput,
  type InspectOutput,
  type LinuxResources,
} from './cri-configs.js';
import { pollUntil } from './processes.js';
import type { Stack } from './stack.js';

export type EndedStatus = InspectOutput['status'] & { startedAt: string; finishedAt: string; reason: string };

/** A pod with `annotations` and one started container `app` in it, through crictl. */
export async function startedContainer(
  stack: Stack,
  name: string,
  annotations: Record<string, string>,
  resources: LinuxResources = {},
): Promise<{ pod: string; container: string }> {
  const podFile = stack.writeJson(`${name}-pod.json`, podConfig(stack.tmp, name, {}, annotations));
  const pod = (await stack.crictlOk('runp', '--runtime', RUNTIME_HANDLER, podFile)).trim();
  const file = stack.writeJson(`${name}-app.json`, containerConfig('app', resources));
  const container = (await stack.crictlOk('create', pod, file, podFile)).trim();
  await stack.crictlOk('start', container);
  return { pod, container };
}

/** crictl's inspect status once `crictl ps -a` shows the container Exited (no call made to end it). */
export async function exitedStatus(stack: Stack, container: string, withinMs = 15_000): Promise<EndedStatus> {
  return pollUntil(
    async () => {
      const listed = (await stack.crictlJson<ContainersOutput>('ps', '-a', '-o', 'json')).containers;
      if (listed.find((c) => c.id === container)?.state !== 'CONTAINER_EXITED') return undefined;
      return (await stack.crictlJson<{ status: EndedStatus }>('inspect', '-o', 'json', container)).status;
    },
    () => `container ${container} never showed as Exited`,
    withinMs,
    100,
  );
}

/** Seconds between two of crictl's RFC 3339 times. */
export const secondsBetween = (from: string, to: string): number =>
  (Date.parse(to) - Date.parse(from)) / 1000;
