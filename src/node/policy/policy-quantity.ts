/** Quantities and resource lists of the --policy file. */
import { QuantityError, parseQuantity } from '../../resources/quantity.js';
import { nanosOf } from '../amounts.js';
import type { PolicyQuantity } from './policy.js';
import { PolicyProblem, YamlReader, type Value } from './yaml-reader.js';

/** A non-negative Kubernetes quantity, written as a string or a number ("500m", 2, "1Gi"). */
export function readQuantity(reader: YamlReader, node: Value, field: string): PolicyQuantity {
  const text = reader.string(node, field);
  const line = reader.lineOf(node);
  let quantity;
  try {
    quantity = parseQuantity(text);
  } catch (error) {
    if (error instanceof QuantityError) throw new PolicyProblem(line, field, error.message);
    throw error;
  }
  if (quantity.negative) throw new PolicyProblem(line, field, `must not be negative, got ${text}`);
  return { nanos: nanosOf(quantity), text };
}

/** A `name: quantity` mapping whose names are among `names`; `why` says why others are refused. */
export function readList<N extends string>(
  reader: YamlReader,
  node: Value,
  field: string,
  names: readonly N[],
  why: string,
): Partial<Record<N, PolicyQuantity>> {
  const list: Partial<Record<N, PolicyQuantity>> = {};
  for (const [name, value, line] of reader.entries(node, field)) {
    const known = names.find((candidate) => candidate === name);
    if (known === undefined)
      throw new PolicyProblem(line, `${field}.${name}`, `${why} (known: ${names.join(', ')})`);
    list[known] = readQuantity(reader, value, `${field}.${name}`);
  }
  return list;
}
