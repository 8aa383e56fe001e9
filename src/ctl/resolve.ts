import type { Container, Sandbox } from '../generated/resourceslot/v1/inspect.js';
import type { DaemonApi } from './daemon-api.js';
import { CtlError, UsageError } from './errors.js';

/** How many candidates an "ambiguous" message names. */
const SHOWN_CANDIDATES = 5;

/**
 * The one id that `prefix` names, as crictl resolves ids: an exact id wins, otherwise exactly one id must start
 * with the prefix. `what` names the kind of object in messages ("pod sandbox", "container").
 */
export function resolvePrefix(what: string, prefix: string, ids: readonly string[]): string {
  if (prefix === '') throw new UsageError(`a ${what} id (or a unique prefix of one) is required`);
  if (ids.includes(prefix)) return prefix;
  const matches = ids.filter((id) => id.startsWith(prefix));
  const [only, ...more] = matches;
  if (only === undefined)
    throw new CtlError(`no ${what} id starts with ${JSON.stringify(prefix)}`, 'NOT_FOUND');
  if (more.length > 0) {
    const shown = matches.slice(0, SHOWN_CANDIDATES).join(', ');
    const rest = matches.length > SHOWN_CANDIDATES ? `, … (${matches.length} in all)` : '';
    throw new CtlError(
      `${what} id prefix ${JSON.stringify(prefix)} is ambiguous: it matches ${shown}${rest}`,
      'INVALID_ARGUMENT',
    );
  }
  return only;
}

/** The pod a `-p/--pod` filter names among `sandboxes` (id or unique prefix), or undefined without the filter. */
export function podFilter(prefix: string | undefined, sandboxes: readonly Sandbox[]): string | undefined {
  if (prefix === undefined) return undefined;
  return resolvePrefix(
    'pod sandbox',
    prefix,
    sandboxes.map((sandbox) => sandbox.id),
  );
}

export async function resolveSandbox(api: DaemonApi, prefix: string): Promise<Sandbox> {
  const sandboxes = await api.list();
  const id = resolvePrefix(
    'pod sandbox',
    prefix,
    sandboxes.map((sandbox) => sandbox.id),
  );
  return sandboxes.find((sandbox) => sandbox.id === id) as Sandbox;
}

export async function resolveContainer(api: DaemonApi, prefix: string): Promise<Container> {
  const containers = (await api.list()).flatMap((sandbox) => sandbox.containers);
  const id = resolvePrefix(
    'container',
    prefix,
    containers.map((container) => container.id),
  );
  return containers.find((container) => container.id === id) as Container;
}
