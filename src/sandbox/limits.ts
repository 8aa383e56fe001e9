import { InvalidArgumentError } from '../core/errors.js';
import type { PodSandboxConfig } from '../generated/runtime/v1/api.js';

/** Kubernetes caps a pod's annotations at 256 KiB in total; we hold every string map to the same bound. */
export const MAX_MAP_BYTES = 256 * 1024;

export function checkStringMap(map: Record<string, string> | undefined, field: string): void {
  if (!map) return;
  let bytes = 0;
  for (const [key, value] of Object.entries(map)) {
    bytes += Buffer.byteLength(key) + Buffer.byteLength(value);
    if (bytes > MAX_MAP_BYTES) {
      throw new InvalidArgumentError(
        field,
        `${Object.keys(map).length} entries exceed the ${MAX_MAP_BYTES}-byte total size allowed (Kubernetes' annotation limit)`,
      );
    }
  }
}

/** ts-proto keeps an unknown enum number as is; the CRI enums we store must be ones Kubernetes defines. */
function checkEnum(value: number | undefined, max: number, field: string): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0 || value > max)) {
    throw new InvalidArgumentError(field, `unknown enum value ${value} (0..${max} are defined)`);
  }
}

const NAMESPACE_MODE_MAX = 3;
const PROTOCOL_MAX = 2;

export function checkPodSandboxConfig(config: PodSandboxConfig): void {
  checkStringMap(config.annotations, 'options.annotations');
  checkStringMap(config.labels, 'options.labels');
  const namespaces = config.linux?.securityContext?.namespaceOptions;
  for (const kind of ['network', 'pid', 'ipc'] as const) {
    checkEnum(
      namespaces?.[kind],
      NAMESPACE_MODE_MAX,
      `options.linux.security_context.namespace_options.${kind}`,
    );
  }
  config.portMappings.forEach((mapping, index) =>
    checkEnum(mapping.protocol, PROTOCOL_MAX, `options.port_mappings[${index}].protocol`),
  );
}
