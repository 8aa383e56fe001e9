/**
 * Whether a real cluster can run here: Linux, root, and every binary resource-slot-cluster needs. When it cannot,
 * the suite is skipped with a loud reason naming the install scripts; under CI=true it fails instead.
 */
import type { Test } from 'tap';
import { defaultToolsDir } from '../../src/cluster/args.js';
import { checkRoot, checkTools, type Tools } from '../../src/cluster/tools.js';

export const TOOLS_DIR = defaultToolsDir();

export function clusterToolsProblem(): string | undefined {
  if (process.platform !== 'linux') return 'a cluster needs Linux';
  try {
    checkRoot();
    checkTools(TOOLS_DIR);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

export function withClusterTools(t: Test, title: string, body: (tools: Tools) => void): void {
  const problem = clusterToolsProblem();
  if (problem === undefined) {
    body(checkTools(TOOLS_DIR));
    return;
  }
  const reason = `real cluster suite "${title}" did NOT run: ${problem}`;
  process.stderr.write(`\n!!! ${reason}\n\n`);
  if (process.env.CI === 'true') t.fail(`${reason}; under CI=true this is a failure`);
  else t.test(title, { skip: reason }, async () => {});
}
