/** Output shapes (written as JSON, hence snake_case) and the per-source "layer" the parsers produce. */

export interface NetworkBandwidth {
  /** bits per second, or null when only the other direction is set */
  ingress: number | null;
  egress: number | null;
}

export interface CpusetInfo {
  cpus: string | null;
  mems: string | null;
}

export interface HugepageInfo {
  /** as given, e.g. "2MB" (base 1024) */
  page_size: string;
  /** bytes */
  limit: number;
}

export interface OverheadInfo {
  cpu_limit: number | null;
  cpu_request: number | null;
  memory_limit: number | null;
}

export interface DeviceWeight {
  major: number;
  minor: number;
  weight: number | null;
  leaf_weight: number | null;
}

export interface DeviceRate {
  major: number;
  minor: number;
  rate: number;
}

export interface BlockIOInfo {
  weight: number | null;
  leaf_weight: number | null;
  weight_device: DeviceWeight[];
  throttle_read_bps_device: DeviceRate[];
  throttle_write_bps_device: DeviceRate[];
  throttle_read_iops_device: DeviceRate[];
  throttle_write_iops_device: DeviceRate[];
}

export interface NetworkInfo {
  class_id: number | null;
  priorities: { name: string; priority: number }[];
}

export interface RdmaInfo {
  hca_handles: number | null;
  hca_objects: number | null;
}

export interface ResourceInfo {
  /** cores (decimal) */
  cpu_limit: number | null;
  cpu_request: number | null;
  /** bytes */
  memory_limit: number | null;
  memory_request: number | null;
  pid_limit: number | null;
  /** bytes (ephemeral storage) */
  storage_limit: number | null;
  /** null when neither direction is set */
  network_bandwidth: NetworkBandwidth | null;
  /** bytes, memory + swap (cgroup v1 / OCI semantics) */
  swap: number | null;
  oom_score_adj: number | null;
  cpuset: CpusetInfo | null;
  hugepages: HugepageInfo[];
  /** raw cgroup v2 keys */
  unified: Record<string, string>;
  /** PodSandboxConfig.linux.overhead (sandbox only), added into pod totals */
  overhead: OverheadInfo | null;
  /** key (e.g. "cpu_limit", "network_bandwidth.ingress", "hugepages") -> where the value came from */
  sources: Record<string, string>;
  block_io?: BlockIOInfo;
  network?: NetworkInfo;
  rdma?: Record<string, RdmaInfo>;
}

export type TotalKey =
  'cpu_limit' | 'cpu_request' | 'memory_limit' | 'memory_request' | 'pid_limit' | 'storage_limit';

export type Totals = Record<TotalKey, number | null> & {
  /** key -> "sandbox" | "containers", with "+overhead" when overhead was added */
  sources: Partial<Record<TotalKey, string>>;
};

export type ScalarKey =
  | 'cpu_limit'
  | 'cpu_request'
  | 'memory_limit'
  | 'memory_request'
  | 'pid_limit'
  | 'storage_limit'
  | 'network_bandwidth.ingress'
  | 'network_bandwidth.egress'
  | 'swap'
  | 'oom_score_adj';

export const SCALAR_KEYS: readonly ScalarKey[] = [
  'cpu_limit',
  'cpu_request',
  'memory_limit',
  'memory_request',
  'pid_limit',
  'storage_limit',
  'network_bandwidth.ingress',
  'network_bandwidth.egress',
  'swap',
  'oom_score_adj',
];

/**
 * A value found in one input. `value: null` means the input explicitly said "no limit" (e.g. quota -1,
 * `memory.max: max`). `field` names the input for error messages (null when restored from a ResourceInfo).
 */
export interface Found<T> {
  readonly value: T;
  readonly source: string;
  readonly field: string | null;
}

export interface Extras {
  cpuset: CpusetInfo;
  hugepages: HugepageInfo[];
  unified: Record<string, string>;
  block_io: BlockIOInfo;
  network: NetworkInfo;
  rdma: Record<string, RdmaInfo>;
}

export type ExtraKey = keyof Extras;
export const EXTRA_KEYS: readonly ExtraKey[] = [
  'cpuset',
  'hugepages',
  'unified',
  'block_io',
  'network',
  'rdma',
];

/** What one source contributes; absent keys were not mentioned by that source. */
export interface Layer {
  scalars: Partial<Record<ScalarKey, Found<number | null>>>;
  extras: { [K in ExtraKey]?: Found<Extras[K]> };
}

export const emptyLayer = (): Layer => ({ scalars: {}, extras: {} });
