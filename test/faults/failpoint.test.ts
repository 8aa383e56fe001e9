import t from 'tap';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { Failpoint } from '../../src/faults/failpoint.js';
import type { FaultAction } from '../../src/faults/types.js';

const FIELD = 'rules[0].failpoint';

function refusal(text: string): InvalidArgumentError {
  try {
    new Failpoint(text, FIELD);
  } catch (err) {
    if (err instanceof InvalidArgumentError) return err;
    throw err;
  }
  throw new Error(`expected ${JSON.stringify(text)} to be refused`);
}

/** The actions of `calls` successive calls. */
function run(text: string, calls: number): FaultAction[] {
  const failpoint = new Failpoint(text);
  return Array.from({ length: calls }, () => failpoint.evaluate());
}

const off: FaultAction = { kind: 'off' };
const unknown = (message: string): FaultAction => ({ kind: 'error', code: 'UNKNOWN', message });

t.test("containerd's TestParseTerms: what parses, and Marshal gives the text back", async (t) => {
  const accepted = [
    '5*off',
    '10*error(oops)',
    '1000000*panic(oops)',
    '1000000*delay(1)',
    '13*delay(5)->10*off->1000*panic(oops)',
  ];
  for (const text of accepted) t.equal(new Failpoint(text).marshal(), text, text);
  const refused = [
    '5',
    '*off()',
    '5*off()',
    '5*off(nothing)',
    '5*off(',
    '10000error(oops)',
    '1234*error(oops))',
    '12342*error()',
    '1panic(oops)',
    '12345*panic(oops))',
    '12*panic()',
    '1*delay(oops)',
    '1000000*delay(-1)',
    '1*delay(1)-',
    '10*delay(2)->',
    '11*delay(3)->10*off(',
    '12*delay(4)->10*of',
  ];
  for (const text of refused) t.ok(refusal(text) instanceof InvalidArgumentError, text);
});

t.test('every form: what each term does', async (t) => {
  const cases: Array<[string, FaultAction]> = [
    ['1*off', off],
    ['1*error(please retry)', unknown('please retry')],
    ['1*panic(boom)', { kind: 'panic', message: 'boom' }],
    ['1*delay(250)', { kind: 'delay', ms: 250 }],
    ['1*delay(0)', { kind: 'delay', ms: 0 }],
    ['01*delay(007)', { kind: 'delay', ms: 7 }],
    // The message is every character up to the first ")": spaces, "(", "->", "*" and "%" included, verbatim.
    ['1*error( a (b -> 2*off %v )', unknown(' a (b -> 2*off %v ')],
    ['1*panic(a->b)', { kind: 'panic', message: 'a->b' }],
    ['1*delay(9223372036854)', { kind: 'delay', ms: 9223372036854 }],
  ];
  for (const [text, action] of cases) t.same(run(text, 1), [action], text);
});

t.test('error(CODE: message) picks the gRPC code; a bare message is UNKNOWN', async (t) => {
  const cases: Array<[string, FaultAction]> = [
    [
      '1*error(UNAVAILABLE: runtime restarting)',
      { kind: 'error', code: 'UNAVAILABLE', message: 'runtime restarting' },
    ],
    ['1*error(NOT_FOUND:gone)', { kind: 'error', code: 'NOT_FOUND', message: 'gone' }],
    ['1*error(DEADLINE_EXCEEDED:   slow)', { kind: 'error', code: 'DEADLINE_EXCEEDED', message: 'slow' }],
    ['1*error(UNKNOWN: ERROR: disk full)', unknown('ERROR: disk full')],
    ['1*error(UNAVAILABLE: a: b)', { kind: 'error', code: 'UNAVAILABLE', message: 'a: b' }],
    // Not shaped like a code name: the whole text is the message.
    ['1*error(disk: full)', unknown('disk: full')],
    ['1*error(Unavailable: x)', unknown('Unavailable: x')],
    ['1*error(HTTP 503: x)', unknown('HTTP 503: x')],
    ['1*error(:x)', unknown(':x')],
    ['1*error(UNAVAILABLE)', unknown('UNAVAILABLE')],
  ];
  for (const [text, action] of cases) t.same(run(text, 1), [action], text);
  t.match(
    refusal('1*error(UNAVAILBLE: retry)').message,
    /"UNAVAILBLE" is not a gRPC code name .*UNAVAILABLE/,
  );
  t.match(refusal('1*error(UNAVAILBLE: retry)').message, /error\(UNKNOWN: UNAVAILBLE: retry\)/);
  t.match(refusal('1*error(OK: fine)').message, /"OK" is not a gRPC code name/);
  t.match(refusal('1*error(INTERNAL:)').message, /needs a message after the code/);
  t.match(refusal('1*error(INTERNAL:   )').message, /needs a message after the code/);
});

