import fs from 'node:fs';
import t from 'tap';
import { diagramDocFiles, DOCS_DIAGRAMS_DIR } from '../../src/diagrams/docs-files.js';

const dir = new URL(`../../${DOCS_DIAGRAMS_DIR}/`, import.meta.url);

t.test('docs/diagrams/ is what the machines generate now (else run: npm run docs:diagrams)', async (t) => {
  const expected = await diagramDocFiles();
  t.same(fs.readdirSync(dir).sort(), [...expected.keys()].sort(), 'no missing or extra files');
  for (const [name, text] of expected) {
    const file = new URL(name, dir);
    const actual = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '(missing)';
    t.ok(actual === text, `${DOCS_DIAGRAMS_DIR}/${name} is up to date (run npm run docs:diagrams)`);
  }
  t.ok(expected.get('sandbox.svg')?.startsWith('<?xml'), 'SVG files are rendered');
  t.match(
    expected.get('README.md') ?? '',
    /```mermaid\nstateDiagram-v2\n/,
    'the README embeds Mermaid for GitHub',
  );
});
