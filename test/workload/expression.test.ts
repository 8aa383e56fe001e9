import t from 'tap';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { parseProfile } from '../../src/workload/build.js';
import { parseDuration } from '../../src/workload/duration.js';

const FIELD = 'annotations["resource-slot.io/usage-cpu"]';
const parse = (text: string) => parseProfile(text, FIELD);

/** The InvalidArgumentError parseProfile throws for text. */
function refusal(text: string): InvalidArgumentError {
  try {
    parse(text);
  } catch (err) {
    if (err instanceof InvalidArgumentError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

t.test('durations: units, sums of terms, zero', async (t) => {
  const cases: [string, number][] = [
    ['0', 0],
    ['0s', 0],
    ['500ms', 0.5],
    ['10s', 10],
    ['1.5s', 1.5],
    ['5m', 300],
    ['1h', 3600],
    ['1h30m', 5400],
    ['2m10s500ms', 130.5],
    ['.5s', 0.5],
  ];
  for (const [text, seconds] of cases) t.equal(parseDuration(text), seconds, text);
  for (const bad of ['', '10', 's', '1.2.3s', '-1s', '10x', '1d', '5 s', 'ms'])
    t.type(parseDuration(bad), 'string', `${JSON.stringify(bad)} is refused`);
});

t.test('a bare quantity is a constant', async (t) => {
  t.same(parse('250m'), { kind: 'constant', value: 0.25 });
  t.same(parse(' 2 '), { kind: 'constant', value: 2 });
  t.same(parse('64Mi'), { kind: 'constant', value: 64 * 1024 * 1024 });
  t.same(parse('constant(value=1.5)'), { kind: 'constant', value: 1.5 });
});

t.test('every profile with its parameters', async (t) => {
  t.same(parse('linear(from=100m, perSecond=1m, max=2)'), {
    kind: 'linear',
    from: 0.1,
    perSecond: 0.001,
    max: 2,
  });
  t.same(parse('linear(from=64Mi,perSecond=1Ki)'), {
    kind: 'linear',
    from: 64 * 2 ** 20,
    perSecond: 1024,
    max: Infinity,
  });
  t.same(parse('sine(min=100m, max=500m, period=60s)'), {
    kind: 'sine',
    min: 0.1,
    max: 0.5,
    period: 60,
    phase: 0,
  });
  t.same(parse('square( min = 64Mi , max = 256Mi , period = 30s , phase = 5s )'), {
    kind: 'square',
    min: 64 * 2 ** 20,
    max: 256 * 2 ** 20,
    period: 30,
    phase: 5,
  });
  t.same(parse('randomwalk(start=200m, step=50m, every=10s, min=50m, max=1, seed=7)'), {
    kind: 'randomwalk',
    start: 0.2,
    step: 0.05,
    every: 10,
    min: 0.05,
    max: 1,
    seed: 7,
  });
  t.match(parse('randomwalk(start=1, step=1, every=1s, min=0, max=2)'), { seed: 0 });
  t.same(parse('steps(0s=100m, 30s=400m, 1m30s=200m)'), {
    kind: 'steps',
    times: [0, 30, 90],
    values: [0.1, 0.4, 0.2],
  });
  t.same(parse('steps(0=1)'), { kind: 'steps', times: [0], values: [1] });
});

t.test('every malformed expression is refused with the field and what is wrong', async (t) => {
  const cases: [string, RegExp][] = [
    // syntax
    ['', /expected a quantity or a profile name, found the end/],
    ['   ', /expected a quantity or a profile name/],
    ['(1)', /expected a quantity or a profile name, found "\("/],
    ['sine(min=1, max=2, period=1s', /expected "," or "\)", found the end/],
    ['sine(min=1 max=2)', /expected "," or "\)", found "max" at 11/],
    ['sine(min=1,, max=2)', /expected a parameter name, found ","/],
    ['sine(min=1, max=2,)', /expected a parameter name, found "\)"/],
    ['sine(min, max=2)', /expected "=" after "min"/],
    ['sine(min=, max=2)', /expected a value for "min"/],
    ['sine(min=1=2)', /expected "," or "\)", found "="/],
    ['250m 300m', /expected the end of the expression, found "300m"/],
    ['sine(min=1, max=2, period=1s) x', /expected the end of the expression/],
    ['sine(min=1)(max=2)', /expected the end of the expression/],
    ['250m)', /expected the end of the expression, found "\)"/],
    // names and parameters
    ['cosine(min=1, max=2, period=1s)', /unknown profile "cosine"/],
    ['toString()', /unknown profile "toString"/],
    ['sine(min=1, max=2)', /missing parameter "period" for sine/],
    ['sine()', /missing parameter "min" for sine/],
    ['square(min=1, max=2, period=1s, amplitude=3)', /unknown parameter "amplitude" for square/],
    ['sine(min=1, min=1, max=2, period=1s)', /parameter "min" given twice/],
    ['linear(from=1)', /missing parameter "perSecond"/],
    ['randomwalk(start=1, step=1, every=1s, min=0)', /missing parameter "max"/],
    ['constant()', /missing parameter "value"/],
    // values
    ['abc', /bad quantity for the value: invalid quantity "abc"/],
    ['1K', /bad quantity for the value/],
    ['-1', /the value must not be negative/],
    ['sine(min=1x, max=2, period=1s)', /bad quantity for sine min/],
    ['linear(from=1, perSecond=-1m)', /linear perSecond must not be negative/],
    ['sine(min=1, max=2, period=60)', /sine period: bad duration "60": a unit is missing/],
    ['sine(min=1, max=2, period=1d)', /unknown unit "d"/],
    ['sine(min=1, max=2, period=-1s)', /sine period: bad duration "-1s": expected a number/],
    ['randomwalk(start=1, step=1, every=1s, min=0, max=2, seed=1.5)', /seed must be an integer/],
    ['randomwalk(start=1, step=1, every=1s, min=0, max=2, seed=x)', /seed must be an integer/],
    // relations between values
    ['sine(min=2, max=1, period=1s)', /sine: min > max/],
    ['square(min=256Mi, max=64Mi, period=30s)', /square: min > max/],
    ['sine(min=1, max=2, period=0s)', /sine period must be positive/],
    ['square(min=1, max=2, period=0)', /square period must be positive/],
    ['linear(from=2, perSecond=1m, max=1)', /linear: max < from/],
    ['randomwalk(start=1, step=1, every=0s, min=0, max=2)', /randomwalk every must be positive/],
    ['randomwalk(start=1, step=0, every=1s, min=0, max=2)', /randomwalk step must be positive/],
    ['randomwalk(start=1, step=1, every=1s, min=2, max=1)', /randomwalk: min > max/],
    ['randomwalk(start=3, step=1, every=1s, min=0, max=2)', /start outside \[min, max\]/],
    ['steps()', /steps needs at least one time=value pair/],
    ['steps(10s=1)', /steps must start at 0s/],
    ['steps(0s=1, 30s=2, 20s=3)', /steps times must increase/],
    ['steps(0s=1, 0s=2)', /steps times must increase/],
    ['steps(0s=1, x=2)', /steps time: bad duration "x"/],
    ['steps(0s=1, 10s=abc)', /bad quantity for steps value at 10s/],
  ];
  for (const [text, detail] of cases) {
    const err = refusal(text);
    t.equal(err.field, FIELD, `${JSON.stringify(text)}: field`);
    t.match(err.message, detail, `${JSON.stringify(text)}: ${err.message}`);
    t.ok(err.message.startsWith(`${FIELD}: `), 'the message starts with the field');
  }
});
