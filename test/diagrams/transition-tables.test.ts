import t from 'tap';
import { toDot } from '../../src/diagrams/dot.js';
import { edgeLabel } from '../../src/diagrams/graph.js';
import { graphOf, MACHINE_NAMES } from '../../src/diagrams/machines.js';
import { toMermaid } from '../../src/diagrams/mermaid.js';
import { renderDot } from '../../src/diagrams/svg.js';
import { readMermaid } from './mermaid-grammar.js';
import { drawnLabel, expectedEdges, PROSE_EDGES, splitLabel, TABLES } from './tables.js';

interface GraphvizJson {
  objects: Array<{ _gvid: number; name: string }>;
  edges: Array<{ tail: number; head: number; label?: string }>;
}

for (const name of MACHINE_NAMES) {
  t.test(`${name}: the diagram has exactly the table's accepted calls as edges`, async (t) => {
    const cells = TABLES[name];
    const expected = expectedEdges(cells, PROSE_EDGES[name]);
    t.ok(expected.length > 0 && expected.length < cells.length, 'the table has accepted and rejected cells');
    const graph = graphOf(name);

    t.same(
      graph.edges.map((edge) => `${edge.from}|${edge.to}|${edgeLabel(edge)}`).sort(),
      expected,
      'the model',
    );

    for (const cell of cells.filter((cell) => cell.expected === 'rejected')) {
      t.notOk(
        graph.edges.some((edge) => edge.from === cell.state && edgeLabel(edge) === drawnLabel(cell.method)),
        `${cell.state} × ${cell.method} is rejected and not drawn`,
      );
    }

    const mermaid = readMermaid(toMermaid([graph]));
    const drawnInMermaid = mermaid.edges
      .filter((edge) => !edge.includes('[*]'))
      .flatMap((edge) => {
        const [from, to, label] = edge.split('|');
        return splitLabel(label ?? '').map((one) => `${from}|${to}|${one}`);
      });
    t.same(drawnInMermaid.sort(), expected, 'the Mermaid text');
    t.ok(mermaid.edges.includes(`[*]|${graph.initial}|`), 'Mermaid marks the initial state');

    const dot = JSON.parse(await renderDot(toDot([graph]), 'json')) as GraphvizJson;
    const nameOf = new Map(dot.objects.map((object) => [object._gvid, object.name.replace(`${name}:`, '')]));
    const drawnInDot = dot.edges
      .filter((edge) => nameOf.get(edge.tail) !== '[*]')
      .flatMap((edge) =>
        splitLabel(edge.label ?? '').map((one) => `${nameOf.get(edge.tail)}|${nameOf.get(edge.head)}|${one}`),
      );
    t.same(drawnInDot.sort(), expected, 'the DOT, as Graphviz reads it');
  });
}

t.test('self-transitions are self-loops: Update re-enters, a repeated Stop stays', async (t) => {
  const sandbox = graphOf('sandbox');
  t.ok(
    sandbox.edges.some(
      (edge) => edge.from === 'running' && edge.to === 'running' && edge.method === 'Update',
    ),
  );
  t.ok(
    sandbox.edges.some((edge) => edge.from === 'stopped' && edge.to === 'stopped' && edge.method === 'Stop'),
  );
  t.ok(
    graphOf('container').edges.some(
      (edge) => edge.event === 'SANDBOX_STOPPED' && edge.method === 'sandbox Stop',
    ),
    'SANDBOX_STOPPED is labelled with the call that causes it',
  );
});
