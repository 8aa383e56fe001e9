/**
 * Failpoints declared where containerd's own test shim and kubelet's pods can carry them (docs/faults.md):
 *   `io.containerd.runtime.v2.shim.failpoint.<TaskMethod>`      a container's OCI annotation (containerd's test shim);
 *   `resource-slot.io/failpoint.<ControllerMethod>`              a pod annotation, for the sandbox's Controller calls;
 *   `resource-slot.io/task-failpoint.<TaskMethod>[.<container>]` a pod annotation, for its containers' task calls.
 * For a task call the container's own OCI annotation wins, then the pod's per-container key, then its pod-wide one.
 * Counted per pod (and container name), like the plan's rules (count-key.ts): a RunPodSandbox retried by kubelet or
 * crictl has a new sandbox id, and `1*error(...)` must let that retry succeed.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { BoundedMap } from './bounded-map.js';
import { countKeyOf } from './count-key.js';
import { Failpoint } from './failpoint.js';
import { METHODS } from './methods.js';
import type { CallTarget, FaultAction, FaultDecision } from './types.js';

export const SHIM_FAILPOINT_PREFIX = 'io.containerd.runtime.v2.shim.failpoint.';
export const POD_FAILPOINT_PREFIX = 'resource-slot.io/failpoint.';
export const TASK_FAILPOINT_PREFIX = 'resource-slot.io/task-failpoint.';

/** What a call carries that failpoints can be declared in. */
export interface AnnotatedCall {
  target: CallTarget;
  podAnnotations: Record<string, string>;
  containerAnnotations: Record<string, string>;
}

const field = (key: string): string => `annotations[${JSON.stringify(key)}]`;

/** Where this call's failpoint may be declared, first found wins. */
function candidatesFor(call: AnnotatedCall): Array<[Record<string, string>, string]> {
  const { target, podAnnotations, containerAnnotations } = call;
  if (target.service === 'Controller') return [[podAnnotations, `${POD_FAILPOINT_PREFIX}${target.method}`]];
  const candidates: Array<[Record<string, string>, string]> = [
    [containerAnnotations, `${SHIM_FAILPOINT_PREFIX}${target.method}`],
  ];
  if (target.container !== '')
    candidates.push([podAnnotations, `${TASK_FAILPOINT_PREFIX}${target.method}.${target.container}`]);
  candidates.push([podAnnotations, `${TASK_FAILPOINT_PREFIX}${target.method}`]);
  return candidates;
}

/**
 * Whether a map of annotations names any failpoint at all, remembered per map: the maps come from records that are
 * replaced, never changed (src/transport/call-targets.ts), and almost none declare one, so a Stats a second per
 * container skips building the keys below.
 */
const declaresAny = new WeakMap<Record<string, string>, boolean>();

function mayDeclare(annotations: Record<string, string>): boolean {
  let found = declaresAny.get(annotations);
  if (found === undefined) {
    found = Object.keys(annotations).some(
      (key) =>
        key.startsWith(SHIM_FAILPOINT_PREFIX) ||
        key.startsWith(POD_FAILPOINT_PREFIX) ||
        key.startsWith(TASK_FAILPOINT_PREFIX),
    );
    declaresAny.set(annotations, found);
  }
  return found;
}

/** The annotation declaring the failpoint for this call, or null. */
function declaredFor(call: AnnotatedCall): { key: string; text: string } | null {
  if (!mayDeclare(call.podAnnotations) && !mayDeclare(call.containerAnnotations)) return null;
  for (const [annotations, key] of candidatesFor(call)) {
    const text = annotations[key];
    if (text !== undefined) return { key, text };
  }
  return null;
}

export class AnnotationFaults {
  /** Counted failpoints by count key, annotation and text (a changed text starts a new count). */
  private readonly counted: BoundedMap<string, Failpoint>;

  constructor(maxCountKeys = 10_000) {
    this.counted = new BoundedMap(maxCountKeys);
  }

  decide(call: AnnotatedCall): FaultDecision | null {
    const declared = declaredFor(call);
    if (!declared) return null;
    const id = `${countKeyOf(call.target)}\u0000${declared.key}\u0000${declared.text}`;
    let failpoint = this.counted.get(id);
    if (!failpoint) {
      try {
        failpoint = new Failpoint(declared.text, field(declared.key));
      } catch {
        // Refused at Create (validateFailpointAnnotations); a record from before that check passes unharmed.
        return null;
      }
      this.counted.set(id, failpoint);
    }
    return decisionOf(failpoint.evaluate(), `annotation ${declared.key}=${declared.text}`);
  }
}

function decisionOf(action: FaultAction, reason: string): FaultDecision | null {
  if (action.kind === 'off') return null;
  if (action.kind === 'delay') return { delayMs: action.ms, outcome: { kind: 'off' }, reasons: [reason] };
  return { delayMs: 0, outcome: action, reasons: [reason] };
}

/** The method a failpoint key names must be one of the service's; its text must parse. */
function checkKey(key: string, text: string, methodPart: string, methods: readonly string[]): void {
  if (!methods.includes(methodPart))
    throw new InvalidArgumentError(
      field(key),
      `${JSON.stringify(methodPart)} is not a method failpoints can name (one of ${methods.join(', ')})`,
    );
  new Failpoint(text, field(key));
}

/** Checks a pod's failpoint annotations, so a bad one fails its Create naming the key. */
export function validatePodFailpoints(annotations: Record<string, string>): void {
  for (const [key, text] of Object.entries(annotations)) {
    if (key.startsWith(POD_FAILPOINT_PREFIX))
      checkKey(key, text, key.slice(POD_FAILPOINT_PREFIX.length), METHODS.Controller);
    else if (key.startsWith(TASK_FAILPOINT_PREFIX)) {
      const rest = key.slice(TASK_FAILPOINT_PREFIX.length);
      const dot = rest.indexOf('.');
      checkKey(key, text, dot === -1 ? rest : rest.slice(0, dot), METHODS.Task);
    }
  }
}

/** Checks a container's `io.containerd.runtime.v2.shim.failpoint.*` annotations, so a bad one fails its task Create. */
export function validateShimFailpoints(annotations: Record<string, string>): void {
  for (const [key, text] of Object.entries(annotations))
    if (key.startsWith(SHIM_FAILPOINT_PREFIX))
      checkKey(key, text, key.slice(SHIM_FAILPOINT_PREFIX.length), METHODS.Task);
}
