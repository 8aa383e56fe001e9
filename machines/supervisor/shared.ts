import type { AnyStateMachine, EventObject } from 'xstate';
import { FailedPreconditionError, type SandboxerError } from '../../src/errors.js';
import type { ContainerMachine } from '../container.machine.js';
import type { ExecMachine } from '../exec.machine.js';
import type { Registries } from '../registries.js';
import type { Reply } from '../reply.js';
import type { SandboxMachine } from '../sandbox.machine.js';
import { statesAccepting } from '../states-accepting.js';

/** Marks containers and execs that came from Kuasar's extensions.tasks: a later task API call adopts them. */
export const KUASAR_ORIGIN = 'extensions.tasks';

/** The I/O the supervisor needs, provided by src/ (tests provide fakes). */
export interface SupervisorPorts {
  /** The machines with their effects (persist, forget, logTransition) already provided. */
  sandboxMachine: SandboxMachine;
  containerMachine: ContainerMachine;
  execMachine: ExecMachine;
  registries: Registries;
  now(): number;
  allocatePid(): number;
  releasePid(pid: number): void;
  /** Marks a pid recovered from disk as in use. */
  reservePid(pid: number): void;
  /** Create beyond this many live sandboxes answers RESOURCE_EXHAUSTED. */
  maxSandboxes: number;
  /** Resolves when everything the sandbox (and its containers) entered so far is durable on disk. */
  whenDurable(sandboxId: string): Promise<void>;
}

export interface SupervisorContext {
  ports: SupervisorPorts;
  registries: Registries;
  machines: { sandbox: SandboxMachine; container: ContainerMachine; exec: ExecMachine };
}

interface Checked {
  getSnapshot(): { can(event: EventObject): boolean; value: unknown };
}

/**
 * XState drops an event the current state does not accept, so every event is checked first; a refusal names the
 * states that would accept it, read from the machine itself.
 */
export function ensureAccepted(
  actor: Checked,
  machine: AnyStateMachine,
  event: EventObject,
  subject: string,
  method: string,
): void {
  const snapshot = actor.getSnapshot();
  if (snapshot.can(event)) return;
  const allowed = statesAccepting(machine, event);
  throw new FailedPreconditionError(
    `${subject} is ${String(snapshot.value)}; ${method} is allowed only in ` +
      (allowed.length > 0 ? allowed.join(' or ') : 'no state'),
  );
}

/** Answers once the sandbox's files are durable, so an acknowledged transition survives a crash. */
export function replyWhenDurable<T>(
  context: SupervisorContext,
  sandboxId: string,
  reply: Reply<T>,
  value: T,
): void {
  context.ports.whenDurable(sandboxId).then(
    () => reply.resolve(value),
    (error: SandboxerError) => reply.reject(error),
  );
}

export function rejecting<T>(reply: Reply<T>, work: () => void): void {
  try {
    work();
  } catch (error) {
    reply.reject(error as SandboxerError);
  }
}
