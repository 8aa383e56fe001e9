import { PodSandboxConfig } from '../generated/runtime/v1/api.js';
import { readConfigFile } from './config-file.js';
import { CtlError } from './errors.js';

/**
 * A crictl pod config (runtime.v1.PodSandboxConfig in YAML or JSON, snake_case or camelCase keys, as protojson
 * reads them). Like containerd, a pod needs `metadata.name`; unknown keys are ignored, as crictl ignores them.
 */
export async function readPodConfig(file: string): Promise<PodSandboxConfig> {
  const config = PodSandboxConfig.fromJSON(await readConfigFile(file, 'pod config'));
  if (!config.metadata?.name) {
    throw new CtlError(
      `${file}: metadata.name is required (containerd refuses a pod without it)`,
      'INVALID_ARGUMENT',
    );
  }
  return config;
}
