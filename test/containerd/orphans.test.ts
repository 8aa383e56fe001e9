/**
 * Orphans against a real containerd 2.2.9 (docs/containerd.md §9): the daemon reconciles with containerd's sandbox
 * store. A pod run by crictl is known to containerd and stays; a sandbox created straight on the daemon's Controller
 * socket (as if containerd had forgotten it after a daemon crash) is not, and goes once it is past the grace.
 */
import { credentials } from '@grpc/grpc-js';
import t from 'tap';
import { ControllerClient } from '../../src/generated/containerd/services/sandbox/v1/sandbox.js';
import { sandboxDirs } from '../helpers/daemon.js';
import { controllerCalls, createRequest } from '../helpers/requests.js';
import { RUNTIME_HANDLER } from './containerd-config.js';
import { podConfig, type InspectpOutput, type PodsOutput } from './cri-configs.js';
import { pollUntil } from './processes.js';
import { startStack } from './stack.js';
import { withTools } from './tools.js';

const GRACE_SECONDS = 2;
const INTERVAL_SECONDS = 1;
const ORPHAN = 'orphan-not-in-containerd';

interface LogLine {
  level: number;
  msg: string;
  sandboxId?: string;
}

withTools(t, 'the daemon removes what containerd does not know, and nothing it knows', (tools) => {
  t.test('the daemon removes what containerd does not know, and nothing it knows', async (t) => {
    const stack = await startStack(t, tools, {
      reconcile: { intervalSeconds: INTERVAL_SECONDS, unstartedGraceSeconds: GRACE_SECONDS },
    });
    const logLines = (): LogLine[] =>
      stack
        .daemonLog()
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as LogLine);

    const podFile = stack.writeJson('pod.json', podConfig(stack.tmp, 'kept', {}));
    const pod = (await stack.crictlOk('runp', '--runtime', RUNTIME_HANDLER, podFile)).trim();

    const client = new ControllerClient(`unix:${stack.sandboxerSocket}`, credentials.createInsecure());
    t.teardown(() => client.close());
    const api = controllerCalls(client);
    // What the daemon holds when it made a sandbox durable and died before containerd had the answer.
    await api.create(createRequest(ORPHAN));
    await api.start(ORPHAN);
    t.strictSame(sandboxDirs(stack.dir).sort(), [ORPHAN, pod].sort(), 'both are in --dir at first');

    await pollUntil(
      () => (sandboxDirs(stack.dir).includes(ORPHAN) ? undefined : true),
      () => `the orphan is still in --dir: ${sandboxDirs(stack.dir).join(', ')}`,
      20_000,
      200,
    );
    t.match(
      logLines().filter((line) => line.sandboxId === ORPHAN && /does not know/.test(line.msg)),
      [{ level: 40, msg: 'Removed a sandbox containerd does not know (an orphan)' }],
      'removed with a warning naming it',
    );

    // Several reconciles later the crictl pod, well past the grace, is still there and Ready.
    await new Promise((resolve) => setTimeout(resolve, (GRACE_SECONDS + 2 * INTERVAL_SECONDS) * 1000));
    t.strictSame(sandboxDirs(stack.dir), [pod], 'the pod containerd knows stays in --dir');
    const pods = (await stack.crictlJson<PodsOutput>('pods', '-o', 'json')).items;
    t.same(
      pods.map((p) => [p.id, p.state]),
      [[pod, 'SANDBOX_READY']],
      'crictl pods: the pod is untouched',
    );
    const inspected = await stack.crictlJson<InspectpOutput>('inspectp', '-o', 'json', pod);
    t.equal(inspected.status.state, 'SANDBOX_READY', 'and Status still answers for it');
    t.notOk(
      logLines().some((line) => line.sandboxId === pod && /^(Removed|Could not remove)/.test(line.msg)),
      'the daemon never tried to remove it',
    );
    // The daemon came up before containerd: its first reconcile found nobody, and said so once.
    t.equal(logLines().filter((line) => /containerd does not answer/.test(line.msg)).length, 1);
    t.ok(logLines().some((line) => /containerd answers again/.test(line.msg)));

    await stack.crictlOk('stopp', pod);
    await stack.crictlOk('rmp', pod);
    t.strictSame(sandboxDirs(stack.dir), [], 'crictl rmp still removes it');
  });
});
