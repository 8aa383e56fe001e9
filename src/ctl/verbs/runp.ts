import { PodSandboxConfig } from '../../generated/runtime/v1/api.js';
import { SANDBOXER } from '../daemon-api.js';
import { newId } from '../ids.js';
import { readPodConfig } from '../pod-config.js';
import type { Verb } from '../verb.js';

/** The runtime name containerd records for a ResourceSlot pod (runtime_type in its config). */
export const RUNTIME_NAME = 'io.containerd.resource-slot.v1';
/** The type_url containerd's CRI plugin gives the PodSandboxConfig it sends as Create's options. */
export const POD_CONFIG_TYPE_URL = 'runtime.v1.PodSandboxConfig';

export const runp: Verb = {
  name: 'runp',
  args: 'POD_CONFIG',
  summary: 'create and start a pod sandbox from a crictl pod config (YAML or JSON); prints its id',
  description:
    'Sends the config to the daemon as containerd does: Controller.Create with the PodSandboxConfig as options\n' +
    `(type_url ${POD_CONFIG_TYPE_URL}), then Controller.Start. The id is 64 random hex characters, as containerd\n` +
    'makes them. If Start fails, the sandbox is shut down again.',
  options: {},
  optionHelp: [],
  minArgs: 1,
  maxArgs: 1,
  defaultOutput: 'table',
  async run({ api, io }, [file]) {
    const config = await readPodConfig(file as string);
    const sandboxId = newId();
    await api.createSandbox({
      sandboxId,
      rootfs: [],
      options: {
        typeUrl: POD_CONFIG_TYPE_URL,
        value: Buffer.from(PodSandboxConfig.encode(config).finish()),
      },
      netnsPath: '',
      annotations: {},
      sandbox: {
        sandboxId,
        runtime: { name: RUNTIME_NAME, options: undefined },
        spec: undefined,
        labels: { ...config.labels },
        createdAt: undefined,
        updatedAt: undefined,
        extensions: {},
        sandboxer: SANDBOXER,
      },
      sandboxer: SANDBOXER,
    });
    try {
      await api.startSandbox(sandboxId);
    } catch (error) {
      await api.shutdownSandbox(sandboxId).catch(() => undefined);
      throw error;
    }
    io.stdout(sandboxId + '\n');
  },
};
