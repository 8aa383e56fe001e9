/**
 * The meaning of a profile expression: which profiles and parameters exist, what each value must be, and the
 * checks between them (min ≤ max, positive periods, increasing steps). Every failure is an InvalidArgumentError
 * whose field is the annotation's and whose detail names the problem.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { QuantityError, parseQuantity, quantityToCores } from '../resources/quantity.js';
import { parseDuration } from './duration.js';
import { parseExpression, type Argument } from './expression.js';
import type { Profile } from './profile.js';

type ParamKind = 'quantity' | 'duration' | 'integer';
/** name → [kind, required] */
type Params = Readonly<Record<string, readonly [ParamKind, boolean]>>;

const PERIODIC: Params = {
  min: ['quantity', true],
  max: ['quantity', true],
  period: ['duration', true],
  phase: ['duration', false],
};

const PARAMS: Readonly<Record<string, Params>> = {
  constant: { value: ['quantity', true] },
  linear: { from: ['quantity', true], perSecond: ['quantity', true], max: ['quantity', false] },
  sine: PERIODIC,
  square: PERIODIC,
  randomwalk: {
    start: ['quantity', true],
    step: ['quantity', true],
    every: ['duration', true],
    min: ['quantity', true],
    max: ['quantity', true],
    seed: ['integer', false],
  },
};

export const PROFILE_NAMES: readonly string[] = [...Object.keys(PARAMS), 'steps'];

/** A non-negative quantity as a number (cores or bytes). */
export function quantityValue(text: string, field: string, what: string): number {
  let value: number;
  try {
    value = quantityToCores(parseQuantity(text));
  } catch (err) {
    if (!(err instanceof QuantityError)) throw err;
    throw new InvalidArgumentError(field, `bad quantity for ${what}: ${err.message}`);
  }
  if (value < 0) throw new InvalidArgumentError(field, `${what} must not be negative (got ${text})`);
  return value;
}

function durationValue(text: string, field: string, what: string): number {
  const seconds = parseDuration(text);
  if (typeof seconds === 'string') throw new InvalidArgumentError(field, `${what}: ${seconds}`);
  return seconds;
}

function integerValue(text: string, field: string, what: string): number {
  const digits = text.startsWith('-') ? text.slice(1) : text;
  const n = Number(text);
  if (digits === '' || [...digits].some((c) => c < '0' || c > '9') || !Number.isSafeInteger(n))
    throw new InvalidArgumentError(field, `${what} must be an integer (got ${JSON.stringify(text)})`);
  return n;
}

const CONVERT: Readonly<Record<ParamKind, (text: string, field: string, what: string) => number>> = {
  quantity: quantityValue,
  duration: durationValue,
  integer: integerValue,
};

/** The named arguments of a call, checked against its parameter list and converted. */
function namedArguments(name: string, args: Argument[], field: string): Record<string, number> {
  const params = Object.hasOwn(PARAMS, name) ? PARAMS[name] : undefined;
  if (params === undefined)
    throw new InvalidArgumentError(
      field,
      `unknown profile ${JSON.stringify(name)} (known: ${PROFILE_NAMES.join(', ')})`,
    );
  const out: Record<string, number> = {};
  for (const { key, value } of args) {
    const spec = Object.hasOwn(params, key) ? params[key] : undefined;
    if (spec === undefined)
      throw new InvalidArgumentError(
        field,
        `unknown parameter ${JSON.stringify(key)} for ${name} (known: ${Object.keys(params).join(', ')})`,
      );
    if (Object.hasOwn(out, key))
      throw new InvalidArgumentError(field, `parameter ${JSON.stringify(key)} given twice`);
    out[key] = CONVERT[spec[0]](value, field, `${name} ${key}`);
  }
  for (const [key, [, required]] of Object.entries(params)) {
    if (required && !Object.hasOwn(out, key))
      throw new InvalidArgumentError(field, `missing parameter ${JSON.stringify(key)} for ${name}`);
  }
  return out;
}

function steps(args: Argument[], field: string): Profile {
  if (args.length === 0) throw new InvalidArgumentError(field, 'steps needs at least one time=value pair');
  const times: number[] = [];
  const values: number[] = [];
  for (const { key, value } of args) {
    const time = durationValue(key, field, 'steps time');
    const previous = times[times.length - 1];
    if (previous === undefined && time !== 0)
      throw new InvalidArgumentError(field, `steps must start at 0s (first time is ${key})`);
    if (previous !== undefined && time <= previous)
      throw new InvalidArgumentError(
        field,
        `steps times must increase (${key} comes after a later or equal time)`,
      );
    times.push(time);
    values.push(quantityValue(value, field, `steps value at ${key}`));
  }
  return { kind: 'steps', times, values };
}

function checkRange(min: number, max: number, field: string, name: string): void {
  if (min > max) throw new InvalidArgumentError(field, `${name}: min > max`);
}

function checkPositive(seconds: number, field: string, what: string): void {
  if (!(seconds > 0)) throw new InvalidArgumentError(field, `${what} must be positive`);
}

/** A call's arguments, checked: every required one present, ranges and periods sane. */
function call(name: string, args: Argument[], field: string): Profile {
  if (name === 'steps') return steps(args, field);
  const a = namedArguments(name, args, field);
  const get = (key: string, fallback = 0): number => a[key] ?? fallback;
  switch (name) {
    case 'constant':
      return { kind: 'constant', value: get('value') };
    case 'linear': {
      const max = get('max', Infinity);
      if (max < get('from')) throw new InvalidArgumentError(field, 'linear: max < from');
      return { kind: 'linear', from: get('from'), perSecond: get('perSecond'), max };
    }
    case 'sine':
    case 'square':
      checkRange(get('min'), get('max'), field, name);
      checkPositive(get('period'), field, `${name} period`);
      return { kind: name, min: get('min'), max: get('max'), period: get('period'), phase: get('phase') };
    default: {
      const [min, max, start] = [get('min'), get('max'), get('start')];
      checkRange(min, max, field, name);
      checkPositive(get('every'), field, 'randomwalk every');
      checkPositive(get('step'), field, 'randomwalk step');
      if (start < min || start > max)
        throw new InvalidArgumentError(field, 'randomwalk: start outside [min, max]');
      return {
        kind: 'randomwalk',
        start,
        step: get('step'),
        every: get('every'),
        min,
        max,
        seed: get('seed'),
      };
    }
  }
}

/**
 * Parses and checks a profile expression;
 * `field` names the annotation, e.g. `annotations["resource-slot.io/usage-cpu"]`.
 */
export function parseProfile(text: string, field: string): Profile {
  const expr = parseExpression(text, field);
  if (expr.kind === 'word') return { kind: 'constant', value: quantityValue(expr.text, field, 'the value') };
  return call(expr.name, expr.args, field);
}
