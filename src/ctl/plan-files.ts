/**
 * What `plan` is given: one Kubernetes Pod or Deployment (YAML or JSON, as kubectl applies it), or a crictl pod
 * config and its container configs (as `crictl runp` and `crictl create` take them). A crictl pod is counted as
 * the node counts what it would create (src/node/pod-share.ts): the sandbox's declaration, else its containers'.
 */
import { InvalidArgumentError } from '../core/errors.js';
import { nanosOfUnits } from '../node/amounts.js';
import { podShare } from '../node/pod-share.js';
import { CPU, MEMORY } from '../node/resource-names.js';
import { isManifest, manifestAsk } from '../plan/manifest.js';
import type { PodAsk } from '../plan/pod-ask.js';
import { extractContainerResources, extractSandboxResources } from '../resources/index.js';
import { readConfigFile } from './config-file.js';
import { readContainerConfig } from './container-config.js';
import { CtlError, UsageError } from './errors.js';
import { ociResources } from './oci-spec.js';
import { readPodConfig } from './pod-config.js';

const NANOS_PER_MILLI = 1_000_000n;

/** Runs `read`, naming `file` in a field error. */
async function inFile<T>(file: string, read: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof InvalidArgumentError)
      throw new CtlError(`${file}: ${error.message}`, 'INVALID_ARGUMENT');
    throw error;
  }
}

async function crictlAsk(podFile: string, containerFiles: string[]): Promise<PodAsk> {
  const pod = await readPodConfig(podFile);
  const sandbox = await inFile(podFile, () => extractSandboxResources({ config: pod }));
  const containers = [];
  for (const file of containerFiles) {
    const config = await readContainerConfig(file);
    const spec = { annotations: config.annotations, linux: { resources: ociResources(config.resources) } };
    containers.push(await inFile(file, () => extractContainerResources({ spec })));
  }
  const { requests } = podShare(sandbox, containers);
  return {
    name: pod.metadata?.name ?? '',
    requests: new Map([
      [CPU, BigInt(requests.cpu) * NANOS_PER_MILLI],
      [MEMORY, nanosOfUnits(requests.memory)],
    ]),
    replicas: null,
  };
}

export async function readPlanFiles(files: string[]): Promise<PodAsk> {
  const [first, ...rest] = files;
  if (first === undefined)
    throw new UsageError('plan needs a Pod or Deployment file, or a crictl pod config');
  const document = await readConfigFile(first, 'pod file');
  if (!isManifest(document)) return crictlAsk(first, rest);
  if (rest.length > 0)
    throw new UsageError(
      `${first} is a Kubernetes ${String(document['kind'])}: give it alone, without container configs`,
    );
  return inFile(first, () => manifestAsk(document));
}
