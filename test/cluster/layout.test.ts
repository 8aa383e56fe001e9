import t from 'tap';
import { InvalidArgumentError } from '../../src/core/errors.js';
import {
  CONTROL_PLANE_ADDRESS,
  clusterLayout,
  listenAddresses,
  MAX_NODES,
  nodeAddress,
} from '../../src/cluster/layout.js';

t.test('each node has its own address, name, dirs, sockets and cgroup root', async (t) => {
  const layout = clusterLayout('/tmp/c', 3);
  t.same(
    layout.nodes.map((node) => [node.index, node.name, node.address, node.cgroupRoot]),
    [
      [1, '127.0.0.11', '127.0.0.11', '/resource-slot-cluster/node-1'],
      [2, '127.0.0.12', '127.0.0.12', '/resource-slot-cluster/node-2'],
      [3, '127.0.0.13', '127.0.0.13', '/resource-slot-cluster/node-3'],
    ],
  );
  const everyPath = layout.nodes.flatMap((node) => [
    node.dir,
    node.daemon.dir,
    node.daemon.listen,
    node.containerd.address,
    node.containerd.root,
    node.kubelet.rootDir,
    node.kubelet.log,
  ]);
  t.equal(new Set(everyPath).size, everyPath.length, 'no path is shared');
  t.ok(
    everyPath.every((file) => file.startsWith('/tmp/c/')),
    'everything is under --dir',
  );
  t.equal(layout.nodes[1]!.containerd.log, '/tmp/c/logs/node-2-containerd.log');
});

t.test('listen addresses are distinct, the nodes each on their own loopback address', async (t) => {
  const addresses = listenAddresses(clusterLayout('/tmp/c', 2));
  const keys = addresses.map(({ host, port }) => `${host}:${port}`);
  t.equal(new Set(keys).size, keys.length);
  t.ok(addresses.some(({ host, owner }) => host === CONTROL_PLANE_ADDRESS && owner === 'kube-apiserver'));
  t.same(
    addresses.filter(({ owner }) => owner.startsWith('node')).map(({ host }) => host),
    ['127.0.0.11', '127.0.0.11', '127.0.0.12', '127.0.0.12'],
  );
});

t.test('the node count and the socket length are bounded', async (t) => {
  t.equal(nodeAddress(MAX_NODES), '127.0.0.254');
  t.throws(() => clusterLayout('/tmp/c', MAX_NODES + 1), {
    constructor: InvalidArgumentError,
    message: /--nodes/,
  });
  t.throws(() => clusterLayout(`/tmp/${'x'.repeat(80)}`, 1), {
    constructor: InvalidArgumentError,
    message: /--dir: too long: the socket .* 107-byte limit/,
  });
});
