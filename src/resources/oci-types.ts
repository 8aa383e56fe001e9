/**
 * OCI runtime-spec v1.3.0 `linux.resources` (specs-go/config.go LinuxResources), as JSON. Only the fields
 * ResourceSlot reads are typed precisely; everything is optional, as in the spec.
 */

export interface OciLinuxMemory {
  limit?: number;
  reservation?: number;
  /** memory + swap */
  swap?: number;
  kernel?: number;
  kernelTCP?: number;
  swappiness?: number;
  disableOOMKiller?: boolean;
  useHierarchy?: boolean;
  checkBeforeUpdate?: boolean;
}

export interface OciLinuxCPU {
  shares?: number;
  quota?: number;
  burst?: number;
  period?: number;
  realtimeRuntime?: number;
  realtimePeriod?: number;
  cpus?: string;
  mems?: string;
  idle?: number;
}

export interface OciLinuxPids {
  /** `*int64` in 1.3.0 (null allowed), plain int64 before */
  limit?: number | null;
}

export interface OciLinuxWeightDevice {
  major: number;
  minor: number;
  weight?: number;
  leafWeight?: number;
}

export interface OciLinuxThrottleDevice {
  major: number;
  minor: number;
  rate: number;
}

export interface OciLinuxBlockIO {
  weight?: number;
  leafWeight?: number;
  weightDevice?: OciLinuxWeightDevice[];
  throttleReadBpsDevice?: OciLinuxThrottleDevice[];
  throttleWriteBpsDevice?: OciLinuxThrottleDevice[];
  throttleReadIOPSDevice?: OciLinuxThrottleDevice[];
  throttleWriteIOPSDevice?: OciLinuxThrottleDevice[];
}

export interface OciLinuxHugepageLimit {
  pageSize: string;
  limit: number;
}

export interface OciLinuxInterfacePriority {
  name: string;
  priority: number;
}

export interface OciLinuxNetwork {
  classID?: number;
  priorities?: OciLinuxInterfacePriority[];
}

export interface OciLinuxRdma {
  hcaHandles?: number;
  hcaObjects?: number;
}

export interface OciLinuxResources {
  /** device cgroup rules; not interpreted */
  devices?: unknown[];
  memory?: OciLinuxMemory;
  cpu?: OciLinuxCPU;
  pids?: OciLinuxPids;
  blockIO?: OciLinuxBlockIO;
  hugepageLimits?: OciLinuxHugepageLimit[];
  network?: OciLinuxNetwork;
  rdma?: Record<string, OciLinuxRdma>;
  unified?: Record<string, string>;
}
