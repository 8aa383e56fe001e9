import fs from 'node:fs/promises';

/** A group name from /etc/group, or a numeric gid, as a gid. */
export async function resolveGroup(group: string): Promise<number> {
  if (/^[0-9]+$/.test(group)) return Number(group);
  const entries = await fs.readFile('/etc/group', 'utf8').catch(() => '');
  for (const line of entries.split('\n')) {
    const [name, , gid] = line.split(':');
    if (name === group && gid !== undefined && /^[0-9]+$/.test(gid)) return Number(gid);
  }
  throw new Error(`--socket-group ${group}: no such group`);
}
