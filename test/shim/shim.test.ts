// The stub shim binary containerd resolves runtime_type io.containerd.resource-slot.v1 to: it must answer `delete`
// with an empty DeleteResponse, refuse `start`, and never start anything.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import protobuf from 'protobufjs';
import t from 'tap';
import { DeleteResponse } from '../../src/generated/containerd/runtime/task/v3/shim.js';

const NAME = 'containerd-shim-resource-slot-v1';
const packageDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = join(packageDir, 'src', 'cli', 'bin', `${NAME}.js`);
const pkg = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as {
  name: string;
  version: string;
};

// What containerd passes before the action (core/runtime/v2/binary.go: namespace, address, publish-binary, id,
// bundle, and -debug when containerd itself runs with debug logging).
const containerdFlags = [
  '-namespace',
  'k8s.io',
  '-address',
  '/run/containerd/containerd.sock',
  '-publish-binary',
  '/usr/local/bin/containerd',
  '-id',
  'c0ffee',
  '-bundle',
  '/run/containerd/io.containerd.runtime.v2.task/k8s.io/c0ffee',
  '-debug',
];

function shim(args: string[], options: { cwd?: string } = {}): SpawnSyncReturns<Buffer> {
  return spawnSync(process.execPath, [bin, ...args], { cwd: options.cwd, timeout: 30_000 });
}

const text = (b: Buffer): string => b.toString('utf8');
const lines = (b: Buffer): string[] =>
  text(b)
    .split('\n')
    .filter((l) => l !== '');

t.test('the binary is executable and starts with a node shebang', async (t) => {
  t.doesNotThrow(() => accessSync(bin, constants.X_OK), 'executable bit set');
  t.match(readFileSync(bin, 'utf8').split('\n')[0], /^#!\/usr\/bin\/env node$/);
});

t.test('delete with containerd-style flags: empty DeleteResponse on stdout, exit 0', async (t) => {
  const cwd = mkdtempSync(join(tmpdir(), 'rs-shim-bundle-'));
  t.teardown(() => rmSync(cwd, { recursive: true, force: true }));
  const res = shim([...containerdFlags, 'delete'], { cwd }); // containerd runs it in the bundle dir
  t.equal(res.status, 0, text(res.stderr));
  t.equal(res.stdout.length, 0, 'zero bytes: the encoding of an all-zero DeleteResponse');
  t.equal(text(res.stderr), '', 'nothing on stderr');
  const decoded = DeleteResponse.decode(res.stdout);
  t.equal(decoded.pid, 0);
  t.equal(decoded.exitStatus, 0);
  t.equal(decoded.exitedAt, undefined);
});

t.test('delete accepts the other spellings Go flag parsing allows', async (t) => {
  for (const args of [
    ['delete'],
    ['--namespace=k8s.io', '--id', 'x', 'delete'],
    ['-namespace=k8s.io', '-debug=false', '-socket', 'unix:///tmp/s', '-debug-socket', '/tmp/d', 'delete'],
    ['-id', '-dash-leading-value', '--', 'delete'],
    ['-namespace', 'k8s.io', 'delete', 'ignored', 'extra'],
  ]) {
    const res = shim(args);
    t.equal(res.status, 0, `${args.join(' ')}: ${text(res.stderr)}`);
    t.equal(res.stdout.length, 0, `${args.join(' ')}: empty stdout`);
  }
});

t.test('start: exit 1, explains that the daemon serves tasks at the sandbox task address', async (t) => {
  const res = shim([...containerdFlags, 'start']);
  t.equal(res.status, 1);
  t.equal(res.stdout.length, 0, 'nothing on stdout (containerd would read it as a bootstrap result)');
  const err = text(res.stderr);
  t.match(err, /never starts a shim/);
  t.match(err, /resource-slot-sandboxer/);
  t.match(err, /task address/);
  t.match(err, /version 3/);
  t.match(err, /task "c0ffee"/, 'names the task');
});

t.test('-v / --version: name and version, exit 0', async (t) => {
  for (const flag of ['-v', '--v', '-version', '--version']) {
    const res = shim([flag]);
    t.equal(res.status, 0, flag);
    const out = lines(res.stdout);
    t.equal(out.length, 1, `${flag}: one line`);
    t.match(
      out[0],
      new RegExp(`^${NAME} \\(${pkg.name} ${pkg.version.replace(/\./g, '\\.')}, commit \\S+\\)$`),
    );
  }
  const res = shim([...containerdFlags, '-v', 'start']);
  t.equal(res.status, 0, 'the version flag wins over the action, as in containerd');
  t.match(text(res.stdout), NAME);
});

t.test('-h: usage on stdout, exit 0', async (t) => {
  const res = shim(['-h']);
  t.equal(res.status, 0);
  t.match(text(res.stdout), /^usage: /);
});

t.test('anything else: one usage line on stderr, exit 2, nothing on stdout', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [[], /no action given/],
    [['garbage'], /unknown action "garbage"/],
    [[...containerdFlags, 'serve'], /unknown action "serve"/],
    [['-bogus', 'delete'], /flag provided but not defined: -bogus/],
    [['-id'], /flag needs an argument: -id/],
    [['-debug=maybe', 'delete'], /invalid boolean value "maybe"/],
    [['---id', 'x', 'delete'], /bad flag syntax/],
    [['-', 'delete'], /unknown action "-"/],
  ];
  for (const [args, message] of cases) {
    const res = shim(args);
    const label = args.join(' ') || '(no arguments)';
    t.equal(res.status, 2, label);
    t.equal(res.stdout.length, 0, `${label}: empty stdout`);
    const err = lines(res.stderr);
    t.equal(err.length, 1, `${label}: one line`);
    t.match(err[0], message, label);
    t.match(err[0], `usage: ${NAME}`, label);
  }
});

t.test('found on PATH by name, as containerd resolves it', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'rs-shim-path-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  symlinkSync(bin, join(dir, NAME)); // how npm installs a bin entry
  const env = { ...process.env, PATH: [dir, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter) };
  const del = spawnSync(NAME, [...containerdFlags, 'delete'], { env, cwd: dir, timeout: 30_000 });
  t.equal(del.error, undefined);
  t.equal(del.status, 0, text(del.stderr));
  t.equal(del.stdout.length, 0);
  const version = spawnSync(NAME, ['-v'], { env, timeout: 30_000 });
  t.equal(version.status, 0);
  t.match(text(version.stdout), `${pkg.name} ${pkg.version}`, 'package.json found through the symlink');
});

t.test('-info prints a containerd.types.RuntimeInfo', async (t) => {
  const res = shim(['-info']);
  t.equal(res.status, 0);
  const schema = protobuf.parse(`syntax = "proto3";
    message RuntimeVersion { string version = 1; string revision = 2; }
    message RuntimeInfo { string name = 1; RuntimeVersion version = 2; }`).root;
  const info = schema.lookupType('RuntimeInfo').decode(res.stdout).toJSON() as {
    name: string;
    version: { version: string; revision: string };
  };
  t.equal(info.name, 'io.containerd.resource-slot.v1');
  t.match(info.version.version, /^\d+\.\d+\.\d+/);
  t.ok(info.version.revision.length > 0, 'revision is the build commit (or "unknown")');
});
