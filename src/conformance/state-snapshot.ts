/**
 * What the runner compares before and after a call that failed by injection: the sandbox's Status or the task's
 * State, as one line, or the code they answered instead (NOT_FOUND before a Create).
 */
import type { ControllerStatusResponse } from '../generated/containerd/services/sandbox/v1/sandbox.js';
import type { StateResponse } from '../generated/containerd/runtime/task/v3/shim.js';
import { Status } from '../generated/containerd/types/task/task.js';
import type { Timestamp } from '../generated/google/protobuf/timestamp.js';

const timeOf = (time: Timestamp | undefined): string =>
  time && (time.seconds !== 0 || time.nanos !== 0) ? `${time.seconds}.${time.nanos}` : '-';

export function sandboxSnapshot(answer: ControllerStatusResponse): string {
  return [
    `Status ${answer.state}`,
    `pid ${answer.pid}`,
    `address ${answer.address || '-'} v${answer.version}`,
    `created ${timeOf(answer.createdAt)}`,
    `exited ${timeOf(answer.exitedAt)}`,
  ].join(', ');
}

export function taskSnapshot(answer: StateResponse): string {
  return [
    `State ${Status[answer.status] ?? answer.status}`,
    `pid ${answer.pid}`,
    `exit status ${answer.exitStatus}`,
    `exited ${timeOf(answer.exitedAt)}`,
  ].join(', ');
}

/** A look that was answered with an error code, which is as much a state as an answer. */
export const answeredSnapshot = (what: 'Status' | 'State', codeName: string): string =>
  `${what} answers ${codeName}`;
