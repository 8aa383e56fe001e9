/** `npm run docs:diagrams`: regenerates docs/diagrams/ from the machines. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { diagramDocFiles, DOCS_DIAGRAMS_DIR } from './docs-files.js';

const dir = path.join(fileURLToPath(new URL('../..', import.meta.url)), DOCS_DIAGRAMS_DIR);
await fs.mkdir(dir, { recursive: true });
for (const [name, text] of await diagramDocFiles()) {
  await fs.writeFile(path.join(dir, name), text);
  process.stdout.write(`wrote ${path.join(DOCS_DIAGRAMS_DIR, name)}\n`);
}
