/** What every cost leaves out, said with each answer (docs/planning.md, "What cost does not know"). */
export const COST_NOTES: readonly string[] = [
  'Pods and containers deleted before now are not known to the daemon: their cost is not included.',
  "Usage is the workload model's, with each container's resources and profile as they are now, over the part of the window it ran.",
  "Idle assumes the node's allocatable over the whole window; it is allocatable minus requests, so pods using more than they request can make allocated + idle exceed allocatable.",
];
