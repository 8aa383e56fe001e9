import { csvRows, CSV_HEADER, containerTable, groupTable, nodeGroups, summaryLines } from '../cost-view.js';
import { readPricesFile } from '../prices-file.js';
import { renderCsv } from '../csv.js';
import { print } from '../output.js';
import { renderTable } from '../table.js';
import { text, type Verb } from '../verb.js';

export const cost: Verb = {
  name: 'cost',
  args: '',
  summary: 'what the pods cost over a window: per container, pod, namespace and node, idle apart',
  description:
    "OpenCost's rule (docs/planning.md): each container is charged max(average request, average usage) × hours\n" +
    "for cpu, memory (and hugepages, any priced resource), at the price per unit-hour; usage is the workload model's\n" +
    'average over the part of the window the container ran. Pods, namespaces and the node add them up; idle\n' +
    '(allocatable − requests, over the window) is reported apart. A resource without a price is listed as\n' +
    'unpriced, never counted as free. Pods deleted before now are not known to the daemon.',
  options: { prices: { type: 'string' }, since: { type: 'string' } },
  optionHelp: [
    [
      '--prices FILE',
      "hourly prices (YAML or JSON, docs/planning.md); default: OpenCost's default custom pricing",
    ],
    [
      '--since WHEN',
      'start of the window: a duration before now (90m, 1h30m, 2d) or an RFC 3339 time (default 24h)',
    ],
  ],
  minArgs: 0,
  maxArgs: 0,
  defaultOutput: 'table',
  outputs: ['table', 'json', 'yaml', 'csv'],
  async run({ api, io, output }, _args, values) {
    const prices = await readPricesFile(text(values, 'prices'));
    const report = await api.cost({ prices: prices.text, since: text(values, 'since') ?? '' });
    if (output === 'csv') return io.stdout(renderCsv(CSV_HEADER, csvRows(report)));
    if (output !== 'table') return print(io, output, report, () => ({ header: [], rows: [] }));
    io.stdout(renderTable([], summaryLines(report, prices.source)));
    const containers = containerTable(report);
    io.stdout(
      '\n' +
        (containers.rows.length === 0
          ? 'No pods ran in the window.\n'
          : renderTable(containers.header, containers.rows)),
    );
    const namespaces = groupTable('NAMESPACE', report.namespaces, report);
    if (namespaces.rows.length > 0) io.stdout('\n' + renderTable(namespaces.header, namespaces.rows));
    const node = groupTable('NODE', nodeGroups(report), report);
    io.stdout('\n' + renderTable(node.header, node.rows));
    io.stdout('\n' + report.notes.map((note) => `Note: ${note}\n`).join(''));
  },
};
