/** Precedence merge of layers, request <= limit validation, and Layer <-> ResourceInfo conversion. */
import { InvalidArgumentError } from '../core/errors.js';
import {
  EXTRA_KEYS,
  SCALAR_KEYS,
  emptyLayer,
  type ExtraKey,
  type Extras,
  type Found,
  type Layer,
  type OverheadInfo,
  type ResourceInfo,
  type ScalarKey,
} from './types.js';

type ExtraFound = { [K in ExtraKey]?: Found<Extras[K]> };

function copyExtra<K extends ExtraKey>(to: ExtraFound, from: ExtraFound, key: K): void {
  const found = from[key];
  if (found) to[key] = found;
}

/**
 * Merges layers given highest precedence first: for each key the first layer that mentions it wins, even when
 * it says "unlimited" (value null).
 */
export function mergeLayers(layers: readonly Layer[]): Layer {
  const out = emptyLayer();
  for (const layer of [...layers].reverse()) {
    Object.assign(out.scalars, layer.scalars);
    for (const key of EXTRA_KEYS) copyExtra(out.extras, layer.extras, key);
  }
  return out;
}

const PAIRS: readonly [request: ScalarKey, limit: ScalarKey][] = [
  ['cpu_request', 'cpu_limit'],
  ['memory_request', 'memory_limit'],
];

/** A request above its limit is an InvalidArgument naming the request's field (else the limit's). */
export function validateLayer(layer: Layer): void {
  for (const [reqKey, limKey] of PAIRS) {
    const req = layer.scalars[reqKey];
    const lim = layer.scalars[limKey];
    if (req?.value == null || lim?.value == null || req.value <= lim.value) continue;
    const field = req.field ?? lim.field ?? reqKey;
    throw new InvalidArgumentError(
      field,
      `${reqKey} ${req.value} (from ${req.source}) exceeds ${limKey} ${lim.value} (from ${lim.source})`,
    );
  }
}

export function layerToInfo(layer: Layer, overhead: OverheadInfo | null): ResourceInfo {
  const s = layer.scalars;
  const x = layer.extras;
  const v = (key: ScalarKey) => s[key]?.value ?? null;
  const ingress = v('network_bandwidth.ingress');
  const egress = v('network_bandwidth.egress');
  const sources: Record<string, string> = {};
  for (const key of SCALAR_KEYS) if (s[key]) sources[key] = s[key].source;
  for (const key of EXTRA_KEYS) if (x[key]) sources[key] = x[key].source;
  const info: ResourceInfo = {
    cpu_limit: v('cpu_limit'),
    cpu_request: v('cpu_request'),
    memory_limit: v('memory_limit'),
    memory_request: v('memory_request'),
    pid_limit: v('pid_limit'),
    storage_limit: v('storage_limit'),
    network_bandwidth: ingress === null && egress === null ? null : { ingress, egress },
    swap: v('swap'),
    oom_score_adj: v('oom_score_adj'),
    cpuset: x.cpuset?.value ?? null,
    hugepages: x.hugepages?.value ?? [],
    unified: x.unified?.value ?? {},
    overhead,
    sources,
  };
  if (x.block_io) info.block_io = x.block_io.value;
  if (x.network) info.network = x.network.value;
  if (x.rdma) info.rdma = x.rdma.value;
  return info;
}

/** Rebuilds a layer from a ResourceInfo (fields unknown: null), so it can be merged with an update. */
export function infoToLayer(info: ResourceInfo): Layer {
  const layer = emptyLayer();
  const values: Record<ScalarKey, number | null> = {
    cpu_limit: info.cpu_limit,
    cpu_request: info.cpu_request,
    memory_limit: info.memory_limit,
    memory_request: info.memory_request,
    pid_limit: info.pid_limit,
    storage_limit: info.storage_limit,
    'network_bandwidth.ingress': info.network_bandwidth?.ingress ?? null,
    'network_bandwidth.egress': info.network_bandwidth?.egress ?? null,
    swap: info.swap,
    oom_score_adj: info.oom_score_adj,
  };
  for (const key of SCALAR_KEYS) {
    const source = info.sources[key];
    if (source !== undefined) layer.scalars[key] = { value: values[key], source, field: null };
  }
  const extras: Partial<Extras> = {
    cpuset: info.cpuset ?? undefined,
    hugepages: info.hugepages,
    unified: info.unified,
    block_io: info.block_io,
    network: info.network,
    rdma: info.rdma,
  };
  for (const key of EXTRA_KEYS) {
    const source = info.sources[key];
    const value = extras[key];
    if (source !== undefined && value !== undefined)
      copyExtra(layer.extras, { [key]: { value, source, field: null } }, key);
  }
  return layer;
}
