import path from 'node:path';
import { ESLint } from 'eslint';
import t from 'tap';

/** src/faults/ imports src/core/ and libraries only (eslint.config.js), so it can be tested and reused alone. */
const ROOT = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: ROOT });

async function refusals(code: string): Promise<string[]> {
  const [result] = await eslint.lintText(`${code}\nexport const x = 1;\n`, {
    filePath: path.join(ROOT, 'src/faults/breach.ts'),
  });
  return (result?.messages ?? [])
    .filter((message) => message.ruleId === 'no-restricted-imports')
    .map((message) => message.message);
}

t.test('src/faults may import src/core and libraries, nothing else of ours', async (t) => {
  for (const code of [
    "import { hashString } from '../workload/prng.js';",
    "import { parseDaemonArgs } from '../cli/args.js';",
    "import type { Registries } from '../../machines/registries.js';",
  ]) {
    const messages = await refusals(code);
    t.equal(messages.length, 1, code);
    t.match(messages[0], /src\/faults\/ may import only src\/core\/ and libraries/);
  }
  for (const code of [
    "import { InvalidArgumentError } from '../core/errors.js';",
    "import type { FaultAction } from './types.js';",
    "import { parseDocument } from 'yaml';",
    "import { readFile } from 'node:fs/promises';",
  ])
    t.same(await refusals(code), [], code);
});
