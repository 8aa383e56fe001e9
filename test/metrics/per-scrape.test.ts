import t from 'tap';
import { PerScrape } from '../../src/metrics/per-scrape.js';

t.test('computed once for the series of one scrape, again for the next scrape', async (t) => {
  let computed = 0;
  const value = new PerScrape(() => ++computed);
  t.equal(value.get(), 1);
  t.equal(value.get(), 1, 'the same synchronous run shares it');
  await Promise.resolve();
  t.equal(value.get(), 2, 'after the run ends, the next read computes it again');
  t.equal(computed, 2);
});
