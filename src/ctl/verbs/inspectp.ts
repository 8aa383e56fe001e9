import { keyValueTable, print } from '../output.js';
import { resolveSandbox } from '../resolve.js';
import { isoOf } from '../time.js';
import { formatBytes, formatCores, formatCount } from '../units.js';
import type { Verb } from '../verb.js';
import { figuresOf } from '../views.js';

export const inspectp: Verb = {
  name: 'inspectp',
  args: 'POD_ID',
  summary: "show a pod sandbox: the Controller's verbose Status and the pod's resources",
  description:
    '"status" is Controller.Status, "info" the JSON document of its verbose info, "resources" the pod\'s\n' +
    "ResourceInfo with its containers and totals, laid out as the pod's resources.json.",
  options: {},
  optionHelp: [],
  minArgs: 1,
  maxArgs: 1,
  defaultOutput: 'json',
  async run({ api, io, output }, [prefix]) {
    const { id } = await resolveSandbox(api, prefix as string);
    const status = await api.sandboxStatus(id, true);
    const sandbox = await api.getSandbox(id);
    const infoText = status.info['info'];
    const document = {
      status: {
        id: status.sandboxId,
        name: sandbox.name,
        namespace: sandbox.namespace,
        uid: sandbox.uid,
        state: status.state,
        pid: status.pid,
        createdAt: isoOf(status.createdAt),
        exitedAt: isoOf(status.exitedAt),
        address: status.address,
        version: status.version,
      },
      info: infoText === undefined ? null : (JSON.parse(infoText) as unknown),
      resources: {
        state: sandbox.state,
        ...sandbox.resources,
        containers: sandbox.containers.map((container) => ({
          container_id: container.id,
          state: container.state,
          ...container.resources,
        })),
        totals: sandbox.totals ?? {},
      },
    };
    const totals = figuresOf(sandbox.totals);
    print(io, output, document, () =>
      keyValueTable([
        ['ID', id],
        ['Name', sandbox.name],
        ['Namespace', sandbox.namespace],
        ['State', `${status.state} (${sandbox.state})`],
        ['Created', isoOf(status.createdAt) ?? '-'],
        ['Task address', status.address || '-'],
        ['Containers', String(sandbox.containers.length)],
        ['CPU request/limit', `${formatCores(totals.cpu_request)} / ${formatCores(totals.cpu_limit)}`],
        [
          'Memory request/limit',
          `${formatBytes(totals.memory_request)} / ${formatBytes(totals.memory_limit)}`,
        ],
        ['PID limit', formatCount(totals.pid_limit)],
      ]),
    );
  },
};
