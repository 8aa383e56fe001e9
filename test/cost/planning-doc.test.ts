// docs/planning.md's worked examples are real runs: each ```console block is a `$ resource-slot-ctl …` line and
// what it prints, compared here with what the command prints now, against the fixed-clock scenario of
// test/cost/scenario.ts (for cost) or no daemon at all (plan --capacity). Run from the repository's root, as tap is.
import fs from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { ctl } from '../ctl/run-ctl.js';
import { costScenario } from './scenario.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DOC = path.join(ROOT, 'docs/planning.md');
const PROMPT = '$ resource-slot-ctl ';

export interface Example {
  args: string[];
  output: string;
}

/** Every console block of the doc that runs the ctl. */
export function examples(markdown: string): Example[] {
  const blocks = [...markdown.matchAll(/^```console\n([\s\S]*?)^```$/gm)].map((match) => match[1] ?? '');
  return blocks
    .filter((block) => block.startsWith(PROMPT))
    .map((block) => {
      const newline = block.indexOf('\n');
      return { args: block.slice(PROMPT.length, newline).split(' '), output: block.slice(newline + 1) };
    });
}

t.test('docs/planning.md shows what its commands print', async (t) => {
  const found = examples(fs.readFileSync(DOC, 'utf8'));
  t.ok(found.length >= 3, 'the doc has its examples');
  const { socket } = await costScenario(t);
  const cwd = process.cwd();
  process.chdir(ROOT);
  t.teardown(() => process.chdir(cwd));
  for (const { args, output } of found) {
    const result = await ctl(socket, args);
    t.equal(result.stderr, '', args.join(' '));
    t.equal(result.stdout, output, `${args.join(' ')}: the doc's output is stale`);
  }
});
