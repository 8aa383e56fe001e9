// Human units for the debug page, as kubectl writes them: millicores for CPU, binary units for bytes.
const BINARY = [
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

export function formatMillicores(millicores) {
  return `${Math.round(millicores)}m`;
}

export function formatBytes(bytes) {
  for (const [suffix, size] of BINARY) {
    if (Math.abs(bytes) < size) continue;
    const value = bytes / size;
    return Number.isInteger(value) ? `${value}${suffix}` : `${value.toFixed(1)}${suffix}`;
  }
  return `${bytes}`;
}

const CORES = /^cpu_(limit|request)$/;
const BYTES = /^(memory_(limit|request)|storage_limit|swap)$/;

/** A resources value by its key: cores as millicores, bytes in Ki/Mi/Gi, the rest as is. */
export function formatResource(key, value) {
  if (typeof value !== 'number') return String(value);
  if (CORES.test(key)) return formatMillicores(value * 1000);
  if (BYTES.test(key)) return formatBytes(value);
  return String(value);
}
