/**
 * Amounts written back as Kubernetes quantities, the way `kubectl describe node` and the API server's messages show
 * them: cpu in whole cores or millicores ("2", "1500m"), bytes in the largest binary unit that divides them
 * exactly ("512Mi", "7863Mi"), or plainly when none does; counts plainly.
 */
import { unitsOf, type Nanos } from './amounts.js';
import { CPU, isCount } from './resource-names.js';

const BINARY: ReadonlyArray<[suffix: string, size: bigint]> = [
  ['Ei', 1n << 60n],
  ['Pi', 1n << 50n],
  ['Ti', 1n << 40n],
  ['Gi', 1n << 30n],
  ['Mi', 1n << 20n],
  ['Ki', 1n << 10n],
];

export function cpuText(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${millis}m`;
}

export function bytesText(bytes: number | bigint): string {
  const value = BigInt(bytes);
  for (const [suffix, size] of BINARY) {
    if (value !== 0n && value % size === 0n) return `${value / size}${suffix}`;
  }
  return String(value);
}

/** Exact cpu (down to nano-cores: "2", "250m", "1500u", "3n"); whole units for everything else. */
export function quantityText(name: string, nanos: Nanos): string {
  if (name !== CPU) return isCount(name) ? String(unitsOf(nanos)) : bytesText(unitsOf(nanos));
  for (const [suffix, scale] of [
    ['', 1_000_000_000n],
    ['m', 1_000_000n],
    ['u', 1_000n],
  ] as const) {
    if (nanos % scale === 0n) return `${nanos / scale}${suffix}`;
  }
  return `${nanos}n`;
}
