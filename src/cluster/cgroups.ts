/**
 * The kubelets' cgroup roots, made by `up` in every cgroup hierarchy (a kubelet refuses a cgroupRoot that does not
 * exist) and removed by `down` with everything the kubelets made below them: empty directories (no process ever
 * runs in them), removed deepest first, as rmdir requires.
 */
import fs from 'node:fs';
import path from 'node:path';
import { InternalError } from '../core/errors.js';

/** Mount points of the cgroup hierarchies (v1 controllers, the v2 unified one), from /proc/self/mountinfo. */
export function parseCgroupMounts(mountinfo: string): string[] {
  const mounts = new Set<string>();
  for (const line of mountinfo.split('\n')) {
    const [mountFields, fsFields] = line.split(' - ');
    const fsType = fsFields?.split(' ')[0];
    const mountPoint = mountFields?.split(' ')[4];
    if ((fsType === 'cgroup' || fsType === 'cgroup2') && mountPoint)
      mounts.add(unescapeMountPath(mountPoint));
  }
  return [...mounts].sort();
}

/** mountinfo writes space, tab, newline and backslash as octal escapes. */
function unescapeMountPath(text: string): string {
  return text.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export function cgroupMounts(): string[] {
  return parseCgroupMounts(fs.readFileSync('/proc/self/mountinfo', 'utf8'));
}

/** `relative` and each of its parents below the mount point, outermost first: `/a/b` → `a`, `a/b`. */
export function cgroupDirsToMake(mount: string, relative: string): string[] {
  const parts = relative.split('/').filter(Boolean);
  return parts.map((_, i) => path.join(mount, ...parts.slice(0, i + 1)));
}

/**
 * Makes `relative` in every hierarchy; returns the directories it made, outermost first (those that existed are
 * not ours to remove). A new cpuset starts with no CPUs and no memory nodes: it gets its parent's.
 */
export function makeCgroup(mounts: string[], relative: string, record: (dir: string) => void): void {
  for (const mount of mounts) {
    for (const dir of cgroupDirsToMake(mount, relative)) {
      if (fs.existsSync(dir)) continue;
      record(dir);
      fs.mkdirSync(dir);
      inheritCpuset(dir);
    }
  }
}

function inheritCpuset(dir: string): void {
  for (const file of ['cpuset.cpus', 'cpuset.mems']) {
    const own = path.join(dir, file);
    if (!fs.existsSync(own) || fs.readFileSync(own, 'utf8').trim() !== '') continue;
    fs.writeFileSync(own, fs.readFileSync(path.join(path.dirname(dir), file), 'utf8'));
  }
}

/** Directories of a tree (itself included), deepest first. */
export function deepestFirst(dirs: string[]): string[] {
  const depth = (dir: string) => dir.split('/').length;
  return [...dirs].sort((a, b) => depth(b) - depth(a) || b.localeCompare(a));
}

function treeOf(dir: string): string[] {
  const found = [dir];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) found.push(...treeOf(path.join(dir, entry.name)));
  }
  return found;
}

/**
 * Removes each recorded cgroup and everything below it, deepest first; the outermost recorded ones last. Returns
 * what could not be removed (with why), so `down` can say so instead of pretending.
 */
export function removeCgroups(recorded: string[]): string[] {
  const problems: string[] = [];
  for (const top of [...recorded].reverse()) {
    if (!fs.existsSync(top)) continue;
    for (const dir of deepestFirst(treeOf(top))) {
      try {
        fs.rmdirSync(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
          problems.push(`${dir}: ${(error as Error).message}`);
      }
    }
  }
  return problems;
}

export function assertCgroupsRemoved(recorded: string[]): void {
  const problems = removeCgroups(recorded);
  if (problems.length > 0) throw new InternalError(`cgroups left behind: ${problems.join('; ')}`);
}
