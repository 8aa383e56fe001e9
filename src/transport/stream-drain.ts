import type { Actor } from 'xstate';
import type { SupervisorMachine } from '../../machines/supervisor.machine.js';

/**
 * Tells open server streams when the daemon starts draining: a stream left open would hold the server's graceful
 * shutdown for its whole grace period.
 */
export class StreamDrain {
  private readonly enders = new Set<() => void>();
  private started = false;

  constructor(supervisor: Actor<SupervisorMachine>) {
    supervisor.subscribe((snapshot) => {
      if (snapshot.value !== 'draining' || this.started) return;
      this.started = true;
      for (const end of [...this.enders]) end();
    });
  }

  get draining(): boolean {
    return this.started;
  }

  /** Calls `end` once draining begins, unless the returned function was called first. */
  onDrain(end: () => void): () => void {
    this.enders.add(end);
    return () => {
      this.enders.delete(end);
    };
  }
}
