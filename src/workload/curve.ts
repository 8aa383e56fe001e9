/**
 * A compiled profile: its value at t and the three integrals the CPU accounting needs, each from 0 to t seconds.
 * The cap (the CPU limit in cores, or Infinity for none) is fixed when compiling, so a curve can precompute what
 * depends on it. Every method returns a plain number and allocates nothing.
 */
export interface Curve {
  /** The value at t. */
  at(t: number): number;
  /** ∫₀ᵗ value. */
  integral(t: number): number;
  /** ∫₀ᵗ (value − cap) where positive. */
  excess(t: number): number;
  /** How long, within [0, t], the value was above the cap. */
  timeOver(t: number): number;
}
