/** Values filled in from outside the declaration (a LimitRange's defaults, docs/node.md): only where none is found. */
import { sharedResources } from '../memory/shared-resources.js';
import { infoToLayer, layerToInfo, mergeLayers, validateLayer } from './merge.js';
import { emptyLayer, type ResourceInfo, type ScalarKey } from './types.js';

export interface DefaultValue {
  key: ScalarKey;
  value: number;
  /** Recorded in `sources`, e.g. "policy:LimitRange shop/limits limits[0].default". */
  source: string;
}

/**
 * `info` with each default set where no source mentions the key (an explicit "no limit" counts as mentioned).
 * @throws InvalidArgumentError when a default puts a request above its limit, naming both sources
 */
export function withDefaults(info: ResourceInfo, defaults: readonly DefaultValue[]): ResourceInfo {
  const fill = emptyLayer();
  for (const { key, value, source } of defaults) fill.scalars[key] = { value, source, field: null };
  const merged = mergeLayers([infoToLayer(info), fill]);
  validateLayer(merged);
  return sharedResources(layerToInfo(merged, info.overhead));
}
