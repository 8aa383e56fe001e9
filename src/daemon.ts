import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { createActor, type Actor } from 'xstate';
import { containerMachine } from '../machines/container.machine.js';
import { execMachine } from '../machines/exec.machine.js';
import { Registries } from '../machines/registries.js';
import { sandboxMachine } from '../machines/sandbox.machine.js';
import {
  supervisorMachine,
  type ProcessView,
  type SupervisorMachine,
  type SupervisorPorts,
} from '../machines/supervisor.machine.js';
import { ControllerService } from './generated/containerd/services/sandbox/v1/sandbox.js';
import { TaskService } from './generated/containerd/runtime/task/v3/shim.js';
import { InspectService } from './generated/resourceslot/v1/inspect.js';
import { FaultsService } from './generated/resourceslot/v1/faults.js';
import { PlanningService } from './generated/resourceslot/v1/planning.js';
import { CallLog } from './calls/call-log.js';
import type { FaultRules } from './faults/types.js';
import { TransitionFeed } from './inspect/feed.js';
import { lifecycleLogging } from './log/lifecycle.js';
import { Persistence } from './persistence/persistence.js';
import { discardUncommitted, quarantine, readSandboxState, scanStateDir } from './persistence/recovery.js';
import { PidAllocator } from './pids.js';
import { GroupCommitWriter } from './store/group-commit.js';
import { StorePaths } from './store/paths.js';
import { prepareStateDir } from './store/state-dir.js';
import type { SyncMode } from './store/sync-mode.js';
import { resolveGroup } from './transport/socket-group.js';
import { ask } from './transport/ask.js';
import { Admission } from './transport/admission.js';
import { controllerService } from './transport/controller.js';
import { inspectService } from './transport/inspect.js';
import { faultsService } from './transport/faults.js';
import { planningService } from './transport/planning.js';
import { CallTargets } from './transport/call-targets.js';
import { FaultGate } from './transport/fault-gate.js';
import { AnnotationFaults } from './faults/annotation-faults.js';
import { FaultPlan } from './faults/plan.js';
import { UnixGrpcServer } from './transport/server.js';
import { taskService } from './transport/task.js';
import { StdinDrains } from './containers/stdin.js';
import { afterExit } from './containers/exited.js';
import { ExitTimer } from './exits/exit-timer.js';
import { SandboxDeathTimer } from './exits/sandbox-death-timer.js';
import { OomEvents } from './exits/oom-events.js';
import { execExitStatus } from './exits/exec-exit.js';
import { criContainerNameOf } from './containers/cri-annotations.js';
import { UsageSampler } from './workload/sampler.js';
import { ProfileFileSource } from './workload/profile-source.js';
import { applyResourcesUpdate } from './containers/task-command.js';
import { applySandboxUpdate } from './sandbox/update.js';
import { ContainerdStore } from './orphans/containerd-sandboxes.js';
import { OrphanSweeper, type Timer } from './orphans/sweeper.js';
import type { DebugServer } from './debug/server.js';
import type { DaemonMetrics } from './metrics/daemon-metrics.js';
import type { MetricsServer } from './metrics/server.js';
import type { LogFormat, LogLevel } from './log/logger.js';
import { relayUpstreamSocket } from './relay/files.js';
import { ensureTaskRelay, stopLeftoverRelay } from './relay/launch.js';
import { prepareSocketPath } from './transport/socket-file.js';
import { wireNode, type AdmissionPorts, type NodeConfig } from './node-wiring.js';
import type { NodeAdmission } from './node/admission.js';
import { capacitySource } from './node/capacity-source.js';
import { allowanceOf } from './node/node-spec.js';
import { wireHistory, type HistoryWiring } from './history/history-wiring.js';
import { DEFAULT_HISTORY_SETTINGS, type HistorySettings } from './history/settings.js';

