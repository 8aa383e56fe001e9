/** The lines `up` and `down` print as they go: the time since the start, the component, its state. Pure. */

export type ComponentState =
  | 'starting'
  | 'waiting for health'
  | 'ready'
  | 'waiting for Ready'
  | 'stopping'
  | 'stopped'
  | 'not running'
  | 'failed';

export type Progress = (component: string, state: ComponentState | string, detail?: string) => void;

export function progressLine(elapsedMs: number, component: string, state: string, detail?: string): string {
  const seconds = (elapsedMs / 1000).toFixed(1).padStart(6);
  return `[${seconds}s] ${component.padEnd(28)} ${state}${detail ? ` (${detail})` : ''}\n`;
}

export function progressPrinter(write: (text: string) => void, now: () => number = Date.now): Progress {
  const start = now();
  return (component, state, detail) => write(progressLine(now() - start, component, state, detail));
}
