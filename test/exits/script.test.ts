import t from 'tap';
import { InvalidArgumentError } from '../../src/core/errors.js';
import { DueList, type DueExit } from '../../src/exits/due-list.js';
import { execExitStatusFor, exitScriptFor, validateExitAnnotations } from '../../src/exits/script.js';

t.test('exit-after and exit-code, the per-container key winning over the pod-wide one', async (t) => {
  t.equal(exitScriptFor({}, 'app', 1), null, 'no script without exit-after');
  t.equal(exitScriptFor({ 'resource-slot.io/exit-code': '3' }, 'app', 1), null, 'a code alone does nothing');
  t.same(exitScriptFor({ 'resource-slot.io/exit-after': '2s' }, 'app', 1), { afterMs: 2000, exitStatus: 0 });
  const pod = {
    'resource-slot.io/exit-after': '1m',
    'resource-slot.io/exit-code': '1',
    'resource-slot.io/exit-after.db': '500ms',
    'resource-slot.io/exit-code.db': '137',
  };
  t.same(exitScriptFor(pod, 'app', 1), { afterMs: 60_000, exitStatus: 1 }, 'pod-wide');
  t.same(exitScriptFor(pod, 'db', 1), { afterMs: 500, exitStatus: 137 }, 'its own keys');
  t.same(exitScriptFor(pod, '', 1), { afterMs: 60_000, exitStatus: 1 }, 'no name: pod-wide only');
  t.same(exitScriptFor({ 'resource-slot.io/exit-after': ' 1h30m ' }, 'x', 1), {
    afterMs: 5_400_000,
    exitStatus: 0,
  });
});

t.test('bad values name their key', async (t) => {
  const bad: Array<[Record<string, string>, RegExp]> = [
    [{ 'resource-slot.io/exit-after': '' }, /exit-after.*empty duration/],
    [{ 'resource-slot.io/exit-after': '10' }, /exit-after.*a unit is missing/],
    [{ 'resource-slot.io/exit-after': '-1s' }, /exit-after.*expected a number/],
    [{ 'resource-slot.io/exit-after.app': '3 parsecs' }, /exit-after\.app/],
    [{ 'resource-slot.io/exit-code': '256' }, /exit-code.*0 to 255/],
    [{ 'resource-slot.io/exit-code': '-1' }, /exit-code.*0 to 255/],
    [{ 'resource-slot.io/exit-code.app': 'one' }, /exit-code\.app/],
  ];
  for (const [annotations, message] of bad) {
    const error = (() => {
      try {
        validateExitAnnotations(annotations);
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    t.ok(error instanceof InvalidArgumentError, `${JSON.stringify(annotations)}: INVALID_ARGUMENT`);
    t.match((error as Error | null)?.message, message, 'names the key and the problem');
  }
  t.doesNotThrow(() => validateExitAnnotations({ 'resource-slot.io/exit-after': '0', other: 'x' }));
});

t.test('the due list hands out exits earliest first, and only those due', async (t) => {
  const list = new DueList<DueExit>();
  for (const at of [50, 10, 30, 10, 40])
    list.add({ containerId: `c${at}`, sandboxId: 's', startedAt: 0, at, exitStatus: 0, cause: 'script' });
  t.equal(list.earliest?.at, 10);
  t.same(
    list.takeDue(30).map((exit) => exit.at),
    [10, 10, 30],
  );
  t.equal(list.size, 2);
  t.same(list.takeDue(0), [], 'nothing due yet');
  t.same(
    list.takeDue(100).map((exit) => exit.at),
    [40, 50],
  );
  t.equal(list.earliest, undefined);
});

t.test("exec'd processes exit with the scripted code inside its window, else 0", async (t) => {
  t.equal(execExitStatusFor({}, 'app', 5_000), 0, 'no script: 0');
  const flip = {
    'resource-slot.io/exec-exit-code': '1',
    'resource-slot.io/exec-exit-from': '10s',
    'resource-slot.io/exec-exit-until': '20s',
  };
  t.equal(execExitStatusFor(flip, 'app', 9_999), 0, 'before the window');
  t.equal(execExitStatusFor(flip, 'app', 10_000), 1, 'from 10 s');
  t.equal(execExitStatusFor(flip, 'app', 19_999), 1, 'inside');
  t.equal(execExitStatusFor(flip, 'app', 20_000), 0, 'from 20 s on, 0 again');
  const own = { 'resource-slot.io/exec-exit-code.db': '2' };
  t.equal(execExitStatusFor(own, 'db', 0), 2, 'its own key');
  t.equal(execExitStatusFor(own, 'app', 0), 0, 'another container');
  const error = (() => {
    try {
      validateExitAnnotations({ 'resource-slot.io/exec-exit-from.db': 'soon' });
    } catch (caught) {
      return caught as Error;
    }
    return null;
  })();
  t.match(error?.message, /exec-exit-from\.db/, 'a bad window is refused naming its key');
});

t.test('exit-on-starts: the script applies only to the listed starts', async (t) => {
  const pod = { 'resource-slot.io/exit-on-starts': '2,4-5,7-' };
  const runs = [1, 2, 3, 4, 5, 6, 7, 8, 100].map((run) => exitScriptFor(pod, 'app', run)?.exitStatus ?? null);
  t.same(runs, [null, 1, null, 1, 1, null, 1, 1, 1], 'listed runs fail with the default code 1');
  t.same(exitScriptFor(pod, 'app', 2), { afterMs: 0, exitStatus: 1 }, 'at once unless exit-after says');
  const timed = { ...pod, 'resource-slot.io/exit-after': '3s', 'resource-slot.io/exit-code': '0' };
  t.same(exitScriptFor(timed, 'app', 2), { afterMs: 3000, exitStatus: 0 }, 'exit-after and exit-code apply');
  t.equal(exitScriptFor(timed, 'app', 1), null, 'an unlisted run runs until stopped, even with exit-after');
  const own = { 'resource-slot.io/exit-on-starts.db': '1' };
  t.equal(exitScriptFor(own, 'app', 1), null, 'another container is not touched');
  t.same(exitScriptFor(own, 'db', 1), { afterMs: 0, exitStatus: 1 }, 'its own key');
});

t.test('exit-on-starts: a bad list names its key and the bad part', async (t) => {
  for (const text of ['', '0', '2-1', '-3', '1-2-3', 'two', '1,,2', '1.5', ' ']) {
    t.throws(
      () => validateExitAnnotations({ 'resource-slot.io/exit-on-starts.app': text }),
      { kind: 'InvalidArgument', message: /exit-on-starts\.app.*bad start list/ },
      JSON.stringify(text),
    );
  }
  t.doesNotThrow(() => validateExitAnnotations({ 'resource-slot.io/exit-on-starts': ' 1, 3-4 , 6- ' }));
});
