import t from 'tap';
import { PerScrape } from '../../src/metrics/per-scrape.js';

t.test('computed once until forgotten, then again', async (t) => {
  let computed = 0;
  const value = new PerScrape(() => ++computed);
  t.equal(value.get(), 1);
  t.equal(value.get(), 1, 'the series of one scrape share it');
  value.forget();
  t.equal(value.get(), 2, 'the next scrape computes it again');
  t.equal(computed, 2);
});
