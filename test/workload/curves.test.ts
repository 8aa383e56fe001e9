import t from 'tap';
import { parseProfile } from '../../src/workload/build.js';
import { compile } from '../../src/workload/compile.js';
import type { Curve } from '../../src/workload/curve.js';
import { hashString, uniformAt } from '../../src/workload/prng.js';

const curve = (text: string, cap = Infinity, key = 1): Curve => compile(parseProfile(text, 'f'), cap, key);

/** Midpoint-rule integrals of value, excess over cap and time above cap on [0, end]. */
function numeric(c: Curve, end: number, cap: number, dt = 0.001): [number, number, number] {
  let area = 0;
  let excess = 0;
  let over = 0;
  const n = Math.round(end / dt);
  for (let i = 0; i < n; i++) {
    const v = c.at((i + 0.5) * dt);
    area += v * dt;
    if (v > cap) {
      excess += (v - cap) * dt;
      over += dt;
    }
  }
  return [area, excess, over];
}

/** A seeded sequence of increasing times, some far apart, some close. */
function increasingTimes(seed: number, count: number): number[] {
  const times: number[] = [];
  let t = 0;
  for (let i = 0; i < count; i++) {
    t += uniformAt(seed, i) * (i % 10 === 0 ? 100 : 1.5);
    times.push(t);
  }
  return times;
}

const PROFILES = [
  '250m',
  'linear(from=100m, perSecond=10m, max=2)',
  'linear(from=100m, perSecond=10m)',
  'sine(min=0, max=2, period=60s)',
  'sine(min=100m, max=500m, period=7s, phase=2s)',
  'square(min=100m, max=2, period=30s)',
  'square(min=1, max=3, period=10s, phase=12s)',
  'randomwalk(start=1, step=300m, every=2s, min=0, max=3, seed=7)',
  'steps(0s=100m, 30s=3, 90s=200m)',
];

t.test('values at chosen times', async (t) => {
  const at = (text: string, times: number[]) => times.map((x) => curve(text).at(x));
  t.same(at('250m', [0, 1, 1e6]), [0.25, 0.25, 0.25]);
  t.same(at('linear(from=100m, perSecond=10m, max=2)', [0, 10, 190, 191, 1e6]), [0.1, 0.2, 2, 2, 2]);
  const sine = at('sine(min=1, max=3, period=60s)', [0, 15, 30, 45, 60]);
  [2, 3, 2, 1, 2].forEach((v, i) => t.ok(Math.abs((sine[i] ?? 0) - v) < 1e-9, `sine at ${i * 15}s`));
  t.ok(Math.abs(curve('sine(min=1, max=3, period=60s, phase=15s)').at(0) - 3) < 1e-9, 'phase shifts earlier');
  t.same(at('square(min=1, max=3, period=10s)', [0, 4.9, 5, 9.9, 10, 15]), [3, 3, 1, 1, 3, 1]);
  t.same(at('square(min=1, max=3, period=10s, phase=5s)', [0, 5]), [1, 3]);
  t.same(
    at('steps(0s=100m, 30s=400m, 90s=200m)', [0, 29.999, 30, 89, 90, 1e6]),
    [0.1, 0.1, 0.4, 0.4, 0.2, 0.2],
  );
});

t.test('steps hold until the next step, and integrate piecewise', async (t) => {
  const c = curve('steps(0s=1, 10s=3, 20s=2)', 2.5);
  t.equal(c.integral(10), 10);
  t.equal(c.integral(15), 25);
  t.equal(c.integral(30), 60);
  t.equal(c.excess(30), 5);
  t.equal(c.timeOver(30), 10);
  t.equal(c.timeOver(12), 2);
});

t.test('closed forms match numeric integrals', async (t) => {
  for (const text of PROFILES) {
    for (const cap of [Infinity, 0.3, 1.5]) {
      for (const end of [7.3, 95.55]) {
        const [area, excess, over] = numeric(curve(text, cap), end, cap);
        const c = curve(text, cap);
        const name = `${text} cap=${cap} t=${end}`;
        t.ok(Math.abs(c.integral(end) - area) < 1e-3 * Math.max(1, area), `${name}: integral`);
        t.ok(Math.abs(c.excess(end) - excess) < 1e-3 * Math.max(1, excess), `${name}: excess`);
        t.ok(Math.abs(c.timeOver(end) - over) < 2e-3, `${name}: time over`);
      }
    }
  }
});

t.test('integrals never decrease over many random increasing times', async (t) => {
  for (const text of PROFILES) {
    const c = curve(text, 1);
    let [integral, excess, over] = [0, 0, 0];
    let bad = 0;
    for (const x of increasingTimes(hashString(text), 2000)) {
      const [i, e, o] = [c.integral(x), c.excess(x), c.timeOver(x)];
      if (i < integral - 1e-9 || e < excess - 1e-9 || o < over - 1e-9 || i - e < 0) bad++;
      [integral, excess, over] = [i, e, o];
    }
    t.equal(bad, 0, text);
  }
});

t.test('random walk: a seed reproduces, another seed or key differs, bounds hold', async (t) => {
  const walk = 'randomwalk(start=500m, step=100m, every=1s, min=100m, max=1, seed=7)';
  const series = (c: Curve) => Array.from({ length: 200 }, (_, i) => c.at(i));
  const a = series(curve(walk, Infinity, 42));
  t.same(series(curve(walk, Infinity, 42)), a, 'same key and seed: same walk');
  t.not(series(curve(walk, Infinity, 43)).join(), a.join(), 'another key: another walk');
  t.ok(
    a.every((v) => v >= 0.1 && v <= 1),
    'within [min, max]',
  );
  t.ok(new Set(a).size > 20, 'it moves');
  t.equal(a[0], 0.5, 'starts at start');
  t.equal(curve(walk).at(0.999), 0.5, 'held for `every`');
});

t.test('random walk: the cache gives the same answers as a fresh evaluation, backwards too', async (t) => {
  const walk = 'randomwalk(start=1, step=500m, every=1s, min=0, max=3, seed=3)';
  const cached = curve(walk, 1.2);
  const times = [3.5, 10, 10.2, 500.7, 2.1, 40];
  for (const x of times) {
    const fresh = curve(walk, 1.2);
    t.equal(cached.integral(x), fresh.integral(x), `integral at ${x}`);
    t.equal(cached.excess(x), fresh.excess(x), `excess at ${x}`);
    t.equal(cached.timeOver(x), fresh.timeOver(x), `time over at ${x}`);
  }
});

t.test('random walk: the integral is the sum over steps', async (t) => {
  const c = curve('randomwalk(start=1, step=500m, every=2s, min=0, max=3)');
  let sum = 0;
  for (let k = 0; k < 50; k++) sum += c.at(2 * k) * 2;
  t.ok(Math.abs(c.integral(100) - sum) < 1e-9);
});

t.test('the random function is uniform enough and keyed', async (t) => {
  let mean = 0;
  for (let i = 0; i < 10000; i++) mean += uniformAt(5, i) / 10000;
  t.ok(Math.abs(mean - 0.5) < 0.02, `mean ${mean}`);
  t.not(uniformAt(5, 1), uniformAt(6, 1));
  t.equal(uniformAt(5, 1), uniformAt(5, 1));
  t.not(hashString('a'), hashString('b'));
});
