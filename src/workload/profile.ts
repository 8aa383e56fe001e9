/**
 * The profiles a usage can follow, as parsed from an annotation: plain data, each a function of the time since
 * the container started (seconds). Values are CPU cores or memory bytes; the profile does not know which.
 */

export interface ConstantProfile {
  kind: 'constant';
  value: number;
}

/** from + perSecond·t, held at max once reached (perSecond ≥ 0). */
export interface LinearProfile {
  kind: 'linear';
  from: number;
  perSecond: number;
  max: number;
}

/** Between min and max; the phase shifts the curve earlier (the value at t is the wave at t + phase). */
export interface PeriodicProfile {
  kind: 'sine' | 'square';
  min: number;
  max: number;
  period: number;
  phase: number;
}

/** Starts at start; every `every` seconds moves by a uniform amount in [−step, step], clamped to [min, max]. */
export interface RandomWalkProfile {
  kind: 'randomwalk';
  start: number;
  step: number;
  every: number;
  min: number;
  max: number;
  seed: number;
}

/** values[i] from times[i] until times[i+1]; times strictly increase from 0. */
export interface StepsProfile {
  kind: 'steps';
  times: number[];
  values: number[];
}

export type Profile = ConstantProfile | LinearProfile | PeriodicProfile | RandomWalkProfile | StepsProfile;
