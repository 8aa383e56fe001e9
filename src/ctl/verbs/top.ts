import type { Container, Sandbox } from '../../generated/resourceslot/v1/inspect.js';
import { UsageError } from '../errors.js';
import { HOLDING_STATES } from '../node-totals.js';
import { print } from '../output.js';
import { podFilter } from '../resolve.js';
import { isoOf } from '../time.js';
import { formatBytes, formatCores, formatMebibytes, formatMillicores, shortId } from '../units.js';
import { flag, text, type Verb } from '../verb.js';
import { historyTop } from '../history-top.js';
import { figuresOf, usageOf, type ResourceFigures } from '../views.js';

const SORT_KEYS = ['cpu', 'memory'] as const;
type SortKey = (typeof SORT_KEYS)[number];

type Usage = ReturnType<typeof usageOf>;

function sortKeyOf(value: string | undefined): SortKey | undefined {
  if (value === undefined) return undefined;
  const key = SORT_KEYS.find((known) => known === value);
  if (!key) throw new UsageError(`--sort-by must be cpu or memory, got ${JSON.stringify(value)}`);
  return key;
}

const cells = (usage: Usage, figures: ResourceFigures): string[] => [
  formatMillicores(usage.cpu_cores),
  formatCores(figures.cpu_request),
  formatCores(figures.cpu_limit),
  formatMebibytes(usage.memory_working_set_bytes),
  formatBytes(figures.memory_request),
  formatBytes(figures.memory_limit),
];

export const top: Verb = {
  name: 'top',
  args: '',
  summary: 'cpu and memory usage of pods and their containers, next to their requests and limits',
  description:
    'Like `kubectl top pods --containers` with the requests and limits kube-capacity adds. The usage is the\n' +
    "daemon's simulated one (docs/workload.md): CPU(cores) is the rate over its last second, to the nearest\n" +
    'millicore; MEMORY(bytes) the working set (usage minus inactive file, as kubectl top shows), in whole Mi.\n' +
    'Pods in state created or running are listed with their live containers (created, running, paused); a pod\n' +
    "row (CONTAINER *) adds its containers' usage up, and shows the pod totals the `resources` verb shows\n" +
    '(declared, else the sum over its containers, plus overhead). -o json|yaml print the exact numbers.',
  options: {
    pod: { type: 'string', short: 'p' },
    'sort-by': { type: 'string' },
    'no-trunc': { type: 'boolean' },
    history: { type: 'boolean' },
    containers: { type: 'boolean' },
    width: { type: 'string' },
  },
  optionHelp: [
    ['-p, --pod POD_ID', 'only this pod (id or unique prefix)'],
    ['--history', 'the usage history as sparklines, per pod, and the node over time'],
    ['--containers', "with --history: each pod's containers too"],
    ['--width N', 'with --history: characters per sparkline (default 30)'],
    ['--sort-by cpu|memory', 'pods by their usage, highest first (default: by namespace and name)'],
    ['--no-trunc', 'print whole ids'],
  ],
  minArgs: 0,
  maxArgs: 0,
  defaultOutput: 'table',
  async run(context, _args, values) {
    if (flag(values, 'history')) {
      if (values['sort-by'] !== undefined) throw new UsageError('--sort-by does not apply to --history');
      return historyTop(context, values);
    }
    for (const option of ['containers', 'width'])
      if (values[option] !== undefined) throw new UsageError(`--${option} needs --history`);
    const { api, io, output } = context;
    const sortBy = sortKeyOf(text(values, 'sort-by'));
    const noTrunc = flag(values, 'no-trunc');
    const sandboxes = await api.list();
    const podId = podFilter(text(values, 'pod'), sandboxes);
    const answer = await api.usage(podId);
    const sandboxOf = new Map<string, Sandbox>(sandboxes.map((sandbox) => [sandbox.id, sandbox]));
    const containerOf = new Map<string, Container>(
      sandboxes.flatMap((sandbox) => sandbox.containers).map((container) => [container.id, container]),
    );
    const pods = answer.pods
      .filter((pod) => HOLDING_STATES.has(pod.state))
      .map((pod) => ({
        id: pod.sandboxId,
        name: pod.name,
        namespace: pod.namespace,
        state: pod.state,
        usage: usageOf(pod.usage),
        totals: figuresOf(sandboxOf.get(pod.sandboxId)?.totals),
        containers: pod.containers
          .filter((container) => container.live)
          .map((container) => ({
            id: container.containerId,
            name: container.name,
            state: container.state,
            usage: usageOf(container.usage),
            ...figuresOf(containerOf.get(container.containerId)?.resources),
          }))
          .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id)),
      }))
      .sort((a, b) =>
        sortBy === 'cpu'
          ? b.usage.cpu_cores - a.usage.cpu_cores
          : sortBy === 'memory'
            ? b.usage.memory_working_set_bytes - a.usage.memory_working_set_bytes
            : a.namespace.localeCompare(b.namespace) ||
              a.name.localeCompare(b.name) ||
              a.id.localeCompare(b.id),
      );
    const document = { time: isoOf(answer.time), cpuWindowMillis: answer.cpuWindowMillis, pods };
    print(io, output, document, () => ({
      header: [
        'POD ID',
        'POD',
        'CONTAINER',
        'CPU(cores)',
        'CPU REQ',
        'CPU LIM',
        'MEMORY(bytes)',
        'MEM REQ',
        'MEM LIM',
      ],
      rows: pods.flatMap((pod) => [
        [shortId(pod.id, noTrunc), pod.name, '*', ...cells(pod.usage, pod.totals)],
        ...pod.containers.map((container) => [
          shortId(pod.id, noTrunc),
          pod.name,
          // A container that has no CRI name (not created through containerd's CRI) shows its id.
          container.name || shortId(container.id, noTrunc),
          ...cells(container.usage, container),
        ]),
      ]),
    }));
  },
};
