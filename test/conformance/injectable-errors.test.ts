import t from 'tap';
import { injectableErrors, ruleIdsNamedIn } from '../../src/conformance/injectable-errors.js';
import type { FaultRule } from '../../src/generated/resourceslot/v1/faults.js';

const rule = (id: string, written: object | string): FaultRule => ({
  id,
  origin: 'runtime',
  description: '',
  ruleJson: typeof written === 'string' ? written : JSON.stringify(written),
  hits: 0,
});

t.test("the errors a plan's rules answer with: failpoint errors and panics, outages", async (t) => {
  t.same(
    injectableErrors([
      rule('r1', {
        failpoint: '1*delay(5)->1*error(UNAVAILABLE: try again)->2*panic(boom)->1*error(disk: full)',
      }),
      rule('down', { outage: { for: '1s' } }),
      rule('slow', { delay: '20ms' }),
      rule('r4', { failpoint: '1*off->3*delay(100)' }),
      rule('bad', '{not json'),
    ]),
    [
      { ruleId: 'r1', code: 'UNAVAILABLE', details: 'try again' },
      { ruleId: 'r1', code: 'INTERNAL', details: 'panic: boom' },
      { ruleId: 'r1', code: 'UNKNOWN', details: 'disk: full' },
      { ruleId: 'down', code: 'UNAVAILABLE', details: 'runtime outage injected by rule down' },
    ],
    'latency and delay-only failpoints inject no error',
  );
});

t.test('the rule ids a call log fault names', async (t) => {
  t.same(ruleIdsNamedIn('rule r2 (Task.Start 1*error(x)); rule slow-1 (*.* delay 10ms)'), ['r2', 'slow-1']);
  t.same(
    ruleIdsNamedIn('annotation resource-slot.io/failpoint.Start=1*error(x)'),
    [],
    'an annotation is no rule',
  );
});
