/** Source 3: OCI runtime-spec `linux.resources` (container config.json, or a task Update's LinuxResources). */
import { checkPageSize, cpuLimitFromQuota, sharesToCores, unifiedScalars } from './cgroup.js';
import type { OciLinuxBlockIO, OciLinuxResources, OciLinuxThrottleDevice } from './oci-types.js';
import { validateOciResources } from './oci-validate.js';
import { emptyLayer, type BlockIOInfo, type Found, type Layer } from './types.js';

/** > 0: the value; < 0: explicitly unlimited (-1 in OCI); 0 or absent: not set. */
function limit(v: number | null | undefined, where: { source: string; field: string }) {
  if (v === undefined || v === null || v === 0) return undefined;
  return { value: v > 0 ? v : null, ...where };
}

const rates = (list: OciLinuxThrottleDevice[] | undefined) =>
  (list ?? []).map(({ major, minor, rate }) => ({ major, minor, rate }));

function blockIO(b: OciLinuxBlockIO): BlockIOInfo {
  return {
    weight: b.weight ?? null,
    leaf_weight: b.leafWeight ?? null,
    weight_device: (b.weightDevice ?? []).map((d) => ({
      major: d.major,
      minor: d.minor,
      weight: d.weight ?? null,
      leaf_weight: d.leafWeight ?? null,
    })),
    throttle_read_bps_device: rates(b.throttleReadBpsDevice),
    throttle_write_bps_device: rates(b.throttleWriteBpsDevice),
    throttle_read_iops_device: rates(b.throttleReadIOPSDevice),
    throttle_write_iops_device: rates(b.throttleWriteIOPSDevice),
  };
}

/** Converts validated OCI resources into a layer. */
export function ociLayer(res: OciLinuxResources | undefined, field: string, source: string): Layer {
  const layer = emptyLayer();
  if (!res) return layer;
  const s = layer.scalars;
  const x = layer.extras;
  const at = (name: string) => ({ source: `${source}.${name}`, field: `${field}.${name}` });
  const set = <K extends keyof Layer['scalars']>(key: K, found: Found<number | null> | undefined) => {
    if (found) s[key] = found;
  };
  const { cpu, memory } = res;

  if (cpu?.shares) s.cpu_request = { value: sharesToCores(cpu.shares), ...at('cpu.shares') };
  set(
    'cpu_limit',
    cpuLimitFromQuota(cpu?.quota ?? 0, cpu?.period ?? 0, at('cpu.quota').field, at('cpu.quota').source),
  );
  if (cpu?.cpus || cpu?.mems) {
    x.cpuset = { value: { cpus: cpu.cpus || null, mems: cpu.mems || null }, ...at('cpu.cpus') };
  }
  set('memory_limit', limit(memory?.limit, at('memory.limit')));
  set('memory_request', limit(memory?.reservation, at('memory.reservation')));
  set('swap', limit(memory?.swap, at('memory.swap')));
  set('pid_limit', limit(res.pids?.limit, at('pids.limit')));

  const hugepages = (res.hugepageLimits ?? []).map((h, i) => {
    checkPageSize(h.pageSize, `${field}.hugepageLimits[${i}].pageSize`);
    return { page_size: h.pageSize, limit: h.limit };
  });
  if (hugepages.length > 0) x.hugepages = { value: hugepages, ...at('hugepageLimits') };
  if (res.blockIO && Object.keys(res.blockIO).length > 0)
    x.block_io = { value: blockIO(res.blockIO), ...at('blockIO') };
  if (res.network && Object.keys(res.network).length > 0) {
    const value = { class_id: res.network.classID ?? null, priorities: res.network.priorities ?? [] };
    x.network = { value, ...at('network') };
  }
  if (res.rdma && Object.keys(res.rdma).length > 0) {
    const value = Object.fromEntries(
      Object.entries(res.rdma).map(([dev, r]) => [
        dev,
        { hca_handles: r.hcaHandles ?? null, hca_objects: r.hcaObjects ?? null },
      ]),
    );
    x.rdma = { value, ...at('rdma') };
  }
  if (res.unified && Object.keys(res.unified).length > 0) {
    x.unified = { value: { ...res.unified }, ...at('unified') };
    Object.assign(s, unifiedScalars(res.unified, `${field}.unified`, `${source}.unified`));
  }
  return layer;
}

/** Validates untrusted OCI `linux.resources` JSON at `field` and converts it into a layer. */
export function parseOciResources(value: unknown, field: string, source: string): Layer {
  return ociLayer(validateOciResources(value, field), field, source);
}
