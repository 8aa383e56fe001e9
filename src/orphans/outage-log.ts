import type { Logger } from 'pino';
import { errorText } from './error-text.js';

/**
 * Logs that containerd cannot be asked once per outage, not at every reconcile: a warning when the first attempt
 * fails, nothing while it keeps failing, and one line when it answers again.
 */
export class OutageLog {
  private down = false;
  private failures = 0;

  constructor(
    private readonly log: Logger,
    private readonly address: string,
  ) {}

  /** A reconcile could not list containerd's sandboxes. */
  failed(error: unknown): void {
    this.failures += 1;
    if (this.down) return;
    this.down = true;
    this.log.warn(
      { containerdAddress: this.address, err: errorText(error) },
      'containerd does not answer: no sandbox is removed as an orphan until it does',
    );
  }

  /** A reconcile listed containerd's sandboxes. */
  succeeded(): void {
    if (!this.down) return;
    this.log.info(
      { containerdAddress: this.address, failedAttempts: this.failures },
      'containerd answers again; reconciling',
    );
    this.down = false;
    this.failures = 0;
  }
}
