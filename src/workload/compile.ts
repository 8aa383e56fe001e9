/** Turns a parsed profile into a curve for one workload and one cap. */
import type { Curve } from './curve.js';
import { linearCurve } from './linear.js';
import { periodicCurve } from './periodic.js';
import type { Profile } from './profile.js';
import { RandomWalkCurve } from './random-walk.js';
import { stepsCurve } from './steps.js';

export function constantCurve(value: number, cap: number): Curve {
  const over = Math.max(0, value - cap);
  const above = value > cap;
  return {
    at: () => value,
    integral: (t) => value * t,
    excess: (t) => over * t,
    timeOver: (t) => (above ? t : 0),
  };
}

/** A fresh curve for one workload: the random walk keeps a per-instance cache, so curves are never shared. */
export function compile(profile: Profile, cap: number, seedKey: number): Curve {
  switch (profile.kind) {
    case 'constant':
      return constantCurve(profile.value, cap);
    case 'linear':
      return linearCurve(profile, cap);
    case 'sine':
    case 'square':
      return periodicCurve(profile, cap);
    case 'steps':
      return stepsCurve(profile, cap);
    case 'randomwalk':
      return new RandomWalkCurve(profile, cap, seedKey);
  }
}
