import os from 'node:os';

/**
 * What the node offers, by Kubernetes resource name (`cpu` in cores, `memory` in bytes, ...): its capacity and
 * what of it is allocatable to pods. The metrics read it at each scrape.
 */
export interface NodeCapacitySource {
  capacity(): Record<string, number>;
  allocatable(): Record<string, number>;
}

/**
 * The host's own CPUs and memory, all of it allocatable: a stand-in until the daemon keeps a node capacity of its
 * own (configured, with reservations), which then implements NodeCapacitySource in its place.
 */
export class HostCapacity implements NodeCapacitySource {
  capacity(): Record<string, number> {
    return { cpu: os.cpus().length, memory: os.totalmem() };
  }

  allocatable(): Record<string, number> {
    return this.capacity();
  }
}
