/**
 * What the node offers, by Kubernetes resource name (`cpu` in cores, `memory` in bytes, ...): its capacity and
 * what of it is allocatable to pods. The metrics read it at each scrape; the daemon passes the simulated node's
 * (src/node/capacity-source.ts).
 */
export interface NodeCapacitySource {
  capacity(): Record<string, number>;
  allocatable(): Record<string, number>;
}
