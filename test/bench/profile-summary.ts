/**
 * Reads a V8 .cpuprofile (`node --cpu-prof`) and sums where the time went: self time per function and per area
 * (our folders, each package, node internals, GC), and inclusive time per function of our own code.
 * Also runnable on its own: `tsx test/bench/profile-summary.ts <file.cpuprofile>`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { round } from './stats.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface CostLine {
  name: string;
  /** ms in CPU profiles, bytes in heap profiles */
  amount: number;
  /** share of the total (CPU: of the busy, non-idle time) */
  percent: number;
}

export interface ProfileSummary {
  file: string;
  busyMs: number;
  idleMs: number;
  selfByArea: CostLine[];
  selfByFunction: CostLine[];
  /** Our functions (src/, machines/) with the time spent in them and everything they called. */
  inclusiveOurs: CostLine[];
  /** The same per file of ours. */
  inclusiveOurFiles: CostLine[];
}

export interface SummaryOptions {
  /** Only samples taken in this window of the monotonic clock (µs), e.g. the measured part of a run. */
  window?: { startUs: number; endUs: number };
  top?: number;
}

const REPO = path.resolve(import.meta.dirname, '../..');
const IDLE = new Set(['(idle)', '(program)']);

export function areaOf(url: string, functionName: string): string {
  if (functionName.startsWith('(')) return functionName === '(garbage collector)' ? 'GC' : functionName;
  if (url === '') return '(native/builtin)';
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0] ?? ''}`;
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = file.slice(modules + '/node_modules/'.length).split('/');
    return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? '?');
  }
  const relative = path.relative(REPO, file);
  if (relative.startsWith('..')) return file;
  return path.dirname(relative);
}

/** ESM scripts have file:// URLs, CommonJS ones (xstate, grpc-js) plain paths; both are shown relative to the repo. */
export function fileOf(url: string): string {
  const file = url.startsWith('file://') ? new URL(url).pathname : url;
  return path.isAbsolute(file) ? path.relative(REPO, file) : file;
}

export function isOurFile(url: string): boolean {
  const relative = fileOf(url);
  return url !== '' && (relative.startsWith('src/') || relative.startsWith('machines/'));
}

/**
 * tsx hands V8 its output on one line, so for our TypeScript the line is always 1 and the column is a position in
 * tsx's output: anonymous functions are told apart by that column only.
 */
export function functionKey(frame: {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}): string {
  const { functionName, url, lineNumber, columnNumber } = frame;
  const where = url.endsWith('.ts') && lineNumber === 0 ? `col ${columnNumber + 1}` : `${lineNumber + 1}`;
  return `${functionName || '(anonymous)'} ${fileOf(url)}:${where}`;
}

const isOurs = (node: ProfileNode): boolean => isOurFile(node.callFrame.url);

/**
 * The profile of a process's main thread in `dir` (--cpu-prof-dir): the files are named
 * CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile, tsx's loader thread writes one too, the main thread is 0.
 */
export function mainThreadProfile(dir: string): string {
  const written = fs
    .readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile') && name.split('.')[4] === '0');
  if (written.length !== 1)
    throw new Error(`expected one main-thread .cpuprofile in ${dir}, found ${written.length}`);
  return path.join(dir, written[0] ?? '');
}

export function summarizeProfile(file: string, options: SummaryOptions = {}): ProfileSummary {
  const { window, top = 25 } = options;
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const selfArea = new Map<string, number>();
  const selfFunction = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const inclusiveFile = new Map<string, number>();
  let busy = 0;
  let time = profile.startTime;
  let idle = 0;
  const add = (map: Map<string, number>, key: string, us: number) => map.set(key, (map.get(key) ?? 0) + us);

  profile.samples.forEach((id, index) => {
    // timeDeltas[i] is the time before sample i; the time a sample stands for is the gap to the next one.
    const us = profile.timeDeltas[index + 1] ?? 0;
    time += profile.timeDeltas[index] ?? 0;
    if (window && (time < window.startUs || time > window.endUs)) return;
    const node = byId.get(id);
    if (!node) return;
    if (IDLE.has(node.callFrame.functionName)) {
      idle += us;
      return;
    }
    busy += us;
    add(selfArea, areaOf(node.callFrame.url, node.callFrame.functionName), us);
    add(selfFunction, functionKey(node.callFrame), us);
    const seen = new Set<string>();
    for (
      let current: ProfileNode | undefined = node;
      current;
      current = byId.get(parent.get(current.id) ?? -1)
    ) {
      if (!isOurs(current)) continue;
      for (const [map, key] of [
        [inclusive, functionKey(current.callFrame)],
        [inclusiveFile, fileOf(current.callFrame.url)],
      ] as const) {
        if (seen.has(key)) continue;
        seen.add(key);
        add(map, key, us);
      }
    }
  });

  const lines = (map: Map<string, number>): CostLine[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, amount: round(us / 1000), percent: round((100 * us) / busy, 1) }));
  return {
    file,
    busyMs: round(busy / 1000),
    idleMs: round(idle / 1000),
    selfByArea: lines(selfArea),
    selfByFunction: lines(selfFunction),
    inclusiveOurs: lines(inclusive),
    inclusiveOurFiles: lines(inclusiveFile),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [top]');
  const summary = summarizeProfile(file, { top: Number(process.argv[3] ?? 25) });
  for (const [title, list] of [
    ['self time by area', summary.selfByArea],
    ['self time by function', summary.selfByFunction],
    ['inclusive time of our functions', summary.inclusiveOurs],
    ['inclusive time of our files', summary.inclusiveOurFiles],
  ] as const) {
    process.stdout.write(`\n${title} (busy ${summary.busyMs} ms, idle ${summary.idleMs} ms)\n`);
    for (const line of list)
      process.stdout.write(`${line.percent.toFixed(1).padStart(6)}%  ${line.amount} ms  ${line.name}\n`);
  }
}
