import t from 'tap';
import { sharedResources } from '../../src/memory/shared-resources.js';
import { shareStrings } from '../../src/memory/shared-strings.js';
import { extractContainerResources } from '../../src/resources/index.js';

const spec = (memory: number) => ({ linux: { resources: { memory: { limit: memory } } } });

t.test('equal resources are one frozen object, different ones are not', async (t) => {
  const a = extractContainerResources({ spec: spec(1024) });
  const b = extractContainerResources({ spec: spec(1024) });
  const c = extractContainerResources({ spec: spec(2048) });
  t.equal(a, b, 'the same object');
  t.not(a, c);
  t.equal(c.memory_limit, 2048);
  t.ok(Object.isFrozen(a) && Object.isFrozen(a.sources) && Object.isFrozen(a.hugepages));
  t.throws(() => {
    (a as { memory_limit: number | null }).memory_limit = 1;
  }, TypeError);
  t.equal(
    sharedResources(JSON.parse(JSON.stringify(a))),
    a,
    'a copy read back from a file is the shared one',
  );
});

t.test('shareStrings keeps the tree as it was, in place', async (t) => {
  const long = 'x'.repeat(1000);
  const tree = { a: 'one', list: ['one', 2, null, { b: 'two', long }], nested: { c: true, d: 'three' } };
  const before = JSON.stringify(tree);
  t.equal(shareStrings(tree), tree, 'the same tree is returned');
  t.equal(JSON.stringify(tree), before, 'with the same values');
});
