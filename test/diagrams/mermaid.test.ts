import t from 'tap';
import { renderDiagram } from '../../src/diagrams/render.js';
import { MACHINE_NAMES } from '../../src/diagrams/machines.js';
import { readMermaid } from './mermaid-grammar.js';

t.test('each machine is a plain stateDiagram-v2 that the strict grammar accepts', async (t) => {
  for (const name of MACHINE_NAMES) {
    const diagram = readMermaid(await renderDiagram(name, 'mermaid'));
    t.same(diagram.composites, [], name);
    t.ok(diagram.edges.includes('deleted|[*]|'), `${name}: deleted is final`);
  }
});

t.test('all machines: one composite state each, with prefixed ids that name their state', async (t) => {
  const diagram = readMermaid(await renderDiagram('all', 'mermaid'));
  t.same(diagram.composites, [...MACHINE_NAMES]);
  for (const edge of diagram.edges) {
    for (const id of edge
      .split('|')
      .slice(0, 2)
      .filter((id) => id !== '[*]')) {
      const display = diagram.aliases.get(id);
      t.ok(
        display !== undefined && MACHINE_NAMES.some((name) => id === `${name}_${display}`),
        `${id} is declared`,
      );
    }
  }
  t.ok(diagram.edges.includes('sandbox_created|sandbox_deleted|Shutdown (via stopped)'));
  t.ok(diagram.edges.includes('container_running|container_paused|Pause'));
});

t.test('the grammar check rejects what the generator must not emit', async (t) => {
  const good = 'stateDiagram-v2\n    direction LR\n    [*] --> created\n    created --> running: Start\n';
  t.doesNotThrow(() => readMermaid(good));
  for (const bad of [
    'stateDiagram\n    [*] --> created\n',
    'stateDiagram-v2\n    created --> running: Start;\n',
    'stateDiagram-v2\n    created -> running: Start\n',
    'stateDiagram-v2\n    created --> running\n',
    'stateDiagram-v2\n    state sandbox {\n        [*] --> sandbox_created\n',
    'stateDiagram-v2\n    created --> running: Start',
  ]) {
    t.throws(() => readMermaid(bad), JSON.stringify(bad));
  }
});
