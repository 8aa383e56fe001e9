import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t, { type Test } from 'tap';
import { QUARANTINE_DIR, readSandboxState, scanStateDir } from '../../src/persistence/recovery.js';

const snapshot = (id: string) => ({ status: 'active', value: 'running', context: { id } });

function sandboxJson(id: string): string {
  return JSON.stringify({
    format: 'resource-slot.sandbox/v1',
    id,
    state: 'running',
    snapshot: snapshot(id),
    containers: [
      {
        id: `${id}-c`,
        state: 'running',
        snapshot: snapshot(`${id}-c`),
        execs: [{ id: 'e1', state: 'running', snapshot: snapshot('e1') }],
      },
    ],
  });
}

/** Writes `files` (relative path → content) under a fresh --dir and returns it. */
function stateDir(t: Test, files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-recovery-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  for (const [name, data] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), data);
  }
  return dir;
}

t.test('a committed sandbox comes back with its containers and execs; temp files go', async (t) => {
  const dir = stateDir(t, {
    'pod-1/sandbox.json': sandboxJson('pod-1'),
    'pod-1/resources.json': '{}',
    'pod-1/.sandbox.json.77.3.tmp': '{"torn',
    'pod-1/containers/pod-1-c.json': '{}',
    'pod-1/containers/.pod-1-c.json.77.4.tmp': '{"torn',
  });
  const scan = await scanStateDir(dir);
  t.same(scan.unreadable, []);
  t.same(scan.discarded, []);
  t.equal(scan.sandboxes.length, 1);
  const [recovered] = scan.sandboxes;
  t.equal(recovered?.sandbox.context.id, 'pod-1');
  t.same(
    recovered?.containers.map(({ container, execs }) => [container.value, execs.map((exec) => exec.value)]),
    [['running', ['running']]],
  );
  t.same(fs.readdirSync(path.join(dir, 'pod-1')).sort(), ['containers', 'resources.json', 'sandbox.json']);
  t.same(fs.readdirSync(path.join(dir, 'pod-1', 'containers')), ['pod-1-c.json']);
});

t.test('a sandbox directory without sandbox.json is removed; other names are left alone', async (t) => {
  const dir = stateDir(t, {
    'pod-2/resources.json': '{}',
    'pod-2/containers/c.json': '{}',
    'lost+found/x': '',
    'notes.txt': 'a file at the top is not a sandbox',
    [`${QUARANTINE_DIR}/pod-0.1/sandbox.json`]: 'garbage',
  });
  const scan = await scanStateDir(dir);
  t.same(scan.discarded, ['pod-2']);
  t.notOk(fs.existsSync(path.join(dir, 'pod-2')), 'the uncommitted directory is gone');
  t.same(
    scan.unreadable.map(({ id }) => id),
    ['lost+found'],
    'a directory not named like a sandbox is never discarded',
  );
  t.ok(fs.existsSync(path.join(dir, 'lost+found', 'x')));
  t.equal(scan.sandboxes.length, 0, 'the quarantine and plain files are skipped');
});

t.test('unreadable sandboxes are reported with the reason, never followed through symlinks', async (t) => {
  const dir = stateDir(t, {
    'pod-3/sandbox.json': '{"format": "resource-slot.sandbox/v1", "id": "pod-3", ',
    'pod-4/sandbox.json': sandboxJson('someone-else'),
    'pod-5/sandbox.json': JSON.stringify({ format: 'resource-slot.sandbox/v1', id: 'pod-5', snapshot: 1 }),
    'elsewhere/sandbox.json': sandboxJson('pod-6'),
  });
  fs.mkdirSync(path.join(dir, 'pod-6'));
  fs.symlinkSync(path.join(dir, 'elsewhere', 'sandbox.json'), path.join(dir, 'pod-6', 'sandbox.json'));
  fs.symlinkSync(path.join(dir, 'pod-6'), path.join(dir, 'pod-7'));
  const scan = await scanStateDir(dir);
  const reasons = Object.fromEntries(scan.unreadable.map(({ id, reason }) => [id, reason]));
  t.match(reasons['pod-3'], /JSON/);
  t.match(reasons['pod-4'], /unknown format or id/);
  t.match(reasons['pod-5'], /not a persisted machine snapshot/);
  t.match(reasons['pod-6'], /is not a regular file/);
  t.notOk('pod-7' in reasons, 'a symlinked sandbox directory is not entered');
  t.same(
    scan.sandboxes.map((recovered) => recovered.sandbox.context.id),
    [],
    '"elsewhere" holds a sandbox.json whose id does not match the directory, so nothing loads',
  );
  t.match(reasons['elsewhere'], /unknown format or id/);
});

t.test('readSandboxState reads one sandbox, or null when nothing of it is committed', async (t) => {
  const dir = stateDir(t, {
    'pod-8/sandbox.json': sandboxJson('pod-8'),
    'pod-8/.resources.json.9.1.tmp': '',
    'pod-9/resources.json': '{}',
  });
  t.equal((await readSandboxState(dir, 'pod-8'))?.containers.length, 1);
  t.same(fs.readdirSync(path.join(dir, 'pod-8')), ['sandbox.json'], 'its temp file is removed');
  t.equal(await readSandboxState(dir, 'pod-9'), null);
  t.equal(await readSandboxState(dir, 'pod-10'), null);
});
