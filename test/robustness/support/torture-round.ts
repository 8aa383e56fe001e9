import fs from 'node:fs';
import path from 'node:path';
import type { ServiceError } from '@grpc/grpc-js';
import { sandboxDirs, type TestDaemon } from '../../helpers/daemon.js';
import { controllerCalls } from '../../helpers/requests.js';
import { taskCalls, taskClient } from '../../helpers/tasks.js';
import type { Prng } from './prng.js';
import { inspectStateDir, recoverySummary } from './state-files.js';
import { describeSlot, slotMatches, type Slot } from './torture-model.js';
import { observeSandbox } from './torture-observe.js';
import {
  chooseOperation,
  type Operation,
  type TortureClients,
  type WorkerModel,
} from './torture-operations.js';

export interface Worker {
  model: WorkerModel;
  rng: Prng;
  /** The call that had not been answered when the daemon died. */
  inFlight: Operation | null;
}

export interface TortureStats {
  acknowledged: Map<string, number>;
  /** In-flight calls whose effect was found after the restart, by call. */
  landed: Map<string, number>;
  /** In-flight calls whose effect was not found (the sandbox was still in its acknowledged state). */
  notLanded: Map<string, number>;
  /** Calls that failed while the daemon was alive: every call is legal, so each one is a bug. */
  failures: string[];
  mostSandboxes: number;
  mostContainers: number;
  /** Live sandboxes checked after restarts, and how many of them had derived views out of step with sandbox.json. */
  checked: number;
  staleViews: number;
}

export function newStats(): TortureStats {
  return {
    acknowledged: new Map(),
    landed: new Map(),
    notLanded: new Map(),
    failures: [],
    mostSandboxes: 0,
    mostContainers: 0,
    checked: 0,
    staleViews: 0,
  };
}

export function count(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

export function total(map: Map<string, number>): number {
  return [...map.values()].reduce((sum, value) => sum + value, 0);
}

export interface Connection {
  clients: TortureClients;
  taskAddress: string;
  close(): void;
}

export function connect(daemon: TestDaemon): Connection {
  const taskAddress = `grpc+${path.join(daemon.dir, 'task.sock')}`;
  const client = taskClient(taskAddress);
  return {
    clients: {
      controller: controllerCalls(daemon.controller),
      tasks: taskCalls(client),
      bundleRoot: daemon.tmp,
    },
    taskAddress,
    close: () => client.close(),
  };
}

/** Legal calls one after another until the daemon is killed; the call cut off by the kill stays in flight. */
export async function runWorker(
  worker: Worker,
  clients: TortureClients,
  killed: () => boolean,
  stats: TortureStats,
): Promise<void> {
  while (!killed()) {
    const operation = chooseOperation(worker.model, worker.rng);
    worker.inFlight = operation;
    try {
      worker.model.settle(operation.sandboxId, await operation.send(clients));
      worker.inFlight = null;
      count(stats.acknowledged, operation.name);
    } catch (error) {
      if (!killed()) {
        const { code, details } = error as ServiceError;
        stats.failures.push(`${operation.name} ${operation.sandboxId}: code ${code} ${details}`);
      }
      return;
    }
  }
}

/**
 * After a restart: the recovery line, the files, and every sandbox against the model. An acknowledged sandbox must
 * be exactly as acknowledged; one with a call in flight as before or as after that call (never a mix: a sandbox and
 * its containers share one commit point). The model then takes what the daemon shows. Returns what is wrong.
 */
export async function verifyRestart(
  daemon: TestDaemon,
  connection: Connection,
  workers: Worker[],
  stats: TortureStats,
): Promise<string[]> {
  const problems: string[] = [];
  const summary = recoverySummary(daemon.logs());
  if (!summary) problems.push('no "Recovered ..." log line');
  else if (summary.quarantined !== 0) {
    const reasons = daemon
      .logs()
      .split('\n')
      .filter((line) => line.includes('Quarantined'));
    problems.push(`${summary.quarantined} quarantined: ${reasons.join(' | ')}`);
  }
  const files = inspectStateDir(daemon.dir);
  for (const torn of files.torn) problems.push(`torn file ${torn.file}: ${torn.error}`);
  if (files.temp.length > 0) problems.push(`temp files left after recovery: ${files.temp.join(', ')}`);
  if (fs.existsSync(path.join(daemon.dir, '.quarantine'))) problems.push('a .quarantine directory exists');

  const known = new Set<string>();
  let sandboxes = 0;
  let containers = 0;
  for (const worker of workers) {
    const inFlight = worker.inFlight;
    const ids = new Set(worker.model.sandboxes.keys());
    if (inFlight) ids.add(inFlight.sandboxId);
    for (const id of ids) {
      known.add(id);
      const acknowledged: Slot = worker.model.sandboxes.get(id) ?? null;
      const pending = inFlight?.sandboxId === id ? inFlight : null;
      const containerIds = [acknowledged, pending?.target ?? null].flatMap((slot) =>
        slot ? Object.keys(slot.containers) : [],
      );
      const seen = await observeSandbox(
        connection.clients,
        daemon.dir,
        connection.taskAddress,
        id,
        containerIds,
      );
      problems.push(...seen.problems.map((problem) => `${id}: ${problem}`));
      if (pending && slotMatches(pending.target, seen.slot)) count(stats.landed, pending.name);
      else if (slotMatches(acknowledged, seen.slot)) {
        if (pending) count(stats.notLanded, pending.name);
      } else {
        problems.push(
          `${id}: daemon shows ${describeSlot(seen.slot)}; acknowledged ${describeSlot(acknowledged)}` +
            (pending ? `; in flight ${pending.name} -> ${describeSlot(pending.target)}` : ''),
        );
      }
      worker.model.settle(id, seen.slot);
      if (seen.slot) {
        stats.checked++;
        if (!seen.viewsAgree) stats.staleViews++;
        sandboxes++;
        containers += Object.keys(seen.slot.containers).length;
      }
    }
    worker.inFlight = null;
  }
  const unknown = sandboxDirs(daemon.dir).filter((id) => !known.has(id));
  if (unknown.length > 0) problems.push(`sandbox directories nobody created: ${unknown.join(', ')}`);
  if (summary && (summary.sandboxes !== sandboxes || summary.containers !== containers)) {
    problems.push(
      `recovered ${summary.sandboxes} sandboxes, ${summary.containers} containers; the model has ${sandboxes}, ${containers}`,
    );
  }
  stats.mostSandboxes = Math.max(stats.mostSandboxes, sandboxes);
  stats.mostContainers = Math.max(stats.mostContainers, containers);
  return problems;
}
