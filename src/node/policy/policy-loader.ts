/** Reads the --policy file at start; an unreadable or bad file stops the start with a message naming it. */
import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from '../../core/errors.js';
import { parsePolicyFile } from './policy-file.js';
import type { Policy } from './policy.js';

export async function loadPolicyFile(file: string): Promise<Policy> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new InvalidArgumentError('policy', `cannot read the policy file: ${reason}`);
  }
  return parsePolicyFile(text, file);
}
