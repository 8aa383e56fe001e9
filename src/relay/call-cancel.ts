/**
 * Cancelling a forwarded call, without an AbortController per call: on this hot path (containerd polls every
 * container's Stats through the relay) two AbortSignals per call, their listeners and the DOMException every abort
 * builds were a measurable part of the relay's CPU per call.
 */

/** A call's cancel: set once, when its caller went away or the relay gave up. */
export class CallCancel {
  cancelled = false;
  private listener: (() => void) | undefined;

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    const listener = this.listener;
    this.listener = undefined;
    listener?.();
  }

  /** What to do on cancel, for the call's current step (one at a time); undefined clears it. */
  onCancel(listener: (() => void) | undefined): void {
    this.listener = listener;
  }
}

/** The relay giving up on the daemon: every call in flight is cancelled, and every later one answered at once. */
export class GiveUp {
  reason: string | undefined;
  private readonly calls = new Set<CallCancel>();

  get given(): boolean {
    return this.reason !== undefined;
  }

  /** Tracks a call until the returned function is called. */
  track(call: CallCancel): () => void {
    this.calls.add(call);
    return () => this.calls.delete(call);
  }

  giveUp(reason: string): void {
    this.reason ??= reason;
    for (const call of this.calls) call.cancel();
  }
}

/** Waits `ms`, or less if `cancel` comes first. */
export function pause(ms: number, cancel: CallCancel): Promise<void> {
  return new Promise((resolve) => {
    if (ms <= 0 || cancel.cancelled) return resolve();
    const done = () => {
      clearTimeout(timer);
      cancel.onCancel(undefined);
      resolve();
    };
    const timer = setTimeout(done, ms);
    cancel.onCancel(done);
  });
}
