import t from 'tap';
import { runOf } from '../../src/containers/run-number.js';

t.test('runOf reads a whole number from 1, else 1 (a record from before runs were numbered)', async (t) => {
  t.equal(runOf({ run: 3 }), 3);
  for (const run of [0, -1, 1.5, '2', null]) t.equal(runOf({ run }), 1, JSON.stringify(run));
  t.equal(runOf({}), 1);
});