export interface DaemonConfig {
  listen: string;
  taskListen: string;
  dir: string;
  log: Logger;
  /** How long in-flight calls may run on shutdown before they are cut. */
  shutdownGraceMs?: number;
  sync?: SyncMode;
  maxSandboxes?: number;
  /**
   * Sandboxes created but not started this long are removed (src/orphans/unstarted.ts); 0 or absent: never. Also
   * the age below which `reconcile` never removes a sandbox, so it must be set with it.
   */
  unstartedGraceMs?: number;
  /** Compare with containerd's sandbox store and remove what it does not know (src/orphans/); off when absent. */
  reconcile?: { containerdAddress: string; intervalMs: number; sandboxerName: string };
  /**
   * Publish a TaskOOM event to containerd before an OOM-killed container's exit (src/exits/oom-events.ts), in the
   * namespace the sandbox's Create came from, else `namespace`; off when absent (the container still exits 137).
   */
  oomEvents?: { containerdAddress: string; namespace: string };
  /** The clock of sandbox times and of the orphan sweep (tests inject one); default Date.now. */
  now?: () => number;
  /** The orphan sweep's timer (tests inject one). */
  orphanTimer?: Timer;
  /** Group that owns the sockets (name or gid); undefined/null keeps the daemon's. */
  socketGroup?: string | null;
  /** `host:port` for the HTTP debug server (page, /api/actors, /api/events); off when absent. */
  debugListen?: string;
  /**
   * Serve `taskListen` from a relay process that outlives the daemon (src/relay/), the daemon itself serving
   * `<dir>/task-daemon.sock`. Off when absent (in-process use); the command line turns it on by default.
   */
  taskRelay?: { graceMs: number; logLevel: LogLevel; logFormat: LogFormat };
  /** The usage profile file (--workload, docs/workload.md): read at start, re-read on reloadWorkload and on change. */
  workloadFile?: string;
  /** The calls answered, for Inspect's ListCalls/WatchCalls and the debug page; absent: one of the default size. */
  calls?: CallLog;
  /** The fault plan (`--faults`, and the Faults service edits it); absent: an empty one. */
  faults?: FaultRules;
  /** The simulated node (docs/node.md); absent: the host's capacity, kubelet's defaults, --admission warn. */
  node?: NodeConfig;
  /**
   * Serve Prometheus metrics on `http://<listen>/metrics` (docs/metrics.md), with `nodeName` in the node label; the
   * node's capacity and allocatable are the simulated node's. Off when absent.
   */
  metrics?: { listen: string; nodeName: string };
  /** The usage history (docs/history.md); absent: the defaults; a length of 0 keeps none. */
  history?: HistorySettings;
}

/** What start-up wires together before anything is recovered or served. */
interface Wiring {
  registries: Registries;
  feed: TransitionFeed;
  writer: GroupCommitWriter;
  supervisor: Actor<SupervisorMachine>;
  now: () => number;
  /** The group that owns the sockets (null: the daemon's), resolved before recovery touches --dir. */
  socketGid: number | null;
  /** The --workload file, read (a bad one has stopped the start); watched once serving. */
  workload: ProfileFileSource | undefined;
  calls: CallLog;
  /** The simulated node's admission, which the supervisor consults and the Inspect service reports. */
  node: NodeAdmission;
  /** One budget for both sockets: the work behind them is the same supervisor and disk. */
  admission: Admission;
  usage: UsageSampler;
  /** The metrics, made before the writer and the supervisor they observe; absent without config.metrics. */
  metrics: DaemonMetrics | undefined;
}

/** What serving started, for stop() to end. */
interface Serving {
  servers: UnixGrpcServer[];
  stdin: StdinDrains;
  orphans: OrphanSweeper;
  exits: ExitTimer;
  deaths: SandboxDeathTimer;
  oomEvents: OomEvents | undefined;
  debugServer: DebugServer | undefined;
  metricsServer: MetricsServer | undefined;
  history: HistoryWiring | undefined;
}

/** Wires the store, the machines and the gRPC servers together; owns start-up, recovery and orderly shutdown. */
export class Daemon {
  private constructor(
    private readonly config: DaemonConfig,
    private readonly supervisor: Actor<SupervisorMachine>,
    private readonly writer: GroupCommitWriter,
    /** What serving started: the servers, stdin drains, orphan sweeper, exit timer and debug server. */
    private readonly serving: Serving,
    /** The --workload file, for reloadWorkload (SIGHUP) and stop. */
    private readonly workload: ProfileFileSource | undefined,
    /** Live transitions of every actor, for inspection views. */
    readonly feed: TransitionFeed,
    /** The live actors, for inspection views (read-only use). */
    readonly registries: Registries,
    /** The calls answered, as ListCalls, WatchCalls and the debug page show them. */
    readonly calls: CallLog,
    /** The simulated node: its spec and what its admission has decided (docs/node.md). */
    readonly node: NodeAdmission,
    private readonly metrics: DaemonMetrics | undefined,
  ) {}

