/** Shape checks for untrusted OCI `linux.resources` JSON; returns the typed value or throws InvalidArgument. */
import { Reader, asObject, checkString } from './json.js';
import type {
  OciLinuxBlockIO,
  OciLinuxCPU,
  OciLinuxMemory,
  OciLinuxNetwork,
  OciLinuxResources,
  OciLinuxThrottleDevice,
} from './oci-types.js';

/** Drops undefined members so the typed result mirrors the input JSON. */
function compact<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

function memory(r: Reader): OciLinuxMemory {
  return compact({
    limit: r.int('limit', 'int64'),
    reservation: r.int('reservation', 'int64'),
    swap: r.int('swap', 'int64'),
    kernel: r.int('kernel', 'int64'),
    kernelTCP: r.int('kernelTCP', 'int64'),
    swappiness: r.int('swappiness', 'uint64'),
    disableOOMKiller: r.bool('disableOOMKiller'),
    useHierarchy: r.bool('useHierarchy'),
    checkBeforeUpdate: r.bool('checkBeforeUpdate'),
  });
}

function cpu(r: Reader): OciLinuxCPU {
  return compact({
    shares: r.int('shares', 'uint64'),
    quota: r.int('quota', 'int64'),
    burst: r.int('burst', 'uint64'),
    period: r.int('period', 'uint64'),
    realtimeRuntime: r.int('realtimeRuntime', 'int64'),
    realtimePeriod: r.int('realtimePeriod', 'uint64'),
    cpus: r.str('cpus'),
    mems: r.str('mems'),
    idle: r.int('idle', 'int64'),
  });
}

const device = (d: Reader) => ({ major: d.int('major', 'int64') ?? 0, minor: d.int('minor', 'int64') ?? 0 });

function throttle(r: Reader, key: string): OciLinuxThrottleDevice[] | undefined {
  return r.objects(key)?.map((d) => ({ ...device(d), rate: d.int('rate', 'uint64') ?? 0 }));
}

function blockIO(r: Reader): OciLinuxBlockIO {
  return compact({
    weight: r.int('weight', 'uint16'),
    leafWeight: r.int('leafWeight', 'uint16'),
    weightDevice: r.objects('weightDevice')?.map((d) =>
      compact({
        ...device(d),
        weight: d.int('weight', 'uint16'),
        leafWeight: d.int('leafWeight', 'uint16'),
      }),
    ),
    throttleReadBpsDevice: throttle(r, 'throttleReadBpsDevice'),
    throttleWriteBpsDevice: throttle(r, 'throttleWriteBpsDevice'),
    throttleReadIOPSDevice: throttle(r, 'throttleReadIOPSDevice'),
    throttleWriteIOPSDevice: throttle(r, 'throttleWriteIOPSDevice'),
  });
}

function network(r: Reader): OciLinuxNetwork {
  const priorities = r.objects('priorities')?.map((p) => ({
    name: p.str('name') ?? '',
    priority: p.int('priority', 'uint32') ?? 0,
  }));
  return compact({ classID: r.int('classID', 'uint32'), priorities });
}

/**
 * Validates OCI `linux.resources`. `field` is its dotted path, e.g. `spec.linux.resources`.
 * Returns undefined for undefined/null.
 */
export function validateOciResources(value: unknown, field: string): OciLinuxResources | undefined {
  const obj = asObject(value, field);
  if (!obj) return undefined;
  const r = new Reader(obj, field);
  return compact({
    devices: r.array('devices'),
    memory: r.with('memory', memory),
    cpu: r.with('cpu', cpu),
    pids: r.with('pids', (p) => compact({ limit: p.int('limit', 'int64') })),
    blockIO: r.with('blockIO', blockIO),
    hugepageLimits: r.objects('hugepageLimits')?.map((h) => ({
      pageSize: h.str('pageSize') ?? '',
      limit: h.int('limit', 'uint64') ?? 0,
    })),
    network: r.with('network', network),
    rdma: r.map('rdma', (v, f) => {
      const d = new Reader(asObject(v, f) ?? {}, f);
      return compact({
        hcaHandles: d.int('hcaHandles', 'uint32'),
        hcaObjects: d.int('hcaObjects', 'uint32'),
      });
    }),
    unified: r.map('unified', checkString),
  });
}
