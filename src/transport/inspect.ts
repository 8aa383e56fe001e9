import type { ServerWritableStream } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { Actor } from 'xstate';
import type { Registries } from '../../machines/registries.js';
import type { SupervisorMachine, UsageView } from '../../machines/supervisor.machine.js';
import type { CallLog } from '../calls/call-log.js';
import { versionInfo } from '../process/version.js';
import { NotFoundError } from '../core/errors.js';
import type {
  Container,
  ContainerUsage,
  Exec,
  InspectServer,
  Orphan,
  PodUsage,
  Sandbox,
  Transition,
  UsageSample as UsageMessage,
  WatchRequest,
} from '../generated/resourceslot/v1/inspect.js';
import { liveActors, type ActorSummary } from '../inspect/actors.js';
import type { Orphan as FoundOrphan } from '../orphans/find-orphans.js';
import type { TransitionFeed, TransitionRecord } from '../inspect/feed.js';
import { podTotals, type ResourceInfo } from '../resources/index.js';
import { toTimestamp } from '../sandbox/time.js';
import { sumSamples, type UsageSample } from '../workload/index.js';
import type { UsageSampler } from '../workload/sampler.js';
import { ask } from './ask.js';
import { callsHandlers } from './calls.js';
import { serveStream } from './server-stream.js';
import { StreamDrain } from './stream-drain.js';
import { unaryHandler } from './unary.js';

export interface InspectDeps {
  registries: Registries;
  feed: TransitionFeed;
  supervisor: Actor<SupervisorMachine>;
  log: Logger;
  /** Samples the usage model for Usage (the one task Stats and Controller Metrics read). */
  usage: UsageSampler;
  /** Answers ListOrphans (src/orphans/sweeper.ts). */
  orphans: {
    listOrphans(): Promise<FoundOrphan[]>;
    readonly containerdAddress: string;
    readonly graceMs: number;
  };
  /** Answers ListCalls and WatchCalls. */
  calls: CallLog;
}

export const INSPECT_API_VERSION = 'resourceslot.v1';

/** Usage's cpu_cores is the average rate over the last second, as `crictl stats` samples for a second by default. */
export const USAGE_CPU_WINDOW_MS = 1000;

type Json = { [key: string]: unknown };
const object = (value: unknown): Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const time = (epochMillis: number | null) => (epochMillis === null ? undefined : toTimestamp(epochMillis));

/**
 * resourceslot.v1.Inspect: read-only views of the live actors (List, Get), a stream of their transitions (Watch),
 * their simulated usage (Usage) and the calls the daemon answered (ListCalls, WatchCalls). List and Get read the
 * registries directly; Usage asks the supervisor for the usage views, as task Stats and Controller Metrics do. None
 * of them changes any state.
 */
