import { resolveSandbox } from '../resolve.js';
import type { Verb } from '../verb.js';

export const stopp: Verb = {
  name: 'stopp',
  args: 'POD_ID...',
  summary: 'stop pod sandboxes (their containers stop with them)',
  description: 'Controller.Stop for each pod; stopping a stopped pod succeeds. Ids may be unique prefixes.',
  options: {},
  optionHelp: [],
  minArgs: 1,
  maxArgs: Infinity,
  defaultOutput: 'table',
  async run({ api, io }, ids) {
    for (const prefix of ids) {
      const { id } = await resolveSandbox(api, prefix);
      await api.stopSandbox(id);
      io.stdout(`Stopped sandbox ${id}\n`);
    }
  },
};
