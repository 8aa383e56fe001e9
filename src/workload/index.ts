/** The simulated usage model (issue 17): what the task Stats and Controller Metrics answers report. */
export type { UsageSample } from './sample.js';
export { workloadFor, type Workload, type WorkloadInput } from './model.js';
export { sumSamples } from './sum.js';
export { validateUsageAnnotations, USAGE_KEYS } from './sources.js';
export { parseProfile } from './build.js';
export type { Profile } from './profile.js';
export { continueWorkload } from './model.js';
export {
  parseProfileFile,
  ProfileFileError,
  ProfileRules,
  type PodIdentity,
  type RateSource,
  type UsageDocument,
  type UsageRule,
} from './profile-file.js';
export { RAND_BUCKET_SECONDS } from './cel.js';
export { oomAfterMs, OOM_HORIZON_MS, OOM_CEL_HORIZON_MS, OOM_PRECISION_MS } from './oom.js';
export {
  scanPodOom,
  podOomVictim,
  POD_OOM_STEP_MS,
  POD_OOM_HORIZON_MS,
  POD_OOM_PRECISION_MS,
  type PodMember,
  type PodOomScan,
} from './pod-oom.js';
export { podMemoryLimit, type PodMemoryDeclaration } from './pod-limit.js';
