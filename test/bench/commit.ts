/** Which commit a run measured, so every figure in docs/performance.md says what code it ran on. */
import { execFileSync } from 'node:child_process';

/** What a run writes itself, which must not make the commit it measured look modified. */
const OWN_OUTPUT = ['docs/performance.md', 'docs/performance.svg'];

export function measuredCommit(cwd = import.meta.dirname): string {
  const git = (...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
  try {
    const commit = git('rev-parse', '--short', 'HEAD');
    const changed = git('status', '--porcelain', '--untracked-files=no')
      .split('\n')
      .filter((line) => line && !OWN_OUTPUT.includes(line.slice(3)));
    return changed.length > 0 ? `${commit}-dirty` : commit;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
