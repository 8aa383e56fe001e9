import type { Sandbox } from '../../generated/resourceslot/v1/inspect.js';
import { print } from '../output.js';
import { podFilter } from '../resolve.js';
import { millisOf } from '../time.js';
import { formatAge, formatBytes, formatCores, shortId } from '../units.js';
import { flag, text, type Verb } from '../verb.js';
import { containerView, figuresOf } from '../views.js';

export const ps: Verb = {
  name: 'ps',
  args: '',
  summary: 'list containers (running ones unless --all) with their cpu and memory requests and limits',
  options: {
    all: { type: 'boolean', short: 'a' },
    pod: { type: 'string', short: 'p' },
    quiet: { type: 'boolean', short: 'q' },
    'no-trunc': { type: 'boolean' },
    name: { type: 'string' },
    state: { type: 'string' },
  },
  optionHelp: [
    ['-a, --all', 'show containers in every state, not only running ones'],
    ['-p, --pod POD_ID', 'only the containers of this pod (id or unique prefix)'],
    ['-q, --quiet', 'print the ids only'],
    ['--no-trunc', 'print whole ids'],
    ['--name NAME', 'only containers whose name contains NAME'],
    ['--state STATE', 'only containers in STATE (created, running, paused, stopped)'],
  ],
  minArgs: 0,
  maxArgs: 0,
  defaultOutput: 'table',
  async run({ api, io, output, now }, _args, values) {
    const sandboxes = await api.list();
    const podId = podFilter(text(values, 'pod'), sandboxes);
    const name = text(values, 'name');
    const state = text(values, 'state') ?? (flag(values, 'all') ? undefined : 'running');
    const podOf = new Map<string, Sandbox>(sandboxes.map((sandbox) => [sandbox.id, sandbox]));
    const containers = sandboxes
      .flatMap((sandbox) => sandbox.containers)
      .filter((container) => podId === undefined || container.sandboxId === podId)
      .filter((container) => name === undefined || container.name.includes(name))
      .filter((container) => state === undefined || container.state === state)
      .sort((a, b) => (millisOf(b.createdAt) ?? 0) - (millisOf(a.createdAt) ?? 0));
    if (flag(values, 'quiet')) {
      io.stdout(containers.map((container) => container.id + '\n').join(''));
      return;
    }
    const noTrunc = flag(values, 'no-trunc');
    const items = containers.map((container) => containerView(container, podOf.get(container.sandboxId)));
    print(io, output, { items }, () => ({
      header: [
        'CONTAINER',
        'NAME',
        'STATE',
        'AGE',
        'POD ID',
        'POD',
        'CPU REQ',
        'CPU LIM',
        'MEM REQ',
        'MEM LIM',
      ],
      rows: containers.map((container) => {
        const figures = figuresOf(container.resources);
        return [
          shortId(container.id, noTrunc),
          container.name,
          container.state,
          formatAge(millisOf(container.createdAt), now()),
          shortId(container.sandboxId, noTrunc),
          podOf.get(container.sandboxId)?.name ?? '',
          formatCores(figures.cpu_request),
          formatCores(figures.cpu_limit),
          formatBytes(figures.memory_request),
          formatBytes(figures.memory_limit),
        ];
      }),
    }));
  },
};
