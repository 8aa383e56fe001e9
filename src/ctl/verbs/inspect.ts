import { statusToJSON } from '../../generated/containerd/types/task/task.js';
import { keyValueTable, print } from '../output.js';
import { resolveContainer } from '../resolve.js';
import { isoOf } from '../time.js';
import { formatBytes, formatCores } from '../units.js';
import type { Verb } from '../verb.js';
import { containerView, figuresOf } from '../views.js';

export const inspect: Verb = {
  name: 'inspect',
  args: 'CONTAINER_ID',
  summary: "show a container: the task API's State and the container's resources",
  options: {},
  optionHelp: [],
  minArgs: 1,
  maxArgs: 1,
  defaultOutput: 'json',
  async run({ api, io, output }, [prefix]) {
    const found = await resolveContainer(api, prefix as string);
    const state = await api.taskState(found.sandboxId, found.id);
    const container = await api.getContainer(found.id);
    const sandbox = await api.getSandbox(container.sandboxId);
    const document = {
      status: {
        id: state.id,
        status: statusToJSON(state.status),
        pid: state.pid,
        exitStatus: state.exitStatus,
        exitedAt: isoOf(state.exitedAt),
        bundle: state.bundle,
        terminal: state.terminal,
      },
      info: containerView(container, sandbox),
    };
    const figures = figuresOf(container.resources);
    print(io, output, document, () =>
      keyValueTable([
        ['ID', container.id],
        ['Name', container.name],
        ['Pod', `${sandbox.id} (${sandbox.name})`],
        ['State', `${statusToJSON(state.status)} (${container.state})`],
        ['Pid', String(state.pid)],
        ['Created', isoOf(container.createdAt) ?? '-'],
        ['Bundle', state.bundle],
        ['CPU request/limit', `${formatCores(figures.cpu_request)} / ${formatCores(figures.cpu_limit)}`],
        [
          'Memory request/limit',
          `${formatBytes(figures.memory_request)} / ${formatBytes(figures.memory_limit)}`,
        ],
      ]),
    );
  },
};
