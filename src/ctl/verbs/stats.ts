import { print } from '../output.js';
import { podFilter, resolvePrefix } from '../resolve.js';
import { isoOf } from '../time.js';
import { formatHumanSize, shortId } from '../units.js';
import { flag, text, type Verb } from '../verb.js';
import { usageOf } from '../views.js';

/** The daemon models no writable layer: crictl's DISK and INODES columns are always these. */
const NO_DISK = '0B';
const NO_INODES = '0';

export const stats: Verb = {
  name: 'stats',
  args: '[CONTAINER_ID]',
  summary: "containers' cpu and memory usage, as crictl stats prints it (running ones unless --all)",
  description:
    "Columns as crictl 1.34's: CPU % is the CPU rate in percent of one core (2 decimals), over the daemon's\n" +
    'last second of simulated usage (docs/workload.md), so nothing is waited for (crictl samples for --seconds);\n' +
    'MEM is the working set (usage minus inactive file) in decimal units (67.11MB). DISK and INODES are always\n' +
    '0B and 0: the daemon models no writable layer. A stopped container (with --all) shows its last sample and\n' +
    'CPU % 0.00. Rows are sorted by container id, as crictl sorts them. -o json|yaml print the exact numbers.',
  options: {
    all: { type: 'boolean', short: 'a' },
    id: { type: 'string' },
    pod: { type: 'string', short: 'p' },
    'no-trunc': { type: 'boolean' },
  },
  optionHelp: [
    ['-a, --all', 'show containers in every state, not only running ones'],
    ['--id CONTAINER_ID', 'only this container (id or unique prefix; or give it as the argument)'],
    ['-p, --pod POD_ID', 'only the containers of this pod (id or unique prefix)'],
    ['--no-trunc', 'print whole ids'],
  ],
  minArgs: 0,
  maxArgs: 1,
  defaultOutput: 'table',
  async run({ api, io, output }, args, values) {
    const sandboxes = await api.list();
    const podId = podFilter(text(values, 'pod'), sandboxes);
    const idPrefix = text(values, 'id') ?? args[0];
    const containerId =
      idPrefix === undefined
        ? undefined
        : resolvePrefix(
            'container',
            idPrefix,
            sandboxes.flatMap((sandbox) => sandbox.containers.map((container) => container.id)),
          );
    const all = flag(values, 'all');
    const answer = await api.usage(podId);
    const items = answer.pods
      .flatMap((pod) =>
        pod.containers.map((container) => ({
          id: container.containerId,
          name: container.name,
          podSandboxId: pod.sandboxId,
          state: container.state,
          usage: usageOf(container.usage),
        })),
      )
      .filter((item) => containerId === undefined || item.id === containerId)
      .filter((item) => all || item.state === 'running')
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const noTrunc = flag(values, 'no-trunc');
    print(io, output, { time: isoOf(answer.time), cpuWindowMillis: answer.cpuWindowMillis, items }, () => ({
      header: ['CONTAINER', 'NAME', 'CPU %', 'MEM', 'DISK', 'INODES'],
      rows: items.map((item) => [
        shortId(item.id, noTrunc),
        item.name || shortId(item.id, noTrunc),
        (item.usage.cpu_cores * 100).toFixed(2),
        formatHumanSize(item.usage.memory_working_set_bytes),
        NO_DISK,
        NO_INODES,
      ]),
    }));
  },
};
