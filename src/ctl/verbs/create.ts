import { removeBundle, writeBundle } from '../bundle.js';
import { readContainerConfig } from '../container-config.js';
import { CtlError } from '../errors.js';
import { newId } from '../ids.js';
import { containerSpec } from '../oci-spec.js';
import { resolveSandbox } from '../resolve.js';
import type { Verb } from '../verb.js';

export const create: Verb = {
  name: 'create',
  args: 'POD_ID CONTAINER_CONFIG',
  summary: 'create a container in a running pod from a crictl container config; prints its id',
  description:
    'Writes <bundle-dir>/<container-id>/config.json, the OCI spec containerd would derive from the config\n' +
    '(process args/env, linux.resources, CRI annotations incl. io.kubernetes.cri.sandbox-id), then calls the\n' +
    "task API's Create with that bundle. ResourceSlot has no images: the process is command + args.",
  options: {},
  optionHelp: [],
  minArgs: 2,
  maxArgs: 2,
  defaultOutput: 'table',
  async run({ api, io, bundleDir }, [podPrefix, file]) {
    const config = await readContainerConfig(file as string);
    if (config.command.length === 0 && config.args.length === 0) {
      throw new CtlError(
        `${file}: command (or args) is required: ResourceSlot has no image to take an entrypoint from`,
        'INVALID_ARGUMENT',
      );
    }
    const sandbox = await resolveSandbox(api, podPrefix as string);
    const containerId = newId();
    const bundle = await writeBundle(bundleDir, containerId, containerSpec(config, sandbox, containerId));
    try {
      await api.createTask(sandbox.id, {
        id: containerId,
        bundle,
        rootfs: [],
        terminal: config.tty,
        stdin: '',
        stdout: '',
        stderr: '',
        checkpoint: '',
        parentCheckpoint: '',
        options: undefined,
      });
    } catch (error) {
      await removeBundle(bundleDir, bundle);
      throw error;
    }
    io.stdout(containerId + '\n');
  },
};
