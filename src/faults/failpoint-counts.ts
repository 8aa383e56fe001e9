import { BoundedMap } from './bounded-map.js';
import { countKeyOf } from './count-key.js';
import type { Failpoint } from './failpoint.js';
import type { CallTarget, FaultAction } from './types.js';

/**
 * A rule's failpoint, counted separately for each pod (or pod and container, count-key.ts). The counts of the
 * `limit` most recently seen keys are kept; a key seen again after being dropped starts from the counts as written.
 */
export class FailpointCounts {
  private readonly counts: BoundedMap<string, Failpoint>;

  constructor(
    private readonly template: Failpoint,
    limit: number,
  ) {
    this.counts = new BoundedMap(limit);
  }

  get keys(): number {
    return this.counts.size;
  }

  evaluate(target: CallTarget): FaultAction {
    const key = countKeyOf(target);
    let failpoint = this.counts.get(key);
    if (!failpoint) {
      failpoint = this.template.fresh();
      this.counts.set(key, failpoint);
    }
    return failpoint.evaluate();
  }
}
