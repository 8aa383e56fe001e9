import type { CreateTaskCommand } from '../../machines/supervisor.machine.js';
import type { JsonObject } from '../core/json.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { CreateTaskRequest, ExecProcessRequest } from '../generated/containerd/runtime/task/v3/shim.js';
import { Mount } from '../generated/containerd/types/mount.js';
import type { Any } from '../generated/google/protobuf/any.js';
import { sharedString, shareStrings } from '../memory/shared-strings.js';
import { applyLinuxResourcesUpdate, extractContainerResources } from '../resources/index.js';
import { validateOciResources } from '../resources/oci-validate.js';
import type { ResourceInfo } from '../resources/types.js';
import { validateId } from '../sandbox/ids.js';
import { checkStringMap } from '../sandbox/limits.js';
import { protoJson, protoJsonObject } from '../sandbox/json.js';
import { validateShimFailpoints } from '../faults/annotation-faults.js';
import { readBundle, type BundleSpec } from './bundle.js';
import { criContainerInfo, resolveSandboxId } from './cri-annotations.js';

export const LINUX_RESOURCES_TYPE_URL = 'types.containerd.io/opencontainers/runtime-spec/1/LinuxResources';

const bundles = new WeakMap<CreateTaskRequest, Promise<BundleSpec>>();

/**
 * The bundle a task Create names, read once per call: fault injection looks at its annotations before the call's
 * work reads it (src/transport/call-targets.ts).
 */
export function bundleOfRequest(request: CreateTaskRequest): Promise<BundleSpec> {
  let read = bundles.get(request);
  if (!read) {
    read = readBundle(request.bundle);
    bundles.set(request, read);
  }
  return read;
}

/**
 * Validates a task Create and turns it into what the supervisor stores: the OCI spec is read from
 * `<bundle>/config.json` (containerd writes it there), the sandbox comes from the CRI annotation or `<bundle>/sandbox`.
 * The request's `options` (containerd.runc.v1.Options on containerd <= 2.3) is ignored: nothing runs.
 */
export async function createTaskCommandFrom(request: CreateTaskRequest): Promise<CreateTaskCommand> {
  const containerId = validateId(request.id, 'id');
  const bundle = await bundleOfRequest(request);
  checkStringMap(bundle.annotations, 'bundle/config.json.annotations');
  validateShimFailpoints(bundle.annotations);
  const sandboxId = resolveSandboxId({
    annotations: bundle.annotations,
    sandboxIdFile: bundle.sandboxIdFile,
  });
  const resources = extractContainerResources({ spec: bundle.spec, fieldPrefix: 'bundle/config.json' });
  const record: JsonObject = {
    bundle: request.bundle,
    rootfs: request.rootfs.map((mount) => protoJson(Mount.toJSON(mount))),
    terminal: request.terminal,
    stdin: request.stdin,
    stdout: request.stdout,
    stderr: request.stderr,
    cri: protoJsonObject(criContainerInfo(bundle.annotations)),
    annotations: bundle.annotations,
  };
  return {
    containerId,
    sandboxId: sharedString(sandboxId),
    record: shareStrings(record),
    resources: protoJsonObject(resources),
  };
}

function jsonOf(any: Any | undefined, field: string): unknown {
  if (!any) throw new InvalidArgumentError(field, 'is required');
  try {
    return JSON.parse(Buffer.from(any.value).toString('utf8')) as unknown;
  } catch (error) {
    throw new InvalidArgumentError(`${field}.value`, `invalid JSON: ${(error as Error).message}`);
  }
}

export function execRecordFrom(request: ExecProcessRequest): JsonObject {
  validateId(request.execId, 'exec_id');
  return {
    terminal: request.terminal,
    stdin: request.stdin,
    stdout: request.stdout,
    stderr: request.stderr,
    spec: request.spec ? protoJson(jsonOf(request.spec, 'spec')) : null,
  };
}

/**
 * containerd's task Update carries OCI LinuxResources as JSON. It is checked here, so a malformed update is refused
 * before it reaches the supervisor, and travels as data; `applyResourcesUpdate` merges it.
 */
export function resourcesUpdateFrom(resources: Any | undefined): JsonObject {
  if (resources && resources.typeUrl !== LINUX_RESOURCES_TYPE_URL) {
    throw new InvalidArgumentError(
      'resources.type_url',
      `${JSON.stringify(resources.typeUrl)} is not supported; expected ${LINUX_RESOURCES_TYPE_URL}`,
    );
  }
  const update = jsonOf(resources, 'resources');
  validateOciResources(update, 'resources');
  return protoJsonObject(update);
}

/** A container's ResourceInfo after a checked task Update; throws InvalidArgumentError if the merge is invalid. */
export function applyResourcesUpdate(current: JsonObject, update: JsonObject): JsonObject {
  return protoJsonObject(applyLinuxResourcesUpdate(current as unknown as ResourceInfo, update, 'resources'));
}
