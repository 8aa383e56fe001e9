import type { Registries } from '../../machines/registries.js';
import type { JsonObject, JsonValue } from '../core/json.js';
import {
  CONTAINER_NAME_ANNOTATION,
  criContainerNameOf,
  resolveSandboxId,
} from '../containers/cri-annotations.js';
import { bundleOfRequest } from '../containers/task-command.js';
import type { CallTarget, FaultService, PodIdentity } from '../faults/types.js';
import type { ControllerCreateRequest } from '../generated/containerd/services/sandbox/v1/sandbox.js';
import type { CreateTaskRequest } from '../generated/containerd/runtime/task/v3/shim.js';
import { decodePodSandboxConfig } from '../sandbox/record.js';

/** One call as fault injection sees it: its target, and the annotations faults can be declared in. */
export interface DescribedCall {
  target: CallTarget;
  /** The pod's annotations (kubelet copies them into the PodSandboxConfig); {} when unknown. */
  podAnnotations: Record<string, string>;
  /** The container's OCI spec annotations (containerd's test shim reads failpoints there); {} when unknown. */
  containerAnnotations: Record<string, string>;
}

const EMPTY: Record<string, string> = Object.freeze({}) as Record<string, string>;

const objectOf = (value: JsonValue | undefined): JsonObject =>
  value && typeof value === 'object' && !Array.isArray(value) ? value : {};

const stringsOf = (value: JsonValue | undefined): Record<string, string> => {
  const map: Record<string, string> = {};
  for (const [key, text] of Object.entries(objectOf(value))) if (typeof text === 'string') map[key] = text;
  return map;
};

/** The pod a stored PodSandboxConfig (proto3 JSON) describes, or null without metadata. */
function podOfConfig(config: JsonObject): PodIdentity | null {
  const metadata = objectOf(config.metadata);
  if (Object.keys(metadata).length === 0) return null;
  const text = (key: string): string => (typeof metadata[key] === 'string' ? metadata[key] : '');
  const attempt = metadata.attempt;
  return {
    namespace: text('namespace'),
    name: text('name'),
    uid: text('uid'),
    attempt: typeof attempt === 'number' ? attempt : 0,
  };
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** What a stored sandbox record tells fault selection: read once per record, not at every call. */
interface PodFacts {
  pod: PodIdentity | null;
  annotations: Record<string, string>;
}

/**
 * Records are replaced, never changed in place (an Update assigns a new one), so facts cached by record identity
 * stay true; every call of a pod (Stats every second per container) then costs a lookup, not a copy.
 */
const podFactsCache = new WeakMap<JsonObject, PodFacts>();
const containerAnnotationsCache = new WeakMap<JsonObject, Record<string, string>>();

function podFactsOf(record: JsonObject): PodFacts {
  let facts = podFactsCache.get(record);
  if (!facts) {
    const config = objectOf(record.config);
    facts = { pod: podOfConfig(config), annotations: stringsOf(config.annotations) };
    podFactsCache.set(record, facts);
  }
  return facts;
}

function containerAnnotationsOf(record: JsonObject): Record<string, string> {
  let annotations = containerAnnotationsCache.get(record);
  if (!annotations) {
    annotations = stringsOf(record.annotations);
    containerAnnotationsCache.set(record, annotations);
  }
  return annotations;
}

/**
 * Describes incoming calls for fault injection, before they reach the supervisor: ids from the request, the pod
 * and container from what the live actors hold (read only), or, for a Create, from the request itself.
 */
export class CallTargets {
  constructor(private readonly registries: Registries) {}

  controller(method: string, request: object): DescribedCall {
    const sandboxId = text((request as { sandboxId?: unknown }).sandboxId);
    if (method === 'Create') return this.creatingSandbox(sandboxId, request as ControllerCreateRequest);
    const record = this.registries.sandboxes.get(sandboxId)?.getSnapshot().context.record;
    return this.described(
      'Controller',
      method,
      { sandboxId, containerId: '', execId: '' },
      record,
      '',
      EMPTY,
    );
  }

  /** Synchronous but for a Create, whose bundle is read from disk: Stats every second should not pay a promise. */
  task(method: string, request: object): DescribedCall | Promise<DescribedCall> {
    const containerId = text((request as { id?: unknown }).id);
    const execId = text((request as { execId?: unknown }).execId);
    if (method === 'Create') return this.creatingContainer(containerId, request as CreateTaskRequest);
    const container = this.registries.containers.get(containerId)?.getSnapshot().context;
    const sandboxId = container?.sandboxId ?? '';
    const record = this.registries.sandboxes.get(sandboxId)?.getSnapshot().context.record;
    const name = container ? criContainerNameOf(container.record) : '';
    const annotations = container ? containerAnnotationsOf(container.record) : EMPTY;
    return this.described('Task', method, { sandboxId, containerId, execId }, record, name, annotations);
  }

  private creatingSandbox(sandboxId: string, request: ControllerCreateRequest): DescribedCall {
    let config: JsonObject = {};
    try {
      const decoded = decodePodSandboxConfig(request.options);
      if (decoded) config = { metadata: { ...decoded.metadata }, annotations: { ...decoded.annotations } };
    } catch {
      // A bad config is the call's own error to report; no fault can be selected by it.
    }
    return this.described(
      'Controller',
      'Create',
      { sandboxId, containerId: '', execId: '' },
      { config },
      '',
      EMPTY,
    );
  }

  private async creatingContainer(containerId: string, request: CreateTaskRequest): Promise<DescribedCall> {
    const ids = { sandboxId: '', containerId, execId: '' };
    try {
      const bundle = await bundleOfRequest(request);
      ids.sandboxId = resolveSandboxId({
        annotations: bundle.annotations,
        sandboxIdFile: bundle.sandboxIdFile,
      });
      const record = this.registries.sandboxes.get(ids.sandboxId)?.getSnapshot().context.record;
      const name = bundle.annotations[CONTAINER_NAME_ANNOTATION] ?? '';
      return this.described('Task', 'Create', ids, record, name, bundle.annotations);
    } catch {
      // An unreadable bundle is the call's own error to report.
      return this.described('Task', 'Create', ids, undefined, '', EMPTY);
    }
  }

  private described(
    service: FaultService,
    method: string,
    ids: { sandboxId: string; containerId: string; execId: string },
    sandboxRecord: JsonObject | undefined,
    container: string,
    containerAnnotations: Record<string, string>,
  ): DescribedCall {
    const facts = sandboxRecord ? podFactsOf(sandboxRecord) : null;
    return {
      target: { service, method, ...ids, pod: facts?.pod ?? null, container },
      podAnnotations: facts?.annotations ?? EMPTY,
      containerAnnotations,
    };
  }
}
