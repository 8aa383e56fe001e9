/**
 * Kubernetes `resource.Quantity` parsing, a port of apimachinery's `ParseQuantity` (quantity.go) and its
 * suffix table (suffix.go), oddities included: `1.`, `.5`, `.`, `+`, `m` and `Ki` parse (the last four as 0),
 * `1K` does not. Arithmetic is exact (BigInt); values are rounded up (away from zero) to the nano scale and
 * binary-suffixed values are capped at 2^63-1, as Kubernetes does. Convert to a JS number only at the output.
 */

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
export type QuantityErrorReason = 'format' | 'numeric' | 'suffix' | 'range';

/** An exact parsed quantity: value = (negative ? -1 : 1) * digits * 10^exp, with exp >= -9. */
export interface Quantity {
  readonly negative: boolean;
  readonly digits: bigint;
  readonly exp: number;
  readonly format: QuantityFormat;
}

const SPLIT_RE = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const MESSAGES: Record<QuantityErrorReason, string> = {
  format: `quantities must match the regular expression '${SPLIT_RE}'`,
  numeric: 'unable to parse numeric part of quantity',
  suffix: "unable to parse quantity's suffix",
  range: 'quantity is out of the int64 range',
};

export class QuantityError extends Error {
  constructor(
    readonly input: string,
    readonly reason: QuantityErrorReason,
  ) {
    super(`invalid quantity ${JSON.stringify(input)}: ${MESSAGES[reason]}`);
    this.name = 'QuantityError';
  }
}

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);
const DECIMAL: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const BINARY: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_CHARS = 'eEinumkKMGTP';

/** Go's int32 conversion/overflow (apimachinery keeps exponents and scales in int32). */
const wrap32 = (n: number): number => Number(BigInt.asIntN(32, BigInt(n)));
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

interface Scanned {
  positive: boolean;
  value: string;
  num: string;
  denom: string;
  suffix: string;
}

/** Port of parseQuantityString: sign, leading zeros, numerator, optional `.denominator`, suffix. */
function scan(str: string): Scanned {
  const end = str.length;
  let pos = 0;
  const positive = str[0] !== '-';
  if (str[0] === '-' || str[0] === '+') pos++;
  while (pos < end && str[pos] === '0') pos++;
  if (pos >= end) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  const skipDigits = (from: number): number => {
    let i = from;
    while (i < end && isDigit(str[i])) i++;
    return i;
  };
  let i = skipDigits(pos);
  let num = str.slice(pos, i);
  if (i >= end) return { positive, value: str, num, denom: '', suffix: '' };
  if (num === '') num = '0';
  pos = i;
  let denom = '';
  if (str[pos] === '.') {
    i = skipDigits(pos + 1);
    denom = str.slice(pos + 1, i);
    if (i >= end) return { positive, value: str, num, denom, suffix: '' };
    pos = i;
  }
  const value = str.slice(0, pos);
  const suffixStart = pos;
  while (pos < end && SUFFIX_CHARS.includes(str[pos] ?? '')) pos++;
  if (pos < end && (str[pos] === '-' || str[pos] === '+')) pos++;
  if (skipDigits(pos) < end) throw new QuantityError(str, 'format');
  return { positive, value, num, denom, suffix: str.slice(suffixStart) };
}

interface Suffix {
  base: 2 | 10;
  exponent: number;
  format: QuantityFormat;
}

/** Port of suffixHandler.interpret. */
function interpret(s: string): Suffix | null {
  const dec = DECIMAL[s];
  if (dec !== undefined) return { base: 10, exponent: dec, format: 'DecimalSI' };
  const bin = BINARY[s];
  if (bin !== undefined) return { base: 2, exponent: bin, format: 'BinarySI' };
  if (s.length > 1 && (s[0] === 'e' || s[0] === 'E') && /^[+-]?[0-9]+$/.test(s.slice(1))) {
    const parsed = BigInt(s.slice(1));
    if (parsed > INT64_MAX || parsed < INT64_MIN) return null;
    return { base: 10, exponent: Number(BigInt.asIntN(32, parsed)), format: 'DecimalExponent' };
  }
  return null;
}

