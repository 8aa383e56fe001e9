/**
 * Processes with stdin, through a real containerd 2.2.9 and crictl 1.34.0. containerd copies the user's input into
 * the process's stdin FIFO and CRI answers an exec only once that copy is done, so a stdin nobody reads hangs
 * `crictl exec -i` (and `kubectl exec -i`) for good. Each call here must return within a bound.
 */
import t from 'tap';
import { RUNTIME_HANDLER } from './containerd-config.js';
import { containerConfig, podConfig, type ContainersOutput } from './cri-configs.js';
import { run } from './processes.js';
import { startStack } from './stack.js';
import { withTools } from './tools.js';

/** Far above what a call takes (well under a second), far below a hang. */
const BOUND_MS = 20_000;

withTools(t, 'stdin through a real containerd', (tools) => {
  t.test('stdin through a real containerd', async (t) => {
    const stack = await startStack(t, tools);
    const podFile = stack.writeJson('pod.json', podConfig(stack.tmp, 'stdin-pod', {}));
    const pod = (await stack.crictlOk('runp', '--runtime', RUNTIME_HANDLER, podFile)).trim();
    const create = async (name: string, extra: object = {}) => {
      const file = stack.writeJson(`${name}.json`, { ...containerConfig(name, {}), ...extra });
      const id = (await stack.crictlOk('create', pod, file, podFile)).trim();
      await stack.crictlOk('start', id);
      return id;
    };
    const app = await create('app');
    const data = 'line of input\n'.repeat(4096);

    await t.test('exec -i with data on stdin returns', async (t) => {
      const started = Date.now();
      const result = await stack.crictlWithInput(data, BOUND_MS, 'exec', '-i', app, 'cat');
      t.equal(result.code, 0, `crictl exec -i exits 0 ${result.stderr}`);
      t.ok(Date.now() - started < BOUND_MS, 'within the bound');
    });

    await t.test('exec -i with empty stdin returns', async (t) => {
      const result = await stack.crictlWithInput('', BOUND_MS, 'exec', '-i', app, 'cat');
      t.equal(result.code, 0, `crictl exec -i exits 0 ${result.stderr}`);
    });

    await t.test('exec -it (a terminal) returns', async (t) => {
      // crictl wants a terminal for -t: util-linux `script` gives it a pty, fed from our input.
      const command = [tools.crictl, '--config', stack.crictlConfig, 'exec', '-it', app, 'sh'].join(' ');
      const result = await run('script', ['-qec', command, '/dev/null'], {
        timeoutMs: BOUND_MS,
        input: 'exit\n',
      });
      t.equal(result.code, 0, `crictl exec -it exits 0 ${result.stderr}${result.stdout}`);
    });

    await t.test('a container with stdin open stops and is removed', async (t) => {
      const open = await create('interactive', { stdin: true, stdin_once: false, tty: false });
      const stopped = await stack.crictl('stop', '--timeout', '0', open);
      t.equal(stopped.code, 0, `crictl stop returns ${stopped.stderr}`);
      const listed = await stack.crictlJson<ContainersOutput>('ps', '-a', '-o', 'json');
      t.equal(listed.containers.find((container) => container.id === open)?.state, 'CONTAINER_EXITED');
      const removed = await stack.crictl('rm', open);
      t.equal(removed.code, 0, `crictl rm returns ${removed.stderr}`);
    });

    t.notMatch(
      stack.containerdLog(),
      /io is still held by other processes|writing to a closed fifo/,
      'containerd never waited on a held stdin',
    );
    await stack.crictlOk('stopp', pod);
    await stack.crictlOk('rmp', pod);
  });
});
