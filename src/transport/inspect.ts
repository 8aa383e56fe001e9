import type { ServerWritableStream } from '@grpc/grpc-js';
import type { Logger } from 'pino';
import type { Actor } from 'xstate';
import type { Registries } from '../../machines/registries.js';
import type { SupervisorMachine } from '../../machines/supervisor.machine.js';
import type { CallLog } from '../calls/call-log.js';
import { versionInfo } from '../process/version.js';
import { NotFoundError } from '../core/errors.js';
import type {
  Container,
  Exec,
  InspectServer,
  NodeRequest,
  Orphan,
  Sandbox,
  Transition,
  WatchRequest,
} from '../generated/resourceslot/v1/inspect.js';
import { liveActors, type ActorSummary } from '../inspect/actors.js';
import type { Orphan as FoundOrphan } from '../orphans/find-orphans.js';
import type { TransitionFeed, TransitionRecord } from '../inspect/feed.js';
import { podTotals, type ResourceInfo } from '../resources/index.js';
import { toTimestamp } from '../sandbox/time.js';
import type { NodeAdmission } from '../node/admission.js';
import type { UsageHistory } from '../history/usage-history.js';
import type { UsageSampler } from '../workload/sampler.js';
import { callsHandlers } from './calls.js';
import { historyHandler } from './inspect-history.js';
import { nodeHandler } from './inspect-node.js';
import { podUsageReader, USAGE_CPU_WINDOW_MS } from './pod-usage.js';
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
  /** The simulated node, for Node. */
  node: NodeAdmission;
  /** The usage history, for History; undefined when the daemon keeps none. */
  history: UsageHistory | undefined;
}

export const INSPECT_API_VERSION = 'resourceslot.v1';
export { USAGE_CPU_WINDOW_MS };

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
  node,
  history,
}: InspectDeps): InspectServer {
  const unary = unaryHandler(log, (request) => ({ id: text((request as { id?: unknown }).id) }));
  const drain = new StreamDrain(supervisor);
  const reader = podUsageReader({ supervisor, registries, usage });
  const nodeView = nodeHandler({ node, registries, usage, allPods: reader.allPods });

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
      const pods =
        request.sandboxId !== '' ? [await reader.podUsage(request.sandboxId)] : await reader.allPods();
      return { pods, time: toTimestamp(now), cpuWindowMillis: USAGE_CPU_WINDOW_MS };
    }),

    node: unary('Node', (request: NodeRequest) => nodeView(request)),

    history: unary('History', historyHandler({ history, registries })),

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
