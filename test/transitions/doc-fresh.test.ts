import fs from 'node:fs';
import t from 'tap';
import { formattedTransitionsDoc, TRANSITIONS_DOC } from '../../src/transitions/doc.js';

t.test('docs/transitions.md is what the machines generate now', async (t) => {
  const committed = fs.readFileSync(TRANSITIONS_DOC, 'utf8');
  t.equal(committed, await formattedTransitionsDoc(), 'stale: run `npm run docs:transitions`');
});
