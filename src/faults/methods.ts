import type { FaultService } from './types.js';

/** The bare method names of containerd's sandbox Controller and task (v3) services, which a rule may select. */
export const METHODS: Readonly<Record<FaultService, readonly string[]>> = {
  Controller: ['Create', 'Start', 'Platform', 'Stop', 'Wait', 'Status', 'Shutdown', 'Metrics', 'Update'],
  Task: [
    'State',
    'Create',
    'Start',
    'Delete',
    'Pids',
    'Pause',
    'Resume',
    'Checkpoint',
    'Kill',
    'Exec',
    'ResizePty',
    'CloseIO',
    'Update',
    'Wait',
    'Stats',
    'Connect',
    'Shutdown',
  ],
};

export const FAULT_SERVICES: readonly FaultService[] = ['Controller', 'Task'];

export function isFaultService(name: string): name is FaultService {
  return name === 'Controller' || name === 'Task';
}