/** ceil(n / 10^k) for n >= 0, k >= 0, without building 10^k when the answer is obviously 0 or 1. */
function ceilDivPow10(n: bigint, k: number): bigint {
  if (n === 0n || k === 0) return n;
  if (k > n.toString().length) return 1n;
  const d = 10n ** BigInt(k);
  return (n + d - 1n) / d;
}

/** Parse a Kubernetes quantity exactly as `resource.ParseQuantity` does, or throw QuantityError. */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw new QuantityError(str, 'format');
  const s = scan(str);
  const suffix = interpret(s.suffix);
  if (suffix === null) throw new QuantityError(str, 'suffix');
  const digits = BigInt(s.num + s.denom);
  let format = suffix.format;
  let magnitude: bigint;
  let exp: number;
  let fastPath: boolean;
  if (suffix.base === 10) {
    const scale = wrap32(suffix.exponent - s.denom.length);
    fastPath = 18 - (s.num.length + s.denom.length) >= 0 && scale >= -9;
    magnitude = digits;
    // The fast path stores (digits, scale); the slow path goes through inf.Dec with int32 scale arithmetic.
    exp = fastPath ? scale : -wrap32(s.denom.length + wrap32(-suffix.exponent));
  } else {
    const precision = 15 - s.num.length - Math.trunc((suffix.exponent * 3) / 10) - 1;
    fastPath = s.denom.length === 0 && precision >= 0;
    magnitude = digits << BigInt(suffix.exponent);
    exp = 0 - s.denom.length;
  }
  if (!fastPath && !/[0-9]/.test(s.value)) throw new QuantityError(str, 'numeric');
  if (exp < -9) {
    magnitude = ceilDivPow10(magnitude, -9 - exp);
    exp = -9;
  }
  if (format === 'BinarySI') {
    const unit = 10n ** BigInt(-exp);
    if (magnitude > INT64_MAX * unit) [magnitude, exp] = [INT64_MAX, 0];
    if (magnitude > 0n && magnitude < unit) format = 'DecimalSI';
  }
  return { negative: !s.positive && magnitude !== 0n, digits: magnitude, exp, format };
}

/** ceil(|q| / 10^scale), away from zero, as apimachinery's ScaledValue; exact BigInt. */
export function quantityScaledValue(q: Quantity, scale: number): bigint {
  const shift = q.exp - scale;
  let magnitude: bigint;
  if (shift >= 0) {
    if (q.digits !== 0n && q.digits.toString().length + shift > 40)
      throw new QuantityError(render(q), 'range');
    magnitude = q.digits * 10n ** BigInt(shift);
  } else {
    magnitude = ceilDivPow10(q.digits, -shift);
  }
  return q.negative ? -magnitude : magnitude;
}

function checkedInt64(q: Quantity, scale: number): number {
  const v = quantityScaledValue(q, scale);
  if (v > INT64_MAX || v < INT64_MIN) throw new QuantityError(render(q), 'range');
  return Number(v);
}

/** apimachinery `Value()`: rounded up (away from zero) to an integer. Throws when outside int64. */
export const quantityToInteger = (q: Quantity): number => checkedInt64(q, 0);

/** apimachinery `MilliValue()`: ceil(q * 1000). Throws when outside int64. */
export const quantityToMilli = (q: Quantity): number => checkedInt64(q, -3);

/** The exact decimal value as the nearest JS number, e.g. cores: `500m` -> 0.5, `100n` -> 1e-7. */
export function quantityToCores(q: Quantity): number {
  const n = Number(`${q.negative ? '-' : ''}${q.digits}e${q.exp}`);
  if (!Number.isFinite(n)) throw new QuantityError(render(q), 'range');
  return n;
}

/** A plain-text rendering (digits and exponent) used only in error messages. */
function render(q: Quantity): string {
  return `${q.negative ? '-' : ''}${q.digits}e${q.exp}`;
}
