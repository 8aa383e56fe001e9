import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Registries } from '../../machines/registries.js';
import { addShare, emptyAllocation } from '../node/allocation.js';
import type { UsageSampler } from '../workload/sampler.js';
import { readPod } from './history-pass.js';
import type { UsageHistory } from './usage-history.js';

/** Calls `tick` every `ms` until the returned function is called. */
export interface PassTimer {
  every(ms: number, tick: () => void): () => void;
}

/** setInterval, not holding the process open. */
export const realPassTimer: PassTimer = {
  every(ms, tick) {
    const handle = setInterval(tick, ms);
    handle.unref();
    return () => clearInterval(handle);
  },
};

/** Pods read between two turns of the event loop: about 2 ms of work at 10k pods (docs/history.md). */
export const PODS_PER_SLICE = 500;

export interface HistorySamplerDeps {
  history: UsageHistory;
  registries: Registries;
  /** The usage model, sampled as task Stats samples it, and its clock. */
  usage: UsageSampler;
  timer?: PassTimer;
  /** Lets the event loop turn between slices (tests may pass one that does not wait). */
  yieldToLoop?: () => Promise<unknown>;
}

/**
 * The daemon's one history timer: every --history-resolution, a pass over every pod and container, in slices of
 * PODS_PER_SLICE pods with a turn of the event loop between them, so calls are answered during a pass at 10k pods.
 * A pass still under way when the next is due makes that one be skipped.
 */
export class HistorySampler {
  private cancel: (() => void) | null = null;
  private passing = false;
  private stopped = false;

  constructor(private readonly deps: HistorySamplerDeps) {}

  start(): void {
    const { history, timer = realPassTimer } = this.deps;
    this.cancel ??= timer.every(history.settings.resolutionMs, () => void this.sampleNow());
  }

  /** One pass now (the timer's; tests call it with a fixed clock). Resolves when it has ended. */
  async sampleNow(): Promise<void> {
    if (this.passing || this.stopped) return;
    this.passing = true;
    try {
      await this.pass();
    } finally {
      this.passing = false;
    }
  }

  stop(): void {
    this.stopped = true;
    this.cancel?.();
    this.cancel = null;
  }

  private async pass(): Promise<void> {
    const { history, registries, usage, yieldToLoop = () => nextTurn() } = this.deps;
    const pass = history.beginPass(usage.now());
    const allocated = emptyAllocation();
    const sandboxIds = [...registries.sandboxes.ids()];
    for (let index = 0; index < sandboxIds.length; index++) {
      if (index > 0 && index % PODS_PER_SLICE === 0) {
        await yieldToLoop();
        if (this.stopped) return;
      }
      const sandboxId = sandboxIds[index] ?? '';
      const pod = readPod(registries, usage, sandboxId);
      if (!pod) continue;
      history.recordPod(pass, sandboxId, pod.containers);
      if (pod.share) addShare(allocated, pod.share, 1);
    }
    history.endPass(pass, allocated);
  }
}
