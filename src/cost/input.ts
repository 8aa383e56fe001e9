/** What a cost is computed from: plain amounts over spans of time, gathered from the actors by the daemon. */

/** Epoch milliseconds, start ≤ end. */
export interface Span {
  start: number;
  end: number;
}

/** Resource name → amount in the unit prices are per (src/cost/units.ts): cores, GiB, units. */
export type Amounts = ReadonlyMap<string, number>;

export interface ContainerInput {
  id: string;
  /** CRI's container name; "(pod)" for what the pod holds beyond its containers. */
  name: string;
  span: Span;
  /** Held over the whole span. */
  requested: Amounts;
  /** The usage model's averages over the span. */
  used: Amounts;
}

export interface PodInput {
  sandboxId: string;
  name: string;
  namespace: string;
  span: Span;
  containers: ContainerInput[];
}

export interface CostInput {
  window: Span;
  /** The node's allocatable over the whole window (pods, a count, is never priced). */
  allocatable: Amounts;
  pods: PodInput[];
}
