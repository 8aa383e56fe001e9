import t from 'tap';
import { Admission } from '../../src/transport/admission.js';

t.test('runs up to maxActive at once, queues the next in order, refuses beyond the queue', async (t) => {
  const admission = new Admission(2, 2);
  const started: number[] = [];
  const results = [1, 2, 3, 4, 5].map((n) => admission.admit(() => started.push(n)));
  t.same(results, [true, true, true, true, false], 'the fifth call is refused');
  t.equal(admission.refused, 1, 'and counted');
  t.same(started, [1, 2], 'two run at once');
  t.same(admission.load, { active: 2, queued: 2 });
  admission.release();
  t.same(started, [1, 2, 3], 'a release starts the oldest queued call');
  admission.release();
  t.same(started, [1, 2, 3, 4]);
  t.same(admission.load, { active: 2, queued: 0 });
  admission.release();
  admission.release();
  t.same(admission.load, { active: 0, queued: 0 }, 'every slot is given back');
  t.equal(
    admission.admit(() => started.push(6)),
    true,
    'and used again',
  );
  t.same(started, [1, 2, 3, 4, 6]);
  t.equal(admission.refused, 1, 'an admitted call is not counted');
});
