/**
 * Starts a component as a daemon of its own: a new session (so it outlives `up` and a Ctrl-C there), stdout and
 * stderr appended to its log. `exited` lets `up` notice a component that dies while it waits for it.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { InternalError } from '../core/errors.js';
import type { ComponentSpec } from './component.js';
import { processStartTime } from './process-identity.js';
import type { ProcessRecord } from './state.js';

export interface Launched {
  record: ProcessRecord;
  /** Set once the process has exited while `up` still holds it: its exit code or signal. */
  exit(): number | string | undefined;
  /** Lets `up` exit while the process runs on. */
  release(): void;
}

export function launch(spec: ComponentSpec): Launched {
  const out = fs.openSync(spec.log, 'a');
  fs.writeSync(out, `\n=== ${new Date().toISOString()} ${spec.command} ${spec.args.join(' ')}\n`);
  const child = spawn(spec.command, spec.args, {
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, ...spec.env },
    cwd: spec.cwd,
  });
  fs.closeSync(out);
  const pid = child.pid;
  if (pid === undefined) throw new InternalError(`${spec.name}: could not start ${spec.command}`);
  let exit: number | string | undefined;
  child.once('exit', (code, signal) => (exit = code ?? signal ?? 'unknown'));
  child.once('error', (error) => (exit = error.message));
  const startTime = processStartTime(pid);
  if (startTime === undefined) throw new InternalError(`${spec.name}: exited at once (see ${spec.log})`);
  return {
    record: {
      name: spec.name,
      ...(spec.node === undefined ? {} : { node: spec.node }),
      pid,
      startTime,
      command: spec.command,
      log: spec.log,
      health: spec.health,
    },
    exit: () => exit,
    release: () => child.unref(),
  };
}