  /** Wires the daemon, recovers what --dir holds, then serves: resolves once both sockets accept calls. */
  static async start(config: DaemonConfig): Promise<Daemon> {
    const started = Date.now();
    const wiring = await Daemon.wire(config);
    await Daemon.recover(config, wiring, started);
    const serving = await Daemon.serve(config, wiring);
    const { supervisor, writer, feed, registries, calls, node, metrics } = wiring;
    return new Daemon(
      config,
      supervisor,
      writer,
      serving,
      wiring.workload,
      feed,
      registries,
      calls,
      node,
      metrics,
    );
  }

  /** The state directory, the registries, the writer and persistence, and the supervisor over them, started. */
  private static async wire(config: DaemonConfig): Promise<Wiring> {
    // A bad profile file stops the start before --dir is touched.
    const workload = config.workloadFile
      ? ProfileFileSource.open(config.workloadFile, config.log)
      : undefined;
    await prepareStateDir(config.dir);
    const socketGid = config.socketGroup ? await resolveGroup(config.socketGroup) : null;
    const registries = new Registries();
    const node = await wireNode(config.node ?? {}, config.dir, registries, config.log);
    const feed = new TransitionFeed({ source: (observer) => registries.entities.inspect(observer) });
    const now = config.now ?? (() => Date.now());
    const calls = config.calls ?? new CallLog();
    const admission = new Admission();
    const usage = new UsageSampler(now);
    const metrics = config.metrics
      ? await Daemon.createMetrics(config.metrics, node.admission, { registries, calls, admission, usage })
      : undefined;
    const writer = new GroupCommitWriter(config.sync ?? 'batch', undefined, metrics?.writer);
    // Persistence takes its write-failure handler when it is made, and the handler rolls back through the
    // supervisor, which is made from the machines Persistence provides. This one local, bound as soon as the
    // supervisor exists, cuts the cycle: a write (so a failed one) only follows a transition of an actor the
    // supervisor made, so the handler never finds it unbound.
    let supervisor: Actor<SupervisorMachine> | null = null;
    const persistence = new Persistence(new StorePaths(config.dir), writer, registries, async (sandboxId) => {
      if (supervisor) await Daemon.rollBack(config, writer, supervisor, sandboxId);
    });
    supervisor = Daemon.createSupervisor(
      config,
      registries,
      persistence,
      now,
      node.ports,
      metrics?.onTransition,
    );
    return {
      registries,
      feed,
      writer,
      supervisor,
      now,
      socketGid,
      workload,
      calls,
      node: node.admission,
      admission,
      usage,
      metrics,
    };
  }

  /** Imported only when asked for, so with --metrics-listen off neither prom-client nor the series are loaded. */
  private static async createMetrics(
    options: NonNullable<DaemonConfig['metrics']>,
    node: NodeAdmission,
    sources: Pick<Wiring, 'registries' | 'calls' | 'admission' | 'usage'>,
  ): Promise<DaemonMetrics> {
    const { DaemonMetrics } = await import('./metrics/daemon-metrics.js');
    return new DaemonMetrics({
      ...sources,
      decisions: node.decisions,
      capacity: capacitySource(node.spec),
      nodeName: options.nodeName,
    });
  }

  /** The supervisor, started, over machines whose effects are the store's and the logger's. */
  private static createSupervisor(
    config: DaemonConfig,
    registries: Registries,
    persistence: Persistence,
    now: () => number,
    admission: AdmissionPorts,
    onTransition: SupervisorPorts['onTransition'],
  ): Actor<SupervisorMachine> {
    const pids = new PidAllocator();
    const logging = lifecycleLogging(config.log);
    return createActor(supervisorMachine, {
      input: {
        sandboxMachine: persistence.provideSandbox(logging.sandbox(sandboxMachine)),
        containerMachine: persistence.provideContainer(logging.container(containerMachine)),
        execMachine: persistence.provideExec(execMachine),
        registries,
        now,
        allocatePid: () => pids.allocate(),
        releasePid: (pid) => pids.release(pid),
        reservePid: (pid) => pids.reserve(pid),
        whenDurable: (sandboxId) => persistence.whenDurable(sandboxId),
        maxSandboxes: config.maxSandboxes ?? 100_000,
        applySandboxUpdate,
        applyResourcesUpdate,
        execExitStatus,
        containerNameOf: criContainerNameOf,
        ...admission,
        ...(onTransition ? { onTransition } : {}),
      },
    }).start();
  }

