import type { Verb } from '../verb.js';
import { calls } from './calls.js';
import { cost } from './cost.js';
import { create } from './create.js';
import { fault } from './fault.js';
import { inspect } from './inspect.js';
import { inspectp } from './inspectp.js';
import { node } from './node.js';
import { orphans } from './orphans.js';
import { plan } from './plan.js';
import { pods } from './pods.js';
import { ps } from './ps.js';
import { resources } from './resources.js';
import { rm } from './rm.js';
import { rmp } from './rmp.js';
import { runp } from './runp.js';
import { start } from './start.js';
import { stats } from './stats.js';
import { stop } from './stop.js';
import { stopp } from './stopp.js';
import { top } from './top.js';
import { version } from './version.js';
import { watch } from './watch.js';

/** Every verb, in the order `--help` lists them: pods, then containers, then views, then the call log and faults. */
export const VERBS: readonly Verb[] = [
  runp,
  stopp,
  rmp,
  pods,
  inspectp,
  orphans,
  create,
  start,
  stop,
  rm,
  ps,
  inspect,
  resources,
  top,
  node,
  cost,
  plan,
  stats,
  watch,
  calls,
  fault,
  version,
];
