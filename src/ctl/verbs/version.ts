import { versionInfo } from '../../process/version.js';
import { keyValueTable, print } from '../output.js';
import type { Verb } from '../verb.js';

const short = (commit: string): string => (commit === 'unknown' ? commit : commit.slice(0, 12));

export const version: Verb = {
  name: 'version',
  args: '',
  summary: "print the ctl's version and the daemon's (from resourceslot.v1.Inspect.Version)",
  options: {},
  optionHelp: [],
  minArgs: 0,
  maxArgs: 0,
  defaultOutput: 'table',
  async run({ api, io, output }) {
    const client = versionInfo();
    const daemon = await api.version();
    const document = {
      client: { name: 'resource-slot-ctl', version: client.version, commit: client.commit },
      runtime: {
        name: daemon.name,
        version: daemon.version,
        commit: daemon.commit,
        buildDate: daemon.buildDate,
        node: daemon.node,
        apiVersion: daemon.apiVersion,
      },
    };
    print(io, output, document, () =>
      keyValueTable([
        ['Version', `${client.version} (commit ${short(client.commit)})`],
        ['RuntimeName', daemon.name],
        ['RuntimeVersion', `${daemon.version} (commit ${short(daemon.commit)}, node ${daemon.node})`],
        ['RuntimeApiVersion', daemon.apiVersion],
      ]),
    );
  },
};
