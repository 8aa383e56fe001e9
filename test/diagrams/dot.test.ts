import t from 'tap';
import { stateNodeId } from '../../src/diagrams/dot.js';
import { MACHINE_NAMES } from '../../src/diagrams/machines.js';
import { renderDiagram } from '../../src/diagrams/render.js';
import { renderDot } from '../../src/diagrams/svg.js';

t.test(
  'the DOT of every selection is valid Graphviz (rendering it does not throw, not even a warning)',
  async (t) => {
    for (const selection of [...MACHINE_NAMES, 'all'] as const) {
      const dot = await renderDiagram(selection, 'dot');
      t.match(dot, /^digraph "[a-z]+" \{\n/, selection);
      const svg = await renderDot(dot, 'svg');
      t.match(svg, /<svg[^>]*>/, selection);
    }
  },
);

t.test('invalid DOT throws, so the check above can fail', async (t) => {
  await t.rejects(renderDot('digraph { a -> }'), /graphviz rejected the DOT: .*syntax error/);
});

t.test('the SVG names each state node so the debug page can find it', async (t) => {
  const svg = await renderDiagram('container', 'svg');
  for (const state of ['created', 'running', 'paused', 'stopped', 'deleted']) {
    const id = stateNodeId('container', state).replace(/-/g, '&#45;');
    t.match(svg, new RegExp(`<g id="${id}" class="node state">`), state);
  }
  const all = await renderDiagram('all', 'svg');
  t.match(all, /class="cluster"/, 'several machines are drawn as clusters of one graph');
});

t.test('the JSON lists the states and edges of each machine', async (t) => {
  const json = JSON.parse(await renderDiagram('exec', 'json')) as {
    machines: Array<{ machine: string; initial: string }>;
  };
  t.same(
    json.machines.map(({ machine, initial }) => [machine, initial]),
    [['exec', 'created']],
  );
});
