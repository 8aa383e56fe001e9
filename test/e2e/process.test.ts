import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { codeOf, startDaemon, sandboxDirs } from '../helpers/daemon.js';
import { controllerCalls, createRequest } from '../helpers/requests.js';

const BIN = new URL('../../src/cli/bin/resource-slot-sandboxer.js', import.meta.url).pathname;

function tempDir(t: { teardown(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-proc-'));
  t.teardown(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

t.test('SIGTERM during traffic exits 0 and leaves no torn file and no socket', async (t) => {
  const daemon = await startDaemon(t);
  const api = controllerCalls(daemon.controller);
  let acknowledged = 0;
  let running = true;
  const worker = async (worker: number) => {
    for (let index = 0; running; index++) {
      const id = `w${worker}-${index}`;
      if ((await codeOf(api.create(createRequest(id)))) !== 0) return;
      acknowledged++;
      if ((await codeOf(api.start(id))) !== 0) return;
      if ((await codeOf(api.stop(id))) !== 0) return;
    }
  };
  const workers = Promise.all(Array.from({ length: 8 }, (_, index) => worker(index)));
  await new Promise((resolve) => setTimeout(resolve, 700));
  const code = await daemon.stop('SIGTERM');
  running = false;
  await workers;
  t.equal(code, 0, 'exit code 0');
  t.ok(acknowledged > 0, `traffic was flowing (${acknowledged} creates acknowledged)`);
  t.notOk(fs.existsSync(daemon.socket), 'socket removed');
  let files = 0;
  for (const id of sandboxDirs(daemon.dir)) {
    const entries = fs.readdirSync(path.join(daemon.dir, id));
    t.same(
      entries.filter((name) => name.endsWith('.tmp')),
      [],
      `${id}: no temp files left`,
    );
    for (const name of entries) {
      JSON.parse(fs.readFileSync(path.join(daemon.dir, id, name), 'utf8'));
      files++;
    }
  }
  t.ok(files >= acknowledged * 2, `every file parses (${files})`);
  t.match(daemon.logs(), /"msg":"resource-slot-sandboxer stopped"/);
});

t.test('a stale socket file is replaced; a live one makes the daemon refuse to start', async (t) => {
  const tmp = tempDir(t);
  const socket = path.join(tmp, 'sandboxer.sock');
  // A process that listens and is then killed leaves its socket file behind, as a crashed daemon would.
  const holder = spawn(process.execPath, [
    '-e',
    'require("net").createServer().listen(process.argv[1])',
    socket,
  ]);
  t.teardown(() => holder.kill('SIGKILL'));
  while (!fs.existsSync(socket)) await new Promise((resolve) => setTimeout(resolve, 20));
  const live = spawnSync(process.execPath, [BIN, '--listen', socket, '--dir', path.join(tmp, 'state')], {
    encoding: 'utf8',
    timeout: 20_000,
  });
  t.equal(live.status, 1, 'refuses while another process answers');
  t.match(live.stderr, `another process is serving on ${socket}`);
  holder.kill('SIGKILL');
  await new Promise((resolve) => holder.once('exit', resolve));
  t.ok(fs.existsSync(socket), 'the killed process left a stale socket');
  const daemon = await startDaemon(t, [], tmp);
  t.equal(fs.statSync(daemon.socket).mode & 0o777, 0o660, 'socket mode 0660');
  t.equal(
    await codeOf(controllerCalls(daemon.controller).stop('anything')),
    0,
    'serves on the reclaimed path',
  );
});

t.test('command line: usage errors exit 2 with one line; --help and --version exit 0', async (t) => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 20_000 });
  for (const args of [['--bogus'], ['--log-level', 'loud'], ['--log-format', 'xml'], ['stray']]) {
    const result = run(...args);
    t.equal(result.status, 2, `${args.join(' ')} exits 2`);
    t.equal(result.stderr.trim().split('\n').length, 1, 'one line');
  }
  const help = run('--help');
  t.equal(help.status, 0);
  t.match(help.stdout, '--listen');
  const version = run('--version');
  t.equal(version.status, 0);
  t.match(version.stdout, /resource-slot/);
  t.match(version.stdout, /node/i);
});
