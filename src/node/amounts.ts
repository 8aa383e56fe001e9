/**
 * Node resources as exact amounts: a Kubernetes quantity scaled to nano units (BigInt), so capacity − reserved −
 * threshold is exact as apimachinery's Quantity arithmetic is, and rounded only when read, as kubelet reads it:
 * cpu in millicores (MilliValue), everything else in whole units (Value), both rounded up.
 */
import { parseQuantity, quantityScaledValue, type Quantity } from '../resources/quantity.js';

/** A quantity in units of 10^-9 (nano-cores for cpu, nano-bytes for memory, nano-pods for pods). */
export type Nanos = bigint;

const NANO = 1_000_000_000n;
const MICRO_PER_MILLI = 1_000_000n;

export const nanosOf = (quantity: Quantity): Nanos => quantityScaledValue(quantity, -9);

/** Whole units from a JS number (bytes, counts), exactly. */
export const nanosOfUnits = (units: number | bigint): Nanos => BigInt(units) * NANO;

/** Parses a Kubernetes quantity into nanos; throws QuantityError. */
export const parseNanos = (text: string): Nanos => nanosOf(parseQuantity(text));

/** ceil(n / d) away from zero, as apimachinery rounds ScaledValue. */
function ceilDiv(n: bigint, d: bigint): bigint {
  if (n >= 0n) return (n + d - 1n) / d;
  return -((-n + d - 1n) / d);
}

/** apimachinery's Value(): whole units, rounded up. */
export const unitsOf = (nanos: Nanos): number => Number(ceilDiv(nanos, NANO));

/** apimachinery's MilliValue(): thousandths, rounded up (how kubelet reads cpu). */
export const millisOf = (nanos: Nanos): number => Number(ceilDiv(nanos, MICRO_PER_MILLI));

/** ResourceInfo's cores (a decimal number, nano-scale exact) in nanos: the float noise is below the nano scale. */
export const nanosOfCores = (cores: number): Nanos => BigInt(Math.round(cores * 1e9));

/** Cores as kubelet reads them, in millicores rounded up. */
export const millisOfCores = (cores: number): number => millisOf(nanosOfCores(cores));
