import { print } from '../output.js';
import { millisOf } from '../time.js';
import { formatAge, formatBytes, formatCores, shortId } from '../units.js';
import { flag, text, type Verb } from '../verb.js';
import { figuresOf, podView } from '../views.js';

export const pods: Verb = {
  name: 'pods',
  args: '',
  summary: 'list pod sandboxes with their pod-level cpu and memory requests and limits',
  description:
    'The figures are the pod totals the daemon writes to resources.json: the values the pod declares, else the\n' +
    'sum over its containers, plus the pod overhead. "-" means not set.',
  options: {
    quiet: { type: 'boolean', short: 'q' },
    'no-trunc': { type: 'boolean' },
    name: { type: 'string' },
    namespace: { type: 'string' },
    state: { type: 'string' },
  },
  optionHelp: [
    ['-q, --quiet', 'print the ids only'],
    ['--no-trunc', 'print whole ids'],
    ['--name NAME', 'only pods whose name contains NAME'],
    ['--namespace NS', 'only pods in namespace NS'],
    ['--state STATE', 'only pods in STATE (created, running, stopped)'],
  ],
  minArgs: 0,
  maxArgs: 0,
  defaultOutput: 'table',
  async run({ api, io, output, now }, _args, values) {
    const name = text(values, 'name');
    const namespace = text(values, 'namespace');
    const state = text(values, 'state');
    const sandboxes = (await api.list())
      .filter((sandbox) => name === undefined || sandbox.name.includes(name))
      .filter((sandbox) => namespace === undefined || sandbox.namespace === namespace)
      .filter((sandbox) => state === undefined || sandbox.state === state)
      .sort((a, b) => (millisOf(b.createdAt) ?? 0) - (millisOf(a.createdAt) ?? 0));
    if (flag(values, 'quiet')) {
      io.stdout(sandboxes.map((sandbox) => sandbox.id + '\n').join(''));
      return;
    }
    const noTrunc = flag(values, 'no-trunc');
    print(io, output, { items: sandboxes.map(podView) }, () => ({
      header: ['POD ID', 'NAME', 'NAMESPACE', 'STATE', 'AGE', 'CPU REQ', 'CPU LIM', 'MEM REQ', 'MEM LIM'],
      rows: sandboxes.map((sandbox) => {
        const figures = figuresOf(sandbox.totals);
        return [
          shortId(sandbox.id, noTrunc),
          sandbox.name,
          sandbox.namespace,
          sandbox.state,
          formatAge(millisOf(sandbox.createdAt), now()),
          formatCores(figures.cpu_request),
          formatCores(figures.cpu_limit),
          formatBytes(figures.memory_request),
          formatBytes(figures.memory_limit),
        ];
      }),
    }));
  },
};
