import type { JsonObject, JsonValue } from '../core/json.js';
import type { CreateSandboxCommand } from '../../machines/supervisor.machine.js';
import { InvalidArgumentError } from '../core/errors.js';
import { Mount } from '../generated/containerd/types/mount.js';
import { Sandbox } from '../generated/containerd/types/sandbox.js';
import type { ControllerCreateRequest } from '../generated/containerd/services/sandbox/v1/sandbox.js';
import type { Any } from '../generated/google/protobuf/any.js';
import { PodSandboxConfig } from '../generated/runtime/v1/api.js';
import { sharedString, shareStrings } from '../memory/shared-strings.js';
import { extractSandboxResources } from '../resources/index.js';
import { validateExitAnnotations } from '../exits/script.js';
import { validateKwokChaos } from '../exits/kwok-chaos.js';
import { validatePodFailpoints } from '../faults/annotation-faults.js';
import { sandboxDeathFor } from '../exits/sandbox-death.js';
import { validateUsageAnnotations } from '../workload/index.js';
import { isIdentifier, validateId } from './ids.js';
import { checkPodSandboxConfig, checkStringMap } from './limits.js';
import { protoJson, protoJsonObject } from './json.js';

/** What a sandbox keeps from its Create request (and later Updates), in JSON form so it persists as is. */
export interface SandboxRecord extends JsonObject {
  sandboxer: string;
  netns_path: string;
  rootfs: JsonValue[];
  annotations: { [key: string]: string };
  options_type_url: string | null;
  /** The decoded runtime.v1.PodSandboxConfig, in proto3 JSON form. */
  config: JsonObject;
  /** containerd's sandbox record (containerd.types.Sandbox), extensions included, in proto3 JSON form. */
  sandbox: JsonObject | null;
  // `containerd_namespace` (a string, optional: see recordedNamespaceOf) is not declared here: the index type of
  // JsonObject admits no optional member.
}

/** containerd sends the bare message name; other clients use the conventional prefix. */
export const POD_SANDBOX_CONFIG_TYPE_URLS = [
  'runtime.v1.PodSandboxConfig',
  'type.googleapis.com/runtime.v1.PodSandboxConfig',
];

export function decodePodSandboxConfig(options: Any | undefined): PodSandboxConfig | null {
  if (!options) return null;
  if (!POD_SANDBOX_CONFIG_TYPE_URLS.includes(options.typeUrl)) {
    throw new InvalidArgumentError(
      'options.type_url',
      `${JSON.stringify(options.typeUrl)} is not supported; expected ${POD_SANDBOX_CONFIG_TYPE_URLS[0]}`,
    );
  }
  try {
    return PodSandboxConfig.decode(options.value);
  } catch (error) {
    throw new InvalidArgumentError(
      'options.value',
      `cannot decode runtime.v1.PodSandboxConfig: ${(error as Error).message}`,
    );
  }
}

/** The Create call's `containerd-namespace` header, if it is one containerd could have sent; else null. */
export function containerdNamespaceOf(header: unknown): string | null {
  const text = typeof header === 'string' ? header : Buffer.isBuffer(header) ? header.toString('utf8') : null;
  // containerd's namespaces follow its identifier rule (pkg/identifiers), as sandbox ids do.
  return text !== null && isIdentifier(text) ? text : null;
}

/**
 * The containerd namespace the sandbox lives in: the `containerd-namespace` header of its Create call (CRI's is
 * `k8s.io`), kept in its record as `containerd_namespace`; null when the call had none (a record written before it
 * was kept, or a client other than containerd).
 */
export function recordedNamespaceOf(record: JsonObject): string | null {
  const value = record.containerd_namespace;
  return typeof value === 'string' ? value : null;
}

/** Validates a Create request and turns it into what the supervisor stores. Throws before anything is written. */
export function createCommandFrom(
  request: ControllerCreateRequest,
  containerdNamespace: string | null = null,
): CreateSandboxCommand {
  const sandboxId = sharedString(validateId(request.sandboxId, 'sandbox_id'));
  if (request.sandbox && request.sandbox.sandboxId !== '' && request.sandbox.sandboxId !== sandboxId) {
    throw new InvalidArgumentError(
      'sandbox.sandbox_id',
      `${JSON.stringify(request.sandbox.sandboxId)} differs from sandbox_id ${JSON.stringify(sandboxId)}`,
    );
  }
  checkStringMap(request.annotations, 'annotations');
  checkStringMap(request.sandbox?.labels, 'sandbox.labels');
  const config = decodePodSandboxConfig(request.options);
  if (config) {
    checkPodSandboxConfig(config);
    // The usage model reads these later, at every Stats: a bad one is refused now, before anything exists.
    validateUsageAnnotations(config.annotations);
    validateExitAnnotations(config.annotations);
    validateKwokChaos(config.labels, config.annotations);
    validatePodFailpoints(config.annotations);
    sandboxDeathFor(config.annotations);
  }
  const resources = extractSandboxResources({
    config: config ?? undefined,
    annotations: request.annotations,
  });
  const record: SandboxRecord = {
    sandboxer: request.sandboxer,
    netns_path: request.netnsPath,
    rootfs: request.rootfs.map((mount) => protoJson(Mount.toJSON(mount))),
    annotations: { ...request.annotations },
    options_type_url: request.options?.typeUrl ?? null,
    config: config ? protoJsonObject(PodSandboxConfig.toJSON(config)) : {},
    sandbox: request.sandbox ? protoJsonObject(Sandbox.toJSON(request.sandbox)) : null,
    ...(containerdNamespace !== null ? { containerd_namespace: containerdNamespace } : {}),
  };
  return { sandboxId, record: shareStrings(record), resources: protoJsonObject(resources) };
}

export function recordOf(context: { record: JsonObject }): SandboxRecord {
  return context.record as SandboxRecord;
}

export function sandboxOf(record: SandboxRecord): Sandbox {
  return Sandbox.fromJSON(record.sandbox ?? {});
}

export function configOf(record: SandboxRecord): PodSandboxConfig {
  return PodSandboxConfig.fromJSON(record.config);
}
