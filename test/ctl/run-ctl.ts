import { spawn } from 'node:child_process';
import { runCtl } from '../../src/ctl/main.js';

export const CTL_BIN = new URL('../../src/cli/bin/resource-slot-ctl.js', import.meta.url).pathname;

export interface CtlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the ctl in this process against `socket` (the daemon is a real, separate process), capturing output. */
export async function ctl(socket: string, args: string[], signal?: AbortSignal): Promise<CtlResult> {
  let stdout = '';
  let stderr = '';
  const code = await runCtl(['--socket', socket, ...args], {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    signal,
  });
  return { code, stdout, stderr };
}

/** Like `ctl`, but fails the test with the ctl's stderr when the exit status is not 0; returns stdout. */
export async function ctlOk(socket: string, args: string[]): Promise<string> {
  const result = await ctl(socket, args);
  if (result.code !== 0) {
    throw new Error(`resource-slot-ctl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  }
  return result.stdout;
}

/** Runs the real bin (`node src/cli/bin/resource-slot-ctl.js …`) as a child process. */
export function ctlProcess(args: string[]): Promise<CtlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CTL_BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The rows of an aligned table, split on runs of 2+ spaces, header first. */
export function tableRows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => line.split(/ {2,}/));
}

/** Where each cell of a table line starts (cells are separated by 2+ spaces). */
export function cellStarts(line: string): number[] {
  return [...line.matchAll(/\S+(?: \S+)*/g)].map((match) => match.index);
}
