import type { JsonObject } from '../core/json.js';
import type { SandboxContext } from '../../machines/sandbox.machine.js';
import type { SandboxUpdate } from '../../machines/supervisor.machine.js';
import { InvalidArgumentError } from '../core/errors.js';
import type { ControllerUpdateRequest } from '../generated/containerd/services/sandbox/v1/sandbox.js';
import { Sandbox } from '../generated/containerd/types/sandbox.js';
import { shareStrings } from '../memory/shared-strings.js';
import { protoJsonObject } from './json.js';
import { checkStringMap } from './limits.js';
import { recordOf, sandboxOf } from './record.js';

type MapField = 'labels' | 'extensions';

/** Field paths as containerd's sandbox store understands them; an empty list means "all of them". */
const WHOLE_FIELDS = ['labels', 'extensions', 'spec', 'runtime'] as const;

/**
 * Turns an Update request into a change of the stored containerd sandbox record, as data (the supervisor applies
 * it with `applySandboxUpdate`). Every field path is checked here, so a bad path changes nothing.
 */
export function sandboxUpdateFrom(request: ControllerUpdateRequest): SandboxUpdate {
  const fields = request.fields.length > 0 ? request.fields : [...WHOLE_FIELDS];
  const incoming = request.sandbox;
  for (const [index, field] of fields.entries()) checkField(field, `fields[${index}]`);
  if (!incoming) throw new InvalidArgumentError('sandbox', `is required to update ${fields.join(', ')}`);
  checkStringMap(incoming.labels, 'sandbox.labels');
  return { fields, sandbox: protoJsonObject(Sandbox.toJSON(incoming)) };
}

/** The sandbox's record after `update` (checked by `sandboxUpdateFrom`); its resources do not change. */
export function applySandboxUpdate(
  current: SandboxContext,
  update: SandboxUpdate,
): { record: JsonObject; resources: JsonObject } {
  const incoming = Sandbox.fromJSON(update.sandbox);
  const record = recordOf(current);
  const next = sandboxOf(record);
  for (const field of update.fields) applyField(next, incoming, field);
  next.updatedAt = incoming.updatedAt ?? next.updatedAt;
  return {
    record: { ...record, sandbox: shareStrings(protoJsonObject(Sandbox.toJSON(next))) },
    resources: current.resources,
  };
}

function checkField(field: string, name: string): void {
  if ((WHOLE_FIELDS as readonly string[]).includes(field)) return;
  const [head, ...rest] = field.split('.');
  if ((head === 'labels' || head === 'extensions') && rest.length > 0 && rest.join('.') !== '') return;
  throw new InvalidArgumentError(
    name,
    `unsupported field path ${JSON.stringify(field)}; use labels, labels.<key>, extensions, extensions.<key>, spec or runtime`,
  );
}

function applyField(target: Sandbox, incoming: Sandbox, field: string): void {
  if (field === 'spec') {
    target.spec = incoming.spec;
    return;
  }
  if (field === 'runtime') {
    target.runtime = incoming.runtime;
    return;
  }
  const dot = field.indexOf('.');
  const map = (dot < 0 ? field : field.slice(0, dot)) as MapField;
  if (dot < 0) {
    assignMap(target, map, { ...incoming[map] });
    return;
  }
  const key = field.slice(dot + 1);
  const updated = { ...target[map] };
  const value = incoming[map][key];
  if (value === undefined) delete updated[key];
  else (updated as Record<string, typeof value>)[key] = value;
  assignMap(target, map, updated);
}

function assignMap(target: Sandbox, map: MapField, value: Sandbox[MapField]): void {
  if (map === 'labels') target.labels = value as Sandbox['labels'];
  else target.extensions = value as Sandbox['extensions'];
}