export function inspectService({
  registries,
  feed,
  supervisor,
  log,
  usage,
  orphans,
  calls,
}: InspectDeps): InspectServer {
  const unary = unaryHandler(log, (request) => ({ id: text((request as { id?: unknown }).id) }));
  const drain = new StreamDrain(supervisor);

  function containerView(summary: ActorSummary, all: ActorSummary[]): Container {
    const context = registries.containers.get(summary.id)?.getSnapshot().context;
    const record = object(context?.record);
    const cri = object(record['cri']);
    return {
      id: summary.id,
      sandboxId: summary.parent ?? '',
      state: summary.state,
      name: text(cri['containerName']),
      image: text(cri['imageName']),
      pid: summary.pid,
      createdAt: time(context?.createdAt ?? null),
      startedAt: time(context?.startedAt ?? null),
      exitedAt: time(context?.exitedAt ?? null),
      exitStatus: context?.exitStatus ?? undefined,
      bundle: text(record['bundle']),
      resources: object(summary.resources),
      execs: all
        .filter((actor) => actor.kind === 'exec' && actor.parent === summary.id)
        .map((exec): Exec => ({
          id: exec.id,
          containerId: summary.id,
          state: exec.state,
          pid: exec.pid,
          since: time(exec.since),
        })),
    };
  }

  function sandboxView(summary: ActorSummary, all: ActorSummary[]): Sandbox {
    const context = registries.sandboxes.get(summary.id)?.getSnapshot().context;
    const config = object(object(context?.record)['config']);
    const metadata = object(config['metadata']);
    const containers = all
      .filter((actor) => actor.kind === 'container' && actor.parent === summary.id)
      .map((container) => containerView(container, all));
    const resources = object(summary.resources);
    return {
      id: summary.id,
      state: summary.state,
      name: text(metadata['name']),
      namespace: text(metadata['namespace']),
      uid: text(metadata['uid']),
      attempt: typeof metadata['attempt'] === 'number' ? metadata['attempt'] : 0,
      pid: summary.pid,
      createdAt: time(context?.createdAt ?? null),
      startedAt: time(context?.startedAt ?? null),
      exitedAt: time(context?.exitedAt ?? null),
      config,
      resources,
      totals: podTotals(
        resources as unknown as ResourceInfo,
        containers.map((container) => container.resources as unknown as ResourceInfo),
      ),
      containers,
    };
  }

  /**
   * A container's sample with its CPU rate over the window ending now (0 unless its process exists). The clock is
   * read here, synchronously with both samples, so the span matches the samples to the clock's millisecond.
   */
  function containerUsage(view: UsageView): { sample: UsageSample; cores: number } {
    const now = usage.now();
    const sample = usage.sample(view);
    const { startedAt } = view.container;
    if (!view.live || startedAt === null) return { sample, cores: 0 };
    const spanMs = now - Math.max(startedAt, now - USAGE_CPU_WINDOW_MS);
    if (spanMs <= 0) return { sample, cores: 0 };
    const earlier = usage.sampleBefore(view, USAGE_CPU_WINDOW_MS);
    return { sample, cores: Math.max(0, sample.cpuUsageUsec - earlier.cpuUsageUsec) / (spanMs * 1000) };
  }

  async function podUsage(sandboxId: string): Promise<PodUsage> {
    const { sandbox, containers: views } = await ask(supervisor, 'sandbox.metrics', { sandboxId });
    const metadata = object(object(sandbox.context.record['config'])['metadata']);
    const live: Array<{ sample: UsageSample; cores: number }> = [];
    const containers = views.map((view): ContainerUsage => {
      const measured = containerUsage(view);
      if (view.live) live.push(measured);
      const { id, record } = view.container;
      return {
        containerId: id,
        name: text(object(record['cri'])['containerName']),
        state: registries.containers.get(id)?.getSnapshot().value ?? '',
        live: view.live,
        usage: usageMessage(measured.sample, measured.cores),
      };
    });
    const cores = live.reduce((sum, { cores }) => sum + cores, 0);
    return {
      sandboxId,
      name: text(metadata['name']),
      namespace: text(metadata['namespace']),
      state: sandbox.state,
      usage: usageMessage(
        sumSamples(
          live.map(({ sample }) => sample),
          usage.nodeMemoryBytes,
        ),
        cores,
      ),
      containers,
    };
  }

  const sandboxes = (): Sandbox[] => {
    const all = liveActors(registries);
    return all.filter((actor) => actor.kind === 'sandbox').map((sandbox) => sandboxView(sandbox, all));
  };

  return {
    list: unary('List', async () => ({ sandboxes: sandboxes() })),

    get: unary('Get', async (request: { id: string }) => {
      const all = liveActors(registries);
      const found = all.find((actor) => actor.id === request.id && actor.kind !== 'exec');
      if (!found) throw new NotFoundError(`no sandbox or container has id ${JSON.stringify(request.id)}`);
      return found.kind === 'sandbox'
        ? { actor: { $case: 'sandbox', value: sandboxView(found, all) } }
        : { actor: { $case: 'container', value: containerView(found, all) } };
    }),

    usage: unary('Usage', async (request: { sandboxId: string }) => {
      const now = usage.now();
      if (request.sandboxId !== '') {
        return {
          pods: [await podUsage(request.sandboxId)],
          time: toTimestamp(now),
          cpuWindowMillis: USAGE_CPU_WINDOW_MS,
        };
      }
      // A sandbox removed between the listing and its turn is left out rather than failing the whole answer.
      const pods = await Promise.all(
        [...registries.sandboxes.ids()].map((id) =>
          podUsage(id).catch((error: unknown) => {
            if (error instanceof NotFoundError) return null;
            throw error;
          }),
        ),
      );
      return {
        pods: pods.filter((pod): pod is PodUsage => pod !== null),
        time: toTimestamp(now),
        cpuWindowMillis: USAGE_CPU_WINDOW_MS,
      };
    }),

    version: unary('Version', async () => {
      const info = versionInfo();
      return {
        name: info.name,
        version: info.version,
        commit: info.commit,
        buildDate: info.buildDate,
        node: info.node,
        apiVersion: INSPECT_API_VERSION,
      };
    }),

    listOrphans: unary('ListOrphans', async () => ({
      orphans: (await orphans.listOrphans()).map((orphan): Orphan => {
        const context = registries.sandboxes.get(orphan.id)?.getSnapshot().context;
        const metadata = object(object(object(context?.record)['config'])['metadata']);
        return {
          id: orphan.id,
          state: orphan.state,
          name: text(metadata['name']),
          namespace: text(metadata['namespace']),
          createdAt: toTimestamp(orphan.createdAt),
          pastGrace: orphan.pastGrace,
        };
      }),
      containerdAddress: orphans.containerdAddress,
      graceMillis: orphans.graceMs,
    })),

    watch: (call: ServerWritableStream<WatchRequest, Transition>) =>
      serveStream(call, {
        drain,
        log,
        what: 'Watch',
        source: (sink) => feed.subscribe((record) => sink.write(transitionOf(record))),
      }),

    ...callsHandlers({ calls, drain, log, unary }),
  };
}

function usageMessage(sample: UsageSample, cores: number): UsageMessage {
  return {
    cpuCores: cores,
    cpuUsageUsec: sample.cpuUsageUsec,
    memoryUsageBytes: sample.memoryUsageBytes,
    memoryWorkingSetBytes: Math.max(0, sample.memoryUsageBytes - sample.memoryInactiveFileBytes),
    memoryLimitBytes: sample.memoryLimitBytes,
    pids: sample.pidsCurrent,
  };
}

function transitionOf(record: TransitionRecord): Transition {
  return {
    actorId: record.actorId,
    kind: record.kind,
    parent: record.parent ?? '',
    fromState: record.from ?? '',
    event: record.event,
    toState: record.to,
    time: toTimestamp(record.time),
  };
}