  /**
   * Restores every committed sandbox through the supervisor, before any socket accepts calls; quarantines what
   * cannot be restored, and logs one summary line, timed from `started`.
   */
  private static async recover(
    config: DaemonConfig,
    { supervisor, registries, metrics }: Wiring,
    started: number,
  ): Promise<void> {
    const { log } = config;
    const scan = await scanStateDir(config.dir);
    const failed = await ask(supervisor, 'supervisor.restore', { sandboxes: scan.sandboxes });
    const unloadable = [
      ...scan.unreadable,
      ...failed.map((id) => ({ id, reason: 'snapshot does not fit the machine' })),
    ];
    for (const { id, reason } of unloadable) await quarantine(config.dir, id, reason, log);
    for (const id of scan.discarded) {
      log.warn(
        { sandboxId: id },
        'Removed a sandbox directory with no committed sandbox.json (a write cut short)',
      );
    }
    const ms = Date.now() - started;
    metrics?.recovered(ms / 1000);
    log.info(
      {
        sandboxes: registries.sandboxes.size,
        containers: registries.containers.size,
        quarantined: unloadable.length,
        discarded: scan.discarded.length,
        ms,
      },
      `Recovered ${registries.sandboxes.size} sandboxes, ${registries.containers.size} containers, ${unloadable.length} quarantined`,
    );
  }

  /** The gRPC servers (and the task relay), the debug server, and the orphan sweeper, started once serving. */
  private static async serve(config: DaemonConfig, wiring: Wiring): Promise<Serving> {
    const { log, reconcile } = config;
    const { registries, feed, supervisor, now, socketGid, workload, calls, node, admission, usage } = wiring;
    const faults = config.faults ?? new FaultPlan({ now });
    const gate = new FaultGate({
      targets: new CallTargets(registries),
      rules: faults,
      annotations: new AnnotationFaults(),
      calls,
      log,
      now,
      sleep: (ms) => sleep(ms),
    });
    const orphans = new OrphanSweeper({
      registries,
      supervisor,
      log,
      now,
      graceMs: config.unstartedGraceMs ?? 0,
      ...(reconcile
        ? {
            reconcile: {
              containerd: new ContainerdStore(reconcile.containerdAddress),
              intervalMs: reconcile.intervalMs,
              sandboxerName: reconcile.sandboxerName,
            },
          }
        : {}),
      ...(config.orphanTimer ? { timer: config.orphanTimer } : {}),
    });

    const taskAddress = `grpc+${config.taskListen}`;
    const ownTaskSocket = config.taskRelay ? relayUpstreamSocket(config.dir) : config.taskListen;
    const stdin = new StdinDrains(log);
    const onExited = (view: ProcessView): void => void afterExit(view, stdin, log);
    const oomEvents = config.oomEvents
      ? new OomEvents(config.oomEvents.containerdAddress, config.oomEvents.namespace, log)
      : undefined;
    const deaths = new SandboxDeathTimer({
      supervisor,
      registries,
      now,
      log,
      onDied: (view) => stdin.closeSandboxAfterExit(view.context.id),
    });
    const exits = new ExitTimer({
      supervisor,
      registries,
      now,
      log,
      onExited,
      oomAfterMs: (view) => usage.oomAfterMs(view),
      podOomScan: (sandbox, runs, fromMs) => usage.podOomScan(sandbox, runs, fromMs),
      ...(oomEvents ? { reportOom: (oom) => oomEvents.publish(oom) } : {}),
    });
    workload?.start((rules) => usage.setRules(rules));
    const allocatable = allowanceOf(node.spec);
    const history = wireHistory(config.history ?? DEFAULT_HISTORY_SETTINGS, {
      registries,
      usage,
      allocatable,
    });
    const taskServer = new UnixGrpcServer(
      ownTaskSocket,
      [
        {
          definition: TaskService,
          implementation: taskService({ supervisor, log, stdin, usage, exits, around: gate.around('Task') }),
        },
      ],
      admission,
    );
    const controllerServer = new UnixGrpcServer(
      config.listen,
      [
        {
          definition: ControllerService,
          implementation: controllerService({
            supervisor,
            log,
            taskAddress,
            stdin,
            usage,
            deaths,
            around: gate.around('Controller'),
          }),
        },
        {
          definition: InspectService,
          implementation: inspectService({
            registries,
            feed,
            supervisor,
            log,
            usage,
            orphans,
            calls,
            node,
            history: history?.history,
          }),
        },
        { definition: FaultsService, implementation: faultsService({ faults, log }) },
        { definition: PlanningService, implementation: planningService({ registries, usage, node, log }) },
      ],
      admission,
    );
    // Imported only when asked for, so with --debug-listen off none of the debug code is loaded.
    const debugServer = config.debugListen
      ? await (
          await import('./debug/server.js')
        ).DebugServer.start({
          listen: config.debugListen,
          feed,
          registries,
          calls,
          log,
          history: history?.history,
        })
      : undefined;
    const { metrics } = wiring;
    const metricsServer =
      config.metrics && metrics
        ? await (
            await import('./metrics/server.js')
          ).MetricsServer.start({ listen: config.metrics.listen, scrape: () => metrics.scrape(), log })
        : undefined;
    // Refuse a busy --listen before a relay is started that would outlive the refusal.
    await prepareSocketPath(config.listen);
    if (!config.taskRelay) await stopLeftoverRelay(config.dir, log);
    await taskServer.listen(socketGid);
    // The relay must answer before containerd can learn its address from a Start.
    const relay = config.taskRelay
      ? await ensureTaskRelay({
          dir: config.dir,
          listen: config.taskListen,
          graceMs: config.taskRelay.graceMs,
          socketGroup: config.socketGroup ?? null,
          logLevel: config.taskRelay.logLevel,
          logFormat: config.taskRelay.logFormat,
          log,
        })
      : undefined;
    await controllerServer.listen(socketGid);
    log.info(
      {
        listen: config.listen,
        taskListen: config.taskListen,
        dir: config.dir,
        ...(relay ? { taskRelayPid: relay.pid, taskRelayReused: relay.reused } : {}),
      },
      'resource-slot-sandboxer serving',
    );
    // After serving starts, so the first comparison with containerd does not hold up readiness; exits that came due
    // while no daemon ran fire now, each with the time it was due.
    orphans.start();
    exits.armAll();
    deaths.armAll();
    history?.sampler.start();
    return {
      servers: [taskServer, controllerServer],
      stdin,
      orphans,
      exits,
      deaths,
      oomEvents,
      debugServer,
      metricsServer,
      history,
    };
  }

