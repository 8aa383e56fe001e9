import type { Sandbox } from '../../generated/resourceslot/v1/inspect.js';
import { holdsResources, nodeTotals } from '../node-totals.js';
import { print } from '../output.js';
import { resolvePrefix } from '../resolve.js';
import { formatBytes, formatCores, formatCount, shortId } from '../units.js';
import { flag, text, type Verb } from '../verb.js';
import { figuresOf, type ResourceFigures } from '../views.js';

const FIGURE_HEADER = ['CPU REQ', 'CPU LIM', 'MEM REQ', 'MEM LIM', 'PIDS'];

const figureCells = (figures: ResourceFigures): string[] => [
  formatCores(figures.cpu_request),
  formatCores(figures.cpu_limit),
  formatBytes(figures.memory_request),
  formatBytes(figures.memory_limit),
  formatCount(figures.pid_limit),
];

function podDocument(sandbox: Sandbox) {
  const overhead: unknown = sandbox.resources?.['overhead'];
  return {
    id: sandbox.id,
    name: sandbox.name,
    namespace: sandbox.namespace,
    state: sandbox.state,
    counted: holdsResources(sandbox),
    declared: figuresOf(sandbox.resources),
    overhead:
      typeof overhead === 'object' && overhead !== null
        ? figuresOf(overhead as { [key: string]: unknown })
        : null,
    totals: figuresOf(sandbox.totals),
    containers: sandbox.containers.map((container) => ({
      id: container.id,
      name: container.name,
      state: container.state,
      ...figuresOf(container.resources),
    })),
  };
}

export const resources: Verb = {
  name: 'resources',
  args: '',
  summary: 'requested vs limit cpu, memory and pids, per pod and for the node (or per container with --pod)',
  description:
    "A pod's figures are its totals from resources.json (declared, else the sum over its containers, plus\n" +
    'overhead). The node total sums the pods in state created or running (a stopped pod holds nothing) that\n' +
    'set each figure. With --pod: each container, what the pod declares, its overhead, and its total.',
  options: { pod: { type: 'string', short: 'p' }, 'no-trunc': { type: 'boolean' } },
  optionHelp: [
    ['-p, --pod POD_ID', "show one pod's containers (id or unique prefix)"],
    ['--no-trunc', 'print whole ids'],
  ],
  minArgs: 0,
  maxArgs: 0,
  defaultOutput: 'table',
  async run({ api, io, output }, _args, values) {
    const sandboxes = await api.list();
    const noTrunc = flag(values, 'no-trunc');
    const podPrefix = text(values, 'pod');
    if (podPrefix !== undefined) {
      const id = resolvePrefix(
        'pod sandbox',
        podPrefix,
        sandboxes.map((sandbox) => sandbox.id),
      );
      const pod = podDocument(sandboxes.find((sandbox) => sandbox.id === id) as Sandbox);
      const none = {
        cpu_request: null,
        cpu_limit: null,
        memory_request: null,
        memory_limit: null,
        pid_limit: null,
      };
      print(io, output, { pod }, () => ({
        header: ['CONTAINER', 'NAME', 'STATE', ...FIGURE_HEADER],
        rows: [
          ...pod.containers.map((container) => [
            shortId(container.id, noTrunc),
            container.name,
            container.state,
            ...figureCells(container),
          ]),
          ['pod declared', pod.name, pod.state, ...figureCells(pod.declared)],
          ['pod overhead', '', '', ...figureCells(pod.overhead ?? none)],
          ['pod total', '', '', ...figureCells(pod.totals)],
        ],
      }));
      return;
    }
    const pods = sandboxes.map(podDocument);
    const node = nodeTotals(sandboxes);
    print(io, output, { pods, node }, () => ({
      header: ['POD ID', 'NAME', 'STATE', ...FIGURE_HEADER],
      rows: [
        ...pods.map((pod) => [shortId(pod.id, noTrunc), pod.name, pod.state, ...figureCells(pod.totals)]),
        ['node total', `${node.pods} of ${pods.length} pods`, '', ...figureCells(node)],
      ],
    }));
  },
};
