import net from 'node:net';
import t from 'tap';
import { FailedPreconditionError } from '../../src/core/errors.js';
import { checkPortsFree } from '../../src/cluster/ports.js';
import { progressLine } from '../../src/cluster/progress.js';
import { checkRoot, describeMissingTools } from '../../src/cluster/tools.js';

t.test('a port in use is named with its owner', async (t) => {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => server.close());
  const port = (server.address() as net.AddressInfo).port;
  await t.rejects(checkPortsFree([{ owner: 'kube-apiserver', host: '127.0.0.1', port }]), {
    constructor: FailedPreconditionError,
    message: new RegExp(`127\\.0\\.0\\.1:${port} \\(kube-apiserver\\): in use`),
  });
  await t.resolves(checkPortsFree([{ owner: 'free', host: '127.0.0.1', port: 0 }]));
});

t.test('missing tools are named with the script that builds them', async (t) => {
  t.equal(describeMissingTools('/t', []), undefined);
  t.equal(
    describeMissingTools('/t', ['kubelet', 'etcd', 'crictl']),
    'missing in /t/bin: kubelet, etcd: run test/kubernetes/install-tools.sh; crictl: run test/containerd/install-tools.sh (or point --tools or $RESOURCE_SLOT_TOOLS at a directory whose bin/ holds them)',
  );
});

t.test('root is required, and said why', async (t) => {
  t.throws(() => checkRoot(1000), {
    constructor: FailedPreconditionError,
    message: /must run as root: the kubelets/,
  });
  t.doesNotThrow(() => checkRoot(0));
});

t.test('progress lines: elapsed time, component, state, detail', async (t) => {
  t.equal(
    progressLine(1234, 'etcd', 'ready', 'pid 7'),
    '[   1.2s] etcd                         ready (pid 7)\n',
  );
  t.equal(
    progressLine(0, 'nodes', 'waiting for Ready'),
    '[   0.0s] nodes                        waiting for Ready\n',
  );
});
