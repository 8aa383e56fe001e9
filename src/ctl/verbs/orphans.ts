import type { Orphan } from '../../generated/resourceslot/v1/inspect.js';
import { print } from '../output.js';
import { isoOf, millisOf } from '../time.js';
import { formatAge, shortId } from '../units.js';
import { flag, type Verb, type VerbContext } from '../verb.js';

/** An orphan as `orphans -o json|yaml` prints it. */
function orphanView(orphan: Orphan) {
  return {
    id: orphan.id,
    name: orphan.name,
    namespace: orphan.namespace,
    state: orphan.state,
    createdAt: isoOf(orphan.createdAt),
    pastGrace: orphan.pastGrace,
  };
}

export const orphans: Verb = {
  name: 'orphans',
  args: '',
  summary: 'list the pod sandboxes containerd does not know (--remove: remove them)',
  description:
    'The daemon asks the containerd of its own --containerd-address for the sandbox records of every namespace\n' +
    "and answers with its live sandboxes that containerd has no record of (among those created with the daemon's\n" +
    '--sandboxer-name). A daemon without --containerd-address answers FAILED_PRECONDITION. GRACE is "passed" once\n' +
    'a sandbox is at least --unstarted-grace old: the daemon removes it at its next reconcile, and --remove now\n' +
    '(Controller.Stop, then Shutdown). Younger ones are listed and kept.',
  options: {
    remove: { type: 'boolean' },
    quiet: { type: 'boolean', short: 'q' },
    'no-trunc': { type: 'boolean' },
  },
  optionHelp: [
    ['--remove', 'stop and remove every orphan past the grace'],
    ['-q, --quiet', 'print the ids only'],
    ['--no-trunc', 'print whole ids'],
  ],
  minArgs: 0,
  maxArgs: 0,
  defaultOutput: 'table',
  async run(context, _args, values) {
    const { api, io, output, now } = context;
    const listing = await api.listOrphans();
    const found = [...listing.orphans].sort(
      (a, b) => (millisOf(a.createdAt) ?? 0) - (millisOf(b.createdAt) ?? 0),
    );
    if (flag(values, 'remove')) return remove(context, found, listing.graceMillis, flag(values, 'quiet'));
    if (flag(values, 'quiet')) {
      io.stdout(found.map((orphan) => orphan.id + '\n').join(''));
      return;
    }
    const noTrunc = flag(values, 'no-trunc');
    const document = {
      containerdAddress: listing.containerdAddress,
      graceSeconds: listing.graceMillis / 1000,
      items: found.map(orphanView),
    };
    print(io, output, document, () => ({
      header: ['POD ID', 'NAME', 'NAMESPACE', 'STATE', 'AGE', 'GRACE'],
      rows: found.map((orphan) => [
        shortId(orphan.id, noTrunc),
        orphan.name,
        orphan.namespace,
        orphan.state,
        formatAge(millisOf(orphan.createdAt), now()),
        graceText(orphan, listing.graceMillis, now()),
      ]),
    }));
  },
};

function graceText(orphan: Orphan, graceMillis: number, nowMillis: number): string {
  if (orphan.pastGrace) return 'passed';
  return `${formatAge(nowMillis, (millisOf(orphan.createdAt) ?? nowMillis) + graceMillis)} left`;
}

async function remove(
  { api, io, output, now }: VerbContext,
  found: Orphan[],
  graceMillis: number,
  quiet: boolean,
): Promise<void> {
  const removed: string[] = [];
  const kept: string[] = [];
  const lines: string[] = [];
  for (const orphan of found) {
    if (!orphan.pastGrace) {
      kept.push(orphan.id);
      lines.push(`Kept ${orphan.id}: younger than the grace (${graceText(orphan, graceMillis, now())})\n`);
      continue;
    }
    // As containerd removes a pod: Stop (its Wait callers are answered), then Shutdown.
    await api.stopSandbox(orphan.id);
    await api.shutdownSandbox(orphan.id);
    removed.push(orphan.id);
    lines.push(quiet ? `${orphan.id}\n` : `Removed orphan ${orphan.id} (${orphan.state})\n`);
  }
  if (output !== 'table') {
    print(io, output, { removed, kept }, () => ({ header: [], rows: [] }));
    return;
  }
  if (found.length === 0 && !quiet) lines.push('No orphans: containerd knows every sandbox\n');
  io.stdout((quiet ? lines.filter((line) => !line.startsWith('Kept ')) : lines).join(''));
}
