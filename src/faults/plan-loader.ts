/** Reads the `--faults` file into a plan; the daemon calls it at start and again on SIGHUP. */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from '../core/errors.js';
import type { FaultPlan } from './plan.js';

/**
 * Replaces the plan's file rules with the file's, keeping those added at run time; returns how many the file has.
 * An unreadable or bad file changes nothing and throws an InvalidArgumentError naming it (and the line).
 */
export async function loadFaultPlanFile(plan: FaultPlan, file: string): Promise<number> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new InvalidArgumentError('faults', `cannot read the fault plan: ${reason}`);
  }
  return plan.loadFile(text, file);
}
