import path from 'node:path';
import type { LinuxContainerResources } from '../generated/runtime/v1/api.js';
import type { Sandbox } from '../generated/resourceslot/v1/inspect.js';
import type { JsonMap } from './config-file.js';
import type { ContainerConfig } from './container-config.js';
import {
  DEFAULT_MASKED_PATHS,
  DEFAULT_MOUNTS,
  DEFAULT_READONLY_PATHS,
  DEFAULT_UNIX_CAPABILITIES,
} from './oci-defaults.js';

/** containerd's default PATH for a container whose image sets none (ResourceSlot has no images). */
const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The OCI runtime spec containerd's CRI plugin would write to `<bundle>/config.json` for this container
 * (internal/cri/server/container_create_linux.go): the default unix spec, the process from the config, the
 * container's linux.resources as OCI LinuxResources, and CRI's annotations. There is no image, so the process is
 * command + args only. The container's own annotations are passed through (as with `container_annotations =
 * ["*"]` in containerd's runtime config), so resource annotations reach the daemon.
 */
export function containerSpec(config: ContainerConfig, sandbox: Sandbox, containerId: string): JsonMap {
  const podConfig = (sandbox.config ?? {}) as JsonMap;
  const podLinux = (podConfig['linux'] ?? {}) as JsonMap;
  const cgroupParent = typeof podLinux['cgroupParent'] === 'string' ? podLinux['cgroupParent'] : '';
  const oomScoreAdj = config.resources?.oomScoreAdj ?? 0;
  return {
    ociVersion: '1.1.0',
    process: {
      terminal: config.tty,
      user: { uid: config.runAsUser ?? 0, gid: 0 },
      args: [...config.command, ...config.args],
      env: [DEFAULT_PATH, ...config.envs.map(({ key, value }) => `${key}=${value}`)],
      cwd: config.workingDir || '/',
      capabilities: Object.fromEntries(
        ['bounding', 'effective', 'permitted'].map((set) => [set, [...DEFAULT_UNIX_CAPABILITIES]]),
      ),
      noNewPrivileges: false,
      ...(oomScoreAdj !== 0 ? { oomScoreAdj } : {}),
    },
    root: { path: 'rootfs', readonly: config.readonlyRootfs },
    hostname: typeof podConfig['hostname'] === 'string' ? podConfig['hostname'] : '',
    mounts: [
      ...DEFAULT_MOUNTS,
      ...config.mounts.map((mount) => ({
        destination: mount.containerPath,
        type: 'bind',
        source: mount.hostPath,
        options: ['rbind', 'rprivate', mount.readonly ? 'ro' : 'rw'],
      })),
    ],
    annotations: {
      ...config.annotations,
      'io.kubernetes.cri.container-type': 'container',
      'io.kubernetes.cri.container-name': config.name,
      'io.kubernetes.cri.image-name': config.image,
      'io.kubernetes.cri.sandbox-id': sandbox.id,
      'io.kubernetes.cri.sandbox-name': sandbox.name,
      'io.kubernetes.cri.sandbox-namespace': sandbox.namespace,
      'io.kubernetes.cri.sandbox-uid': sandbox.uid,
    },
    linux: {
      resources: ociResources(config.resources),
      cgroupsPath: path.posix.join(cgroupParent, containerId),
      // No paths: there is no sandbox process whose namespaces a ResourceSlot container could join.
      namespaces: ['pid', 'ipc', 'uts', 'mount', 'network'].map((type) => ({ type })),
      maskedPaths: [...DEFAULT_MASKED_PATHS],
      readonlyPaths: [...DEFAULT_READONLY_PATHS],
    },
  };
}

/**
 * CRI LinuxContainerResources → OCI LinuxResources, as containerd's `WithResources` does: a 0 or empty CRI value
 * means "not set" and is left out.
 */
export function ociResources(resources: LinuxContainerResources | undefined): JsonMap {
  const oci: JsonMap = { devices: [{ allow: false, access: 'rwm' }] };
  if (!resources) return oci;
  const cpu = definedOnly({
    shares: resources.cpuShares || undefined,
    quota: resources.cpuQuota || undefined,
    period: resources.cpuPeriod || undefined,
    cpus: resources.cpusetCpus || undefined,
    mems: resources.cpusetMems || undefined,
  });
  const memory = definedOnly({
    limit: resources.memoryLimitInBytes || undefined,
    swap: resources.memorySwapLimitInBytes || undefined,
  });
  if (Object.keys(cpu).length > 0) oci['cpu'] = cpu;
  if (Object.keys(memory).length > 0) oci['memory'] = memory;
  if (resources.hugepageLimits.length > 0) {
    oci['hugepageLimits'] = resources.hugepageLimits.map(({ pageSize, limit }) => ({ pageSize, limit }));
  }
  if (Object.keys(resources.unified).length > 0) oci['unified'] = { ...resources.unified };
  return oci;
}

function definedOnly(values: JsonMap): JsonMap {
  return Object.fromEntries(Object.entries(values).filter(([, value]) => value !== undefined));
}
