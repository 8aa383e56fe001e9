/**
 * Resource extraction: what a pod sandbox or container declares, from (highest precedence first) resource
 * annotations, PodSandboxConfig.linux.resources and the OCI spec's linux.resources. Pure, no I/O.
 * See docs/resources.md.
 */
import { InvalidArgumentError } from '../core/errors.js';
import type { PodSandboxConfig } from '../generated/runtime/v1/api.js';
import { annotationValues, parseAnnotations } from './annotations.js';
import { parseCriOverhead, parseCriResources } from './cri.js';
import { Reader, asObject, checkString } from './json.js';
import { sharedResources } from '../memory/shared-resources.js';
import { infoToLayer, layerToInfo, mergeLayers, validateLayer } from './merge.js';
import { parseOciResources } from './oci.js';
import { emptyLayer, type Layer, type ResourceInfo } from './types.js';

export { podTotals } from './totals.js';
export { RESOURCE_ANNOTATION_KEYS } from './annotations.js';
export * from './quantity.js';
export type * from './types.js';
export type * from './oci-types.js';

/**
 * A sandbox's resources. `annotations` (the Create request's) are united with `config.annotations`, the
 * request's winning on conflict. Fields in errors read `annotations["…"]`, `options.annotations["…"]` and
 * `options.linux.resources.…` (the Create request's `options` is the PodSandboxConfig).
 * @throws InvalidArgumentError
 */
export function extractSandboxResources(input: {
  config?: PodSandboxConfig;
  annotations?: Record<string, string>;
}): ResourceInfo {
  const { config } = input;
  const annotations = {
    ...annotationValues(config?.annotations, 'options.annotations'),
    ...annotationValues(input.annotations, 'annotations'),
  };
  const merged = mergeLayers([
    parseAnnotations(annotations),
    parseCriResources(config?.linux?.resources, 'options.linux.resources', 'linux.resources'),
  ]);
  validateLayer(merged);
  return sharedResources(
    layerToInfo(merged, parseCriOverhead(config?.linux?.overhead, 'options.linux.overhead')),
  );
}

/** process.oomScoreAdj, where CRI puts the container's oom_score_adj in the OCI spec (0: not set). */
function oomLayer(spec: Reader): Layer {
  const layer = emptyLayer();
  const field = spec.at('process.oomScoreAdj');
  const oom = spec.with('process', (p) => p.int('oomScoreAdj', 'int64'));
  if (oom === undefined || oom === 0) return layer;
  if (oom < -1000 || oom > 1000) throw new InvalidArgumentError(field, `must be in -1000..1000, got ${oom}`);
  layer.scalars.oom_score_adj = { value: oom, source: 'oci:process.oomScoreAdj', field };
  return layer;
}

/**
 * A container's (or sandbox's) resources from its OCI runtime spec (the whole config.json object): the spec's
 * resource annotations, then its `linux.resources`. `fieldPrefix` (default "spec") starts every error field.
 * @throws InvalidArgumentError
 */
export function extractContainerResources(input: { spec: unknown; fieldPrefix?: string }): ResourceInfo {
  const prefix = input.fieldPrefix ?? 'spec';
  const spec = new Reader(asObject(input.spec, prefix) ?? {}, prefix);
  const annotations = spec.map('annotations', checkString) ?? {};
  const linux = asObject(spec.obj['linux'], spec.at('linux'));
  const merged = mergeLayers([
    parseAnnotations(annotationValues(annotations, spec.at('annotations'))),
    parseOciResources(linux?.['resources'], spec.at('linux.resources'), 'oci:linux.resources'),
    oomLayer(spec),
  ]);
  validateLayer(merged);
  return sharedResources(layerToInfo(merged, null));
}

/**
 * Applies a task Update's OCI LinuxResources JSON to `current`. Like `runc update`, only what the update sets
 * changes (0/absent: unchanged; -1: unlimited); values that came from annotations keep precedence.
 * `fieldPrefix` names the update in errors, e.g. "resources".
 * @throws InvalidArgumentError
 */
export function applyLinuxResourcesUpdate(
  current: ResourceInfo,
  linuxResources: unknown,
  fieldPrefix: string,
): ResourceInfo {
  const update = parseOciResources(linuxResources, fieldPrefix, 'update:linux.resources');
  const base = infoToLayer(current);
  const pinned = emptyLayer();
  for (const [key, found] of Object.entries(base.scalars)) {
    if (found.source.startsWith('annotation:')) Object.assign(pinned.scalars, { [key]: found });
  }
  const merged = mergeLayers([pinned, update, base]);
  validateLayer(merged);
  return sharedResources(layerToInfo(merged, current.overhead));
}