t.test('malformed input: the term is named, quoted, with what was expected', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['', /^rules\[0\]\.failpoint: term 1 "": expected a count \(digits\) then "\*"/],
    ['error(oops)', /term 1 "error\(oops\)": expected a count/],
    ['5', /term 1 "5": expected "\*" after the count 5/],
    ['-1*off', /term 1 "-1\*off": expected a count/],
    ['+1*off', /term 1 "\+1\*off": expected a count/],
    ['1.5*off', /term 1 "1.5\*off": expected "\*" after the count 1/],
    ['9223372036854775808*off', /count is beyond int64 \(at most 9223372036854775807\)/],
    ['1*', /term 1 "1\*": expected a type after the count: off, error\(<message>\), panic/],
    ['1*OFF', /term 1 "1\*OFF": expected a type/],
    ['1*error', /term 1 "1\*error": expected a type/],
    ['1*sleep(5)', /term 1 "1\*sleep\(5\)": expected a type/],
    ['1*off->2*nope', /term 2 "2\*nope": expected a type/],
    [
      '5*off()',
      /term 1 "5\*off\(\)": unexpected "\(\)" after the term: expected "->" and a term, or the end/,
    ],
    ['5*offset', /unexpected "set" after the term/],
    ['1*error(a))->1*off', /term 1 "1\*error\(a\)\)": unexpected "\)" after the term/],
    ['1*off-', /unexpected "-" after the term/],
    ['1*off>1*off', /unexpected ">1\*off" after the term/],
    ['1*off->', /term 2 "": expected a count/],
    ['1*off->->1*off', /term 2 "": expected a count/],
    ['1*error()', /term 1 "1\*error\(\)": error\(\) needs a message/],
    ['1*panic()', /panic\(\) needs a message/],
    ['1*error(oops', /term 1 "1\*error\(oops": expected "\)" to close error\(/],
    ['1*panic(a->1*off', /term 1 "1\*panic\(a->1\*off": expected "\)" to close panic\(/],
    ['1*delay()', /term 1 "1\*delay\(\)": delay takes whole milliseconds \(digits only\)/],
    ['1*delay(1.5)', /delay takes whole milliseconds/],
    ['1*delay(10ms)', /delay takes whole milliseconds/],
    ['1*delay(-1)', /delay takes whole milliseconds/],
    ['1*delay( 5)', /delay takes whole milliseconds/],
    ['1*delay(5', /delay takes whole milliseconds/],
    ['1*delay(9223372036855)', /overflows Go's time.Duration \(at most 9223372036854 ms\)/],
    [' 1*off', /term 1 " 1\*off": expected a count.*no white space outside error\(\) and panic\(\)/],
    ['1*off ', /unexpected " " after the term.*no white space/],
    ['1*off -> 1*error(x)', /unexpected " " after the term/],
    ['1*off->\t1*off', /term 2 "\\t1\*off": expected a count.*no white space/],
    ['1 *off', /expected "\*" after the count 1.*no white space/],
  ];
  for (const [text, message] of cases) {
    const err = refusal(text);
    t.equal(err.field, FIELD, text);
    t.match(err.message, message, text);
  }
});

t.test('counters advance across calls, in order, as containerd Evaluate', async (t) => {
  t.same(run('1*off->1*error(please retry)', 4), [off, unknown('please retry'), off, off]);
  t.same(run('2*error(a)->1*delay(5)', 4), [unknown('a'), unknown('a'), { kind: 'delay', ms: 5 }, off]);
  // containerd's TestEvaluate sequence, then everything used up: off for ever.
  t.same(run('1*error(oops-)->1*off->1*delay(1000)->1*panic(panic)', 6), [
    unknown('oops-'),
    off,
    { kind: 'delay', ms: 1000 },
    { kind: 'panic', message: 'panic' },
    off,
    off,
  ]);
  // A count of 0 is allowed and its term never acts.
  t.same(run('0*error(never)->1*error(once)', 3), [unknown('once'), off, off]);
  t.same(run('0*panic(x)', 2), [off, off]);
});

t.test('marshal shows the counts left; fresh() starts again', async (t) => {
  const failpoint = new Failpoint('1*off->2*error(x)');
  failpoint.evaluate();
  failpoint.evaluate();
  t.equal(failpoint.marshal(), '0*off->1*error(x)');
  const fresh = failpoint.fresh();
  t.equal(fresh.marshal(), '1*off->2*error(x)');
  t.same(fresh.evaluate(), off);
  failpoint.evaluate();
  failpoint.evaluate();
  t.equal(failpoint.marshal(), '0*off->0*error(x)');
  t.equal(fresh.marshal(), '0*off->2*error(x)');
});

t.test('the largest count never runs out in practice and keeps its exact value', async (t) => {
  const failpoint = new Failpoint('9223372036854775807*error(always)');
  for (let i = 0; i < 1000; i++) failpoint.evaluate();
  t.equal(failpoint.marshal(), '9223372036854774807*error(always)');
});

t.test('the actions returned are shared and frozen', async (t) => {
  const failpoint = new Failpoint('2*error(UNAVAILABLE: x)');
  const first = failpoint.evaluate();
  t.equal(failpoint.evaluate(), first);
  t.ok(Object.isFrozen(first));
});
