/**
 * What a cost is computed from, read from the actors as they are now (src/cost/input.ts): every known pod's and
 * container's span within the window (from its start, or its create when it never started, to its exit or now),
 * what each holds, and the usage model's averages over the span. Deleted pods and containers are not known.
 */
import type { Registries } from '../../machines/registries.js';
import type { ContainerContext } from '../../machines/container.machine.js';
import type { SandboxContext } from '../../machines/sandbox.machine.js';
import type { JsonObject } from '../core/json.js';
import { criContainerNameOf } from '../containers/cri-annotations.js';
import type { ContainerInput, CostInput, PodInput, Span } from '../cost/input.js';
import { containerRequests, podRemainder } from '../cost/requests.js';
import { GIB } from '../cost/units.js';
import { clip } from '../cost/window.js';
import type { ResourceInfo } from '../resources/types.js';
import { podIdentityOf } from '../workload/sampler.js';
import type { UsageSampler } from '../workload/sampler.js';
import { CPU, MEMORY } from '../node/resource-names.js';
import type { Amounts } from '../cost/input.js';

/** The part of a pod that no container holds: its overhead, a sandbox-declared request above its containers'. */
export const POD_PART = '(pod)';

const resourceInfo = (resources: JsonObject): ResourceInfo => resources as unknown as ResourceInfo;

const lifeOf = (context: SandboxContext | ContainerContext, end: number): Span => ({
  start: context.startedAt ?? context.createdAt,
  end: context.exitedAt ?? end,
});

function usedOver(
  usage: UsageSampler,
  sandbox: SandboxContext,
  container: ContainerContext,
  span: Span,
): Amounts {
  const { startedAt } = container;
  if (startedAt === null) return new Map();
  const average = usage.averageUsage({ sandbox, container }, span.start - startedAt, span.end - startedAt);
  return new Map([
    [CPU, average.cpuCores],
    [MEMORY, average.memoryWorkingSetBytes / GIB],
  ]);
}

function podInput(
  registries: Registries,
  usage: UsageSampler,
  sandboxId: string,
  window: Span,
): PodInput | null {
  const snapshot = registries.sandboxes.get(sandboxId)?.getSnapshot();
  if (!snapshot) return null;
  const sandbox = snapshot.context;
  const span = clip(lifeOf(sandbox, window.end), window);
  if (!span) return null;
  const containers: ContainerInput[] = [];
  const live: ResourceInfo[] = [];
  for (const id of registries.containerIdsOf(sandboxId)) {
    const container = registries.containers.get(id)?.getSnapshot();
    if (!container) continue;
    const { context } = container;
    if (container.hasTag('live')) live.push(resourceInfo(context.resources));
    const held = clip(lifeOf(context, span.end), span);
    if (!held) continue;
    containers.push({
      id,
      name: criContainerNameOf(context.record),
      span: held,
      requested: containerRequests(resourceInfo(context.resources)),
      used: usedOver(usage, sandbox, context, held),
    });
  }
  const remainder = podRemainder(resourceInfo(sandbox.resources), live);
  if (remainder.size > 0)
    containers.push({ id: '', name: POD_PART, span, requested: remainder, used: new Map() });
  return { sandboxId, ...podIdentityOf(sandbox.record), span, containers };
}

export function costInput(
  registries: Registries,
  usage: UsageSampler,
  allocatable: Amounts,
  window: Span,
): CostInput {
  const pods = [...registries.sandboxes.ids()]
    .map((id) => podInput(registries, usage, id, window))
    .filter((pod): pod is PodInput => pod !== null);
  return { window, allocatable, pods };
}
