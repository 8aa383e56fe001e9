import { randomBytes } from 'node:crypto';

/**
 * A new sandbox or container id as containerd makes them (`util.GenerateID`): 32 random bytes in hex, 64
 * characters, within containerd's 76-character identifier limit.
 */
export function newId(): string {
  return randomBytes(32).toString('hex');
}
