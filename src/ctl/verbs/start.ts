import { resolveContainer } from '../resolve.js';
import type { Verb } from '../verb.js';

export const start: Verb = {
  name: 'start',
  args: 'CONTAINER_ID...',
  summary: 'start created containers',
  description: "The task API's Start for each container. Ids may be unique prefixes.",
  options: {},
  optionHelp: [],
  minArgs: 1,
  maxArgs: Infinity,
  defaultOutput: 'table',
  async run({ api, io }, ids) {
    for (const prefix of ids) {
      const container = await resolveContainer(api, prefix);
      await api.startTask(container.sandboxId, container.id);
      io.stdout(container.id + '\n');
    }
  },
};
