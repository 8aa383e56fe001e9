import fs from 'node:fs/promises';
import type { Logger } from 'pino';
import { createActor, type Actor } from 'xstate';
import { sandboxMachine, type SandboxStateName } from '../machines/sandbox.machine.js';
import { supervisorMachine, type SupervisorMachine } from '../machines/supervisor.machine.js';
import { SandboxPersistence } from './persistence/sandbox-persistence.js';
import { PidAllocator } from './pids.js';
import { GroupCommitWriter } from './store/group-commit.js';
import { StorePaths } from './store/paths.js';
import { ControllerService } from './generated/containerd/services/sandbox/v1/sandbox.js';
import { controllerService } from './transport/controller.js';
import { UnixGrpcServer } from './transport/server.js';

export interface DaemonConfig {
  listen: string;
  dir: string;
  log: Logger;
  /** How long in-flight calls may run on shutdown before they are cut. */
  shutdownGraceMs?: number;
}

const LIFECYCLE_MESSAGES: Record<SandboxStateName, string> = {
  created: 'ResourceSlot sandbox created',
  running: 'ResourceSlot sandbox started',
  stopped: 'ResourceSlot sandbox stopped',
  deleted: 'ResourceSlot sandbox deleted',
};

/** Wires the store, the machines and the gRPC server together; owns start-up and orderly shutdown. */
export class Daemon {
  private constructor(
    private readonly config: DaemonConfig,
    private readonly supervisor: Actor<SupervisorMachine>,
    private readonly writer: GroupCommitWriter,
    private readonly server: UnixGrpcServer,
  ) {}

  static async start(config: DaemonConfig): Promise<Daemon> {
    const { log } = config;
    await fs.mkdir(config.dir, { recursive: true, mode: 0o700 });
    const writer = new GroupCommitWriter(true);
    const persistence = new SandboxPersistence(new StorePaths(config.dir), writer);
    const pids = new PidAllocator();
    const machine = persistence.provideTo(
      sandboxMachine.provide({
        actions: {
          logTransition: ({ context }, { state }) =>
            log.info({ sandboxId: context.id }, LIFECYCLE_MESSAGES[state]),
        },
      }),
    );
    const supervisor = createActor(supervisorMachine, {
      input: {
        sandboxMachine: machine,
        now: () => Date.now(),
        allocatePid: () => pids.allocate(),
        releasePid: (pid) => pids.release(pid),
        whenDurable: (sandboxId) => persistence.whenDurable(sandboxId),
      },
    }).start();
    const server = new UnixGrpcServer(config.listen, [
      {
        definition: ControllerService,
        implementation: controllerService({ supervisor, log, taskAddress: '' }),
      },
    ]);
    await server.listen();
    log.info({ listen: config.listen, dir: config.dir }, 'resource-slot-sandboxer serving');
    return new Daemon(config, supervisor, writer, server);
  }

  /** Refuses new work, lets in-flight calls finish (bounded), makes every write durable, removes the socket. */
  async stop(): Promise<void> {
    this.supervisor.send({ type: 'supervisor.drain' });
    await this.server.close(this.config.shutdownGraceMs ?? 10_000);
    await this.writer.flush();
    this.supervisor.stop();
    this.config.log.info('resource-slot-sandboxer stopped');
  }
}
