import type { Check } from '../check.js';
import { sandboxAddressChecks } from './sandbox-address.js';
import { sandboxIllegalChecks } from './sandbox-illegal.js';
import { sandboxLifecycleChecks } from './sandbox-lifecycle.js';
import { sandboxNotFoundChecks } from './sandbox-not-found.js';
import { sandboxWaitChecks } from './sandbox-wait.js';
import { taskIllegalChecks } from './task-illegal.js';
import { taskLifecycleChecks } from './task-lifecycle.js';

/** Every check, in the order they run. */
export const ALL_CHECKS: readonly Check[] = [
  ...sandboxLifecycleChecks,
  ...sandboxWaitChecks,
  ...sandboxNotFoundChecks,
  ...sandboxAddressChecks,
  ...sandboxIllegalChecks,
  ...taskLifecycleChecks,
  ...taskIllegalChecks,
];
