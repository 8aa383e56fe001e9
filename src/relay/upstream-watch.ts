import { socketAnswers } from '../transport/socket-file.js';

/**
 * Knows whether the daemon's task socket has answered lately. The relay asks it how long the daemon has been gone
 * (to stop holding calls after the grace period) and exits once that exceeds the grace period.
 */
export class UpstreamWatch {
  private downSince: number | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly upstream: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Probes every `intervalMs`; `onProbe` runs after each probe (the relay's exit checks). */
  start(intervalMs: number, onProbe: () => void): void {
    const tick = async () => {
      const answered = await socketAnswers(this.upstream);
      if (this.stopped) return;
      this.record(answered);
      onProbe();
      this.timer = setTimeout(() => void tick(), intervalMs);
    };
    this.timer = setTimeout(() => void tick(), intervalMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** A probe's or a forwarded call's evidence: did the daemon answer? */
  record(answered: boolean): void {
    if (answered) this.downSince = undefined;
    else this.downSince ??= this.now();
  }

  /** Milliseconds since the daemon stopped answering; 0 while it answers. */
  downForMs(): number {
    return this.downSince === undefined ? 0 : this.now() - this.downSince;
  }
}
