import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import { createActor, type Actor } from 'xstate';
import { containerMachine } from '../machines/container.machine.js';
import { execMachine } from '../machines/exec.machine.js';
import { Registries } from '../machines/registries.js';
import { sandboxMachine } from '../machines/sandbox.machine.js';
import { supervisorMachine, type SupervisorMachine } from '../machines/supervisor.machine.js';
import { ControllerService } from './generated/containerd/services/sandbox/v1/sandbox.js';
import { TaskService } from './generated/containerd/runtime/task/v3/shim.js';
import { TransitionFeed } from './inspect/feed.js';
import { lifecycleLogging } from './log/lifecycle.js';
import { Persistence } from './persistence/persistence.js';
import { quarantine, scanStateDir } from './persistence/recovery.js';
import { PidAllocator } from './pids.js';
import { GroupCommitWriter } from './store/group-commit.js';
import { StorePaths } from './store/paths.js';
import { ask } from './transport/ask.js';
import { controllerService } from './transport/controller.js';
import { UnixGrpcServer } from './transport/server.js';
import { taskService } from './transport/task.js';

export interface DaemonConfig {
  listen: string;
  taskListen: string;
  dir: string;
  log: Logger;
  /** How long in-flight calls may run on shutdown before they are cut. */
  shutdownGraceMs?: number;
}

/** Wires the store, the machines and the gRPC servers together; owns start-up, recovery and orderly shutdown. */
export class Daemon {
  private constructor(
    private readonly config: DaemonConfig,
    private readonly supervisor: Actor<SupervisorMachine>,
    private readonly writer: GroupCommitWriter,
    private readonly servers: UnixGrpcServer[],
    /** Live transitions of every actor, for inspection views. */
    readonly feed: TransitionFeed,
    /** The live actors, for inspection views (read-only use). */
    readonly registries: Registries,
  ) {}

  static async start(config: DaemonConfig): Promise<Daemon> {
    const { log } = config;
    const started = Date.now();
    await fs.mkdir(config.dir, { recursive: true, mode: 0o700 });
    const registries = new Registries();
    const writer = new GroupCommitWriter(true);
    const persistence = new Persistence(new StorePaths(config.dir), writer, registries);
    const pids = new PidAllocator();
    const logging = lifecycleLogging(log);
    const feed = new TransitionFeed();
    const supervisor = createActor(supervisorMachine, {
      input: {
        sandboxMachine: persistence.provideSandbox(logging.sandbox(sandboxMachine)),
        containerMachine: persistence.provideContainer(logging.container(containerMachine)),
        execMachine: persistence.provideExec(execMachine),
        registries,
        now: () => Date.now(),
        allocatePid: () => pids.allocate(),
        releasePid: (pid) => pids.release(pid),
        reservePid: (pid) => pids.reserve(pid),
        whenDurable: (sandboxId) => persistence.whenDurable(sandboxId),
        inspect: feed.observer,
      },
    }).start();

    const scan = await scanStateDir(config.dir);
    const failed = await ask<string[]>(supervisor, (reply) => ({
      type: 'supervisor.restore',
      sandboxes: scan.sandboxes,
      reply,
    }));
    const unloadable = [
      ...scan.unreadable,
      ...failed.map((id) => ({ id, reason: 'snapshot does not fit the machine' })),
    ];
    for (const { id, reason } of unloadable) await quarantine(config.dir, id, reason, log);
    log.info(
      {
        sandboxes: registries.sandboxes.size,
        containers: registries.containers.size,
        quarantined: unloadable.length,
        ms: Date.now() - started,
      },
      `Recovered ${registries.sandboxes.size} sandboxes, ${registries.containers.size} containers, ${unloadable.length} quarantined`,
    );

    const taskAddress = `grpc+${config.taskListen}`;
    const servers = [
      new UnixGrpcServer(config.taskListen, [
        { definition: TaskService, implementation: taskService({ supervisor, log }) },
      ]),
      new UnixGrpcServer(config.listen, [
        {
          definition: ControllerService,
          implementation: controllerService({ supervisor, log, taskAddress }),
        },
      ]),
    ];
    for (const server of servers) await server.listen();
    log.info(
      { listen: config.listen, taskListen: config.taskListen, dir: config.dir },
      'resource-slot-sandboxer serving',
    );
    return new Daemon(config, supervisor, writer, servers, feed, registries);
  }

  /** Refuses new work, lets in-flight calls finish (bounded), makes every write durable, removes the sockets. */
  async stop(): Promise<void> {
    this.supervisor.send({ type: 'supervisor.drain' });
    await Promise.all(this.servers.map((server) => server.close(this.config.shutdownGraceMs ?? 10_000)));
    await this.writer.flush();
    this.supervisor.stop();
    this.config.log.info('resource-slot-sandboxer stopped');
  }
}