  /** A write of the sandbox failed: its actors go back to its durable state before the failed calls are answered. */
  private static async rollBack(
    config: DaemonConfig,
    writer: GroupCommitWriter,
    supervisor: Actor<SupervisorMachine>,
    sandboxId: string,
  ): Promise<void> {
    const recovered = await readSandboxState(config.dir, sandboxId);
    // Nothing of this sandbox was ever committed: whatever a failed first write left behind goes too.
    if (!recovered) {
      writer.forget(sandboxId);
      await discardUncommitted(config.dir, sandboxId);
    }
    await ask(supervisor, 'supervisor.rollback', { sandboxId, recovered });
    config.log.error(
      { sandboxId, state: recovered?.sandbox.value ?? 'absent' },
      'Write failed; rolled back to the durable state',
    );
  }

  /** The scrape URL of --metrics-listen, with the port actually bound; undefined when metrics are off. */
  get metricsUrl(): string | undefined {
    return this.serving.metricsServer?.url;
  }

  /** Removes sandboxes never started, and those containerd forgot. */
  get orphans(): OrphanSweeper {
    return this.serving.orphans;
  }

  /** Re-reads the --workload file (SIGHUP); a bad file is logged and the rules in force stay. */
  reloadWorkload(): void {
    this.workload?.reload('SIGHUP');
  }

  /** Refuses new work, lets in-flight calls finish (bounded), makes every write durable, removes the sockets. */
  async stop(): Promise<void> {
    const { orphans, exits, deaths, oomEvents, debugServer, metricsServer, servers, stdin } = this.serving;
    this.workload?.close();
    this.serving.history?.sampler.stop();
    await orphans.stop();
    exits.stop();
    deaths.stop();
    oomEvents?.close();
    this.supervisor.send({ type: 'supervisor.drain' });
    await debugServer?.close();
    await metricsServer?.close();
    this.metrics?.close();
    await Promise.all(servers.map((server) => server.close(this.config.shutdownGraceMs ?? 10_000)));
    stdin.closeAll();
    await this.writer.flush();
    this.supervisor.stop();
    this.config.log.info('resource-slot-sandboxer stopped');
  }
}
