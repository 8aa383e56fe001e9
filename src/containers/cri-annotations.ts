/**
 * The CRI annotations containerd puts into a container's OCI spec (contract C2, `DefaultCRIAnnotations`), and
 * which sandbox a task belongs to. Pure, no I/O.
 */
import type { JsonObject } from '../core/json.js';
import { InvalidArgumentError } from '../core/errors.js';
import { BUNDLE_FIELD, CONFIG_JSON_FIELD } from './bundle.js';

export const CONTAINER_TYPE_ANNOTATION = 'io.kubernetes.cri.container-type';
export const SANDBOX_ID_ANNOTATION = 'io.kubernetes.cri.sandbox-id';
export const CONTAINER_NAME_ANNOTATION = 'io.kubernetes.cri.container-name';
export const IMAGE_NAME_ANNOTATION = 'io.kubernetes.cri.image-name';
export const SANDBOX_NAME_ANNOTATION = 'io.kubernetes.cri.sandbox-name';
export const SANDBOX_NAMESPACE_ANNOTATION = 'io.kubernetes.cri.sandbox-namespace';
export const SANDBOX_UID_ANNOTATION = 'io.kubernetes.cri.sandbox-uid';

export const CONTAINER_TYPES = ['sandbox', 'container'] as const;
export type CriContainerType = (typeof CONTAINER_TYPES)[number];

/** What CRI says about a container; null where the annotation is absent or empty. */
export interface CriContainerInfo {
  sandboxId: string | null;
  containerType: CriContainerType | null;
  containerName: string | null;
  imageName: string | null;
  sandboxName: string | null;
  sandboxNamespace: string | null;
  sandboxUid: string | null;
}

/**
 * `annotationsField` names the annotations map in errors (default: config.json's).
 * @throws InvalidArgumentError when the container-type annotation is neither "sandbox" nor "container"
 */
export function criContainerInfo(
  annotations: Record<string, string>,
  annotationsField = `${CONFIG_JSON_FIELD}.annotations`,
): CriContainerInfo {
  const read = (key: string) => annotationValue(annotations, key);
  return {
    sandboxId: read(SANDBOX_ID_ANNOTATION),
    containerType: parseContainerType(read(CONTAINER_TYPE_ANNOTATION), annotationsField),
    containerName: read(CONTAINER_NAME_ANNOTATION),
    imageName: read(IMAGE_NAME_ANNOTATION),
    sandboxName: read(SANDBOX_NAME_ANNOTATION),
    sandboxNamespace: read(SANDBOX_NAMESPACE_ANNOTATION),
    sandboxUid: read(SANDBOX_UID_ANNOTATION),
  };
}

/** The annotation's value; null when absent or empty. */
function annotationValue(annotations: Record<string, string>, key: string): string | null {
  const value = Object.hasOwn(annotations, key) ? annotations[key] : undefined;
  return value === undefined || value === '' ? null : value;
}

function parseContainerType(value: string | null, annotationsField: string): CriContainerType | null {
  if (value === null) return null;
  const known = CONTAINER_TYPES.find((type) => type === value);
  if (known) return known;
  throw new InvalidArgumentError(
    `${annotationsField}[${JSON.stringify(CONTAINER_TYPE_ANNOTATION)}]`,
    `must be "sandbox" or "container", got ${JSON.stringify(value)}`,
  );
}

export interface SandboxIdSources {
  /** config.json's annotations. */
  annotations: Record<string, string>;
  /** Trimmed content of `<bundle>/sandbox`, or null. */
  sandboxIdFile: string | null;
  /** A sandbox id the caller already knows (e.g. from Kuasar's Controller.Update); wins, but must agree. */
  explicit?: string | null;
}

/**
 * The sandbox a task belongs to: `explicit` if given, else the sandbox-id annotation, else `<bundle>/sandbox`.
 * Every source that is present must name the same sandbox.
 * @throws InvalidArgumentError when no source names a sandbox or two sources disagree
 */
export function resolveSandboxId(sources: SandboxIdSources): string {
  const fromAnnotation = annotationValue(sources.annotations, SANDBOX_ID_ANNOTATION);
  const named: Array<{ id: string; source: string }> = [];
  if (sources.explicit) named.push({ id: sources.explicit, source: 'the request' });
  if (fromAnnotation !== null) {
    named.push({ id: fromAnnotation, source: `the ${SANDBOX_ID_ANNOTATION} annotation in config.json` });
  }
  if (sources.sandboxIdFile) named.push({ id: sources.sandboxIdFile, source: '<bundle>/sandbox' });

  const [chosen, ...others] = named;
  if (chosen === undefined) {
    throw new InvalidArgumentError(
      BUNDLE_FIELD,
      `cannot tell which sandbox the task belongs to: no ${SANDBOX_ID_ANNOTATION} annotation in config.json ` +
        'and no <bundle>/sandbox file',
    );
  }
  const disagreeing = others.find((other) => other.id !== chosen.id);
  if (disagreeing) {
    throw new InvalidArgumentError(
      BUNDLE_FIELD,
      `${chosen.source} names sandbox ${JSON.stringify(chosen.id)} but ${disagreeing.source} names ` +
        `${JSON.stringify(disagreeing.id)}`,
    );
  }
  return chosen.id;
}

/** The CRI container name a stored container record carries (its `cri` info); '' for clients other than CRI. */
export function criContainerNameOf(record: JsonObject): string {
  const cri = record.cri;
  return cri && typeof cri === 'object' && !Array.isArray(cri) && typeof cri.containerName === 'string'
    ? cri.containerName
    : '';
}
