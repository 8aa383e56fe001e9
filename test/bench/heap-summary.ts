/**
 * Sums a V8 sampling heap profile (HeapProfiler.getSamplingProfile: the sampled allocations still alive) by the
 * function that allocated them and by area, and per function of ours including what it called: where the memory
 * that a live sandbox keeps was allocated.
 */
import { areaOf, functionKey, isOurFile, type CostLine } from './profile-summary.js';
import { round } from './stats.js';

export interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  selfSize: number;
  children: SamplingNode[];
}

export interface HeapSummary {
  totalBytes: number;
  byArea: CostLine[];
  byFunction: CostLine[];
  /** Our functions with what they allocated themselves and through everything they called. */
  inclusiveOurs: CostLine[];
}

export function summarizeHeap(head: SamplingNode, top = 20): HeapSummary {
  const area = new Map<string, number>();
  const fn = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (map: Map<string, number>, name: string, bytes: number) =>
    map.set(name, (map.get(name) ?? 0) + bytes);
  let total = 0;
  const walk = (node: SamplingNode, stack: string[]): void => {
    const here = isOurFile(node.callFrame.url) ? [...stack, functionKey(node.callFrame)] : stack;
    if (node.selfSize > 0) {
      total += node.selfSize;
      add(area, areaOf(node.callFrame.url, node.callFrame.functionName), node.selfSize);
      add(fn, functionKey(node.callFrame), node.selfSize);
      for (const name of new Set(here)) add(inclusive, name, node.selfSize);
    }
    for (const child of node.children) walk(child, here);
  };
  walk(head, []);
  const lines = (map: Map<string, number>): CostLine[] =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, bytes]) => ({ name, amount: bytes, percent: round((100 * bytes) / total, 1) }));
  return { totalBytes: total, byArea: lines(area), byFunction: lines(fn), inclusiveOurs: lines(inclusive) };
}
