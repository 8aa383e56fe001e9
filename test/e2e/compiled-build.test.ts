/**
 * The compiled path end to end (src/build/): after `npm run build`, the daemon and the task relay it starts run the
 * bundles (RESOURCE_SLOT_BUILD=compiled refuses anything else) and serve. Other tests run whatever the bins pick:
 * the build after `npm ci` (as in CI), the sources while they differ from the last build.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { credentials } from '@grpc/grpc-js';
import t from 'tap';
import { ControllerClient } from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import { codeOf, stopTaskRelay, unary } from '../helpers/daemon.js';
import { RELAY_INFO_FILE } from '../../src/relay/files.js';
import { readRelayInfo } from '../../src/relay/info-file.js';
import { isRelayProcess } from '../../src/relay/launch.js';

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'src/cli/bin/resource-slot-sandboxer.js');
const NOT_FOUND = 5;

t.test('the compiled daemon starts the compiled relay and serves', async (t) => {
  execFileSync(process.execPath, [path.join(REPO, 'src/build/build.js')], { stdio: 'ignore' });
  const env = { ...process.env, RESOURCE_SLOT_BUILD: 'compiled' };
  t.match(
    execFileSync(process.execPath, [BIN, '--version'], { env, encoding: 'utf8' }),
    /^name: resource-slot$/m,
  );

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rs-compiled-'));
  const socket = path.join(tmp, 'sandboxer.sock');
  const dir = path.join(tmp, 'state');
  const args = [
    '--listen',
    socket,
    '--dir',
    dir,
    '--task-listen',
    path.join(tmp, 'task.sock'),
    '--task-relay',
    'on',
  ];
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  t.teardown(async () => {
    child.kill('SIGKILL');
    await exited;
    stopTaskRelay(dir);
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  const deadline = Date.now() + 20_000;
  while (!output.includes('resource-slot-sandboxer serving')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      t.fail(`daemon did not serve:\n${output}`);
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const controller = new ControllerClient(`unix:${socket}`, credentials.createInsecure());
  t.teardown(() => controller.close());
  const status = unary((callback) =>
    controller.status({ sandboxId: 'none', verbose: false, sandboxer: '' }, callback),
  );
  t.equal(await codeOf(status), NOT_FOUND, 'the Controller answers');
  const relay = readRelayInfo(path.join(dir, RELAY_INFO_FILE));
  t.ok(relay && isRelayProcess(relay.pid), 'the relay runs (started with RESOURCE_SLOT_BUILD=compiled too)');
  child.kill('SIGTERM');
  t.equal(await exited, 0);
});
