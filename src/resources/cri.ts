/** Source 2: CRI `LinuxContainerResources` (PodSandboxConfig.linux.resources / .overhead). 0 means "not set". */
import { InvalidArgumentError } from '../core/errors.js';
import type { LinuxContainerResources } from '../generated/runtime/v1/api.js';
import { checkPageSize, cpuLimitFromQuota, sharesToCores, unifiedScalars } from './cgroup.js';
import { emptyLayer, type Layer, type OverheadInfo } from './types.js';

function int(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new InvalidArgumentError(field, `expected an integer, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** A byte count where -1 means "unlimited" (as in cgroups and OCI); any other negative value is an error. */
function bytesOrUnlimited(value: unknown, field: string): number {
  const bytes = int(value, field);
  if (bytes < -1)
    throw new InvalidArgumentError(field, `must be a byte count or -1 (unlimited), got ${bytes}`);
  return bytes;
}

/**
 * @param field dotted path of the message in the request, e.g. `options.linux.resources`
 * @param source prefix for `sources`, e.g. `linux.resources`
 */
export function parseCriResources(
  res: LinuxContainerResources | undefined,
  field: string,
  source: string,
): Layer {
  const layer = emptyLayer();
  if (!res) return layer;
  const s = layer.scalars;
  const f = (name: string) => `${field}.${name}`;
  const at = (name: string) => ({ source: `${source}.${name}`, field: f(name) });

  const quota = int(res.cpuQuota, f('cpu_quota'));
  const cpuLimit = cpuLimitFromQuota(
    quota,
    int(res.cpuPeriod, f('cpu_period')),
    f('cpu_quota'),
    at('cpu_quota').source,
  );
  if (cpuLimit) s.cpu_limit = cpuLimit;

  const shares = int(res.cpuShares, f('cpu_shares'));
  if (shares < 0) throw new InvalidArgumentError(f('cpu_shares'), `must not be negative, got ${shares}`);
  if (shares > 0) s.cpu_request = { value: sharesToCores(shares), ...at('cpu_shares') };

  const memory = bytesOrUnlimited(res.memoryLimitInBytes, f('memory_limit_in_bytes'));
  if (memory !== 0) s.memory_limit = { value: memory > 0 ? memory : null, ...at('memory_limit_in_bytes') };

  const swap = bytesOrUnlimited(res.memorySwapLimitInBytes, f('memory_swap_limit_in_bytes'));
  if (swap !== 0) s.swap = { value: swap > 0 ? swap : null, ...at('memory_swap_limit_in_bytes') };

  const oom = int(res.oomScoreAdj, f('oom_score_adj'));
  if (oom < -1000 || oom > 1000)
    throw new InvalidArgumentError(f('oom_score_adj'), `must be in -1000..1000, got ${oom}`);
  if (oom !== 0) s.oom_score_adj = { value: oom, ...at('oom_score_adj') };

  if (res.cpusetCpus || res.cpusetMems) {
    const value = { cpus: res.cpusetCpus || null, mems: res.cpusetMems || null };
    layer.extras.cpuset = { value, source: `${source}.cpuset`, field: f('cpuset_cpus') };
  }

  const hugepages = (res.hugepageLimits ?? []).map((h, i) => {
    checkPageSize(h.pageSize, f(`hugepage_limits[${i}].page_size`));
    return { page_size: h.pageSize, limit: int(h.limit, f(`hugepage_limits[${i}].limit`)) };
  });
  if (hugepages.length > 0) layer.extras.hugepages = { value: hugepages, ...at('hugepage_limits') };

  const unified = { ...res.unified };
  if (Object.keys(unified).length > 0) {
    layer.extras.unified = { value: unified, ...at('unified') };
    Object.assign(s, unifiedScalars(unified, f('unified'), `${source}.unified`));
  }
  return layer;
}

/** `linux.overhead` -> the three numbers kubelet puts there (pod.spec.overhead), or null when none. */
export function parseCriOverhead(
  res: LinuxContainerResources | undefined,
  field: string,
): OverheadInfo | null {
  const { scalars } = parseCriResources(res, field, 'linux.overhead');
  const overhead: OverheadInfo = {
    cpu_limit: scalars.cpu_limit?.value ?? null,
    cpu_request: scalars.cpu_request?.value ?? null,
    memory_limit: scalars.memory_limit?.value ?? null,
  };
  return Object.values(overhead).some((v) => v !== null) ? overhead : null;
}
