import type { ContainerContext } from '../../machines/container.machine.js';
import type { SandboxContext } from '../../machines/sandbox.machine.js';
import { criContainerNameOf } from '../containers/cri-annotations.js';
import { runOf } from '../containers/run-number.js';
import { podAnnotationsOf, podLabelsOf, podUidOf } from '../workload/sampler.js';
import { kwokChaosFor } from './kwok-chaos.js';
import { exitScriptFor, type ExitScript } from './script.js';

/**
 * How this run of the container ends by script, or null when it runs until stopped: our own
 * `resource-slot.io/exit-*` annotations (src/exits/script.ts) win over KWOK's chaos stage (src/exits/kwok-chaos.ts),
 * as our usage keys win over KWOK's usage keys.
 */
export function scriptedEndFor(sandbox: SandboxContext, container: ContainerContext): ExitScript | null {
  const annotations = podAnnotationsOf(sandbox.record);
  const name = criContainerNameOf(container.record);
  const run = runOf(container.record);
  const uid = podUidOf(sandbox.record);
  return (
    exitScriptFor(annotations, name, run) ??
    kwokChaosFor(
      { labels: podLabelsOf(sandbox.record), annotations, seed: uid === '' ? sandbox.id : uid },
      name,
      run,
    )
  );
}
