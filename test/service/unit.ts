/** The shipped systemd unit, read as the tests need it: its settings, and its ExecStart moved onto this checkout. */
import fs from 'node:fs';
import path from 'node:path';

export const UNIT_NAME = 'kuasar-resource-slot.service';
export const UNIT_FILE = new URL(`../../service/${UNIT_NAME}`, import.meta.url).pathname;
export const CHECKOUT = path.resolve(path.dirname(UNIT_FILE), '..');

/** The install paths the unit names (its header says to adjust them), and what a test puts in their place. */
export const UNIT_NODE = '/usr/bin/node';
export const UNIT_CHECKOUT = '/opt/resource-slot';
export const UNIT_LISTEN = '/run/resource-slot-sandboxer.sock';
export const UNIT_DIR = '/var/lib/kuasar-resource-slot';

export function unitText(): string {
  return fs.readFileSync(UNIT_FILE, 'utf8');
}

/** `Key=value` settings of one section, continuation lines joined, comments dropped; repeated keys keep all values. */
export function unitSection(text: string, section: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  let current = '';
  let pending = '';
  for (const raw of text.split('\n')) {
    const line = pending + raw.trim();
    pending = '';
    if (line.endsWith('\\')) {
      pending = line.slice(0, -1) + ' ';
      continue;
    }
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      current = header[1] ?? '';
      continue;
    }
    if (current !== section) continue;
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    settings.set(key, [...(settings.get(key) ?? []), line.slice(eq + 1).trim()]);
  }
  return settings;
}

/** ExecStart as an argv (the unit quotes nothing, so splitting on blanks is exact for it). */
export function execStart(text: string = unitText()): string[] {
  const values = unitSection(text, 'Service').get('ExecStart') ?? [];
  if (values.length !== 1) throw new Error(`expected one ExecStart, found ${values.length}`);
  return (values[0] ?? '').split(/\s+/).filter(Boolean);
}

/**
 * The unit's text with its install paths moved: node to this node, /opt/resource-slot to this checkout, and, when
 * given, the socket and state paths to a temp dir. Throws when a path it expects is not in the unit.
 */
export function relocatedUnit(
  text: string,
  to: { node: string; checkout: string; listen?: string; dir?: string },
): string {
  const moves: [string, string | undefined][] = [
    [UNIT_NODE, to.node],
    [UNIT_CHECKOUT, to.checkout],
    [UNIT_LISTEN, to.listen],
    [UNIT_DIR, to.dir],
  ];
  let out = text;
  for (const [from, replacement] of moves) {
    if (replacement === undefined) continue;
    if (!out.includes(from)) throw new Error(`the unit no longer names ${from}`);
    out = out.split(from).join(replacement);
  }
  return out;
}
