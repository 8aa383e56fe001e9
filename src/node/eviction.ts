/**
 * kubelet's --eviction-hard (pkg/kubelet/eviction/helpers.go parseThresholdStatement, cliflag's
 * LangleSeparatedMapStringString) and the part of it that node allocatable reserves (pkg/kubelet/cm
 * hardEvictionReservation): memory.available from memory, nodefs.available from ephemeral-storage.
 */
import { QuantityError, parseQuantity } from '../resources/quantity.js';
import { nanosOf, nanosOfUnits, unitsOf, type Nanos } from './amounts.js';
import { EPHEMERAL_STORAGE, MEMORY } from './resource-names.js';
import type { ResourceList } from './resource-list.js';

/** kubelet 1.34's default on Linux (pkg/kubelet/apis/config/v1beta1/defaults_linux.go). */
export const DEFAULT_EVICTION_HARD =
  'memory.available<100Mi,nodefs.available<10%,nodefs.inodesFree<5%,imagefs.available<15%';

/** Every signal kubelet knows (its signalToResource table); any other is refused. */
const SIGNALS = new Set([
  'memory.available',
  'allocatableMemory.available',
  'nodefs.available',
  'nodefs.inodesFree',
  'imagefs.available',
  'imagefs.inodesFree',
  'containerfs.available',
  'containerfs.inodesFree',
  'pid.available',
]);

/** The two signals whose thresholds node allocatable keeps back, and the capacity each is a share of. */
const RESERVING: ReadonlyMap<string, string> = new Map([
  ['memory.available', MEMORY],
  ['nodefs.available', EPHEMERAL_STORAGE],
]);

/** `signal<value`: an absolute quantity, or a fraction of capacity as kubelet holds it (a float32). */
export interface Threshold {
  signal: string;
  /** As written, for display. */
  text: string;
  value: { quantity: Nanos } | { percentage: number };
}

const FLOAT = /^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

/**
 * parsePercentage: strconv.ParseFloat(s, 32), then float32(value) / 100, a float32 division. So 10% is
 * 0.100000001490116…, not 0.1: the reservation it gives differs from a tenth by a few bytes, as kubelet's does.
 */
function percentage(text: string): number | null {
  const digits = text.slice(0, -1);
  if (!FLOAT.test(digits)) return null;
  return Math.fround(Math.fround(Number(digits)) / 100);
}

/** One `signal<value` statement; null when kubelet ignores it (0% and 100%), a string when it refuses it. */
function parseStatement(signal: string, text: string): Threshold | null | string {
  if (!SIGNALS.has(signal)) return `unsupported eviction signal ${signal}`;
  if (text.endsWith('%')) {
    if (text === '0%' || text === '100%') return null;
    const fraction = percentage(text);
    if (fraction === null) return `invalid percentage ${JSON.stringify(text)} for ${signal}`;
    if (fraction < 0) return `eviction percentage threshold ${signal} must be >= 0%: ${text}`;
    if (fraction > 1) return `eviction percentage threshold ${signal} must be <= 100%: ${text}`;
    return { signal, text, value: { percentage: fraction } };
  }
  let nanos: Nanos;
  try {
    nanos = nanosOf(parseQuantity(text));
  } catch (error) {
    if (!(error instanceof QuantityError)) throw error;
    return `${signal}: ${error.message}`;
  }
  if (nanos <= 0n) return `eviction threshold ${signal} must be positive: ${text}`;
  return { signal, text, value: { quantity: nanos } };
}

/** `--eviction-hard` text into thresholds (a later statement of a signal replaces an earlier one), or the problem. */
export function parseEvictionHard(text: string): Threshold[] | string {
  const statements = new Map<string, string>();
  for (const item of text.split(',')) {
    if (item === '') continue;
    const lt = item.indexOf('<');
    if (lt < 0) return `--eviction-hard: malformed pair ${JSON.stringify(item)}, expect signal<value`;
    statements.set(item.slice(0, lt).trim(), item.slice(lt + 1).trim());
  }
  const thresholds: Threshold[] = [];
  for (const [signal, value] of statements) {
    const threshold = parseStatement(signal, value);
    if (typeof threshold === 'string') return `--eviction-hard: ${threshold}`;
    if (threshold) thresholds.push(threshold);
  }
  return thresholds;
}

/**
 * What the hard thresholds keep back (hardEvictionReservation): a quantity as is, a percentage as
 * int64(float64(capacity.Value()) * float64(percentage)), truncated toward zero as Go's conversion does.
 */
export function evictionReservation(thresholds: readonly Threshold[], capacity: ResourceList): ResourceList {
  const reserved = new Map<string, Nanos>();
  for (const { signal, value } of thresholds) {
    const resource = RESERVING.get(signal);
    if (resource === undefined) continue;
    if ('quantity' in value) {
      reserved.set(resource, value.quantity);
      continue;
    }
    const capacityUnits = unitsOf(capacity.get(resource) ?? 0n);
    reserved.set(resource, nanosOfUnits(Math.trunc(capacityUnits * value.percentage)));
  }
  return reserved;
}

/** kubelet's default, parsed. */
export function defaultEvictionHard(): Threshold[] {
  const parsed = parseEvictionHard(DEFAULT_EVICTION_HARD);
  if (typeof parsed === 'string') throw new Error(`the default --eviction-hard does not parse: ${parsed}`);
  return parsed;
}
