import t from 'tap';
import {
  QuantityError,
  parseQuantity,
  quantityToCores,
  quantityToInteger,
  quantityToMilli,
  type Quantity,
  type QuantityErrorReason,
} from '../../src/resources/quantity.js';

/** The exact value as a plain decimal string. */
function exact(q: Quantity): string {
  const sign = q.negative ? '-' : '';
  if (q.exp >= 0) return sign + (q.digits * 10n ** BigInt(q.exp)).toString();
  const s = q.digits.toString().padStart(1 - q.exp, '0');
  const whole = s.slice(0, s.length + q.exp);
  const frac = s.slice(s.length + q.exp).replace(/0+$/, '');
  return sign + whole + (frac ? `.${frac}` : '');
}

/** The QuantityError reason fn throws, or null. */
function reasonOf(fn: () => unknown): QuantityErrorReason | null {
  try {
    fn();
    return null;
  } catch (err) {
    if (err instanceof QuantityError) return err.reason;
    throw err;
  }
}

// [input, exact value, Value() (rounded up, away from zero) or 'range' when outside int64]
const valid: [string, string, number | 'range'][] = [
  ['0', '0', 0],
  ['1', '1', 1],
  ['500m', '0.5', 1],
  ['250m', '0.25', 1],
  ['1500m', '1.5', 2],
  ['1.5', '1.5', 2],
  ['0.1', '0.1', 1],
  ['2Gi', '2147483648', 2147483648],
  ['64Mi', '67108864', 67108864],
  ['128Mi', '134217728', 134217728],
  ['256Mi', '268435456', 268435456],
  ['1Ki', '1024', 1024],
  ['1Ti', '1099511627776', 1099511627776],
  ['1Pi', '1125899906842624', 1125899906842624],
  ['1Ei', '1152921504606846976', 1152921504606846976],
  ['7Ei', '8070450532247928832', 8070450532247928832],
  ['8Ei', '9223372036854775807', 9223372036854775807], // binary values are capped at 2^63-1
  ['-8Ei', '-9223372036854775807', -9223372036854775807],
  ['0.5Ki', '512', 512],
  ['.5Ki', '512', 512],
  ['1.5Gi', '1610612736', 1610612736],
  ['0.3Ki', '307.2', 308],
  ['1k', '1000', 1000],
  ['100k', '100000', 100000],
  ['1.5k', '1500', 1500],
  ['1M', '1000000', 1000000],
  ['1G', '1000000000', 1000000000],
  ['1T', '1000000000000', 1000000000000],
  ['1P', '1000000000000000', 1000000000000000],
  ['1E', '1000000000000000000', 1000000000000000000], // E alone is exa
  ['1n', '0.000000001', 1],
  ['1u', '0.000001', 1],
  ['0.1m', '0.0001', 1], // rounded to nano, not milli
  ['0.5n', '0.000000001', 1], // rounded up to 1n
  ['0.0001m', '0.0000001', 1],
  ['1e3', '1000', 1000],
  ['1E3', '1000', 1000],
  ['1e+3', '1000', 1000],
  ['12e6', '12000000', 12000000],
  ['1e-3', '0.001', 1],
  ['1.5E-3', '0.0015', 1],
  ['1e-10', '0.000000001', 1],
  ['-1e-10', '-0.000000001', -1], // away from zero
  ['1e18', '1000000000000000000', 1000000000000000000],
  ['1e19', '10000000000000000000', 'range'],
  ['1e4294967296', '1', 1], // apimachinery truncates the exponent to int32
  ['-1', '-1', -1],
  ['+5', '5', 5],
  ['-500m', '-0.5', -1],
  ['-0', '0', 0],
  ['1.', '1', 1],
  ['.5', '0.5', 1],
  ['1.G', '1000000000', 1000000000],
  ['000123', '123', 123],
  ['0.000', '0', 0],
  ['999.5', '999.5', 1000],
  ['123456789012345678901234', '123456789012345678901234', 'range'],
  ['0.123456789123456789123', '0.12345679', 1], // slow path, rounded up to nano
  // apimachinery oddities: an empty numeric part is 0
  ['.', '0', 0],
  ['+', '0', 0],
  ['-', '0', 0],
  ['m', '0', 0],
  ['Ki', '0', 0],
  ['Ti', '0', 0],
];

const invalid: [string, QuantityErrorReason][] = [
  ['', 'format'],
  [' ', 'format'],
  [' 1', 'format'],
  ['1 ', 'format'],
  ['1 Gi', 'format'],
  ['1\n', 'format'],
  ['abc', 'format'],
  ['1.5.5', 'format'],
  ['1e3.5', 'format'],
  ['1KB', 'format'],
  ['0x10', 'format'],
  ['1,000', 'format'],
  ['１', 'format'],
  ['1K', 'suffix'], // only lower-case k
  ['1Kii', 'suffix'],
  ['1mi', 'suffix'],
  ['1ki', 'suffix'],
  ['1e', 'suffix'],
  ['1ee3', 'suffix'],
  ['1E-', 'suffix'],
  ['1-', 'suffix'],
  ['--1', 'suffix'],
  ['1Gi2', 'suffix'],
  ['1e99999999999999999999', 'suffix'],
  ['Pi', 'numeric'], // slow path with no digits
  ['Ei', 'numeric'],
  ['.Pi', 'numeric'],
  ['e-10', 'numeric'],
];

t.test('valid quantities', async (t) => {
  for (const [input, value, integer] of valid) {
    const q = parseQuantity(input);
    t.equal(exact(q), value, `${JSON.stringify(input)} exact value`);
    if (integer === 'range')
      t.equal(
        reasonOf(() => quantityToInteger(q)),
        'range',
        `${input} Value() out of range`,
      );
    else t.equal(quantityToInteger(q), integer, `${JSON.stringify(input)} Value()`);
  }
});

t.test('invalid quantities', async (t) => {
  for (const [input, reason] of invalid) {
    try {
      parseQuantity(input);
      t.fail(`${JSON.stringify(input)} should be rejected`);
    } catch (err) {
      t.ok(err instanceof QuantityError, `${JSON.stringify(input)} throws QuantityError`);
      t.match(err, { reason, input }, `${JSON.stringify(input)} -> ${reason}`);
      t.match((err as Error).message, JSON.stringify(input), 'message names the value');
    }
  }
});

t.test('cores and milli values', async (t) => {
  const cores: [string, number, number][] = [
    ['500m', 0.5, 500],
    ['1', 1, 1000],
    ['2', 2, 2000],
    ['250m', 0.25, 250],
    ['0.1m', 0.0001, 1],
    ['100n', 1e-7, 1],
    ['1.5', 1.5, 1500],
    ['1e3', 1000, 1000000],
    ['1.5E-3', 0.0015, 2],
    ['-500m', -0.5, -500],
  ];
  for (const [input, c, milli] of cores) {
    t.equal(quantityToCores(parseQuantity(input)), c, `${input} cores`);
    t.equal(quantityToMilli(parseQuantity(input)), milli, `${input} MilliValue()`);
  }
  t.equal(
    reasonOf(() => quantityToCores(parseQuantity('1e400'))),
    'range',
    'non-finite cores rejected',
  );
});

t.test('table size', async (t) => {
  t.ok(valid.length + invalid.length >= 60, `${valid.length + invalid.length} cases`);
});
