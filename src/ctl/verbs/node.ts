import { findingRows, admissionLines, FINDINGS_HEADER, RESOURCE_HEADER, resourceRows } from '../node-view.js';
import { print } from '../output.js';
import { renderTable } from '../table.js';
import { isoOf } from '../time.js';
import { flag, type Verb } from '../verb.js';

export const node: Verb = {
  name: 'node',
  args: '',
  summary: "the node's capacity, allocatable, what its pods allocate and use, admission (and findings)",
  description:
    "What the daemon's simulated node is (docs/node.md): per resource its capacity (--capacity, else the host's),\n" +
    'what --reserved and the hard eviction thresholds keep back, and allocatable, as kubelet computes it; what the\n' +
    'pods in state created or running request and limit (overhead included; a request not declared counts as its\n' +
    'limit), with their share of allocatable as `kubectl describe node` shows it; and what the usage model says\n' +
    'their containers use now (cpu over the last second, memory working set). Then the admission mode with what\n' +
    "it decided, and the policy. --findings adds each pod's resource configuration findings.",
  options: { findings: { type: 'boolean' }, 'no-trunc': { type: 'boolean' } },
  optionHelp: [
    ['--findings', "also list every pod's findings"],
    ['--no-trunc', 'print whole ids'],
  ],
  minArgs: 0,
  maxArgs: 0,
  defaultOutput: 'table',
  async run({ api, io, output }, _args, values) {
    const withFindings = flag(values, 'findings');
    const answer = await api.node(withFindings);
    const document = {
      time: isoOf(answer.time),
      resources: answer.resources,
      evictionHard: answer.evictionHard,
      allocated: answer.allocated,
      used: answer.used,
      admission: answer.admission,
      ...(withFindings ? { findings: answer.findings } : {}),
    };
    if (output !== 'table') return print(io, output, document, () => ({ header: [], rows: [] }));
    io.stdout(renderTable(RESOURCE_HEADER, resourceRows(answer)));
    io.stdout('\n' + renderTable([], admissionLines(answer)));
    if (!withFindings) return;
    const rows = findingRows(answer.findings, flag(values, 'no-trunc'));
    io.stdout('\n' + (rows.length === 0 ? 'No findings.\n' : renderTable(FINDINGS_HEADER, rows)));
  },
};
